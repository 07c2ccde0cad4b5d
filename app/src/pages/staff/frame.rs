//! The unit staff's area: 待办事项 (with its red count), 操作记录, 证书查询,
//! 消息中心, 表报下载.

use crate::accounts::{CurrentUser, Role};
use crate::components::{MenuItem, RequireRole, SideMenu};
use crate::declarations::api::load_staff_home;
use crate::declarations::BatchOption;
use leptos::prelude::*;

fn menu(todo: Signal<u64>) -> Vec<MenuItem> {
    vec![
        MenuItem { label: "待办事项", href: "/staff", count: Some(todo) },
        MenuItem { label: "操作记录", href: "/staff/log", count: None },
        MenuItem { label: "证书查询", href: "/staff/certificates", count: None },
        MenuItem { label: "消息中心", href: "/staff/messages", count: None },
        MenuItem { label: "表报下载", href: "/staff/downloads", count: None },
    ]
}

/// The unit's open 申报年度 and their deadlines, under the menu.
#[component]
fn OpenBatches(batches: Vec<BatchOption>) -> impl IntoView {
    if batches.is_empty() {
        return view! { <p class="menu-note" data-testid="open-batches">"所属职改办暂无开放的申报年度"</p> }.into_any();
    }
    view! {
        <div class="menu-note" data-testid="open-batches">
            <p>"当前申报年度："</p>
            {batches.into_iter().map(|b| view! { <p>{format!("{}，截止 {}", b.name.split('（').next().unwrap_or(""), b.closes_at)}</p> }).collect_view()}
        </div>
    }
    .into_any()
}

/// The staff area: menu with the red count, and the page.
#[component]
pub fn StaffArea(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&[Role::UnitStaff] children=move |user: CurrentUser| {
            let home = Resource::new(|| (), |_| load_staff_home());
            view! {
                <div class="area">
                    <div>
                        <p class="menu-title">{user.org_name.clone().unwrap_or_default()}</p>
                        // The red count comes with the staff home (one request); the
                        // menu is drawn without it until it has arrived.
                        <Transition fallback=|| view! { <SideMenu items=menu(Signal::derive(|| 0))/> }>
                            {move || home.get().map(|h| {
                                let n = h.map(|h| h.todo_count).unwrap_or(0);
                                view! { <SideMenu items=menu(Signal::derive(move || n))/> }
                            })}
                        </Transition>
                        <Transition fallback=|| ()>
                            {move || home.get().and_then(Result::ok).map(|h| view! { <OpenBatches batches=h.open_batches/> })}
                        </Transition>
                        <p class="menu-note">"目前系统中只针对职称评审功能进行开放使用"</p>
                    </div>
                    <div class="area-content">
                        {children.with_value(|c| c())}
                    </div>
                </div>
            }.into_any()
        }/>
    }
}
