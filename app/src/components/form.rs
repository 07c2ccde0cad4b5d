//! Form fields with their label, hint and error, and the error state of a
//! form fed by a server function's [`AppError`].

use crate::error::AppError;
use leptos::prelude::*;

/// The errors of one form: the last failed submission's [`AppError`].
///
/// ```ignore
/// let errors = FormErrors::new();
/// // after a failed call: errors.set(Some(err));
/// view! { <TextField label="姓名" name="name" value=name errors=errors/> }
/// ```
#[derive(Clone, Copy)]
pub struct FormErrors(RwSignal<Option<AppError>>);

impl FormErrors {
    pub fn new() -> Self {
        Self(RwSignal::new(None))
    }
    pub fn set(&self, e: Option<AppError>) {
        self.0.set(e);
    }
    /// The message for one field (tracked).
    pub fn field(&self, name: &str) -> Option<String> {
        self.0.with(|e| e.as_ref().and_then(|e| e.field(name)))
    }
    /// Messages not tied to one of `shown` (tracked), for the form's banner.
    pub fn general(&self, shown: &[&str]) -> Option<String> {
        self.0.with(|e| e.as_ref().and_then(|e| e.general(shown)))
    }
    /// Forgets one field's message once the user edits it.
    pub fn clear(&self, name: &str) {
        self.0.update(|e| {
            if let Some(AppError::Invalid { errors }) = e {
                errors.retain(|f| f.field != name);
            }
        });
    }
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

/// A labelled input bound to a signal, showing its error below.
///
/// ```ignore
/// view! {
///     <TextField label="手机号" name="phone" value=phone errors=errors
///         placeholder="请输入11位手机号" input_type="tel" maxlength=11 required=true/>
/// }
/// ```
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    name: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional, into)] placeholder: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
    /// Shown right of the input (e.g. a 忘记密码 link).
    #[prop(optional, into)]
    aside: Option<ViewFn>,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err = move || errors.field(name);
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field" class:required=required class:has-error=move || err().is_some()>
            <label for=id.clone()>{label}</label>
            <div class="field-body">
                <div class="field-input">
                    <input
                        id=id.clone()
                        name=name
                        type=input_type
                        placeholder=placeholder
                        autocomplete=autocomplete
                        maxlength=maxlength.map(|m| m.to_string())
                        required=required
                        disabled=disabled
                        aria-invalid=move || err().is_some().to_string()
                        aria-describedby=hint_id.clone()
                        prop:value=move || value.get()
                        on:input=move |ev| {
                            value.set(event_target_value(&ev));
                            errors.clear(name);
                        }
                    />
                    {aside.map(|a| view! { <span class="field-aside">{a.run()}</span> })}
                </div>
                {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
                {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}

/// A labelled `<select>` of (value, label) options.
///
/// ```ignore
/// view! { <SelectField label="证件类型" name="id_type" value=id_type errors=errors
///     options=vec![("resident".into(), "居民身份证".into())]/> }
/// ```
#[component]
pub fn SelectField(
    #[prop(into)] label: String,
    name: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    options: Vec<(String, String)>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] placeholder: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err = move || errors.field(name);
    view! {
        <div class="field" class:required=required class:has-error=move || err().is_some()>
            <label for=id.clone()>{label}</label>
            <div class="field-body">
                <select
                    id=id
                    name=name
                    aria-invalid=move || err().is_some().to_string()
                    on:change=move |ev| {
                        value.set(event_target_value(&ev));
                        errors.clear(name);
                    }
                >
                    {placeholder.map(|p| view! { <option value="" selected=move || value.get().is_empty()>{p}</option> })}
                    {options
                        .into_iter()
                        .map(|(v, l)| {
                            let v2 = v.clone();
                            view! { <option value=v selected=move || value.get() == v2>{l}</option> }
                        })
                        .collect_view()}
                </select>
                {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}

/// A message box above or below a form: `kind` is "error", "success" or "info".
#[component]
pub fn Banner(
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(default = "error")] kind: &'static str,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            let role = if kind == "error" { "alert" } else { "status" };
            view! { <div class=format!("banner banner-{kind}") role=role>{m}</div> }
        })
    }
}

/// Whether the page has hydrated (the wasm runs). Until then every submit
/// button stays disabled: a form sent by the browser itself would carry
/// its fields (passwords too) where they must not go.
#[derive(Clone, Copy)]
pub struct Hydrated(RwSignal<bool>);

