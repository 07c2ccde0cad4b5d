//! A 系列's 专业 and 资格名称 (`/manage/dictionaries/series/:id`, the
//! administrator's): 新增专业, 修改, 停用/启用, and a 专业's own 资格名称
//! (卫生系列: 护理 → 护士／护师／主管护师), which new certificates print
//! instead of the 系列's.

use super::entry_dialog::{state_badge, Entry, EntryDialog};
use crate::components::{server_call, ServerCall};
use crate::components::{Banner, ConfirmDialog, DataTable, FormErrors, Loaded, PendingConfirm, SelectField};
use crate::declarations::Level;
use crate::dictionaries::api::{
    load_series, SaveSpecialty, SaveSpecialtyName, SetQualificationNameEnabled, SetSpecialtyEnabled,
};
use crate::dictionaries::{NameRow, SeriesDetail, SpecialtyInput, SpecialtyNameInput, SpecialtyRow};
use crate::pages::office::frame::ManageArea;
use leptos::prelude::*;

#[component]
pub fn SeriesPage() -> impl IntoView {
    view! { <ManageArea><Series/></ManageArea> }
}

/// Whose 资格名称 the name dialog sets.
#[derive(Clone, Copy, PartialEq)]
struct NameTarget {
    specialty_id: i64,
}

#[component]
fn Series() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let series_id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(series_id, load_series);
    let message = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let toggle = server_call::<SetSpecialtyEnabled>();
    let toggle_name = server_call::<SetQualificationNameEnabled>();
    for value in [toggle.value(), toggle_name.value()] {
        Effect::new(move |_| match value.get() {
            Some(Ok(())) => {
                message.set(None);
                data.refetch();
            }
            Some(Err(e)) => message.set(Some(e.to_string())),
            None => {}
        });
    }

    // 专业 dialog: None adds, Some(id) renames.
    let specialty_open = RwSignal::new(false);
    let specialty_id = RwSignal::new(None::<i64>);
    let specialty_name = RwSignal::new(String::new());
    let specialty_errors = FormErrors::new();
    let save_specialty = server_call::<SaveSpecialty>();
    Effect::new(move |_| match save_specialty.value().get() {
        Some(Ok(p)) => {
            specialty_open.set(false);
            notice.set(Some(format!("已保存专业“{}”", p.name)));
            data.refetch();
        }
        Some(Err(e)) => specialty_errors.set(Some(e)),
        None => {}
    });
    let edit_specialty = move |row: Option<SpecialtyRow>| {
        specialty_errors.set(None);
        specialty_id.set(row.as_ref().map(|p| p.id));
        specialty_name.set(row.map(|p| p.name).unwrap_or_default());
        specialty_open.set(true);
    };
    let on_specialty = Callback::new(move |_| {
        save_specialty.dispatch(SaveSpecialty {
            input: SpecialtyInput {
                series_id: series_id(),
                id: specialty_id.get_untracked(),
                name: specialty_name.get_untracked(),
            },
        });
    });

    // 资格名称 dialog for one 专业.
    let name_open = RwSignal::new(false);
    let name_target = RwSignal::new(None::<(NameTarget, String)>);
    let name_level = RwSignal::new(String::new());
    let name_value = RwSignal::new(String::new());
    let name_errors = FormErrors::new();
    let save_name = server_call::<SaveSpecialtyName>();
    Effect::new(move |_| match save_name.value().get() {
        Some(Ok(())) => {
            name_open.set(false);
            notice.set(Some("资格名称已保存，今后颁发的证书将使用该名称".into()));
            data.refetch();
        }
        Some(Err(e)) => name_errors.set(Some(e)),
        None => {}
    });
    let edit_name = move |specialty_id: i64, specialty: String, level: Option<Level>, name: String| {
        name_errors.set(None);
        name_target.set(Some((NameTarget { specialty_id }, specialty)));
        name_level.set(level.map(|l| l.code().to_owned()).unwrap_or_default());
        name_value.set(name);
        name_open.set(true);
    };
    let on_name = Callback::new(move |_| {
        let Some((target, _)) = name_target.get_untracked() else { return };
        let Some(level) = Level::from_code(&name_level.get_untracked()) else {
            name_errors.set(Some(crate::error::AppError::invalid("level", "请选择申报级别")));
            return;
        };
        save_name.dispatch(SaveSpecialtyName {
            input: SpecialtyNameInput { specialty_id: target.specialty_id, level, name: name_value.get_untracked() },
        });
    });
    let name_note =
        Signal::derive(move || name_target.get().map(|(_, s)| format!("适用专业：{s}")).unwrap_or_default());
    let levels: Vec<(String, String)> =
        Level::ALL.iter().map(|l| (l.code().to_owned(), l.label().to_owned())).collect();

    view! {
        <section class="card">
            <p><a href="/manage/dictionaries">"← 返回字典管理"</a></p>
            <Loaded resource=data transition=true let:d>
                <SeriesHead d=d.clone() on_add=Callback::new(move |_| edit_specialty(None))/>
                <Banner message=message/>
                <Banner kind="success" message=notice/>
                <h3>"专业"</h3>
                <DataTable columns=&["专业名称", "状态", "操作"] rows=d.specialties.clone()
                    empty="该系列暂无专业，请点击“新增专业”" testid="specialties"
                    row=move |p: SpecialtyRow| {
                        let (id, enabled, name) = (p.id, p.enabled, p.name.clone());
                        let (edit, for_name) = (p.clone(), p.name.clone());
                        view! {
                            <tr data-specialty=p.name.clone()>
                                <td>{p.name.clone()}</td>
                                <td>{state_badge(enabled)}</td>
                                <td class="actions">
                                    <button type="button" class="btn small" on:click=move |_| edit_specialty(Some(edit.clone()))>"修改"</button>
                                    <button type="button" class="btn small"
                                        on:click=move |_| edit_name(id, for_name.clone(), None, String::new())>"设置资格名称"</button>
                                    <button type="button" class="btn small" on:click=move |_| {
                                        if enabled {
                                            ask.set(Some(PendingConfirm {
                                                message: format!("确定停用“{name}”专业吗？停用后新的申报不能选择该专业，已有的申报和证书不受影响。"),
                                                confirm_label: "停用",
                                                on_confirm: Callback::new(move |_| { toggle.dispatch(SetSpecialtyEnabled { id, enabled: false }); }),
                                            }));
                                        } else {
                                            toggle.dispatch(SetSpecialtyEnabled { id, enabled: true });
                                        }
                                    }>{if enabled { "停用" } else { "启用" }}</button>
                                </td>
                            </tr>
                        }
                    }/>
                <h3>"资格名称"</h3>
                <p class="muted">"证书上的资格名称：专业设置了自己的名称时用专业的，否则用本系列通用的。修改只影响今后颁发的证书。"</p>
                <DataTable columns=&["适用专业", "申报级别", "资格名称", "状态", "操作"] rows=d.names.clone()
                    empty="暂无资格名称" testid="qualification-names"
                    row=move |n: NameRow| name_row(n, edit_name, ask, toggle_name)/>
            </Loaded>
        </section>
        <EntryDialog open=specialty_open title="专业" note=String::from("专业名称在本系列内不能重复")
            entries=vec![Entry::new("专业名称", "name", specialty_name, "如 软件工程")] errors=specialty_errors
            pending=save_specialty.pending() on_submit=on_specialty/>
        <EntryDialog open=name_open title="资格名称" note=name_note
            entries=vec![Entry::new("资格名称", "name", name_value, "如 主管护师")] errors=name_errors
            pending=save_name.pending() on_submit=on_name other_fields=&["level"]>
            <SelectField label="申报级别" name="level" value=name_level errors=name_errors required=true
                placeholder="请选择" options=levels.clone()/>
        </EntryDialog>
        <ConfirmDialog state=ask/>
    }
}

