//! 管理端首页 (`/manage`).

use super::frame::ManageArea;
use crate::components::Auth;
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
            </section>
        </ManageArea>
    }
}
