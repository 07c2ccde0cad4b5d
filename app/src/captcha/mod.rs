//! Image captcha (验证码) for every sign-in, registration and recovery form.
//!
//! A form asks for a ticket (`new_captcha`), shows `/captcha/{ticket}` as a
//! picture and sends the ticket back with the typed answer. The answer stays
//! in the database; each ticket can be tried once and lives 5 minutes.

#[cfg(feature = "ssr")]
pub mod service;

use crate::codec::Json;
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(endpoint = "captcha/new", input = Json, output = Json)]
pub async fn new_captcha() -> Result<Uuid, AppError> {
    use crate::server::context::{meta, state};
    let st = state()?;
    service::issue(&st, &meta().ip).await
}

/// The 验证码 row of a form: input, picture (click for a new one) and error.
///
/// ```ignore
/// let captcha = CaptchaState::new();
/// view! { <CaptchaField state=captcha error=Signal::derive(move || err("captcha")) /> }
/// // send captcha.ticket() and captcha.answer with the form; call
/// // captcha.refresh() after every failed submission.
/// ```
#[derive(Clone, Copy)]
pub struct CaptchaState {
    pub answer: RwSignal<String>,
    ticket: Resource<Result<Uuid, AppError>>,
    bump: RwSignal<u32>,
}

impl CaptchaState {
    pub fn new() -> Self {
        let bump = RwSignal::new(0u32);
        let ticket = Resource::new(move || bump.get(), |_| new_captcha());
        Self { answer: RwSignal::new(String::new()), ticket, bump }
    }

    /// The current ticket (nil until loaded: the server then says the
    /// captcha expired, which refreshes it).
    pub fn ticket(&self) -> Uuid {
        self.ticket.get_untracked().and_then(Result::ok).unwrap_or_default()
    }

    /// A new picture; the old ticket is spent anyway after a submission.
    pub fn refresh(&self) {
        self.answer.set(String::new());
        self.bump.update(|n| *n += 1);
    }
}

impl Default for CaptchaState {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn CaptchaField(
    state: CaptchaState,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "captcha")] id: &'static str,
) -> impl IntoView {
    let label = "验证码";
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            <div class="field-body">
                <div class="captcha-row">
                    <input
                        id=id
                        name="captcha"
                        type="text"
                        autocomplete="off"
                        maxlength="8"
                        placeholder="请输入验证码"
                        aria-invalid=move || error.get().is_some().to_string()
                        prop:value=move || state.answer.get()
                        on:input=move |ev| state.answer.set(event_target_value(&ev))
                    />
                    <Suspense fallback=|| view! { <span class="captcha-img loading">"加载中…"</span> }>
                        {move || {
                            state.ticket.get().map(|t| match t {
                                Ok(ticket) => view! {
                                    <img
                                        class="captcha-img"
                                        src=format!("/captcha/{ticket}")
                                        alt="验证码图片，看不清请点击更换"
                                        title="看不清？点击更换"
                                        role="button"
                                        tabindex="0"
                                        on:click=move |_| state.refresh()
                                        on:keydown=move |ev| {
                                            if ev.key() == "Enter" || ev.key() == " " {
                                                ev.prevent_default();
                                                state.refresh();
                                            }
                                        }
                                    />
                                }
                                .into_any(),
                                Err(e) => view! {
                                    <button type="button" class="link" on:click=move |_| state.refresh()>
                                        {e.to_string()} "，点击重试"
                                    </button>
                                }
                                .into_any(),
                            })
                        }}
                    </Suspense>
                </div>
                {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}
