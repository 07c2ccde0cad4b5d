//! 操作记录: the unit's log of every step taken on its declarations.

use super::*;
use crate::error::AppError;
use crate::server::access::Actor;
use crate::server::entities::operation_log;
use crate::server::text::cn_time;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

pub async fn list<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    f: OperationFilter,
    per_page: u64,
) -> Result<Page<OperationRow>, AppError> {
    let (_, unit_id) = actor.staff()?;
    let mut q = operation_log::Entity::find().filter(operation_log::Column::UnitId.eq(unit_id));
    if let Some(y) = f.year {
        q = q.filter(operation_log::Column::BatchYear.eq(y));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        q = q.filter(
            Condition::any()
                .add(Expr::col(operation_log::Column::ApplicantName).like(crate::server::text::contains(kw, 30)))
                .add(Expr::col(operation_log::Column::Action).like(crate::server::text::contains(kw, 30))),
        );
    }
    let pager =
        q.order_by_desc(operation_log::Column::At).order_by_desc(operation_log::Column::Id).paginate(db, per_page);
    let total = pager.num_items().await?;
    let page = std::cmp::max(f.page, 1);
    let rows = pager
        .fetch_page(page - 1)
        .await?
        .into_iter()
        .map(|l| OperationRow {
            year: l.batch_year,
            at: cn_time(l.at),
            operator: l.operator_name,
            applicant: l.applicant_name,
            id_number_masked: l.applicant_id_masked,
            action: l.action,
            operator_org: l.operator_org,
            target: l.target,
            reason: l.reason,
        })
        .collect();
    Ok(Page { rows, total, page, per_page })
}
