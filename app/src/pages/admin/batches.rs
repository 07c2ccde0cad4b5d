//! 申报年度管理 (`/manage/batches`): a 职改办's batches (the administrator's:
//! every office's) — 新增申报年度, 修改日期 (open, extend) and 立即截止.

use crate::accounts::Role;
use crate::admin::api::{list_batches, org_tree, CloseBatch, CreateBatch, SetBatchDates};
use crate::admin::{BatchDatesInput, BatchRow, NewBatchInput};
use crate::components::{server_call, ServerCall};
use crate::components::{Auth, Banner, ConfirmDialog, DataTable, Dialog, FormErrors, Loaded, PendingConfirm};
use crate::components::{SelectField, SubmitButton, TextField};
use crate::pages::office::frame::ManageArea;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn ManageBatchesPage() -> impl IntoView {
    view! { <ManageArea><ManageBatches/></ManageArea> }
}

/// What the dates dialog is doing.
#[derive(Clone, PartialEq)]
enum Editing {
    New,
    Dates(BatchRow),
}

#[component]
fn ManageBatches() -> impl IntoView {
    let batches = Resource::new(|| (), |_| list_batches());
    let message = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let close = server_call::<CloseBatch>();
    Effect::new(move |_| match close.value().get() {
        Some(Ok(b)) => {
            message.set(None);
            notice.set(Some(format!("{}已截止，截止时间 {}", b.name, b.closes_at)));
            batches.refetch();
        }
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });
    let editing = RwSignal::new(None::<Editing>);
    let on_saved = Callback::new(move |text: String| {
        notice.set(Some(text));
        message.set(None);
        batches.refetch();
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"申报年度管理"</h2>
                <button type="button" class="btn btn-primary" on:click=move |_| editing.set(Some(Editing::New))>"新增申报年度"</button>
            </div>
            <p class="muted">"申请人只能选择本单位所属职改办“申报中”的申报年度；不在申报期内的申报不能提交报送。截止后如需补报，可修改截止日期延期。"</p>
            <Banner message=message/>
            <Banner kind="success" message=notice/>
            <Loaded resource=batches transition=true let:rows>
                <DataTable columns=&["申报年度", "职改办", "开始时间", "截止时间", "状态", "申报数", "操作"] rows=rows
                    empty="暂无申报年度，请点击“新增申报年度”" testid="batches"
                    row=move |b: BatchRow| batch_row(b, editing, ask, close)/>
            </Loaded>
        </section>
        <BatchDialog editing=editing on_saved=on_saved/>
        <ConfirmDialog state=ask/>
    }
}

fn batch_row(
    b: BatchRow,
    editing: RwSignal<Option<Editing>>,
    ask: RwSignal<Option<PendingConfirm>>,
    close: ServerCall<CloseBatch>,
) -> impl IntoView {
    let badge = match b.state.as_str() {
        "申报中" => "badge badge-green",
        "未开始" => "badge badge-blue",
        _ => "badge badge-grey",
    };
    let open = b.state == "申报中";
    let (id, name) = (b.id, b.name.clone());
    let edit = b.clone();
    view! {
        <tr data-batch=b.year.to_string()>
            <td>{format!("{}年度", b.year)}</td>
            <td>{b.office_name.clone()}</td>
            <td>{b.opens_at.clone()}</td>
            <td>{b.closes_at.clone()}</td>
            <td><span class=badge>{b.state.clone()}</span></td>
            <td>{b.declarations}</td>
            <td class="actions">
                <button type="button" class="btn small" on:click=move |_| editing.set(Some(Editing::Dates(edit.clone())))>"修改日期"</button>
                {open.then(|| view! {
                    <button type="button" class="btn small btn-danger" on:click=move |_| ask.set(Some(PendingConfirm {
                        message: format!("确定立即截止“{name}”吗？截止后申请人不能再提交报送，可通过修改日期延期。"),
                        confirm_label: "立即截止",
                        on_confirm: Callback::new(move |_| { close.dispatch(CloseBatch { id }); }),
                    }))>"立即截止"</button>
                })}
            </td>
        </tr>
    }
}

/// 新增申报年度 or 修改日期.
#[component]
fn BatchDialog(editing: RwSignal<Option<Editing>>, on_saved: Callback<String>) -> impl IntoView {
    let auth = Auth::get();
    let is_admin = move || matches!(auth.user.get(), Some(Ok(Some(u))) if u.role == Role::Admin);
    let open = RwSignal::new(false);
    let office = RwSignal::new(String::new());
    let year = RwSignal::new(String::new());
    let opens = RwSignal::new(String::new());
    let closes = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let create = server_call::<CreateBatch>();
    let dates = server_call::<SetBatchDates>();
    // The administrator chooses the 职改办; an office adds to its own.
    let offices = Resource::new(is_admin, |admin| async move {
        if !admin {
            return Ok(Vec::new());
        }
        org_tree().await.map(|rows| {
            rows.into_iter()
                .filter(|o| o.is_office && !o.disabled)
                .map(|o| (o.id.to_string(), o.name))
                .collect::<Vec<_>>()
        })
    });
    Effect::new(move |_| {
        let now = editing.get();
        errors.set(None);
        let (y, o, c) = match &now {
            Some(Editing::Dates(b)) => (b.year.to_string(), b.opens_on.clone(), b.closes_on.clone()),
            _ => (String::new(), String::new(), String::new()),
        };
        year.set(y);
        opens.set(o);
        closes.set(c);
        if open.get_untracked() != now.is_some() {
            open.set(now.is_some());
        }
    });
    Effect::new(move |_| {
        if !open.get() && editing.with_untracked(Option::is_some) {
            editing.set(None);
        }
    });
    for value in [create.value(), dates.value()] {
        Effect::new(move |_| match value.get() {
            Some(Ok(b)) => {
                editing.set(None);
                on_saved.run(format!("已保存{}：{} 至 {}", b.name, b.opens_at, b.closes_at));
            }
            Some(Err(e)) => errors.set(Some(e)),
            None => {}
        });
    }
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        let (opens_on, closes_on) = (opens.get_untracked(), closes.get_untracked());
        match editing.get_untracked() {
            Some(Editing::New) => {
                let Ok(y) = year.get_untracked().trim().parse::<i32>() else {
                    errors.set(Some(crate::error::AppError::invalid("year", "请填写四位数的年份，如 2027")));
                    return;
                };
                let office_id = office.get_untracked().parse().unwrap_or(0);
                create.dispatch(CreateBatch { input: NewBatchInput { office_id, year: y, opens_on, closes_on } });
            }
            Some(Editing::Dates(b)) => {
                dates.dispatch(SetBatchDates { input: BatchDatesInput { id: b.id, opens_on, closes_on } });
            }
            None => {}
        }
    };
    let adding = move || editing.with(|e| matches!(e, Some(Editing::New)));
    let pending = Signal::derive(move || create.pending().get() || dates.pending().get());
    view! {
        <Dialog open=open title="申报年度">
            <form class="form" on:submit=on_submit novalidate>
                <p class="muted">{move || match editing.get() {
                    Some(Editing::Dates(b)) => b.name,
                    _ => "新增申报年度：每个职改办每年一个".into(),
                }}</p>
                <Banner message=Signal::derive(move || errors.general(&["office_id", "year", "opens_on", "closes_on"]))/>
                <Show when=move || adding() && is_admin()>
                    <Loaded resource=offices let:list>
                        <SelectField label="职改办" name="office_id" value=office errors=errors required=true
                            placeholder="请选择" options=list/>
                    </Loaded>
                </Show>
                <Show when=adding>
                    <TextField label="年度" name="year" value=year errors=errors required=true input_type="number"
                        placeholder="如 2027" maxlength=4/>
                </Show>
                <TextField label="开始日期" name="opens_on" value=opens errors=errors required=true input_type="date"/>
                <TextField label="截止日期" name="closes_on" value=closes errors=errors required=true input_type="date"
                    hint="截止日当天 23:59:59 前可提交报送"/>
                <div class="form-actions">
                    <button type="button" class="btn" on:click=move |_| editing.set(None)>"取消"</button>
                    <SubmitButton label="保存" pending=pending/>
                </div>
            </form>
        </Dialog>
    }
}