#[cfg(feature = "hydrate")]
thread_local! {
    static FLAG: std::cell::Cell<Option<RwSignal<bool>>> = const { std::cell::Cell::new(None) };
}

impl Hydrated {
    /// Called once by `App`: false on the server and while hydrating, true
    /// once the browser entry point calls [`Hydrated::done`].
    pub fn provide() {
        let flag = RwSignal::new(false);
        #[cfg(feature = "hydrate")]
        FLAG.with(|f| f.set(Some(flag)));
        provide_context(Hydrated(flag));
    }

    /// Called by the browser entry point when hydration has finished. Not
    /// an effect of `App`: hydration waits for a lazy page's chunk, and an
    /// effect that ran meanwhile would flip the flag before the page's
    /// buttons were hydrated, leaving them disabled as the server drew them.
    pub fn done() {
        #[cfg(feature = "hydrate")]
        if let Some(flag) = FLAG.with(std::cell::Cell::get) {
            flag.set(true);
        }
    }

    /// The flag of the page (false outside `App`).
    pub fn get() -> Signal<bool> {
        match use_context::<Hydrated>() {
            Some(Hydrated(flag)) => flag.into(),
            None => Signal::derive(|| false),
        }
    }
}

/// The submit button of a form, disabled with a busy label while pending,
/// and until the page has hydrated.
#[component]
pub fn SubmitButton(
    #[prop(into)] label: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(default = "提交中…")] busy: &'static str,
    #[prop(default = "btn btn-primary")] class: &'static str,
) -> impl IntoView {
    let hydrated = Hydrated::get();
    view! {
        <button type="submit" class=class disabled=move || pending.get() || !hydrated.get() aria-busy=move || pending.get().to_string()>
            {move || if pending.get() { busy.to_string() } else { label.clone() }}
        </button>
    }
}

/// A labelled input bound to a part of a bigger value (e.g. one field of a
/// form struct): `value` reads it, `on_input` writes it.
///
/// ```ignore
/// view! { <BoundField label="现从事专业技术工作岗位" name="current_post" errors=errors
///     value=Signal::derive(move || form.with(|f| f.current_post.clone()))
///     on_input=Callback::new(move |v| form.update(|f| f.current_post = v))/> }
/// ```
#[component]
pub fn BoundField(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    errors: FormErrors,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] placeholder: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] disabled: bool,
    #[prop(default = 200)] maxlength: u32,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err = move || errors.field(name);
    view! {
        <div class="field" class:required=required class:has-error=move || err().is_some()>
            <label for=id.clone()>{label}</label>
            <div class="field-body">
                <input id=id name=name type=input_type placeholder=placeholder disabled=disabled maxlength=maxlength.to_string()
                    aria-invalid=move || err().is_some().to_string()
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        on_input.run(event_target_value(&ev));
                        errors.clear(name);
                    }/>
                {hint.map(|h| view! { <p class="field-hint">{h}</p> })}
                {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}

/// A labelled textarea bound like [`BoundField`].
#[component]
pub fn BoundTextArea(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    errors: FormErrors,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] placeholder: String,
    #[prop(optional)] disabled: bool,
    #[prop(default = 2000)] maxlength: u32,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err = move || errors.field(name);
    view! {
        <div class="field" class:required=required class:has-error=move || err().is_some()>
            <label for=id.clone()>{label}</label>
            <div class="field-body">
                <textarea id=id name=name rows="4" placeholder=placeholder disabled=disabled maxlength=maxlength.to_string()
                    aria-invalid=move || err().is_some().to_string()
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        on_input.run(event_target_value(&ev));
                        errors.clear(name);
                    }></textarea>
                {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}

/// The one-time code and the new password twice, as both 忘记密码 flows ask.
///
/// ```ignore
/// view! { <CodeAndNewPassword code=code new=new confirm=confirm errors=errors/> }
/// ```
#[component]
pub fn CodeAndNewPassword(
    code: RwSignal<String>,
    new: RwSignal<String>,
    confirm: RwSignal<String>,
    errors: FormErrors,
) -> impl IntoView {
    view! {
        <TextField label="邮箱验证码" name="code" value=code errors=errors required=true maxlength=6 placeholder="请输入6位验证码"/>
        <TextField label="新密码" name="new_password" value=new errors=errors required=true input_type="password"
            hint=crate::domain::password::RULE_HINT autocomplete="new-password"/>
        <TextField label="再输入一次新密码" name="new_password_confirm" value=confirm errors=errors required=true
            input_type="password" autocomplete="new-password"/>
    }
}
