//! 证书查询验证: anyone checks a certificate by its number and the holder's
//! name (with a captcha), or by the code of its verification link. A wrong
//! name and an unknown number get the same answer; every look-up that
//! finds a certificate is logged for its holder; look-ups are rate-limited
//! per address.

use super::{VerifiedCertificate, VerifyInput};
use crate::captcha::service as captcha;
use crate::domain::mask;
use crate::error::AppError;
use crate::server::access::Actor;
use crate::server::entities::{certificate, certificate_lookup, org, unit};
use crate::server::rate_limit;
use crate::server::AppState;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

pub const NOT_FOUND: &str = "未查询到符合条件的证书，请核对证书编号和持证人姓名";

async fn limited(st: &AppState, ip: &str) -> Result<(), AppError> {
    let cfg = &st.config;
    if !rate_limit::hit(&st.db, &format!("verify:{ip}"), cfg.rate_verify, cfg.rate_window_secs, Utc::now()).await? {
        let minutes = cfg.rate_window_secs.div_ceil(60);
        return Err(AppError::too_many(format!("查询过于频繁，请{minutes}分钟后再试")));
    }
    Ok(())
}

/// By number and the holder's name.
pub async fn by_number(
    st: &AppState,
    actor: &Actor,
    ip: &str,
    input: VerifyInput,
) -> Result<VerifiedCertificate, AppError> {
    let mut errors = Vec::new();
    let (number, name) = (input.number.trim(), input.name.trim());
    if number.is_empty() {
        errors.push(crate::error::FieldError::new("number", "请输入证书编号"));
    } else if number.chars().count() > 60 {
        errors.push(crate::error::FieldError::new("number", "证书编号不能超过60个字符"));
    }
    if name.is_empty() {
        errors.push(crate::error::FieldError::new("name", "请输入持证人姓名"));
    } else if name.chars().count() > 30 {
        errors.push(crate::error::FieldError::new("name", "持证人姓名不能超过30个字符"));
    }
    if let Err(e) = captcha::check(&st.db, input.captcha_id, &input.captcha).await {
        errors.push(e);
    }
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    limited(st, ip).await?;
    let found = certificate::Entity::find().filter(certificate::Column::Number.eq(number)).one(&st.db).await?;
    match found {
        Some(c) if c.holder_name == name => answer(&st.db, actor, c).await,
        _ => Err(AppError::not_found(NOT_FOUND)),
    }
}

/// By the code of the verification link (the QR code on the certificate).
pub async fn by_code(st: &AppState, actor: &Actor, ip: &str, code: &str) -> Result<VerifiedCertificate, AppError> {
    limited(st, ip).await?;
    let code = code.trim();
    let found = match code.len() {
        1..=64 => certificate::Entity::find().filter(certificate::Column::VerifyCode.eq(code)).one(&st.db).await?,
        _ => None,
    };
    match found {
        Some(c) => answer(&st.db, actor, c).await,
        None => Err(AppError::not_found("未查询到该证书，请核对验证链接")),
    }
}

/// Logs the look-up and answers with what anyone may see.
async fn answer<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    c: certificate::Model,
) -> Result<VerifiedCertificate, AppError> {
    // The holder's own look is not someone else looking.
    if !matches!(actor, Actor::Person { account } if *account == c.person_id) {
        let (kind, name) = viewer(db, actor).await?;
        certificate_lookup::ActiveModel {
            certificate_id: Set(c.id),
            at: Set(Utc::now()),
            viewer_kind: Set(kind.to_owned()),
            viewer_name: Set(name),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    // What the holder's list shows, less the link's code, with the name masked.
    let r = super::holder::rows(db, vec![c], false).await?.remove(0);
    Ok(VerifiedCertificate {
        holder_name_masked: mask::name(&r.holder_name),
        id_number_masked: r.id_number_masked,
        status: r.status,
        replaces_number: r.replaces_number,
        replaced_by_number: r.replaced_by_number,
        number: r.number,
        series: r.series,
        specialty: r.specialty,
        qualification: r.qualification,
        level: r.level,
        office_name: r.office_name,
        approval_no: r.approval_no,
        qualified_on: r.qualified_on,
        issued_at: r.issued_at,
        voided_at: r.voided_at,
        void_reason: r.void_reason,
    })
}

/// Who the holder is told looked: an office or 主管部门, a unit, or anonymous.
async fn viewer<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<(&'static str, String), AppError> {
    Ok(match actor {
        Actor::Officer { org: id, .. } => {
            ("office", org::Entity::find_by_id(*id).one(db).await?.map(|o| o.name).unwrap_or_default())
        }
        Actor::Admin { .. } => ("office", "系统管理员".to_owned()),
        Actor::Unit { account, .. } | Actor::Staff { unit: account, .. } => {
            ("unit", unit::Entity::find_by_id(*account).one(db).await?.map(|u| u.name).unwrap_or_default())
        }
        Actor::Person { .. } | Actor::Anonymous | Actor::PasswordChange { .. } => ("anonymous", String::new()),
    })
}
