//! The offices' area (职改办, 主管部门, and the administrator): the side menu
//! by role, with the red count of 待办事项 for the offices.

use crate::accounts::{CurrentUser, Role};
use crate::components::{Auth, ChangePasswordForm, MenuItem, RequireRole, SideMenu};
use crate::declarations::api::load_office_home;
use leptos::prelude::*;

fn menu(role: Role, todo: Signal<u64>) -> Vec<MenuItem> {
    let mut items = vec![MenuItem { label: "首页", href: "/manage", count: None }];
    if matches!(role, Role::Office | Role::Department) {
        items.push(MenuItem { label: "待办事项", href: "/manage/declarations", count: Some(todo) });
        items.push(MenuItem { label: "已办事项", href: "/manage/done", count: None });
        items.push(MenuItem { label: "申报查询", href: "/manage/search", count: None });
    }
    items.push(MenuItem { label: "统计分析", href: "/manage/statistics", count: None });
    if matches!(role, Role::Office | Role::Admin) {
        items.push(MenuItem { label: "单位注册审核", href: "/manage/units", count: None });
        items.push(MenuItem { label: "申报年度管理", href: "/manage/batches", count: None });
        items.push(MenuItem { label: "组织机构管理", href: "/manage/orgs", count: None });
    }
    if role == Role::Admin {
        items.push(MenuItem { label: "字典管理", href: "/manage/dictionaries", count: None });
        items.push(MenuItem { label: "申报条件", href: "/manage/rules", count: None });
        items.push(MenuItem { label: "登录日志", href: "/manage/logs/login", count: None });
        items.push(MenuItem { label: "操作日志", href: "/manage/logs/audit", count: None });
    }
    items
}

/// An account an administrator set up or reset: it chooses its own
/// password before anything else (every other function refuses it too).
#[component]
fn FirstPassword() -> impl IntoView {
    let auth = Auth::get();
    view! {
        <section class="card narrow" data-testid="first-password">
            <h2>"修改初始密码"</h2>
            <p class="muted">"您的账号由管理员新建或重置了密码。为保障账号安全，请先设置只有您本人知道的新密码，再办理业务。"</p>
            <ChangePasswordForm done_message="密码已修改" on_done=Callback::new(move |_| auth.user.refetch())/>
        </section>
    }
}

/// The offices' area: menu by role (the red count in one request), and the page.
#[component]
pub fn ManageArea(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&[Role::Office, Role::Department, Role::Admin] children=move |user: CurrentUser| {
            if user.must_change_password {
                return view! { <FirstPassword/> }.into_any();
            }
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
