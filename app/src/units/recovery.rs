//! 单位帐户密码丢失: 第一步填写单位信息, 第二步选择工作人员, 第三步找回密码结束.
//!
//! Knowing a staff member's ID number is not enough: step 2 sends a
//! one-time code to that person's registered e-mail, and only the code
//! lets step 3 set a new password. Every outcome goes to the audit log.

use super::*;
use crate::domain::{mask, IdNumber, Password};
use crate::error::{AppError, FieldError};
use crate::server::context::RequestMeta;
use crate::server::entities::{person, unit, unit_staff};
use crate::server::notifier::{self, Email};
use crate::server::recovery_code::{self as codes, Kind, Tries};
use crate::server::text::today_cn;
use crate::server::{audit, rate_limit, sign_in, AppState};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

const FLOW_MINUTES: i64 = 30;
const CODE_MINUTES: i64 = 10;

fn target(unit_id: i64) -> String {
    format!("unit:{unit_id}")
}

/// 第一步: the unit (from the dropdown) and its 社会统一代码, with a captcha.
pub async fn start(st: &AppState, meta: &RequestMeta, input: RecoveryStartInput) -> Result<RecoveryStarted, AppError> {
    let mut errors = Vec::new();
    if input.unit_id.is_none() {
        errors.push(FieldError::new("unit", "请输入单位名称关键字，并从弹出的下拉列表中选择"));
    }
    if input.credit_code.trim().is_empty() {
        errors.push(FieldError::new("credit_code", "请输入社会统一代码"));
    }
    if let Err(e) = crate::captcha::service::check(&st.db, input.captcha_id, &input.captcha).await {
        errors.push(e);
    }
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    // Counted only behind a correct captcha.
    if !rate_limit::hit(&st.db, &format!("recovery:{}", meta.ip), 60, 600, Utc::now()).await? {
        return Err(AppError::too_many("找回密码尝试过于频繁，请稍后再试"));
    }
    let u = unit::by_public_id(&st.db, input.unit_id.unwrap_or_default()).await?;
    let code = input.credit_code.trim().to_ascii_uppercase();
    let Some(u) = u.filter(|u| u.credit_code == code) else {
        audit::record(&st.db, None, "找回单位密码：单位信息不符", "unit:?", &meta.ip, &mask::account(&code)).await;
        return Err(AppError::invalid("credit_code", "单位与社会统一代码不一致，请核对"));
    };
    let links = unit_staff::Entity::find()
        .filter(unit_staff::Column::UnitId.eq(u.account_id))
        .filter(unit_staff::Column::Enabled.eq(true))
        .order_by_asc(unit_staff::Column::Id)
        .all(&st.db)
        .await?;
    if links.is_empty() {
        audit::record(&st.db, None, "找回单位密码：无可用工作人员", &target(u.account_id), &meta.ip, "").await;
        return Err(AppError::invalid("", NO_STAFF_ADVICE));
    }
    let people = person::Entity::find()
        .filter(person::Column::AccountId.is_in(links.iter().map(|l| l.person_id).collect::<Vec<_>>()))
        .all(&st.db)
        .await?;
    let staff = links
        .iter()
        .filter_map(|l| {
            people
                .iter()
                .find(|p| p.account_id == l.person_id)
                .map(|p| StaffChoice { id: l.public_id, name: mask::name(&p.name) })
        })
        .collect();
    let token = codes::open(&st.db, Kind::Unit, Some(u.account_id), FLOW_MINUTES).await?;
    audit::record(&st.db, None, "找回单位密码：第一步通过", &target(u.account_id), &meta.ip, "").await;
    Ok(RecoveryStarted { token, staff })
}

