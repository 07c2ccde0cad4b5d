//! 忘记密码 of a personal account: the 身份证号 or 手机号 and a captcha send a
//! one-time code to the registered e-mail; the code sets a new password.
//! The answer, and its time, are the same whether or not the account exists.

use super::{ForgotResetInput, ForgotStartInput};
use crate::domain::{mask, Password};
use crate::error::{AppError, FieldError};
use crate::server::context::RequestMeta;
use crate::server::notifier::{self, Email};
use crate::server::recovery_code::{self as codes, Kind, Tries};
use crate::server::{audit, rate_limit, sign_in, AppState};
use chrono::Utc;
use sea_orm::TransactionTrait;

const CODE_MINUTES: i64 = 10;

/// Step 1. Returns the flow's token.
pub async fn start(st: &AppState, meta: &RequestMeta, input: ForgotStartInput) -> Result<uuid::Uuid, AppError> {
    let mut errors = Vec::new();
    if input.account.trim().is_empty() {
        errors.push(FieldError::new("account", "请输入身份证号或注册手机号"));
    }
    // The captcha first: a wrong one counts against nothing.
    if let Err(e) = crate::captcha::service::check(&st.db, input.captcha_id, &input.captcha).await {
        errors.push(e);
    }
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    if !rate_limit::hit(&st.db, &format!("forgot:{}", meta.ip), 30, 600, Utc::now()).await? {
        return Err(AppError::too_many("找回密码尝试过于频繁，请稍后再试"));
    }
    let found = sign_in::find_person(&st.db, &st.vault, &input.account).await?;
    let token = codes::open(&st.db, Kind::Person, found.as_ref().map(|(a, _)| a.id), CODE_MINUTES).await?;
    // A code either way (sent only to a real account): step 2 then answers
    // the same whatever was typed in step 1.
    let (code, expires) = codes::issue(&st.db, &st.secrets, token, None, CODE_MINUTES).await?;
    match found {
        Some((acc, p)) => {
            let body = format!(
                "{}：您好！您正在找回个人账户密码，验证码为 {code}，{CODE_MINUTES}分钟内有效。如非本人操作，请忽略本邮件。",
                p.name
            );
            let mail = Email {
                to: &p.email,
                subject: "【广西职称系统】找回密码验证码",
                body: &body,
                code_of: Some((token, expires)),
            };
            notifier::send_email(&st.db, &st.config, mail).await?;
            let target = format!("account:{}", acc.id);
            audit::record(
                &st.db,
                Some(acc.id),
                "找回个人密码：验证码已发送",
                &target,
                &meta.ip,
                &mask::email(&p.email),
            )
            .await;
        }
        None => {
            audit::record(
                &st.db,
                None,
                "找回个人密码：账号不存在",
                "account:?",
                &meta.ip,
                &mask::account(&input.account),
            )
            .await
        }
    }
    Ok(token)
}

/// Step 2: the code (10 minutes, 5 tries in all) and the new password.
pub async fn reset(st: &AppState, meta: &RequestMeta, input: ForgotResetInput) -> Result<(), AppError> {
    let flow = codes::live(&st.db, Kind::Person, input.token).await?;
    let mut errors = Vec::new();
    if input.code.trim().is_empty() {
        errors.push(FieldError::new("code", "请输入验证码"));
    }
    let password = Password::parse(&input.new_password)
        .map_err(|e| errors.push(FieldError::new("new_password", e.message())))
        .ok();
    if input.new_password != input.new_password_confirm {
        errors.push(FieldError::new("new_password_confirm", "两次输入的新密码不一致"));
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else { return Err(AppError::fields(errors)) };
    // The try is taken before the code is compared.
    let left = codes::take_try(&st.db, flow.id, Tries::Code).await?;
    if flow.code_expires_at.is_none_or(|at| at <= Utc::now()) {
        return Err(AppError::invalid("code", "验证码已过期，请重新获取"));
    }
    let (Some(account_id), true) = (flow.account_id, codes::matches(&st.secrets, &flow, &input.code)) else {
        audit::record(&st.db, flow.account_id, "找回个人密码：验证码错误", "account:?", &meta.ip, "").await;
        return Err(AppError::invalid("code", format!("验证码错误，还可尝试{left}次")));
    };
    let hash = st.hasher.hash(password.expose().to_owned()).await?;
    let token = flow.id;
    let used = st
        .db
        .transaction::<_, bool, AppError>(|txn| {
            Box::pin(async move {
                if !codes::spend(txn, token).await? {
                    return Ok(false);
                }
                sign_in::set_password(txn, account_id, hash).await?;
                Ok(true)
            })
        })
        .await?;
    if !used {
        return Err(AppError::invalid("", codes::EXPIRED));
    }
    audit::record(&st.db, Some(account_id), "找回个人密码：密码已重置", &format!("account:{account_id}"), &meta.ip, "")
        .await;
    Ok(())
}
