//! One store for the one-time codes of both 忘记密码 flows. A flow is a
//! random token; its code is kept only as a MAC under the server's key;
//! every try takes an attempt in one conditional update before it is
//! checked, so parallel guesses get no more tries than sequential ones; a
//! flow is deleted when used (only one request can delete it) and swept
//! when expired, with the messages that carried its code.

use super::entities::{outbox, recovery_code};
use super::secrets::Secrets;
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

/// Which 忘记密码.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Person,
    Unit,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Unit => "unit",
        }
    }
}

/// Which counter a try takes from.
#[derive(Debug, Clone, Copy)]
pub enum Tries {
    /// The unit flow's 身份证号 of the chosen staff member.
    IdNumber,
    Code,
}

/// Tries allowed per flow, for each counter (the code's across resends).
pub const MAX_TRIES: i32 = 5;

pub const EXPIRED: &str = "找回密码流程已失效，请从第一步重新开始";

/// Opens a flow for `account` (None: the typed account does not exist, the
/// flow looks the same) that lives `minutes`.
pub async fn open<C: ConnectionTrait>(
    db: &C,
    kind: Kind,
    account: Option<i64>,
    minutes: i64,
) -> Result<Uuid, AppError> {
    let now = Utc::now();
    let id = Uuid::new_v4();
    recovery_code::ActiveModel {
        id: Set(id),
        kind: Set(kind.code().to_owned()),
        account_id: Set(account),
        staff_link_id: Set(None),
        code_mac: Set(None),
        code_expires_at: Set(None),
        id_attempts: Set(0),
        code_attempts: Set(0),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(minutes)),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// A live flow of this kind, or the message that sends the user back to step 1.
pub async fn live<C: ConnectionTrait>(db: &C, kind: Kind, token: Uuid) -> Result<recovery_code::Model, AppError> {
    match recovery_code::Entity::find_by_id(token).one(db).await? {
        Some(f) if f.kind == kind.code() && f.expires_at > Utc::now() => Ok(f),
        _ => Err(AppError::invalid("", EXPIRED)),
    }
}

/// A new six-digit code for the flow (and the staff link it goes to), valid
/// `minutes`; only its MAC is stored. Returns the code to send.
pub async fn issue<C: ConnectionTrait>(
    db: &C,
    secrets: &Secrets,
    token: Uuid,
    staff_link: Option<i64>,
    minutes: i64,
) -> Result<(String, DateTime<Utc>), AppError> {
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    let expires = Utc::now() + Duration::minutes(minutes);
    recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::CodeMac, Expr::value(Some(secrets.mac(&[&token.to_string(), &code]))))
        .col_expr(recovery_code::Column::CodeExpiresAt, Expr::value(Some(expires)))
        .col_expr(recovery_code::Column::StaffLinkId, Expr::value(staff_link))
        .filter(recovery_code::Column::Id.eq(token))
        .exec(db)
        .await?;
    Ok((code, expires))
}

/// Takes one try before anything is checked; `Ok(tries left after this
/// one)`, or `Err` when none was left. One statement: concurrent tries each
/// take their own.
pub async fn take_try<C: ConnectionTrait>(db: &C, token: Uuid, tries: Tries) -> Result<i32, AppError> {
    let col = match tries {
        Tries::IdNumber => recovery_code::Column::IdAttempts,
        Tries::Code => recovery_code::Column::CodeAttempts,
    };
    let rows = recovery_code::Entity::update_many()
        .col_expr(col, Expr::col(col).add(1))
        .filter(recovery_code::Column::Id.eq(token))
        .filter(col.lt(MAX_TRIES))
        .exec_with_returning(db)
        .await?;
    match rows.first() {
        Some(f) => Ok(MAX_TRIES - if matches!(tries, Tries::IdNumber) { f.id_attempts } else { f.code_attempts }),
        None => Err(AppError::too_many(match tries {
            Tries::IdNumber => "身份证号输入错误次数过多，请从第一步重新开始",
            Tries::Code => "验证码错误次数过多，请从第一步重新开始",
        })),
    }
}

/// Whether `code` is the flow's current code (constant-time).
pub fn matches(secrets: &Secrets, flow: &recovery_code::Model, code: &str) -> bool {
    flow.code_mac.as_deref().is_some_and(|mac| secrets.verify(&[&flow.id.to_string(), code.trim()], mac))
}

/// Uses the flow up: of concurrent requests only one deletes it (`true`).
/// The messages that carried its code go with it.
pub async fn spend<C: ConnectionTrait>(db: &C, token: Uuid) -> Result<bool, AppError> {
    let gone = recovery_code::Entity::delete_by_id(token).exec(db).await?.rows_affected == 1;
    if gone {
        outbox::Entity::delete_many().filter(outbox::Column::RefId.eq(token)).exec(db).await?;
    }
    Ok(gone)
}

/// Housekeeping: expired flows, and messages whose content no longer matters.
pub async fn sweep<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    let flows = recovery_code::Entity::delete_many().filter(recovery_code::Column::ExpiresAt.lte(now)).exec(db).await?;
    outbox::Entity::delete_many().filter(outbox::Column::PurgeAfter.lte(now)).exec(db).await?;
    Ok(flows.rows_affected)
}