#[component]
fn SeriesHead(d: SeriesDetail, on_add: Callback<()>) -> impl IntoView {
    let s = d.series;
    view! {
        <div class="card-head">
            <h2>{format!("{}（{}）", s.name, s.code)}</h2>
            <button type="button" class="btn btn-primary" on:click=move |_| on_add.run(())>"新增专业"</button>
        </div>
        {(!s.enabled).then(|| view! {
            <p class="banner banner-info">"该系列已停用：新的申报不能选择其任何专业。"</p>
        })}
    }
}

fn name_row(
    n: NameRow,
    edit_name: impl Fn(i64, String, Option<Level>, String) + Copy + 'static,
    ask: RwSignal<Option<PendingConfirm>>,
    toggle: ServerCall<SetQualificationNameEnabled>,
) -> impl IntoView {
    let (id, enabled) = (n.id, n.enabled);
    let actions = match n.specialty_id {
        // The 系列's own names change with the 系列 (字典管理 → 修改).
        None => view! { <span class="muted">"随系列修改"</span> }.into_any(),
        Some(specialty_id) => {
            let (specialty, level, name) = (n.specialty.clone(), n.level, n.name.clone());
            let label = format!("{} {}：{}", n.specialty, n.level.label(), n.name);
            view! {
                <button type="button" class="btn small"
                    on:click=move |_| edit_name(specialty_id, specialty.clone(), Some(level), name.clone())>"修改"</button>
                <button type="button" class="btn small" on:click=move |_| {
                    if enabled {
                        ask.set(Some(PendingConfirm {
                            message: format!("确定停用“{label}”吗？停用后今后颁发的证书改用本系列通用的资格名称，已颁发的证书不变。"),
                            confirm_label: "停用",
                            on_confirm: Callback::new(move |_| {
                                toggle.dispatch(SetQualificationNameEnabled { id, enabled: false });
                            }),
                        }));
                    } else {
                        toggle.dispatch(SetQualificationNameEnabled { id, enabled: true });
                    }
                }>{if enabled { "停用" } else { "启用" }}</button>
            }
            .into_any()
        }
    };
    view! {
        <tr data-name=n.name.clone()>
            <td class="nowrap">{n.specialty.clone()}</td>
            <td class="nowrap">{n.level.label()}</td>
            <td>{n.name.clone()}</td>
            <td>{state_badge(enabled)}</td>
            <td class="actions">{actions}</td>
        </tr>
    }
}
