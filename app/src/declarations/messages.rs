//! 消息中心: what the applicant was told at each step.

use super::{MessageRow, UnitMessageRow};
use crate::error::AppError;
use crate::server::access::Actor;
use crate::server::entities::{declaration, message, unit_message};
use crate::server::text::cn_time;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

pub async fn list<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<MessageRow>, AppError> {
    let person_id = actor.applicant()?;
    let rows = message::Entity::find()
        .filter(message::Column::PersonId.eq(person_id))
        .order_by_desc(message::Column::At)
        .order_by_desc(message::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().filter_map(|m| m.declaration_id).collect();
    let decls = declaration::Entity::find().filter(declaration::Column::Id.is_in(ids)).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|m| MessageRow {
            id: m.id,
            at: cn_time(m.at),
            declaration: m.declaration_id.and_then(|id| decls.iter().find(|d| d.id == id).map(|d| d.public_id)),
            title: m.title,
            body: m.body,
            read: m.read,
        })
        .collect())
}

pub async fn mark_read<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<(), AppError> {
    let person_id = actor.applicant()?;
    message::Entity::update_many()
        .col_expr(message::Column::Read, Expr::value(true))
        .filter(message::Column::PersonId.eq(person_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The unit's 消息中心 (for its staff): what the offices decided.
pub async fn of_unit<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<UnitMessageRow>, AppError> {
    let (_, unit) = actor.staff()?;
    let rows = unit_message::Entity::find()
        .filter(unit_message::Column::UnitId.eq(unit))
        .order_by_desc(unit_message::Column::At)
        .order_by_desc(unit_message::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().filter_map(|m| m.declaration_id).collect();
    let decls = declaration::Entity::find().filter(declaration::Column::Id.is_in(ids)).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|m| UnitMessageRow {
            id: m.id,
            at: cn_time(m.at),
            declaration: m.declaration_id.and_then(|id| decls.iter().find(|d| d.id == id).map(|d| d.public_id)),
            title: m.title,
            body: m.body,
            read: m.read,
        })
        .collect())
}

pub async fn mark_unit_read<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<(), AppError> {
    let (_, unit) = actor.staff()?;
    unit_message::Entity::update_many()
        .col_expr(unit_message::Column::Read, Expr::value(true))
        .filter(unit_message::Column::UnitId.eq(unit))
        .exec(db)
        .await?;
    Ok(())
}
