//! 统计分析 (`/manage/statistics`): the caller's jurisdiction counted by
//! city (a bar chart stacked by status), by month of 报送 (a trend), and in
//! tables by status, business, level and 系列, each downloadable as Excel.

use super::frame::ManageArea;
use crate::accounts::Role;
use crate::components::server_call;
use crate::components::{Auth, Banner};
use crate::components::{Loaded, SubmitButton};
use crate::declarations::{Business, Level};
use crate::statistics::api::{load_statistics, RecountStatistics};
use crate::statistics::{Count, Statistics, StatsFilter, MAX_YEARS};
use leptos::prelude::*;

#[component]
pub fn StatisticsPage() -> impl IntoView {
    view! { <ManageArea><StatisticsView/></ManageArea> }
}

#[component]
fn StatisticsView() -> impl IntoView {
    let applied = RwSignal::new(StatsFilter::default());
    let stats = Resource::new(move || applied.get(), load_statistics);
    let auth = Auth::get();
    let is_admin = move || matches!(auth.user.get(), Some(Ok(Some(u))) if u.role == Role::Admin);
    let recount = server_call::<RecountStatistics>();
    let recounted = RwSignal::new(None::<String>);
    Effect::new(move |_| match recount.value().get() {
        Some(Ok(n)) => {
            recounted.set(Some(format!("已重新统计，共计入{n}件已报送的申报")));
            stats.refetch();
        }
        Some(Err(e)) => recounted.set(Some(e.to_string())),
        None => {}
    });
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let business = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let series = RwSignal::new(String::new());
    let series_options = RwSignal::new(Vec::<(i64, String)>::new());
    Effect::new(move |_| {
        if let Some(Ok(s)) = stats.get() {
            series_options.set(s.series);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let year = |s: RwSignal<String>| s.get_untracked().trim().parse::<i32>().unwrap_or(0);
        applied.set(StatsFilter {
            from_year: year(from),
            to_year: year(to),
            business: Business::from_code(&business.get_untracked()),
            level: Level::from_code(&level.get_untracked()),
            series_id: series.get_untracked().parse().ok(),
        });
    };
    let year_input = |label: &'static str, value: RwSignal<String>| {
        view! {
            <label>{label}<input aria-label=label type="number" min="2000" max="2100" placeholder="如 2026"
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/></label>
        }
    };
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"统计分析"</h2>
                <Show when=is_admin>
                    <button type="button" class="btn small" disabled=move || recount.pending().get()
                        title="逐件重新计数（批量导入数据或系统升级后使用）"
                        on:click=move |_| { recount.dispatch(RecountStatistics {}); }>
                        {move || if recount.pending().get() { "统计中…" } else { "重新统计" }}
                    </button>
                </Show>
            </div>
            <Banner kind="info" message=recounted/>
            <form method="post" class="filters" on:submit=on_submit>
                {year_input("开始年度", from)}
                {year_input("结束年度", to)}
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
                <label>"系列"
                    <select aria-label="系列" on:change=move |ev| series.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        {move || series_options.get().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
                <SubmitButton label="统计" pending=Signal::derive(|| false)/>
            </form>
            <p class="muted">{format!("按申报年度统计已报送（单位审核报送后）的申报，范围最多{MAX_YEARS}年；数字与“申报查询”相同条件下的条数一致。")}</p>
            <Loaded resource=stats transition=true let:s>
                <StatisticsBody s=s applied=applied.get_untracked()/>
            </Loaded>
        </section>
    }
}

#[component]
fn StatisticsBody(s: Statistics, applied: StatsFilter) -> impl IntoView {
    let range = if s.from_year == s.to_year {
        format!("{}年度", s.from_year)
    } else {
        format!("{}—{}年度", s.from_year, s.to_year)
    };
    let export = StatsFilter { from_year: s.from_year, to_year: s.to_year, ..applied }.export_url();
    let statuses = s.statuses.clone();
    view! {
        <div class="stats-head">
            <p><strong>{s.scope.clone()}</strong>"　"{range}"　共 "<strong data-testid="stats-total">{s.total}</strong>" 件"</p>
            <a class="btn small" href=export download>"导出Excel"</a>
        </div>
        <h3>"各市申报情况（按状态）"</h3>
        <div class="chart" data-testid="city-chart" role="img" aria-label="各市申报数量柱状图，按状态分段" inner_html=s.city_chart.clone()></div>
        <h3>"按报送月份"</h3>
        <div class="chart" data-testid="month-chart" role="img" aria-label="按月份的申报数量趋势图" inner_html=s.month_chart.clone()></div>
        <div class="stats-tables">
            <CountTable title="按状态" head="申报状态" rows=s.by_status.clone() testid="by-status"/>
            <CountTable title="按业务" head="申报业务" rows=s.by_business.clone() testid="by-business"/>
            <CountTable title="按级别" head="申报级别" rows=s.by_level.clone() testid="by-level"/>
            <CountTable title="按系列" head="系列" rows=s.by_series.clone() testid="by-series"/>
        </div>
        <h3>"按城市"</h3>
        <div class="table-wrap">
            <table class="table compact" data-testid="by-city">
                <thead><tr><th>"城市"</th>{statuses.iter().map(|l| view! { <th>{l.clone()}</th> }).collect_view()}<th>"合计"</th></tr></thead>
                <tbody>
                    {s.by_city.iter().map(|c| view! {
                        <tr data-city=c.name.clone()>
                            <td class="nowrap">{c.name.clone()}</td>
                            {c.by_status.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                            <td><strong>{c.total}</strong></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn CountTable(title: &'static str, head: &'static str, rows: Vec<Count>, testid: &'static str) -> impl IntoView {
    view! {
        <div>
            <h3>{title}</h3>
            {if rows.is_empty() {
                view! { <p class="empty">"暂无数据"</p> }.into_any()
            } else {
                view! {
                    <table class="table compact" data-testid=testid>
                        <thead><tr><th>{head}</th><th>"件数"</th></tr></thead>
                        <tbody>{rows.into_iter().map(|c| view! { <tr data-code=c.code><td>{c.label}</td><td>{c.n}</td></tr> }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </div>
    }
}
