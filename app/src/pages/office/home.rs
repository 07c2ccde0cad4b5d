//! 管理端首页 (`/manage`): who is signed in, and for the offices what
//! waits for them with a way straight to it.

use super::frame::ManageArea;
use crate::components::Auth;
use crate::declarations::api::load_office_home;
use leptos::prelude::*;

#[component]
pub fn ManageHome() -> impl IntoView {
    let auth = Auth::get();
    view! {
        <ManageArea>
            <section class="card">
                {move || auth.user.get().and_then(|u| u.ok().flatten()).map(|user| view! {
                    <h1 class="welcome">"欢迎您，" {user.name.clone()}</h1>
                    <p>{user.role.label()} {user.org_name.clone().map(|o| format!("（{o}）"))}</p>
                })}
                // Outside the closure above: a resource made inside it would
                // not find its server data when the page hydrates.
                <OfficeSummary/>
            </section>
        </ManageArea>
    }
}

/// What waits for a 职改办 or 主管部门 (nothing for the administrator,
/// whom the server answers with a refusal).
#[component]
fn OfficeSummary() -> impl IntoView {
    let home = Resource::new(|| (), |_| load_office_home());
    view! {
        <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
            {move || home.get().and_then(Result::ok).map(|h| view! {
                <div class="shortcuts">
                    <a class="shortcut" href="/manage/declarations" data-testid="office-todo">
                        <strong>{h.todo_count}</strong><span>"待办事项"</span>
                    </a>
                    <a class="shortcut" href="/manage/done"><span>"已办事项"</span></a>
                    <a class="shortcut" href="/manage/search"><span>"申报查询"</span></a>
                </div>
            })}
        </Transition>
    }
}
