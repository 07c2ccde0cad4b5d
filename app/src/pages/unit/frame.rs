//! The unit account's area: the 组织机构管理 menu, for the unit only.

use crate::accounts::{CurrentUser, Role};
use crate::components::{MenuItem, RequireRole, SideMenu};
use leptos::prelude::*;

fn menu() -> Vec<MenuItem> {
    vec![
        MenuItem { label: "账户信息", href: "/unit", count: None },
        MenuItem { label: "单位信息", href: "/unit/info", count: None },
        MenuItem { label: "更名记录", href: "/unit/renames", count: None },
        MenuItem { label: "联系人信息", href: "/unit/contacts", count: None },
        MenuItem { label: "工作人员", href: "/unit/staff", count: None },
    ]
}

/// The unit's area: 组织机构管理 menu and the page.
#[component]
pub fn UnitArea(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&[Role::Unit] children=move |_user: CurrentUser| view! {
            <div class="area">
                <div>
                    <p class="menu-title">"组织机构管理"</p>
                    <SideMenu items=menu()/>
                </div>
                <div class="area-content">{children.with_value(|c| c())}</div>
            </div>
        }.into_any()/>
    }
}
