//! The offices' area (职改办, 主管部门, and the administrator): the side menu
//! by role, with the red count of 待办事项 for the offices.

use crate::accounts::{CurrentUser, Role};
use crate::components::{MenuItem, RequireRole, SideMenu};
use crate::declarations::api::load_office_home;
use leptos::prelude::*;

fn menu(role: Role, todo: Signal<u64>) -> Vec<MenuItem> {
    let mut items = vec![MenuItem { label: "首页", href: "/manage", count: None }];
    if matches!(role, Role::Office | Role::Department) {
        items.push(MenuItem { label: "待办事项", href: "/manage/declarations", count: Some(todo) });
        items.push(MenuItem { label: "已办事项", href: "/manage/done", count: None });
        items.push(MenuItem { label: "申报查询", href: "/manage/search", count: None });
    }
    if matches!(role, Role::Office | Role::Admin) {
        items.push(MenuItem { label: "单位注册审核", href: "/manage/units", count: None });
    }
    items
}

/// The offices' area: menu by role (the red count in one request), and the page.
#[component]
pub fn ManageArea(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&[Role::Office, Role::Department, Role::Admin] children=move |user: CurrentUser| {
            let role = user.role;
            let officer = matches!(role, Role::Office | Role::Department);
            let home = Resource::new(|| (), move |_| async move {
                if officer { load_office_home().await.map(|h| h.todo_count).unwrap_or(0) } else { 0 }
            });
            view! {
                <div class="area">
                    <div>
                        <p class="menu-title">{user.org_name.clone().unwrap_or_else(|| user.role.label().to_string())}</p>
                        <Transition fallback=move || view! { <SideMenu items=menu(role, Signal::derive(|| 0))/> }>
                            {move || home.get().map(|n| view! { <SideMenu items=menu(role, Signal::derive(move || n))/> })}
                        </Transition>
                    </div>
                    <div class="area-content">{children.with_value(|c| c())}</div>
                </div>
            }.into_any()
        }/>
    }
}
