//! 证书查询验证, for anyone: by 证书编号, 持证人姓名 and the 验证码
//! (`/verify`), or by the link its holder hands out (`/verify/:code`).
//! Both show the same result card; the holder sees who looked.

use crate::captcha::{CaptchaField, CaptchaState};
use crate::certificates::api::{verify_link, VerifyCertificate};
use crate::certificates::{CertificateStatus, VerifiedCertificate, VerifyInput};
use crate::components::server_call;
use crate::components::{Banner, CertificateState, FormErrors, Loaded, SubmitButton, TextField};
use crate::error::AppError;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

const LOOKUP_NOTE: &str = "查询记录将告知持证人。";

/// `/verify`: the form, and the result under it.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let number = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let captcha = CaptchaState::new();
    let errors = FormErrors::new();
    let found = RwSignal::new(None::<VerifiedCertificate>);
    let action = server_call::<VerifyCertificate>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(c)) => {
            found.set(Some(c));
            // Each ticket is tried once: a next look-up needs a new one.
            captcha.refresh();
        }
        Some(Err(e)) => {
            found.set(None);
            errors.set(Some(e));
            captcha.refresh();
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        found.set(None);
        action.dispatch(VerifyCertificate {
            input: VerifyInput {
                number: number.get_untracked().trim().to_owned(),
                name: name.get_untracked().trim().to_owned(),
                captcha_id: captcha.ticket(),
                captcha: captcha.answer.get_untracked(),
            },
        });
    };
    view! {
        <section class="card form-card">
            <h1>"证书查询验证"</h1>
            <p class="muted">"输入证书编号和持证人姓名，查询在本系统颁发的职称证书是否真实有效。"</p>
            <form method="post" class="form" novalidate on:submit=on_submit>
                <Banner message=Signal::derive(move || errors.general(&["number", "name", "captcha"]))/>
                <TextField label="证书编号" name="number" value=number errors=errors required=true maxlength=40
                    placeholder="请输入证书上的证书编号"/>
                <TextField label="持证人姓名" name="name" value=name errors=errors required=true maxlength=30
                    placeholder="请输入持证人姓名"/>
                <CaptchaField state=captcha error=Signal::derive(move || errors.field("captcha"))/>
                <div class="form-actions">
                    <SubmitButton label="查询" pending=action.pending() busy="查询中…"/>
                </div>
                <p class="form-note">{LOOKUP_NOTE}</p>
            </form>
        </section>
        {move || found.get().map(|c| view! { <VerifyResult certificate=c/> })}
    }
}

/// `/verify/:code`: the certificate behind a verification link.
#[component]
pub fn VerifyLinkPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let result = Resource::new(code, |code| async move {
        if code.trim().is_empty() {
            Err(AppError::not_found("未查询到该证书，请核对验证链接"))
        } else {
            verify_link(code).await
        }
    });
    view! {
        <section class="card form-card">
            <div class="card-head">
                <h1>"证书查询验证"</h1>
                <a href="/verify">"按证书编号查询"</a>
            </div>
            <p class="form-note">{LOOKUP_NOTE}</p>
        </section>
        <div class="form-card">
            <Loaded resource=result let:c>
                <VerifyResult certificate=c/>
            </Loaded>
        </div>
    }
}

/// The result card: the 证书状态 first and prominent, then what anyone may
/// see of the certificate (name and 证件号码 masked).
#[component]
pub fn VerifyResult(certificate: VerifiedCertificate) -> impl IntoView {
    let c = certificate;
    let state = CertificateState::from(&c);
    let (tone, summary) = match c.status {
        CertificateStatus::Valid => ("valid", "该证书真实有效。"),
        CertificateStatus::Reissued => ("valid", "该证书为补发证书，真实有效。"),
        CertificateStatus::Void => ("void", "该证书已作废，不再有效。"),
    };
    let notes = state.notes();
    view! {
        <section class="card form-card verify-result" data-testid="verify-result">
            <h2>"查询结果"</h2>
            <div class=format!("verify-status verify-{tone}") data-testid="verify-status" role="status">
                <p class="verify-status-line">"证书状态：" <strong>{c.status.label()}</strong></p>
                <p>{summary}</p>
                {(!notes.is_empty()).then(|| view! {
                    <dl class="info-grid wide">
                        {notes.into_iter().map(|(label, v)| view! { <dt>{label}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                })}
            </div>
            <dl class="info-grid wide">
                <dt>"证书编号"</dt><dd>{c.number}</dd>
                <dt>"持证人"</dt><dd>{c.holder_name_masked}</dd>
                <dt>"证件号码"</dt><dd>{c.id_number_masked}</dd>
                <dt>"资格名称"</dt><dd>{c.qualification}</dd>
                <dt>"系列"</dt><dd>{c.series}</dd>
                <dt>"专业"</dt><dd>{c.specialty}</dd>
                <dt>"级别"</dt><dd>{c.level}</dd>
                <dt>"发证机关"</dt><dd>{c.office_name}</dd>
                <dt>"批准文号"</dt><dd>{c.approval_no}</dd>
                <dt>"取得资格时间"</dt><dd>{c.qualified_on}</dd>
                <dt>"发证时间"</dt><dd>{c.issued_at}</dd>
            </dl>
        </section>
    }
}
