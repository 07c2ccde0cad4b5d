//! 字典管理 (`/manage/dictionaries`, the administrator's): 系列 with their
//! 资格名称 (and the way to each one's 专业), and 单位行业 — 新增, 修改,
//! 停用/启用. Nothing is deleted: what declarations, certificates and units
//! use stays valid for them.

use super::entry_dialog::{state_badge, Entry, EntryDialog};
use crate::components::{server_call, ServerCall};
use crate::components::{Banner, ConfirmDialog, DataTable, FormErrors, Loaded, PendingConfirm};
use crate::dictionaries::api::{
    list_industries, list_series, SaveIndustry, SaveSeries, SetIndustryEnabled, SetSeriesEnabled,
};
use crate::dictionaries::{IndustryInput, IndustryRow, SeriesInput, SeriesRow};
use crate::pages::office::frame::ManageArea;
use leptos::prelude::*;

#[component]
pub fn DictionariesPage() -> impl IntoView {
    view! { <ManageArea><SeriesCard/><IndustriesCard/></ManageArea> }
}

#[component]
fn SeriesCard() -> impl IntoView {
    let series = Resource::new(|| (), |_| list_series());
    let message = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let toggle = server_call::<SetSeriesEnabled>();
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(())) => {
            message.set(None);
            series.refetch();
        }
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });
    // The dialog: None adds, Some(id) renames.
    let open = RwSignal::new(false);
    let editing = RwSignal::new(None::<i64>);
    let (code, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let names = [RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new())];
    let errors = FormErrors::new();
    let save = server_call::<SaveSeries>();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(s)) => {
            open.set(false);
            message.set(None);
            notice.set(Some(format!("已保存系列“{}”", s.name)));
            series.refetch();
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let start = move |row: Option<SeriesRow>| {
        errors.set(None);
        editing.set(row.as_ref().map(|s| s.id));
        code.set(row.as_ref().map(|s| s.code.clone()).unwrap_or_default());
        name.set(row.as_ref().map(|s| s.name.clone()).unwrap_or_default());
        for (i, n) in names.iter().enumerate() {
            n.set(row.as_ref().and_then(|s| s.names.get(i).cloned()).unwrap_or_default());
        }
        open.set(true);
    };
    let adding = Signal::derive(move || editing.get().is_none());
    let entries = vec![
        Entry::new("系列代码", "code", code, "如 GC，保存后不能修改").shown_when(adding),
        Entry::new("系列名称", "name", name, "如 工程系列"),
        Entry::new("初级（员级）资格名称", "names.0", names[0], "如 技术员"),
        Entry::new("初级（助理级）资格名称", "names.1", names[1], "如 助理工程师"),
        Entry::new("中级资格名称", "names.2", names[2], "如 工程师"),
    ];
    let on_submit = Callback::new(move |_| {
        save.dispatch(SaveSeries {
            input: SeriesInput {
                id: editing.get_untracked(),
                code: code.get_untracked(),
                name: name.get_untracked(),
                names: names.iter().map(|n| n.get_untracked()).collect(),
            },
        });
    });
    let note = Signal::derive(move || {
        if editing.get().is_some() {
            "资格名称用于今后颁发的证书，已颁发的证书不变".to_owned()
        } else {
            "新增系列及其三个级别的资格名称".to_owned()
        }
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"系列与资格名称"</h2>
                <button type="button" class="btn btn-primary" on:click=move |_| start(None)>"新增系列"</button>
            </div>
            <p class="muted">"字典项不能删除。停用的系列及其专业不再供新的申报选择，已有的申报和证书不受影响。"</p>
            <Banner message=message/>
            <Banner kind="success" message=notice/>
            <Loaded resource=series transition=true let:rows>
                <DataTable columns=&["系列代码", "系列名称", "资格名称（员级／助理级／中级）", "专业（启用／全部）", "状态", "操作"] rows=rows
                    empty="暂无系列，请点击“新增系列”" testid="series"
                    row=move |s: SeriesRow| series_row(s, start, ask, toggle)/>
            </Loaded>
        </section>
        <EntryDialog open=open title="系列" note=note entries=entries errors=errors
            pending=save.pending() on_submit=on_submit/>
        <ConfirmDialog state=ask/>
    }
}

fn series_row(
    s: SeriesRow,
    start: impl Fn(Option<SeriesRow>) + Copy + 'static,
    ask: RwSignal<Option<PendingConfirm>>,
    toggle: ServerCall<SetSeriesEnabled>,
) -> impl IntoView {
    let (id, enabled, name) = (s.id, s.enabled, s.name.clone());
    let edit = s.clone();
    view! {
        <tr data-series=s.name.clone()>
            <td>{s.code.clone()}</td>
            <td class="nowrap">{s.name.clone()}</td>
            <td>{s.names.join("／")}</td>
            <td class="nowrap">{format!("{}／{}", s.specialties_enabled, s.specialties)}</td>
            <td>{state_badge(enabled)}</td>
            <td class="actions">
                <a class="btn small" href=format!("/manage/dictionaries/series/{id}")>"专业与资格名称"</a>
                <button type="button" class="btn small" on:click=move |_| start(Some(edit.clone()))>"修改"</button>
                <button type="button" class="btn small" on:click=move |_| {
                    if enabled {
                        ask.set(Some(PendingConfirm {
                            message: format!("确定停用“{name}”吗？停用后新的申报不能选择该系列及其专业，已有的申报和证书不受影响。"),
                            confirm_label: "停用",
                            on_confirm: Callback::new(move |_| { toggle.dispatch(SetSeriesEnabled { id, enabled: false }); }),
                        }));
                    } else {
                        toggle.dispatch(SetSeriesEnabled { id, enabled: true });
                    }
                }>{if enabled { "停用" } else { "启用" }}</button>
            </td>
        </tr>
    }
}

#[component]
fn IndustriesCard() -> impl IntoView {
    let industries = Resource::new(|| (), |_| list_industries());
    let message = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let toggle = server_call::<SetIndustryEnabled>();
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(())) => {
            message.set(None);
            industries.refetch();
        }
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });
    let open = RwSignal::new(false);
    let editing = RwSignal::new(None::<i64>);
    let (code, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let errors = FormErrors::new();
    let save = server_call::<SaveIndustry>();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(i)) => {
            open.set(false);
            notice.set(Some(format!("已保存单位行业“{} {}”", i.code, i.name)));
            industries.refetch();
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let start = move |row: Option<IndustryRow>| {
        errors.set(None);
        editing.set(row.as_ref().map(|i| i.id));
        code.set(row.as_ref().map(|i| i.code.clone()).unwrap_or_default());
        name.set(row.map(|i| i.name).unwrap_or_default());
        open.set(true);
    };
    let adding = Signal::derive(move || editing.get().is_none());
    let entries = vec![
        Entry::new("行业代码", "code", code, "如 U，保存后不能修改").shown_when(adding),
        Entry::new("行业名称", "name", name, "如 数字经济"),
    ];
    let on_submit = Callback::new(move |_| {
        save.dispatch(SaveIndustry {
            input: IndustryInput {
                id: editing.get_untracked(),
                code: code.get_untracked(),
                name: name.get_untracked(),
            },
        });
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"单位行业"</h2>
                <button type="button" class="btn btn-primary" on:click=move |_| start(None)>"新增单位行业"</button>
            </div>
            <p class="muted">"停用的行业不再供单位注册和修改单位信息时选择，已选择该行业的单位保持不变。"</p>
            <Banner message=message/>
            <Banner kind="success" message=notice/>
            <Loaded resource=industries transition=true let:rows>
                <DataTable columns=&["行业代码", "行业名称", "状态", "操作"] rows=rows
                    empty="暂无单位行业，请点击“新增单位行业”" testid="industries"
                    row=move |i: IndustryRow| {
                        let (id, enabled, label) = (i.id, i.enabled, format!("{} {}", i.code, i.name));
                        let edit = i.clone();
                        view! {
                            <tr data-industry=i.code.clone()>
                                <td>{i.code.clone()}</td>
                                <td>{i.name.clone()}</td>
                                <td>{state_badge(enabled)}</td>
                                <td class="actions">
                                    <button type="button" class="btn small" on:click=move |_| start(Some(edit.clone()))>"修改"</button>
                                    <button type="button" class="btn small" on:click=move |_| {
                                        if enabled {
                                            ask.set(Some(PendingConfirm {
                                                message: format!("确定停用单位行业“{label}”吗？已选择该行业的单位不受影响。"),
                                                confirm_label: "停用",
                                                on_confirm: Callback::new(move |_| { toggle.dispatch(SetIndustryEnabled { id, enabled: false }); }),
                                            }));
                                        } else {
                                            toggle.dispatch(SetIndustryEnabled { id, enabled: true });
                                        }
                                    }>{if enabled { "停用" } else { "启用" }}</button>
                                </td>
                            </tr>
                        }
                    }/>
            </Loaded>
        </section>
        <EntryDialog open=open title="单位行业" note=String::from("行业代码保存后不能修改") entries=entries errors=errors
            pending=save.pending() on_submit=on_submit/>
        <ConfirmDialog state=ask/>
    }
}
