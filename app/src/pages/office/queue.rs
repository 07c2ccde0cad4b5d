//! 待办事项 (`/manage/declarations`): what waits for this office, oldest
//! first, filtered; tick rows and decide them at once (批量审核).

use super::filters::OfficeFilters;
use super::frame::ManageArea;
use crate::accounts::Role;
use crate::components::server_call;
use crate::components::{
    Auth, Banner, DataTable, Dialog, FormErrors, Loaded, Paging, StatusBadge, SubmitButton, TextField,
};
use crate::declarations::api::{org_queue, DecideMany};
use crate::declarations::{Action, Approval, BatchDecideInput, BatchItem, BatchOutcome, DeclarationRow, OfficeFilter};
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn OrgQueuePage() -> impl IntoView {
    view! { <ManageArea><OrgQueue/></ManageArea> }
}

/// The decisions a role takes from the list: (action, button, needs a reason).
fn decisions(role: Option<Role>) -> Vec<(Action, &'static str)> {
    match role {
        Some(Role::Department) => {
            vec![(Action::DepartmentApprove, "审核通过（报送职改办）"), (Action::DepartmentReturn, "退回单位修改")]
        }
        Some(Role::Office) => vec![
            (Action::OfficeApprove, "审核通过"),
            (Action::OfficeReturn, "退回单位修改"),
            (Action::OfficeReject, "审核不通过"),
        ],
        _ => vec![],
    }
}

