//! 新建申报: business, 申报单位 with its open 申报年度, 系列/专业 and level
//! (`/person/declarations/new`).

use super::frame::ApplicantArea;
use crate::components::server_call;
use crate::components::{Banner, FormErrors, Loaded, SelectField, SubmitButton, UnitPicker};
use crate::declarations::api::{load_declaration_options, unit_batches, CreateDeclaration};
use crate::declarations::{Business, CreateDeclarationInput, Level};
use crate::units::UnitOption;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn NewDeclarationPage() -> impl IntoView {
    view! { <ApplicantArea><NewDeclaration/></ApplicantArea> }
}

#[component]
fn NewDeclaration() -> impl IntoView {
    let options = Resource::new(|| (), |_| load_declaration_options(true));
    let business = RwSignal::new(String::new());
    let batch = RwSignal::new(String::new());
    let unit = RwSignal::new(None::<UnitOption>);
    let series = RwSignal::new(String::new());
    let specialty = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let action = server_call::<CreateDeclaration>();
    let navigate = use_navigate();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(id)) => navigate(&format!("/person/declarations/{id}"), Default::default()),
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        action.dispatch(CreateDeclaration {
            input: CreateDeclarationInput {
                business: Business::from_code(&business.get_untracked()),
                batch_id: batch.get_untracked().parse().ok(),
                unit_id: unit.get_untracked().map(|u| u.id),
                series_id: series.get_untracked().parse().ok(),
                specialty_id: specialty.get_untracked().parse().ok(),
                level: Level::from_code(&level.get_untracked()),
            },
        });
    };
    // Each `<Suspense>` holds only what its resource feeds: the unit picker
    // stays outside them, so typing never re-renders the form.
    view! {
        <section class="card">
            <h2>"新建申报"</h2>
            <form method="post" class="form" on:submit=on_submit novalidate>
                <Banner message=Signal::derive(move || errors.general(&["business", "batch", "unit", "series", "specialty", "level"]))/>
                <SelectField label="业务类型" name="business" value=business errors=errors required=true placeholder="请选择"
                    options=Business::ALL.iter().map(|b| (b.code().to_string(), b.label().to_string())).collect()/>
                <UnitPicker selected=unit errors=errors label="申报单位" required=true placeholder="请输入单位名称关键字，并从下拉列表中选择所在单位"/>
                <UnitBatchField unit=unit batch=batch errors=errors/>
                <Loaded resource=options let:o>
                    <SeriesFields series_list=o.series series=series specialty=specialty errors=errors/>
                </Loaded>
                <SelectField label="申报级别" name="level" value=level errors=errors required=true placeholder="请选择"
                    options=Level::ALL.iter().map(|l| (l.code().to_string(), l.label().to_string())).collect()/>
                <div class="form-actions">
                    <SubmitButton label="创建申报" pending=action.pending()/>
                    <a href="/person/declarations">"返回"</a>
                </div>
            </form>
        </section>
    }
}

/// 申报年度 follows the unit: the open batches of the office it reports to,
/// chosen for the applicant when there is only one.
#[component]
fn UnitBatchField(unit: RwSignal<Option<UnitOption>>, batch: RwSignal<String>, errors: FormErrors) -> impl IntoView {
    let unit_id = Memo::new(move |_| unit.with(|u| u.as_ref().map(|u| u.id)));
    let batches = Resource::new(
        move || unit_id.get(),
        |id| async move {
            match id {
                Some(id) => unit_batches(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // Picks the only batch; clears a choice that no longer applies.
    Effect::new(move |_| {
        let list = batches.get().and_then(Result::ok).flatten().unwrap_or_default();
        let chosen = batch.get_untracked();
        if list.len() == 1 {
            batch.set(list[0].id.to_string());
        } else if !list.iter().any(|b| b.id.to_string() == chosen) {
            batch.set(String::new());
        }
    });
    let err = move || errors.field("batch");
    view! {
        <div class="field required" class:has-error=move || err().is_some()>
            <label for="f-batch">"申报年度"</label>
            <div class="field-body">
                <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                    {move || batches.get().map(|r| match r {
                        Ok(None) => view! { <p class="field-hint" id="f-batch">"请先选择申报单位，系统将显示该单位所属职改办开放的申报年度。"</p> }.into_any(),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="field-hint" id="f-batch">"该单位所属职改办目前没有开放的申报年度，请关注职改办通知。"</p>
                        }.into_any(),
                        Ok(Some(list)) if list.len() == 1 => {
                            let b = list[0].clone();
                            view! {
                                <p class="batch-choice" id="f-batch" data-testid="batch">
                                    <strong>{b.name.clone()}</strong>
                                    <span class="muted">" 截止 " {b.closes_at.clone()}</span>
                                </p>
                            }.into_any()
                        }
                        Ok(Some(list)) => view! {
                            <select id="f-batch" name="batch" aria-invalid=move || err().is_some().to_string()
                                on:change=move |ev| { batch.set(event_target_value(&ev)); errors.clear("batch"); }>
                                <option value="" selected=move || batch.get().is_empty()>"请选择"</option>
                                {list.into_iter().map(|b| {
                                    let v = b.id.to_string();
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || batch.get() == v2>{format!("{}（截止 {}）", b.name, b.closes_at)}</option> }
                                }).collect_view()}
                            </select>
                            <p class="field-hint">"该单位所属职改办有多个开放的申报年度，请选择。"</p>
                        }.into_any(),
                        Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                    })}
                </Transition>
                {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}

/// 系列 and the 专业 under it.
#[component]
fn SeriesFields(
    series_list: Vec<crate::declarations::SeriesOption>,
    series: RwSignal<String>,
    specialty: RwSignal<String>,
    errors: FormErrors,
) -> impl IntoView {
    let series_options: Vec<(String, String)> =
        series_list.iter().map(|s| (s.id.to_string(), s.name.clone())).collect();
    let specialties = move || {
        let chosen: i64 = series.get().parse().unwrap_or_default();
        series_list.iter().find(|s| s.id == chosen).map(|s| s.specialties.clone()).unwrap_or_default()
    };
    view! {
        <SelectField label="系列" name="series" value=series errors=errors required=true placeholder="请选择" options=series_options/>
        <div class="field required" class:has-error=move || errors.field("specialty").is_some()>
            <label for="f-specialty">"专业"</label>
            <div class="field-body">
                <select id="f-specialty" on:change=move |ev| { specialty.set(event_target_value(&ev)); errors.clear("specialty"); }>
                    <option value="">"请选择"</option>
                    {move || specialties().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                {move || errors.field("specialty").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}
