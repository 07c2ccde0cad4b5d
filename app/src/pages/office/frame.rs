//! The offices' area (职改办, 主管部门, and the administrator): the side menu
//! by role, and the bare frame of the declaration pages.

use crate::accounts::{CurrentUser, Role};
use crate::components::{MenuItem, RequireRole, SideMenu};
use leptos::prelude::*;

fn menu(role: Role) -> Vec<MenuItem> {
    let mut items = vec![MenuItem { label: "首页", href: "/manage", count: None }];
    if matches!(role, Role::Office | Role::Admin) {
        items.push(MenuItem { label: "单位注册审核", href: "/manage/units", count: None });
    }
    items
}

/// The offices' area: menu by role, and the page.
#[component]
pub fn ManageArea(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&[Role::Office, Role::Department, Role::Admin] children=move |user: CurrentUser| view! {
            <div class="area">
                <div>
                    <p class="menu-title">{user.org_name.clone().unwrap_or_else(|| user.role.label().to_string())}</p>
                    <SideMenu items=menu(user.role)/>
                </div>
                <div class="area-content">{children.with_value(|c| c())}</div>
            </div>
        }.into_any()/>
    }
}

/// A declaration page of the offices: for their roles, without the menu.
#[component]
pub fn OfficerPage(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&[Role::Office, Role::Department, Role::Admin] children=move |_u: CurrentUser| {
            view! { <section class="area-content">{children.with_value(|c| c())}</section> }.into_any()
        }/>
    }
}
