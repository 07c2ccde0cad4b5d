//! The one way a declaration changes status: a move of the state machine
//! applied by a conditional update, with its 操作记录 row and the
//! applicant's message, all in the caller's transaction.

use super::workflow::{self, Action, Refusal, Status};
use super::Business;
use crate::error::AppError;
use crate::server::access::{self, Actor};
use crate::server::entities::{
    declaration, message, officer, operation_log, org, org_todo, person, unit, unit_message,
};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set,
};

/// Who takes a step, as the 操作记录 shows them.
#[derive(Debug, Clone)]
pub struct Operator {
    pub id: i64,
    pub name: String,
    /// The unit or office they act for; 申报人 for the applicant.
    pub org: String,
    /// The 主管部门 or 职改办 they act for: its 已办事项.
    pub org_id: Option<i64>,
}

/// One move of the state machine with what the 操作记录 keeps of it.
pub struct Step<'a> {
    pub action: Action,
    /// The version the caller saw; the move happens only if it is current.
    pub version: i32,
    pub reason: &'a str,
    /// Where a 报送 or a 主管部门's approval sends the declaration.
    pub target: String,
    /// Further columns set by the same update.
    pub extra: Vec<(declaration::Column, Expr)>,
    /// The organisation it is sent to when the move changes that (a 报送, a
    /// 主管部门's approval); otherwise it stays where it was.
    pub to_org: Option<i64>,
}

/// Counts a move in `/metrics`: called once its transaction has committed,
/// so a move that was rolled back is not counted.
pub fn committed(action: Action) {
    metrics::counter!("gxzc_transitions_total", "action" => format!("{action:?}")).increment(1);
}

/// A declaration's status as stored. An unknown value is a fault of ours,
/// logged and refused, never read as some default.
pub fn status_of(d: &declaration::Model) -> Result<Status, AppError> {
    Status::from_code(&d.status).ok_or_else(|| {
        tracing::error!(declaration = d.id, status = %d.status, "unknown declaration status in the database");
        AppError::internal()
    })
}

