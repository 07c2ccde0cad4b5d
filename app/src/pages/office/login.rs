//! 管理端登录 (`/manage/login`).

use crate::accounts::api::SignInOfficer;
use crate::accounts::SignInOfficerInput;
use crate::captcha::{CaptchaField, CaptchaState};
use crate::components::{Auth, Banner, FormErrors, SubmitButton, TextField};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ManageLogin() -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let captcha = CaptchaState::new();
    let errors = FormErrors::new();
    let action = ServerAction::<SignInOfficer>::new();
    let auth = Auth::get();
    let navigate = use_navigate();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(user)) => {
            auth.signed_in(user.clone());
            navigate(user.role.home(), Default::default());
        }
        Some(Err(e)) => {
            errors.set(Some(e));
            captcha.refresh();
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        action.dispatch(SignInOfficer {
            input: SignInOfficerInput {
                username: username.get_untracked(),
                password: password.get_untracked(),
                captcha_id: captcha.ticket(),
                captcha: captcha.answer.get_untracked(),
            },
        });
    };
    view! {
        <section class="card form-card narrow">
            <h1>"管理端登录"</h1>
            <p class="muted">"供职改办、主管部门工作人员及系统管理员使用。"</p>
            <form method="post" class="form" on:submit=on_submit novalidate>
                <Banner message=Signal::derive(move || errors.general(&["username", "password", "captcha"]))/>
                <TextField label="账 号" name="username" value=username errors=errors placeholder="请输入管理端账号"
                    autocomplete="username" maxlength=32/>
                <TextField label="密 码" name="password" value=password errors=errors input_type="password"
                    placeholder="请输入密码" autocomplete="current-password" maxlength=32/>
                <CaptchaField state=captcha error=Signal::derive(move || errors.field("captcha"))/>
                <SubmitButton label="登录" pending=action.pending() busy="登录中…"/>
            </form>
        </section>
    }
}