/// 第二步: the chosen staff member's 身份证号; on a match, a code goes to
/// their registered e-mail.
pub async fn send_code(
    st: &AppState,
    meta: &RequestMeta,
    input: RecoverySendInput,
) -> Result<RecoveryCodeSent, AppError> {
    let flow = codes::live(&st.db, Kind::Unit, input.token).await?;
    let unit_id = flow.account_id.ok_or_else(|| AppError::invalid("", codes::EXPIRED))?;
    let Some(staff_id) = input.staff_id else {
        return Err(AppError::invalid("staff", "请选择单位工作人员"));
    };
    let id = IdNumber::parse(&input.id_number, today_cn()).map_err(|e| AppError::invalid("id_number", e.message()))?;
    // Every try (a resend too) takes one of five before it is checked.
    let left = codes::take_try(&st.db, flow.id, Tries::IdNumber).await?;
    let link = unit_staff::Entity::find()
        .filter(unit_staff::Column::PublicId.eq(staff_id))
        .filter(unit_staff::Column::UnitId.eq(unit_id))
        .filter(unit_staff::Column::Enabled.eq(true))
        .one(&st.db)
        .await?;
    let p = match &link {
        Some(l) => person::Entity::find_by_id(l.person_id).one(&st.db).await?,
        None => None,
    };
    let (Some(link), Some(p)) =
        (link, p.filter(|p| p.id_number_hash.as_deref() == Some(st.vault.hash(id.as_str()).as_str())))
    else {
        audit::record(&st.db, None, "找回单位密码：工作人员身份证号不符", &target(unit_id), &meta.ip, "").await;
        return Err(AppError::invalid("id_number", format!("身份证号与所选工作人员不一致，还可尝试{left}次")));
    };
    let (code, expires) = codes::issue(&st.db, &st.secrets, flow.id, Some(link.id), CODE_MINUTES).await?;
    let unit_name = unit::Entity::find_by_id(unit_id).one(&st.db).await?.map(|u| u.name).unwrap_or_default();
    let body = format!(
        "{}：您好！单位“{unit_name}”正在通过您找回单位账户密码，验证码为 {code}，{CODE_MINUTES}分钟内有效。如非本单位操作，请忽略本邮件并告知单位负责人。",
        p.name
    );
    let mail = Email {
        to: &p.email,
        subject: "【广西职称系统】找回单位密码验证码",
        body: &body,
        code_of: Some((flow.id, expires)),
    };
    notifier::send_email(&st.db, &st.config, mail).await?;
    audit::record(&st.db, None, "找回单位密码：验证码已发送", &target(unit_id), &meta.ip, &mask::email(&p.email)).await;
    Ok(RecoveryCodeSent { destination: mask::email(&p.email) })
}

/// 第三步: the code (once, limited tries, 10 minutes) and the new password.
pub async fn reset(st: &AppState, meta: &RequestMeta, input: RecoveryResetInput) -> Result<(), AppError> {
    let flow = codes::live(&st.db, Kind::Unit, input.token).await?;
    let (Some(unit_id), Some(expires)) = (flow.account_id, flow.code_expires_at) else {
        return Err(AppError::invalid("", "请先完成第二步，获取验证码"));
    };
    let mut errors = Vec::new();
    let password = Password::parse(&input.new_password)
        .map_err(|e| errors.push(FieldError::new("new_password", e.message())))
        .ok();
    if input.new_password != input.new_password_confirm {
        errors.push(FieldError::new("new_password_confirm", "两次输入的新密码不一致"));
    }
    if input.code.trim().is_empty() {
        errors.push(FieldError::new("code", "请输入验证码"));
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else { return Err(AppError::fields(errors)) };
    let left = codes::take_try(&st.db, flow.id, Tries::Code).await?;
    if expires <= Utc::now() {
        audit::record(&st.db, None, "找回单位密码：验证码过期", &target(unit_id), &meta.ip, "").await;
        return Err(AppError::invalid("code", "验证码已过期，请返回第二步重新获取"));
    }
    if !codes::matches(&st.secrets, &flow, &input.code) {
        audit::record(&st.db, None, "找回单位密码：验证码错误", &target(unit_id), &meta.ip, "").await;
        return Err(AppError::invalid("code", format!("验证码错误，还可尝试{left}次")));
    }
    let new_hash = st.hasher.hash(password.expose().to_owned()).await?;
    let token = flow.id;
    let used = st
        .db
        .transaction::<_, bool, AppError>(|txn| {
            Box::pin(async move {
                // Spend the flow first: of two concurrent resets only one wins.
                if !codes::spend(txn, token).await? {
                    return Ok(false);
                }
                sign_in::set_password(txn, unit_id, new_hash).await?;
                Ok(true)
            })
        })
        .await?;
    if !used {
        return Err(AppError::invalid("", codes::EXPIRED));
    }
    audit::record(&st.db, None, "找回单位密码：密码已重置", &target(unit_id), &meta.ip, "").await;
    Ok(())
}
