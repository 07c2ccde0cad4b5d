//! 单位帐户密码丢失: 第一步填写单位信息 → 第二步选择工作人员 → 第三步找回密码结束.

use crate::captcha::{CaptchaField, CaptchaState};
use crate::components::server_call;
use crate::components::{Banner, CodeAndNewPassword, FormErrors, SelectField, SubmitButton, TextField, UnitPicker};
use crate::units::api::{RecoveryReset, RecoverySendCode, RecoveryStart};
use crate::units::{RecoveryResetInput, RecoverySendInput, RecoveryStartInput, RecoveryStarted, UnitOption};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Unit,
    Staff,
    Done,
}

#[component]
pub fn UnitForgotPage() -> impl IntoView {
    let step = RwSignal::new(Step::Unit);
    let started = RwSignal::new(None::<RecoveryStarted>);
    let finished = RwSignal::new(false);
    let step_class = move |s: Step| move || if step.get() == s { "step active" } else { "step" };
    view! {
        <section class="card form-card">
            <h1>"找回单位密码"</h1>
            <ol class="steps">
                <li class=step_class(Step::Unit)>"第一步填写单位信息"</li>
                <li class=step_class(Step::Staff)>"第二步选择工作人员"</li>
                <li class=step_class(Step::Done)>"第三步找回密码结束"</li>
            </ol>
            {move || match step.get() {
                Step::Unit => view! { <StepUnit on_done=Callback::new(move |s| { started.set(Some(s)); step.set(Step::Staff); })/> }.into_any(),
                Step::Staff => view! { <StepStaff started=started on_done=Callback::new(move |_| step.set(Step::Done))/> }.into_any(),
                Step::Done => view! { <StepReset started=started finished=finished/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn StepUnit(on_done: Callback<RecoveryStarted>) -> impl IntoView {
    let unit = RwSignal::new(None::<UnitOption>);
    let code = RwSignal::new(String::new());
    let captcha = CaptchaState::new();
    let errors = FormErrors::new();
    let action = server_call::<RecoveryStart>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(s)) => on_done.run(s),
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
            action.dispatch(RecoveryStart { input: RecoveryStartInput {
                unit_id: unit.get_untracked().map(|u| u.id),
                credit_code: code.get_untracked(),
                captcha_id: captcha.ticket(),
                captcha: captcha.answer.get_untracked(),
            }});
        }>
            <Banner message=Signal::derive(move || errors.general(&["unit", "credit_code", "captcha"]))/>
            <UnitPicker selected=unit errors=errors/>
            <TextField label="社会统一代码" name="credit_code" value=code errors=errors placeholder="请输入社会统一代码" maxlength=18/>
            <CaptchaField state=captcha error=Signal::derive(move || errors.field("captcha"))/>
            <div class="form-actions"><SubmitButton label="下一步" pending=action.pending()/></div>
        </form>
    }
}

#[component]
fn StepStaff(started: RwSignal<Option<RecoveryStarted>>, on_done: Callback<()>) -> impl IntoView {
    let staff = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let action = server_call::<RecoverySendCode>();
    let sent = RwSignal::new(None::<String>);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(s)) => {
            sent.set(Some(s.destination));
            on_done.run(());
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let options = started
        .get_untracked()
        .map(|s| s.staff.into_iter().map(|c| (c.id.to_string(), c.name)).collect())
        .unwrap_or_default();
    view! {
        <form method="post" class="form" novalidate on:submit=move |ev: SubmitEvent| {
            ev.prevent_default();
            errors.set(None);
            action.dispatch(RecoverySendCode { input: RecoverySendInput {
                token: started.get_untracked().map(|s| s.token).unwrap_or_default(),
                staff_id: staff.get_untracked().parse().ok(),
                id_number: id_number.get_untracked(),
            }});
        }>
            <Banner message=Signal::derive(move || errors.general(&["staff", "id_number"]))/>
            <SelectField label="工作人员" name="staff" value=staff errors=errors required=true placeholder="请选择单位工作人员" options=options/>
            <TextField label="身份证号" name="id_number" value=id_number errors=errors required=true maxlength=18 placeholder="请输入工作人员身份证号"/>
            <p class="field-hint">"下一步将向所选工作人员注册时填写的邮箱发送验证码，凭验证码设置新密码。"</p>
            <div class="form-actions"><SubmitButton label="下一步" pending=action.pending()/></div>
        </form>
    }
}

#[component]
fn StepReset(started: RwSignal<Option<RecoveryStarted>>, finished: RwSignal<bool>) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let action = server_call::<RecoveryReset>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => finished.set(true),
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    view! {
        <Show when=move || !finished.get() fallback=|| view! {
            <div class="banner banner-success" role="status">"密码已重置，请使用新密码登录单位账户。"</div>
            <p><a class="btn btn-primary" href="/login?tab=unit">"去登录"</a></p>
        }>
            <div class="banner banner-info" role="status">"验证码已发送至所选工作人员的注册邮箱，10分钟内有效。"</div>
            <form method="post" class="form" novalidate on:submit=move |ev: SubmitEvent| {
                ev.prevent_default();
                errors.set(None);
                action.dispatch(RecoveryReset { input: RecoveryResetInput {
                    token: started.get_untracked().map(|s| s.token).unwrap_or_default(),
                    code: code.get_untracked(),
                    new_password: new.get_untracked(),
                    new_password_confirm: confirm.get_untracked(),
                }});
            }>
                <Banner message=Signal::derive(move || errors.general(&["code", "new_password", "new_password_confirm"]))/>
                <CodeAndNewPassword code=code new=new confirm=confirm errors=errors/>
                <div class="form-actions"><SubmitButton label="确定" pending=action.pending()/></div>
            </form>
        </Show>
    }
}
