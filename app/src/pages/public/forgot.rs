//! 忘记密码 of a personal account (also the password of unit staff).

use crate::accounts::api::{ForgotPasswordReset, ForgotPasswordStart};
use crate::accounts::{ForgotResetInput, ForgotStartInput};
use crate::captcha::{CaptchaField, CaptchaState};
use crate::components::server_call;
use crate::components::{Banner, CodeAndNewPassword, FormErrors, SubmitButton, TextField};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn ForgotPage() -> impl IntoView {
    let token = RwSignal::new(None::<uuid::Uuid>);
    let done = RwSignal::new(false);
    let step = move || {
        if done.get() {
            3
        } else if token.get().is_some() {
            2
        } else {
            1
        }
    };
    let class = move |n: u8| move || if step() == n { "step active" } else { "step" };
    view! {
        <section class="card form-card">
            <h1>"找回个人账户密码"</h1>
            <ol class="steps">
                <li class=class(1)>"第一步填写账号"</li>
                <li class=class(2)>"第二步设置新密码"</li>
                <li class=class(3)>"第三步找回密码结束"</li>
            </ol>
            {move || match step() {
                1 => view! { <StepAccount token=token/> }.into_any(),
                2 => view! { <StepReset token=token done=done/> }.into_any(),
                _ => view! {
                    <div class="banner banner-success" role="status">"密码已重置，请使用新密码登录。"</div>
                    <p><a class="btn btn-primary" href="/login">"去登录"</a></p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn StepAccount(token: RwSignal<Option<uuid::Uuid>>) -> impl IntoView {
    let account = RwSignal::new(String::new());
    let captcha = CaptchaState::new();
    let errors = FormErrors::new();
    let action = server_call::<ForgotPasswordStart>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(t)) => token.set(Some(t)),
        Some(Err(e)) => {
            errors.set(Some(e));
            captcha.refresh();
        }
        None => {}
    });
    view! {
        <form method="post" class="form" novalidate on:submit=move |ev: SubmitEvent| {
            ev.prevent_default();
            errors.set(None);
            action.dispatch(ForgotPasswordStart { input: ForgotStartInput {
                account: account.get_untracked(), captcha_id: captcha.ticket(), captcha: captcha.answer.get_untracked(),
            }});
        }>
            <Banner message=Signal::derive(move || errors.general(&["account", "captcha"]))/>
            <TextField label="账 号" name="account" value=account errors=errors placeholder="请输入身份证号或注册手机号" maxlength=18/>
            <CaptchaField state=captcha error=Signal::derive(move || errors.field("captcha"))/>
            <div class="form-actions"><SubmitButton label="下一步" pending=action.pending()/></div>
        </form>
    }
}

#[component]
fn StepReset(token: RwSignal<Option<uuid::Uuid>>, done: RwSignal<bool>) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let action = server_call::<ForgotPasswordReset>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => done.set(true),
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    view! {
        <div class="banner banner-info" role="status">"如该账号存在，验证码已发送至其注册邮箱，10分钟内有效。"</div>
        <form method="post" class="form" novalidate on:submit=move |ev: SubmitEvent| {
            ev.prevent_default();
            errors.set(None);
            action.dispatch(ForgotPasswordReset { input: ForgotResetInput {
                token: token.get_untracked().unwrap_or_default(), code: code.get_untracked(),
                new_password: new.get_untracked(), new_password_confirm: confirm.get_untracked(),
            }});
        }>
            <Banner message=Signal::derive(move || errors.general(&["code", "new_password", "new_password_confirm"]))/>
            <CodeAndNewPassword code=code new=new confirm=confirm errors=errors/>
            <div class="form-actions">
                <SubmitButton label="确定" pending=action.pending()/>
                <button type="button" class="link" on:click=move |_| token.set(None)>"重新获取验证码"</button>
            </div>
        </form>
    }
}
