//! The unit staff's 待办事项: the red count, the filtered list, and the
//! staff home that carries both the unit and the count.

use super::view::{self, PER_PAGE};
use super::*;
use crate::error::AppError;
use crate::server::access::{self, Actor};
use crate::server::entities::{declaration, unit};
use crate::server::personal::Vault;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

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
    let mut q = declaration::Entity::find().filter(access::declarations(actor)?);
    q = match f.status.as_str() {
        "" | "pending" => q.filter(declaration::Column::Status.is_in(awaiting())),
        // Drafts are the applicant's until sent.
        "all" => q.filter(declaration::Column::Status.ne(Status::Draft.code())),
        code => match Status::from_code(code).filter(|s| *s != Status::Draft) {
            Some(s) => q.filter(declaration::Column::Status.eq(s.code())),
            None => return Err(AppError::invalid("status", "申报状态不正确")),
        },
    };
    if let Some(y) = f.year {
        q = q.filter(declaration::Column::BatchYear.eq(y));
    }
    if let Some(b) = f.business {
        q = q.filter(declaration::Column::Business.eq(b.code()));
    }
    if let Some(l) = f.level {
        q = q.filter(declaration::Column::Level.eq(l.code()));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        q = q.filter(
            Condition::any()
                .add(Expr::col(declaration::Column::ApplicantName).like(crate::server::text::contains(kw, 30)))
                // A whole 证件号码, by its keyed hash (the number is sealed).
                .add(declaration::Column::ApplicantIdHash.eq(vault.hash(kw))),
        );
    }
    q = if f.oldest_first {
        q.order_by_asc(declaration::Column::SubmittedAt).order_by_asc(declaration::Column::Id)
    } else {
        q.order_by_desc(declaration::Column::SubmittedAt).order_by_desc(declaration::Column::Id)
    };
    view::page(db, q, f.page, PER_PAGE).await
}

/// The staff area's header: the unit and the red count, in one request.
pub async fn staff_home<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<StaffHome, AppError> {
    let (_, unit_id) = actor.staff()?;
    let u = unit::Entity::find_by_id(unit_id).one(db).await?.ok_or_else(|| AppError::not_found("单位不存在"))?;
    let open_batches = super::applicant::open_batches(db, &u).await?;
    Ok(StaffHome { unit_name: u.name, todo_count: count(db, actor).await?, open_batches })
}
