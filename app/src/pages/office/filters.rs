//! The offices' filter bar: 申报年度, 业务类型, 申报级别 and a name or
//! 证件号码 for 待办事项; with `full`, also 系列/专业, 申报单位 and 申报状态
//! (申报查询). 查询 applies it; paging keeps it.

use crate::components::SubmitButton;
use crate::declarations::api::load_declaration_options;
use crate::declarations::{Business, Level, OfficeFilter, Status};
use leptos::prelude::*;

#[component]
pub fn OfficeFilters(
    applied: RwSignal<OfficeFilter>,
    page: RwSignal<u64>,
    #[prop(optional)] full: bool,
) -> impl IntoView {
    let year = RwSignal::new(String::new());
    let business = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let series = RwSignal::new(String::new());
    let specialty = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let keyword = RwSignal::new(String::new());
    let apply = move || {
        applied.set(OfficeFilter {
            year: year.get_untracked().trim().parse().ok(),
            business: Business::from_code(&business.get_untracked()),
            level: Level::from_code(&level.get_untracked()),
            series_id: series.get_untracked().parse().ok(),
            specialty_id: specialty.get_untracked().parse().ok(),
            unit: unit.get_untracked(),
            status: Status::from_code(&status.get_untracked()),
            keyword: keyword.get_untracked(),
            page: page.get_untracked(),
        })
    };
    Effect::new(move |prev: Option<u64>| {
        let now = page.get();
        if prev.is_some() {
            apply();
        }
        now
    });
    let options = Resource::new(
        move || full,
        |full| async move {
            if full {
                load_declaration_options(false).await.map(|o| o.series).unwrap_or_default()
            } else {
                vec![]
            }
        },
    );
    let specialties = move || {
        let chosen: Option<i64> = series.get().parse().ok();
        options
            .get()
            .unwrap_or_default()
            .into_iter()
            .find(|s| Some(s.id) == chosen)
            .map(|s| s.specialties)
            .unwrap_or_default()
    };
    let text = |label: &'static str, value: RwSignal<String>, max: &'static str, hint: &'static str| {
        view! {
            <label>{label}<input aria-label=label type="text" maxlength=max placeholder=hint prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/></label>
        }
    };
    view! {
        <form method="post" class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            page.set(1);
            apply();
        }>
            {text("申报年度", year, "4", "如 2026")}
            <label>"业务类型"
                <select aria-label="业务类型" on:change=move |ev| business.set(event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {Business::ALL.into_iter().map(|b| view! { <option value=b.code()>{b.label()}</option> }).collect_view()}
                </select>
            </label>
            <label>"申报级别"
                <select aria-label="申报级别" on:change=move |ev| level.set(event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {Level::ALL.into_iter().map(|l| view! { <option value=l.code()>{l.label()}</option> }).collect_view()}
                </select>
            </label>
            {full.then(|| view! {
                <label>"系列"
                    <select aria-label="系列" on:change=move |ev| { series.set(event_target_value(&ev)); specialty.set(String::new()); }>
                        <option value="">"全部"</option>
                        <Transition fallback=|| ()>
                            {move || options.get().unwrap_or_default().into_iter().map(|s| view! { <option value=s.id.to_string()>{s.name}</option> }).collect_view()}
                        </Transition>
                    </select>
                </label>
                <label>"专业"
                    <select aria-label="专业" prop:value=move || specialty.get() on:change=move |ev| specialty.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        {move || specialties().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
                {text("申报单位", unit, "50", "单位名称")}
                <label>"申报状态"
                    <select aria-label="申报状态" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        {Status::ALL.into_iter().filter(|s| *s != Status::Draft).map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            {text("姓名或身份证号", keyword, "30", "完整姓名或证件号码")}
            <SubmitButton label="查询" pending=Signal::derive(|| false)/>
        </form>
    }
}
