//! The sign-in form the four sign-ins share (个人, 单位, 单位工作人员 on
//! `/login`, 管理端 on `/manage/login`): the banner, the 验证码, the 登录
//! button (disabled until the page has hydrated), and what follows the
//! answer.

use super::auth::Auth;
use super::call::server_call;
use super::form::{Banner, FormErrors, SubmitButton};
use crate::accounts::CurrentUser;
use crate::captcha::{CaptchaField, CaptchaState};
use crate::error::AppError;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use server_fn::ServerFn;
use uuid::Uuid;

/// Only same-origin paths may be a `next` target.
pub fn safe_next(next: Option<String>) -> Option<String> {
    next.and_then(|n| crate::domain::next_path::safe(&n))
}

/// A sign-in: `call` builds the server call from the captcha's ticket and
/// typed answer; the children are the fields above the 验证码, given the
/// form's errors; `fields` names them (their errors show beside them, the
/// others in the banner). On success the user is remembered and sent to
/// `next` (a same-origin path) or their home; on failure the errors show
/// and a new captcha is drawn.
///
/// ```ignore
/// let call = move |captcha_id, captcha| SignInPerson { input: SignInPersonInput {
///     account: account.get_untracked(), password: password.get_untracked(), captcha_id, captcha } };
/// view! {
///     <SignInForm call=call fields=&["account", "password"] let:errors>
///         <TextField label="账 号" name="account" value=account errors=errors/>
///         …
///     </SignInForm>
/// }
/// ```
#[component]
pub fn SignInForm<S, B, F, V>(
    call: B,
    fields: &'static [&'static str],
    children: F,
    /// Below the 登录 button (links to register, help).
    #[prop(optional, into)]
    after: Option<ViewFn>,
    #[prop(default = "form login-form")] class: &'static str,
) -> impl IntoView
where
    S: ServerFn<Output = CurrentUser, Error = AppError> + Clone + Send + Sync + 'static,
    B: Fn(Uuid, String) -> S + Send + Sync + 'static,
    F: FnOnce(FormErrors) -> V,
    V: IntoView + 'static,
{
    let captcha = CaptchaState::new();
    let errors = FormErrors::new();
    let action = server_call::<S>();
    let auth = Auth::get();
    let navigate = use_navigate();
    let query = use_query_map();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(user)) => {
            auth.signed_in(user.clone());
            let next = safe_next(query.read_untracked().get("next")).unwrap_or_else(|| user.role.home().to_string());
            navigate(&next, Default::default());
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
        action.dispatch(call(captcha.ticket(), captcha.answer.get_untracked()));
    };
    let banner_fields: Vec<&'static str> = fields.iter().copied().chain(["captcha"]).collect();
    view! {
        <form method="post" class=class on:submit=on_submit novalidate>
            <Banner message=Signal::derive(move || errors.general(&banner_fields))/>
            {children(errors)}
            <CaptchaField state=captcha error=Signal::derive(move || errors.field("captcha"))/>
            <SubmitButton label="登录" pending=action.pending() busy="登录中…"/>
            {after.map(|a| a.run())}
        </form>
    }
}
