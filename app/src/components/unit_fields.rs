//! The fields of a unit that both 单位注册 and the unit's own 单位信息 ask
//! for: 单位类型 (with the licence it uploads), 单位行业, 单位所在地.

use super::form::{FormErrors, SelectField};
use crate::domain::region::GUANGXI;
use crate::domain::UnitKind;
use leptos::prelude::*;

/// 单位类型, with the licence each kind uploads shown beneath.
#[component]
pub fn UnitKindSelect(value: RwSignal<String>, errors: FormErrors) -> impl IntoView {
    let options = UnitKind::ALL.iter().map(|k| (k.label().to_string(), k.label().to_string())).collect();
    view! {
        <SelectField label="单位类型" name="kind" value=value errors=errors required=true placeholder="请选择" options=options/>
        {move || UnitKind::from_label(&value.get()).map(|k| view! {
            <p class="form-note" data-testid="licence-hint">"营业执照类型：" {k.licence()}</p>
        })}
    }
}

/// 单位行业, from the dictionary (`units::api::industry_options`):
/// the caller loads the options at its top level, never inside this (a
/// resource made inside an already loaded form would not hydrate).
#[component]
pub fn IndustrySelect(value: RwSignal<String>, errors: FormErrors, options: Vec<(String, String)>) -> impl IntoView {
    view! { <SelectField label="单位行业" name="industry" value=value errors=errors required=true placeholder="请选择" options=options/> }
}

/// 单位所在地: a city, then a county of it (or 市本级).
#[component]
pub fn RegionSelect(value: RwSignal<String>, errors: FormErrors) -> impl IntoView {
    let city = RwSignal::new(crate::domain::region::city_of(&value.get_untracked()).unwrap_or("").to_string());
    let err = move || errors.field("region_code");
    let counties = move || GUANGXI.iter().find(|(c, _, _)| *c == city.get()).map(|(c, _, list)| (*c, *list));
    view! {
        <div class="field required" class:has-error=move || err().is_some()>
            <label for="f-region_city">"单位所在地"</label>
            <div class="field-body">
                <div class="select-row">
                    <select id="f-region_city" aria-label="所在城市" on:change=move |ev| {
                        let c = event_target_value(&ev);
                        value.set(c.clone());
                        city.set(c);
                        errors.clear("region_code");
                    }>
                        <option value="" selected=move || city.get().is_empty()>"请选择城市"</option>
                        {GUANGXI.iter().map(|(c, n, _)| {
                            let code = c.to_string();
                            view! { <option value=*c selected=move || city.get() == code>{*n}</option> }
                        }).collect_view()}
                    </select>
                    <select id="f-region_code" name="region_code" aria-label="所在区县" on:change=move |ev| {
                        value.set(event_target_value(&ev));
                        errors.clear("region_code");
                    }>
                        {move || counties().map(|(c, list)| {
                            let city_code = c.to_string();
                            view! {
                                <option value=c selected=move || value.get() == city_code>"市本级"</option>
                                {list.iter().map(|(code, n)| {
                                    let code_s = code.to_string();
                                    view! { <option value=*code selected=move || value.get() == code_s>{*n}</option> }
                                }).collect_view()}
                            }
                        })}
                    </select>
                </div>
                {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}
