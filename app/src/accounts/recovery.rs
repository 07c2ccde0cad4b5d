//! 忘记密码 of a personal account: the 身份证号 or 手机号 and a captcha send a
//! one-time code to the registered e-mail; the code sets a new password.
//! The answer is the same whether or not the account exists.

use super::{ForgotResetInput, ForgotStartInput};
use crate::domain::{mask, Password};
use crate::error::{AppError, FieldError};
use crate::server::context::RequestMeta;
use crate::server::entities::{account, password_reset};
use crate::server::{audit, notifier, rate_limit, session, AppState};
use chrono::{Duration, Utc};
use rand::Rng;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use sha2::{Digest, Sha256};

const CODE_MINUTES: i64 = 10;
const MAX_ATTEMPTS: i32 = 5;

fn code_hash(token: uuid::Uuid, code: &str) -> String {
    Sha256::digest(format!("{token}:{code}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Step 1. Returns the flow's token.
pub async fn start(st: &AppState, meta: &RequestMeta, input: ForgotStartInput) -> Result<uuid::Uuid, AppError> {
    let now = Utc::now();
    if !rate_limit::hit(&st.db, &format!("forgot:{}", meta.ip), 10, 600, now).await? {
        return Err(AppError::too_many("找回密码尝试过于频繁，请稍后再试"));
    }
    let mut errors = Vec::new();
    if input.account.trim().is_empty() {
        errors.push(FieldError::new("account", "请输入身份证号或注册手机号"));
    }
    if let Err(e) = crate::captcha::service::check(&st.db, input.captcha_id, &input.captcha).await {
        errors.push(e);
    }
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    let found = crate::server::sign_in::find_person(&st.db, &input.account).await?;
    let token = uuid::Uuid::new_v4();
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    password_reset::ActiveModel {
        id: Set(token),
        account_id: Set(found.as_ref().map(|(a, _)| a.id)),
        code_hash: Set(found.as_ref().map(|_| code_hash(token, &code))),
        attempts: Set(0),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(CODE_MINUTES)),
        used_at: Set(None),
    }
    .insert(&st.db)
    .await?;
    match found {
        Some((acc, p)) => {
            let body = format!("{}：您好！您正在找回个人账户密码，验证码为 {code}，{CODE_MINUTES}分钟内有效。如非本人操作，请忽略本邮件。", p.name);
            notifier::send_email(&st.db, &st.config, &p.email, "【广西职称系统】找回密码验证码", &body).await?;
            audit::record(
                &st.db,
                Some(acc.id),
                "找回个人密码：验证码已发送",
                &format!("account:{}", acc.id),
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

/// Step 2: the code (once, 10 minutes, limited tries) and the new password.
pub async fn reset(st: &AppState, meta: &RequestMeta, input: ForgotResetInput) -> Result<(), AppError> {
    let flow = password_reset::Entity::find_by_id(input.token).one(&st.db).await?;
    let Some(flow) = flow.filter(|f| f.used_at.is_none()) else {
        return Err(AppError::invalid("", "找回密码流程已失效，请重新获取验证码"));
    };
    if flow.attempts >= MAX_ATTEMPTS {
        return Err(AppError::too_many("验证码错误次数过多，请重新获取验证码"));
    }
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
    if flow.expires_at <= Utc::now() {
        return Err(AppError::invalid("code", "验证码已过期，请重新获取"));
    }
    let right = flow.code_hash.as_deref() == Some(code_hash(flow.id, input.code.trim()).as_str());
    let (Some(account_id), true) = (flow.account_id, right) else {
        password_reset::Entity::update_many()
            .col_expr(password_reset::Column::Attempts, Expr::col(password_reset::Column::Attempts).add(1))
            .filter(password_reset::Column::Id.eq(flow.id))
            .exec(&st.db)
            .await?;
        audit::record(&st.db, flow.account_id, "找回个人密码：验证码错误", "account:?", &meta.ip, "").await;
        return Err(AppError::invalid("code", format!("验证码错误，还可尝试{}次", MAX_ATTEMPTS - flow.attempts - 1)));
    };
    let hash = st.hasher.hash(password.expose().to_owned()).await?;
    let flow_id = flow.id;
    let used = st
        .db
        .transaction::<_, bool, AppError>(|txn| {
            Box::pin(async move {
                let spent = password_reset::Entity::update_many()
                    .col_expr(password_reset::Column::UsedAt, Expr::value(Some(Utc::now())))
                    .filter(password_reset::Column::Id.eq(flow_id))
                    .filter(password_reset::Column::UsedAt.is_null())
                    .exec(txn)
                    .await?;
                if spent.rows_affected != 1 {
                    return Ok(false);
                }
                account::Entity::update_many()
                    .col_expr(account::Column::PasswordHash, Expr::value(hash))
                    .col_expr(account::Column::FailedLogins, Expr::value(0))
                    .col_expr(account::Column::LockedUntil, Expr::value(Option::<chrono::DateTime<Utc>>::None))
                    .col_expr(account::Column::UpdatedAt, Expr::value(Utc::now()))
                    .filter(account::Column::Id.eq(account_id))
                    .exec(txn)
                    .await?;
                session::end_others(txn, account_id, "").await?;
                Ok(true)
            })
        })
        .await?;
    if !used {
        return Err(AppError::invalid("", "找回密码流程已失效，请重新获取验证码"));
    }
    audit::record(&st.db, Some(account_id), "找回个人密码：密码已重置", &format!("account:{account_id}"), &meta.ip, "")
        .await;
    Ok(())
}