/// Applies one move in `txn`: the conditional update (`WHERE id AND version
/// AND status`, exactly one row), the 操作记录 row and the applicant's
/// message. Refuses a reviewer acting on their own declaration.
pub async fn apply(
    txn: &DatabaseTransaction,
    d: &declaration::Model,
    actor: &Actor,
    operator: &Operator,
    step: Step<'_>,
) -> Result<Status, AppError> {
    let Step { action, version, reason, target, extra, to_org } = step;
    let from = status_of(d)?;
    let role = actor.role().ok_or_else(AppError::unauthenticated)?;
    let to = workflow::next(from, action, role).map_err(|r| match r {
        Refusal::WrongRole => AppError::forbidden(r.message(action)),
        Refusal::WrongStatus(_) => AppError::conflict(r.message(action)),
    })?;
    if action != Action::SubmitToUnit {
        access::may_decide(actor, d)?;
    }
    if action.needs_reason() && reason.trim().is_empty() {
        return Err(AppError::invalid("reason", "请填写原因"));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "原因不能超过500个字符"));
    }
    let now = Utc::now();
    let mut update = declaration::Entity::update_many()
        .col_expr(declaration::Column::Status, Expr::value(to.code()))
        .col_expr(declaration::Column::Version, Expr::value(version + 1))
        .col_expr(declaration::Column::UpdatedAt, Expr::value(now));
    for (col, value) in extra {
        update = update.col_expr(col, value);
    }
    let done = update
        .filter(declaration::Column::Id.eq(d.id))
        .filter(declaration::Column::Version.eq(version))
        .filter(declaration::Column::Status.eq(from.code()))
        .exec(txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(changed_meanwhile(txn, d.id).await);
    }
    if let Some(org_id) = to_org {
        // A closed organisation takes nothing. Read under a share lock: it
        // waits for an organisation being closed (`admin::orgs` writes its row first)
        // and then sees it closed, so no declaration lands there meanwhile.
        // Read after the update: on SQLite a read first would start a
        // snapshot that a concurrent move makes stale, and the update would
        // then fail at once (SQLITE_BUSY_SNAPSHOT) instead of waiting.
        let mut q = org::Entity::find_by_id(org_id);
        if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
            q = q.lock_shared();
        }
        if q.one(txn).await?.is_none_or(|o| o.disabled_at.is_some()) {
            return Err(AppError::conflict("所选机构已停用，请重新选择报送的主管部门或职改办"));
        }
    }
    // 统计分析's counters follow the row as it now is.
    let now_row = declaration::Entity::find_by_id(d.id).one(txn).await?.ok_or_else(AppError::internal)?;
    super::counters::moved(txn, d, &now_row).await?;
    log(txn, d, operator, action.log_text(), reason.trim(), &target).await?;
    // The red counts: it leaves one organisation's 待办事项 and may enter another's.
    let waits = |s: Status| matches!(s, Status::DepartmentReview | Status::OfficeReview);
    let leaves = d.target_org_id.filter(|_| waits(from));
    let enters = to_org.or(d.target_org_id).filter(|_| waits(to));
    if leaves != enters {
        if let Some(org) = leaves {
            todo_add(txn, org, -1).await?;
        }
        if let Some(org) = enters {
            todo_add(txn, org, 1).await?;
        }
    }
    // One text for the applicant (您的…) and the unit (the applicant's name).
    let said = |whose: &str| {
        let business = business_label(d);
        let mut text = format!(
            "{whose}{business}申报（{}年度）：{}，当前状态为“{}”。",
            d.batch_year,
            action.log_text(),
            to.label()
        );
        if !reason.trim().is_empty() {
            text.push_str(&format!("原因：{}", reason.trim()));
        }
        text
    };
    let body = said("您的");
    message::ActiveModel {
        person_id: Set(d.person_id),
        declaration_id: Set(Some(d.id)),
        at: Set(now),
        title: Set(format!("申报状态变更：{}", to.label())),
        body: Set(body),
        read: Set(false),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // The offices' decisions reach the unit's 消息中心 too.
    if matches!(role, crate::accounts::Role::Department | crate::accounts::Role::Office) {
        let body = said(&format!("{}的", d.applicant_name));
        unit_message::ActiveModel {
            unit_id: Set(d.unit_id),
            declaration_id: Set(Some(d.id)),
            at: Set(now),
            title: Set(format!("申报状态变更：{}", to.label())),
            body: Set(body),
            read: Set(false),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(to)
}

/// Adds `delta` to what waits for `org` (its row made on first use).
async fn todo_add<C: ConnectionTrait>(db: &C, org: i64, delta: i32) -> Result<(), AppError> {
    org_todo::Entity::insert(org_todo::ActiveModel { org_id: Set(org), waiting: Set(std::cmp::max(delta, 0)) })
        .on_conflict(
            OnConflict::column(org_todo::Column::OrgId)
                .value(org_todo::Column::Waiting, Expr::col((org_todo::Entity, org_todo::Column::Waiting)).add(delta))
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Takes the declaration's version for a change that is not a move (an
/// opinion saved): `WHERE id AND version AND status IN allowed`, exactly
/// one row, so it cannot land after a move or over another reviewer's save.
pub async fn bump<C: ConnectionTrait>(
    db: &C,
    d: &declaration::Model,
    version: i32,
    allowed: &[Status],
) -> Result<(), AppError> {
    let done = declaration::Entity::update_many()
        .col_expr(declaration::Column::Version, Expr::col(declaration::Column::Version).add(1))
        .col_expr(declaration::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(declaration::Column::Id.eq(d.id))
        .filter(declaration::Column::Version.eq(version))
        .filter(declaration::Column::Status.is_in(allowed.iter().map(|s| s.code())))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(changed_meanwhile(db, d.id).await);
    }
    Ok(())
}

pub fn business_label(d: &declaration::Model) -> &'static str {
    Business::from_code(&d.business).map(Business::label).unwrap_or("")
}

/// The refusal when a conditional update touched nothing.
pub async fn changed_meanwhile<C: ConnectionTrait>(db: &C, id: i64) -> AppError {
    let now = declaration::Entity::find_by_id(id).one(db).await.ok().flatten();
    let status = now.and_then(|d| Status::from_code(&d.status)).map(Status::label).unwrap_or("未知");
    AppError::conflict(format!("该申报已被他人处理或内容已变化（当前状态：{status}），请刷新后查看最新内容"))
}

/// Appends an 操作记录 row.
pub async fn log<C: ConnectionTrait>(
    db: &C,
    d: &declaration::Model,
    operator: &Operator,
    action: &str,
    reason: &str,
    target: &str,
) -> Result<(), AppError> {
    operation_log::ActiveModel {
        declaration_id: Set(d.id),
        unit_id: Set(d.unit_id),
        batch_year: Set(d.batch_year),
        at: Set(Utc::now()),
        operator_id: Set(operator.id),
        operator_name: Set(operator.name.clone()),
        operator_org: Set(operator.org.clone()),
        applicant_name: Set(d.applicant_name.clone()),
        applicant_id_masked: Set(d.applicant_id_masked.clone().unwrap_or_default()),
        action: Set(action.to_owned()),
        reason: Set(reason.to_owned()),
        target: Set(target.to_owned()),
        operator_org_id: Set(operator.org_id),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The caller as the 操作记录 names them: their name and whom they act for.
pub async fn operator<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Operator, AppError> {
    let id = actor.signed_in()?;
    let (name, org, org_id) = match actor {
        Actor::Person { .. } => {
            (person::Entity::find_by_id(id).one(db).await?.map(|p| p.name), Some("申报人".to_owned()), None)
        }
        Actor::Staff { unit, .. } => (
            person::Entity::find_by_id(id).one(db).await?.map(|p| p.name),
            unit::Entity::find_by_id(*unit).one(db).await?.map(|u| u.name),
            None,
        ),
        Actor::Officer { org, .. } => (
            officer::Entity::find_by_id(id).one(db).await?.map(|o| o.name),
            org::Entity::find_by_id(*org).one(db).await?.map(|o| o.name),
            Some(*org),
        ),
        Actor::Admin { .. } => {
            (officer::Entity::find_by_id(id).one(db).await?.map(|o| o.name), Some("系统管理员".into()), None)
        }
        Actor::Unit { .. } | Actor::Anonymous | Actor::PasswordChange { .. } => {
            return Err(AppError::forbidden("无权办理该申报"))
        }
    };
    Ok(Operator { id, name: name.unwrap_or_default(), org: org.unwrap_or_default(), org_id })
}
