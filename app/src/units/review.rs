//! The 职改办's review of unit registrations (审核通过 / 退回修改).

use super::profile::{change_view, licence_of};
use super::{UnitChangeRow, UnitReviewRow, UnitStatus};
use crate::domain::region;
use crate::error::AppError;
use crate::paging::Page;
use crate::server::access::{self, Actor};
use crate::server::audit;
use crate::server::entities::{account, unit, unit_change};
use crate::server::text::cn_time;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

/// The registrations the caller reviews (a 市职改办: its city; the 区职改办
/// and the administrator: all).
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    status: Option<UnitStatus>,
    page: u64,
) -> Result<Page<UnitReviewRow>, AppError> {
    let per_page = 20;
    let mut q = unit::Entity::find().filter(access::unit_registrations(actor)?).order_by_asc(unit::Column::CreatedAt);
    if let Some(status) = status {
        q = q.filter(unit::Column::Status.eq(status.code()));
    }
    let pager = q.paginate(db, per_page);
    let total = pager.num_items().await?;
    let page = std::cmp::max(page, 1);
    let units = pager.fetch_page(page - 1).await?;
    let ids: Vec<i64> = units.iter().map(|u| u.account_id).collect();
    let accounts = account::Entity::find().filter(account::Column::Id.is_in(ids)).all(db).await?;
    let mut rows = Vec::with_capacity(units.len());
    for u in units {
        let licence = licence_of(db, &u).await?;
        let Some(acc) = accounts.iter().find(|a| a.id == u.account_id) else { continue };
        rows.push(UnitReviewRow {
            id: acc.public_id,
            credit_code: u.credit_code,
            name: u.name,
            kind: u.kind,
            region_name: region::name_of(&u.region_code).unwrap_or_default(),
            legal_rep: u.legal_rep,
            status: UnitStatus::stored(&u.status),
            review_note: u.review_note,
            registered_at: cn_time(u.created_at),
            licence,
        });
    }
    Ok(Page { rows, total, page, per_page })
}

/// 审核通过 or 退回修改 (with the reason) of a 待审核 registration.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    id: uuid::Uuid,
    approve: bool,
    note: &str,
) -> Result<(), AppError> {
    let scope = access::unit_registrations(actor)?;
    let officer_id = actor.signed_in()?;
    let u = unit::by_public_id(db, id).await?.ok_or_else(|| AppError::not_found("单位不存在"))?;
    if unit::Entity::find_by_id(u.account_id).filter(scope).one(db).await?.is_none() {
        return Err(AppError::forbidden("该单位不属于本职改办审核范围"));
    }
    let note = note.trim();
    if !approve && note.is_empty() {
        return Err(AppError::invalid("note", "请填写退回原因"));
    }
    if note.chars().count() > 500 {
        return Err(AppError::invalid("note", "退回原因不能超过500个字符"));
    }
    let (to, from) =
        if approve { (UnitStatus::Approved, UnitStatus::Pending) } else { (UnitStatus::Returned, UnitStatus::Pending) };
    // Only a pending registration moves; a second reviewer acting at the same
    // time finds it changed and is told so.
    let done = unit::Entity::update_many()
        .col_expr(unit::Column::Status, Expr::value(to.code()))
        .col_expr(unit::Column::ReviewNote, Expr::value(note.to_owned()))
        .col_expr(unit::Column::ReviewedBy, Expr::value(Some(officer_id)))
        .col_expr(unit::Column::ReviewedAt, Expr::value(Some(Utc::now())))
        .filter(unit::Column::AccountId.eq(u.account_id))
        .filter(unit::Column::Status.eq(from.code()))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::conflict("该单位的注册状态已变化（可能已被他人审核），请刷新后查看"));
    }
    let action = if approve { "单位注册审核通过" } else { "单位注册退回修改" };
    audit::record(db, Some(officer_id), action, &format!("unit:{}", u.account_id), ip, note).await;
    Ok(())
}

/// Changes of approved units' name, 单位所在地, 单位类型 or licence waiting
/// for the caller (the office of the unit's current city, the 区职改办, the
/// administrator).
pub async fn changes(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<UnitChangeRow>, AppError> {
    let scope = access::unit_registrations(actor)?;
    let units = unit::Entity::find().filter(scope).all(db).await?;
    let pending = unit_change::Entity::find()
        .filter(unit_change::Column::Status.eq("pending"))
        .filter(unit_change::Column::UnitId.is_in(units.iter().map(|u| u.account_id).collect::<Vec<_>>()))
        .order_by_asc(unit_change::Column::Id)
        .all(db)
        .await?;
    let mut rows = Vec::with_capacity(pending.len());
    for c in pending {
        let Some(u) = units.iter().find(|u| u.account_id == c.unit_id) else { continue };
        rows.push(UnitChangeRow {
            current_name: u.name.clone(),
            current_region_name: region::name_of(&u.region_code).unwrap_or_default(),
            current_kind: u.kind.clone(),
            credit_code: u.credit_code.clone(),
            change: change_view(db, c).await?,
        });
    }
    Ok(rows)
}

/// 审核通过 (the new values take effect; a new name is in 更名记录) or
/// 退回 (with the reason; the old values stay).
pub async fn decide_change(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    id: uuid::Uuid,
    approve: bool,
    note: &str,
) -> Result<(), AppError> {
    let scope = access::unit_registrations(actor)?;
    let officer_id = actor.signed_in()?;
    let c = unit_change::Entity::find()
        .filter(unit_change::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("该变更申请不存在"))?;
    let Some(u) = unit::Entity::find_by_id(c.unit_id).filter(scope).one(db).await? else {
        return Err(AppError::forbidden("该单位不属于本职改办审核范围"));
    };
    let note = note.trim().to_owned();
    if !approve && note.is_empty() {
        return Err(AppError::invalid("note", "请填写退回原因"));
    }
    if note.chars().count() > 500 {
        return Err(AppError::invalid("note", "退回原因不能超过500个字符"));
    }
    let ip = ip.to_owned();
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            // Only a pending change moves: of two reviewers one wins.
            let done = unit_change::Entity::update_many()
                .col_expr(unit_change::Column::Status, Expr::value(if approve { "approved" } else { "returned" }))
                .col_expr(unit_change::Column::Note, Expr::value(note.clone()))
                .col_expr(unit_change::Column::DecidedBy, Expr::value(Some(officer_id)))
                .col_expr(unit_change::Column::DecidedAt, Expr::value(Some(Utc::now())))
                .filter(unit_change::Column::Id.eq(c.id))
                .filter(unit_change::Column::Status.eq("pending"))
                .exec(txn)
                .await?;
            if done.rows_affected != 1 {
                return Err(AppError::conflict("该变更申请已被处理，请刷新后查看"));
            }
            if approve {
                if u.name != c.name {
                    super::profile::rename(txn, &u, &c.name, "职改办审核通过").await?;
                }
                let mut am: unit::ActiveModel = u.clone().into();
                am.name = Set(c.name.clone());
                am.region_code = Set(c.region_code.clone());
                am.city_code = Set(c.city_code.clone());
                am.kind = Set(c.kind.clone());
                if let Some(licence) = c.licence_id {
                    am.licence_id = Set(Some(licence));
                }
                am.updated_at = Set(Utc::now());
                am.update(txn).await?;
            }
            let action = if approve { "单位信息变更审核通过" } else { "单位信息变更退回" };
            audit::record(txn, Some(officer_id), action, &format!("unit:{}", u.account_id), &ip, &note).await;
            Ok(())
        })
    })
    .await?;
    Ok(())
}
