//! 消息中心: what the applicant was told at each step.

use super::MessageRow;
use crate::error::AppError;
use crate::server::access::Actor;
use crate::server::entities::{declaration, message};
use crate::server::text::cn_time;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

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
