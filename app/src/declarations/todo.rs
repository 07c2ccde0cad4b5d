//! The unit staff's 待办事项: the red count, the filtered list, and the
//! staff home that carries both the unit and the count.

use super::view::{self, Order, PER_PAGE};
use super::*;
use crate::error::AppError;
use crate::server::access::{self, Actor};
use crate::server::entities::{declaration, unit};
use crate::server::personal::Vault;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// What waits for the unit.
pub fn awaiting() -> [&'static str; 2] {
    [Status::UnitReview.code(), Status::ReturnedToUnit.code()]
}

/// The red number beside 待办事项.
pub async fn count<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<u64, AppError> {
    let (_, unit_id) = actor.staff()?;
    Ok(declaration::Entity::find()
        .filter(declaration::Column::UnitId.eq(unit_id))
        .filter(declaration::Column::Status.is_in(awaiting()))
        .count(db)
        .await?)
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    actor: &Actor,
    f: TodoFilter,
) -> Result<Page<DeclarationRow>, AppError> {
    actor.staff()?;
    let mut filter = access::declarations(actor)?;
    filter = match f.status.as_str() {
        "" | "pending" => filter.add(declaration::Column::Status.is_in(awaiting())),
        // Drafts are the applicant's until sent.
        "all" => filter.add(declaration::Column::Status.ne(Status::Draft.code())),
        code => match Status::from_code(code).filter(|s| *s != Status::Draft) {
            Some(s) => filter.add(declaration::Column::Status.eq(s.code())),
            None => return Err(AppError::invalid("status", "申报状态不正确")),
        },
    };
    if let Some(y) = f.year {
        filter = filter.add(declaration::Column::BatchYear.eq(y));
    }
    if let Some(b) = f.business {
        filter = filter.add(declaration::Column::Business.eq(b.code()));
    }
    if let Some(l) = f.level {
        filter = filter.add(declaration::Column::Level.eq(l.code()));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        filter = filter.add(
            Condition::any()
                .add(Expr::col(declaration::Column::ApplicantName).like(crate::server::text::contains(kw, 30)))
                // A whole 证件号码, by its keyed hash (the number is sealed).
                .add(declaration::Column::ApplicantIdHash.eq(vault.hash(kw))),
        );
    }
    let order = if f.oldest_first { Order::OldestFirst } else { Order::NewestFirst };
    view::page(db, filter, order, f.page, PER_PAGE).await
}

/// The staff area's header: the unit and the red count, in one request.
pub async fn staff_home<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<StaffHome, AppError> {
    let (_, unit_id) = actor.staff()?;
    let u = unit::Entity::find_by_id(unit_id).one(db).await?.ok_or_else(|| AppError::not_found("单位不存在"))?;
    let open_batches = super::applicant::open_batches(db, &u).await?;
    Ok(StaffHome { unit_name: u.name, todo_count: count(db, actor).await?, open_batches })
}