#[component]
fn OrgQueue() -> impl IntoView {
    let auth = Auth::get();
    let role = move || auth.user.get().and_then(|u| u.ok().flatten()).map(|u| u.role);
    let page = RwSignal::new(1u64);
    let applied = RwSignal::new(OfficeFilter { page: 1, ..Default::default() });
    let list = Resource::new(move || applied.get(), org_queue);
    // Ticked rows: id → (version, applicant).
    let ticked = RwSignal::new(BTreeMap::<uuid::Uuid, (i32, String)>::new());
    let deciding = RwSignal::new(None::<(Action, &'static str)>);
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let approval_no = RwSignal::new(String::new());
    let qualified_on = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let outcome = RwSignal::new(None::<Vec<BatchOutcome>>);
    let batch = server_call::<DecideMany>();
    Effect::new(move |_| match batch.value().get() {
        Some(Ok(rows)) => {
            open.set(false);
            ticked.set(BTreeMap::new());
            outcome.set(Some(rows));
            list.refetch();
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    // Ticks belong to the list on screen: a new query starts afresh.
    Effect::new(move |prev: Option<()>| {
        applied.track();
        if prev.is_some() {
            ticked.set(BTreeMap::new());
        }
    });
    let toggle = move |r: &DeclarationRow, on: bool| {
        let (id, v, name) = (r.id, r.version, r.applicant_name.clone());
        ticked.update(|t| {
            if on {
                t.insert(id, (v, name));
            } else {
                t.remove(&id);
            }
        });
    };
    view! {
        <section class="card">
            <div class="card-head"><h2>"待办事项"</h2></div>
            <OfficeFilters applied=applied page=page/>
            <div class="batch-bar" role="toolbar" aria-label="批量审核">
                <span>{move || format!("已选 {} 条", ticked.with(|t| t.len()))}</span>
                {move || decisions(role()).into_iter().map(|(a, label)| view! {
                    <button type="button" class="btn small" class:btn-primary=matches!(a, Action::OfficeApprove | Action::DepartmentApprove)
                        disabled=move || ticked.with(|t| t.is_empty())
                        on:click=move |_| {
                            errors.set(None);
                            reason.set(String::new());
                            deciding.set(Some((a, label)));
                            open.set(true);
                        }>{format!("批量{label}")}</button>
                }).collect_view()}
            </div>
            {move || outcome.get().map(|rows| {
                let (ok, failed) = (rows.iter().filter(|r| r.ok).count(), rows.iter().filter(|r| !r.ok).count());
                view! {
                    <div class="batch-result" data-testid="batch-result">
                        <p><strong>{format!("批量审核完成：成功 {ok} 条，未办理 {failed} 条")}</strong></p>
                        <DataTable columns=&["申报人", "结果", "说明"] rows=rows empty="" row=|r: BatchOutcome| view! {
                            <tr><td>{r.applicant_name}</td><td>{if r.ok { "成功" } else { "未办理" }}</td><td>{r.message}</td></tr>
                        }/>
                    </div>
                }
            })}
            <Loaded resource=list transition=true let:p>
                {
                    let all: Vec<DeclarationRow> = p.rows.clone();
                    let pager = Paging::of(page, &p);
                    view! {
                        <label class="inline select-all">
                            <input type="checkbox" aria-label="全选本页" on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                for r in &all { toggle(r, on); }
                            }/>
                            " 全选本页"
                        </label>
                        <DataTable columns=&["选择", "申报人", "身份证", "业务类型", "系列/专业", "级别", "申报年度", "申报单位", "状态", "报送时间", "操作"]
                            rows=p.rows empty="没有待办的申报。" empty_testid="org-todo-empty" testid="org-todo" pager=pager
                            row=move |r: DeclarationRow| {
                                let id = r.id;
                                let row = r.clone();
                                view! {
                                    <tr>
                                        <td><input type="checkbox" aria-label=format!("选择{}", r.applicant_name)
                                            prop:checked=move || ticked.with(|t| t.contains_key(&id))
                                            on:change=move |ev| toggle(&row, event_target_checked(&ev))/></td>
                                        <td>{r.applicant_name}</td><td>{r.id_number_masked}</td><td>{r.business}</td><td>{r.series}</td>
                                        <td>{r.level}</td><td>{r.year}</td><td>{r.unit_name}</td><td><StatusBadge status=r.status/></td>
                                        <td>{r.submitted_at}</td>
                                        <td><a href=format!("/manage/declarations/{id}")>"审核"</a></td>
                                    </tr>
                                }
                            }/>
                    }
                }
            </Loaded>
        </section>
        <Dialog open=open title="批量审核">
            <form method="post" class="form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let Some((action, _)) = deciding.get_untracked() else { return };
                let items = ticked.with_untracked(|t| t.iter().map(|(id, (v, _))| BatchItem { id: *id, version: *v }).collect());
                let approval = Approval { approval_no: approval_no.get_untracked(), qualified_on: qualified_on.get_untracked() };
                batch.dispatch(DecideMany { input: BatchDecideInput { items, action, reason: reason.get_untracked(), approval } });
            }>
                <p>{move || deciding.get().map(|(_, label)| format!("对已选的 {} 条申报执行“{label}”：", ticked.with(|t| t.len())))}</p>
                <p class="muted" data-testid="batch-names">
                    {move || ticked.with(|t| t.values().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join("、"))}
                </p>
                <Banner message=Signal::derive(move || errors.general(&["reason", "approval_no", "qualified_on"]))/>
                {move || match deciding.get().map(|d| d.0) {
                    Some(Action::OfficeApprove) => view! {
                        <p class="muted">"审核通过将为每位申报人颁发证书（证书遗失补办沿用原证书的批准文号和取得资格时间）。"</p>
                        <TextField label="批准文号" name="approval_no" value=approval_no errors=errors required=true maxlength=60 placeholder="如 桂职改办〔2026〕12号"/>
                        <TextField label="取得资格时间" name="qualified_on" value=qualified_on errors=errors required=true input_type="date"/>
                    }.into_any(),
                    Some(Action::DepartmentApprove) => view! { <p class="muted">"审核通过后报送本部门的上级职改办。"</p> }.into_any(),
                    _ => view! {
                        <TextField label="原因" name="reason" value=reason errors=errors required=true maxlength=500/>
                    }.into_any(),
                }}
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"取消"</button>
                    <SubmitButton label="确定" pending=batch.pending()/>
                </div>
            </form>
        </Dialog>
    }
}
