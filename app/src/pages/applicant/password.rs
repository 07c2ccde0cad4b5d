//! 修改密码 (`/person/password`).

use super::frame::ApplicantArea;
use crate::components::ChangePasswordForm;
use leptos::prelude::*;

#[component]
pub fn PersonPassword() -> impl IntoView {
    view! {
        <ApplicantArea>
            <section class="card"><h2>"修改密码"</h2><ChangePasswordForm/></section>
        </ApplicantArea>
    }
}
