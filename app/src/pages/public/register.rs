//! 个人帐户注册.

use crate::accounts::api::RegisterPerson;
use crate::accounts::RegisterPersonInput;
use crate::captcha::{CaptchaField, CaptchaState};
use crate::components::server_call;
use crate::components::{Banner, FormErrors, SelectField, SubmitButton, TextField};
use crate::domain::{password::RULE_HINT, IdNumber, IdType};
use chrono::NaiveDate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

const FIELDS: [&str; 10] = [
    "name",
    "id_type",
    "id_number",
    "birth_date",
    "gender",
    "phone",
    "email",
    "password",
    "password_confirm",
    "captcha",
];

#[component]
pub fn RegisterPage() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let id_type = RwSignal::new(IdType::ResidentIdCard.code().to_string());
    let id_number = RwSignal::new(String::new());
    let birth_date = RwSignal::new(String::new());
    let gender = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_confirm = RwSignal::new(String::new());
    let captcha = CaptchaState::new();
    let errors = FormErrors::new();
    let action = server_call::<RegisterPerson>();
    let navigate = use_navigate();

    let carries_identity = move || IdType::from_code(&id_type.get()).is_some_and(IdType::is_gb11643);
    // Shown as the person types; the server derives the same values itself.
    let derived = move || {
        let far = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
        IdNumber::parse(&id_number.get(), far)
            .ok()
            .map(|id| (id.birth_date().format("%Y-%m-%d").to_string(), id.gender().label()))
    };

    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => navigate("/login?registered=1", Default::default()),
        Some(Err(e)) => {
            errors.set(Some(e));
            captcha.refresh();
        }
        None => {}
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        action.dispatch(RegisterPerson {
            input: RegisterPersonInput {
                name: name.get_untracked(),
                id_type: id_type.get_untracked(),
                id_number: id_number.get_untracked(),
                birth_date: birth_date.get_untracked(),
                gender: gender.get_untracked(),
                phone: phone.get_untracked(),
                email: email.get_untracked(),
                password: password.get_untracked(),
                password_confirm: password_confirm.get_untracked(),
                captcha_id: captcha.ticket(),
                captcha: captcha.answer.get_untracked(),
            },
        });
    };

    let id_types = IdType::ALL.iter().map(|t| (t.code().to_string(), t.label().to_string())).collect::<Vec<_>>();

    view! {
        <section class="card form-card">
            <h1>"个人帐户注册"</h1>
            <p class="muted">"带 * 的为必填项。注册成功后可使用身份证号或手机号登录。"</p>
            <form method="post" class="form" on:submit=on_submit novalidate>
                <Banner message=Signal::derive(move || errors.general(&FIELDS))/>
                <TextField label="姓名" name="name" value=name errors=errors required=true maxlength=30
                    placeholder="请输入证件上的姓名" autocomplete="name"/>
                <SelectField label="证件类型" name="id_type" value=id_type errors=errors required=true options=id_types/>
                <TextField label="证件号码" name="id_number" value=id_number errors=errors required=true maxlength=20
                    placeholder="请输入证件号码" hint="居民身份证为18位，最后一位可为X"/>
                <Show
                    when=carries_identity
                    fallback=move || view! {
                        <TextField label="出生日期" name="birth_date" value=birth_date errors=errors required=true
                            input_type="date"/>
                        <SelectField label="性别" name="gender" value=gender errors=errors required=true
                            placeholder="请选择" options=vec![("男".into(), "男".into()), ("女".into(), "女".into())]/>
                    }
                >
                    <div class="field">
                        <span class="label">"出生日期"</span>
                        <div class="field-body"><output data-testid="derived-birth-date">
                            {move || derived().map(|d| d.0).unwrap_or_else(|| "根据身份证号自动生成".into())}
                        </output></div>
                    </div>
                    <div class="field">
                        <span class="label">"性别"</span>
                        <div class="field-body"><output data-testid="derived-gender">
                            {move || derived().map(|d| d.1.to_string()).unwrap_or_else(|| "根据身份证号自动生成".into())}
                        </output></div>
                    </div>
                </Show>
                <TextField label="手机号" name="phone" value=phone errors=errors required=true maxlength=11
                    input_type="tel" placeholder="请输入11位手机号" autocomplete="tel"/>
                <TextField label="邮箱" name="email" value=email errors=errors required=true maxlength=100
                    input_type="email" placeholder="请输入常用邮箱" autocomplete="email"/>
                <TextField label="密码" name="password" value=password errors=errors required=true maxlength=32
                    input_type="password" placeholder="请设置登录密码" hint=RULE_HINT autocomplete="new-password"/>
                <TextField label="确认密码" name="password_confirm" value=password_confirm errors=errors required=true
                    maxlength=32 input_type="password" placeholder="请再次输入密码" autocomplete="new-password"/>
                <CaptchaField state=captcha error=Signal::derive(move || errors.field("captcha"))/>
                <div class="form-actions">
                    <SubmitButton label="注册" pending=action.pending()/>
                    <a href="/login">"已有账户，去登录"</a>
                </div>
            </form>
        </section>
    }
}
