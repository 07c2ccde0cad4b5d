//! 申报查询 and 已办事项 of the offices: everything in their jurisdiction
//! (the access layer's rule), filtered and paged in the database, and the
//! same query as an Excel download.

use super::view::{self, Order, PER_PAGE};
use super::*;
use crate::error::AppError;
use crate::server::access::{self, Actor, CurrentActor};
use crate::server::entities::{declaration, operation_log, unit};
use crate::server::personal::Vault;
use crate::server::text::{cn_time, contains};
use crate::server::AppState;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

/// The offices' filters over what `actor` may see (never drafts).
pub async fn filtered<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    actor: &Actor,
    f: &OfficeFilter,
) -> Result<Condition, AppError> {
    actor.officer()?;
    use declaration::Column as D;
    // Forwarded once, never a draft again: the jurisdiction holds no drafts.
    let mut filter = access::declarations(actor)?;
    if let Some(y) = f.year {
        filter = filter.add(D::BatchYear.eq(y));
    }
    if let Some(b) = f.business {
        filter = filter.add(D::Business.eq(b.code()));
    }
    if let Some(l) = f.level {
        filter = filter.add(D::Level.eq(l.code()));
    }
    if let Some(s) = f.series_id {
        filter = filter.add(D::SeriesId.eq(s));
    }
    if let Some(s) = f.specialty_id {
        filter = filter.add(D::SpecialtyId.eq(s));
    }
    if let Some(s) = f.status {
        filter = filter.add(D::Status.eq(s.code()));
    }
    let name = f.unit.trim();
    if !name.is_empty() {
        // Units are few beside declarations: their ids first, by name.
        let ids: Vec<i64> = unit::Entity::find()
            .select_only()
            .column(unit::Column::AccountId)
            .filter(Expr::col(unit::Column::Name).like(contains(name, 50)))
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        filter = filter.add(D::UnitId.is_in(ids));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        // A whole name, or a whole 证件号码 by its keyed hash: their ids
        // first, each by its own index, so no planner walks the jurisdiction.
        let ids: Vec<i64> = declaration::Entity::find()
            .select_only()
            .column(D::Id)
            .filter(Condition::any().add(D::ApplicantName.eq(kw)).add(D::ApplicantIdHash.eq(vault.hash(kw))))
            .limit(5000)
            .into_tuple()
            .all(db)
            .await?;
        filter = filter.add(D::Id.is_in(ids));
    }
    Ok(filter)
}

/// 申报查询: everything in the caller's jurisdiction, newest first.
pub async fn search<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    actor: &Actor,
    f: OfficeFilter,
    per_page: u64,
) -> Result<Page<DeclarationRow>, AppError> {
    let filter = filtered(db, vault, actor, &f).await?;
    view::page(db, filter, Order::NewestFirst, f.page, per_page).await
}

/// 已办事项: the decisions this organisation took, newest first, each with
/// the declaration as it stands now.
pub async fn decided<C: ConnectionTrait>(db: &C, actor: &Actor, page: u64) -> Result<Page<DecidedRow>, AppError> {
    let (_, org_id, _) = actor.officer()?;
    let pager = operation_log::Entity::find()
        .filter(operation_log::Column::OperatorOrgId.eq(org_id))
        .order_by_desc(operation_log::Column::At)
        .order_by_desc(operation_log::Column::Id)
        .paginate(db, PER_PAGE);
    let total = pager.num_items().await?;
    let page = std::cmp::max(page, 1);
    let logs = pager.fetch_page(page - 1).await?;
    let ids: Vec<i64> = logs.iter().map(|l| l.declaration_id).collect();
    let rows = view::keyed_rows(db, declaration::Entity::find().filter(declaration::Column::Id.is_in(ids))).await?;
    let mut out = Vec::with_capacity(logs.len());
    for l in logs {
        let Some((_, row)) = rows.iter().find(|(id, _)| *id == l.declaration_id) else { continue };
        out.push(DecidedRow {
            declaration: row.clone(),
            at: cn_time(l.at),
            operator: l.operator_name,
            decision: l.action,
            reason: l.reason,
        });
    }
    Ok(Page { rows: out, total, page, per_page: PER_PAGE })
}

/// Rows in one export; the page narrows larger results with its filters.
const MAX_EXPORT: u64 = 20_000;

/// The query string of `/exports/declarations.xlsx`: the filter by codes.
#[derive(serde::Deserialize, Default)]
pub struct ExportQuery {
    year: Option<i32>,
    business: Option<String>,
    level: Option<String>,
    series_id: Option<i64>,
    specialty_id: Option<i64>,
    #[serde(default)]
    unit: String,
    status: Option<String>,
    #[serde(default)]
    keyword: String,
}

impl ExportQuery {
    /// The page's filter (first page: callers give their own row limit).
    pub fn filter(self) -> OfficeFilter {
        OfficeFilter {
            year: self.year,
            business: self.business.as_deref().and_then(Business::from_code),
            level: self.level.as_deref().and_then(Level::from_code),
            series_id: self.series_id,
            specialty_id: self.specialty_id,
            unit: self.unit,
            status: self.status.as_deref().and_then(Status::from_code),
            keyword: self.keyword,
            page: 1,
        }
    }
}

/// `GET /exports/declarations.xlsx?…`: 申报查询 as a workbook.
pub async fn declarations_xlsx(
    axum::extract::State(st): axum::extract::State<AppState>,
    axum::Extension(actor): axum::Extension<CurrentActor>,
    axum::extract::Query(q): axum::extract::Query<ExportQuery>,
) -> axum::response::Response {
    let page = match search(&st.db, &st.vault, &actor.0, q.filter(), MAX_EXPORT).await {
        Ok(p) => p,
        Err(e) => return super::export::error_response(e),
    };
    match super::export::declarations_workbook(&page.rows) {
        Ok(bytes) => {
            super::export::xlsx_response(bytes, "declarations.xlsx", "%E7%94%B3%E6%8A%A5%E6%9F%A5%E8%AF%A2.xlsx")
        }
        Err(e) => {
            tracing::error!(error = %e, "building the workbook failed");
            super::export::error_response(AppError::internal())
        }
    }
}
