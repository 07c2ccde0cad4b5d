//! 待办事项 (`/staff`): the unit's declarations, filtered and paged.

use super::frame::StaffArea;
use crate::components::{DeclarationTable, Loaded, SubmitButton};
use crate::declarations::api::todo_list;
use crate::declarations::{Business, Level, Status, TodoFilter};
use leptos::prelude::*;

#[component]
pub fn StaffTodoPage() -> impl IntoView {
    view! { <StaffArea><StaffTodo/></StaffArea> }
}

#[component]
fn StaffTodo() -> impl IntoView {
    let status = RwSignal::new("pending".to_string());
    let year = RwSignal::new(String::new());
    let business = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let keyword = RwSignal::new(String::new());
    let oldest_first = RwSignal::new(false);
    let page = RwSignal::new(1u64);
    // The filter applied by 查询 (and by paging or sorting).
    let applied = RwSignal::new(TodoFilter { status: "pending".into(), page: 1, ..Default::default() });
    let apply = move || {
        applied.set(TodoFilter {
            status: status.get_untracked(),
            year: year.get_untracked().trim().parse().ok(),
            business: Business::from_code(&business.get_untracked()),
            level: Level::from_code(&level.get_untracked()),
            keyword: keyword.get_untracked(),
            oldest_first: oldest_first.get_untracked(),
            page: page.get_untracked(),
        })
    };
    Effect::new(move |prev: Option<(u64, bool)>| {
        let now = (page.get(), oldest_first.get());
        if prev.is_some() {
            apply();
        }
        now
    });
    let list = Resource::new(move || applied.get(), todo_list);
    view! {
        <section class="card">
            <h2>"待办事项"</h2>
            <form method="post" class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); page.set(1); apply(); }>
                <label>"申报状态"
                    <select aria-label="申报状态" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="pending" selected=true>"待审核"</option>
                        <option value="all">"全部"</option>
                        {Status::ALL.into_iter().filter(|s| *s != Status::Draft).map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"申报年度"<input aria-label="申报年度" type="text" maxlength="4" placeholder="如 2026" prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev))/></label>
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
                <label>"姓名或身份证号"<input aria-label="姓名或身份证号" type="text" maxlength="30" prop:value=move || keyword.get() on:input=move |ev| keyword.set(event_target_value(&ev))/></label>
                <SubmitButton label="查询" pending=Signal::derive(|| false)/>
                <button type="button" class="btn" on:click=move |_| oldest_first.update(|o| *o = !*o)>
                    {move || if oldest_first.get() { "按提交时间：最早在前" } else { "按提交时间：最新在前" }}
                </button>
            </form>
            <p class="muted">"若是无法看到申报人员的信息，可选择“申报状态”中的“全部”状态进行二次查询。"</p>
            <Loaded resource=list transition=true let:p>
                <DeclarationTable list=p page=page href=|id| format!("/staff/declarations/{id}") may_act=Status::awaits_unit/>
            </Loaded>
        </section>
    }
}
