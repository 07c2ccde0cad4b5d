//! 修改密码 with 原密码: the person's page and the unit's 【修改单位密码】.

use super::call::server_call;
use super::form::{Banner, FormErrors, SubmitButton, TextField};
use crate::accounts::api::ChangePassword;
use crate::accounts::ChangePasswordInput;
use crate::domain::password::RULE_HINT;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// 修改密码 with 原密码, for every role that has a password of its own: the
/// person's page shows it in a card, the unit's 【修改单位密码】 in a dialog
/// (with 取消 when `on_cancel` is given), and the officer's forced first
/// change (`on_done`).
#[component]
pub fn ChangePasswordForm(
    #[prop(optional)] on_cancel: Option<Callback<()>>,
    #[prop(default = "密码已修改，下次登录请使用新密码")] done_message: &'static str,
    /// Called after the password changed (the forced first change reloads the user).
    #[prop(optional)]
    on_done: Option<Callback<()>>,
) -> impl IntoView {
    let old = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let done = RwSignal::new(None::<String>);
    let action = server_call::<ChangePassword>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            old.set(String::new());
            new.set(String::new());
            confirm.set(String::new());
            done.set(Some(done_message.into()));
            if let Some(f) = on_done {
                f.run(());
            }
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        done.set(None);
        action.dispatch(ChangePassword {
            input: ChangePasswordInput {
                old_password: old.get_untracked(),
                new_password: new.get_untracked(),
                new_password_confirm: confirm.get_untracked(),
            },
        });
    };
    view! {
        <form method="post" class="form" on:submit=on_submit novalidate>
            <Banner message=Signal::derive(move || errors.general(&["old_password", "new_password", "new_password_confirm"]))/>
            <Banner kind="success" message=done/>
            <TextField label="原密码" name="old_password" value=old errors=errors required=true input_type="password"
                autocomplete="current-password" maxlength=32/>
            <TextField label="新密码" name="new_password" value=new errors=errors required=true input_type="password"
                autocomplete="new-password" maxlength=32 hint=RULE_HINT/>
            <TextField label="再输入一次新密码" name="new_password_confirm" value=confirm errors=errors required=true
                input_type="password" autocomplete="new-password" maxlength=32/>
            <div class="form-actions">
                {on_cancel.map(|cancel| view! { <button type="button" class="btn" on:click=move |_| cancel.run(())>"取消"</button> })}
                <SubmitButton label="确定" pending=action.pending()/>
            </div>
        </form>
    }
}
