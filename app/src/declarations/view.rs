//! What pages see of declarations: list rows and the full detail, built
//! from the stored rows (never a second copy that could drift).

use super::rules::{self, Rule};
use super::transition::status_of;
use super::*;
use crate::domain::mask;
use crate::error::AppError;
use crate::server::entities::{
    batch, declaration, declaration_attachment, operation_log, org, person, qualification_rule, series, specialty,
    unit, unit_opinion, upload,
};
use crate::server::files::file_ref;
use crate::server::personal::Vault;
use crate::server::rows::InOrder;
use crate::server::text::{cn_time, today_cn};
use sea_orm::prelude::DateTimeUtc;
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType, PaginatorTrait, QueryFilter,
    QueryOrder, QueryResult, QuerySelect, Select,
};

/// How many rows a page of a declarations list holds.
pub const PER_PAGE: u64 = 20;

fn stored<T>(value: Option<T>, what: &str, d: &declaration::Model) -> Result<T, AppError> {
    value.ok_or_else(|| {
        tracing::error!(declaration = d.id, field = what, "unknown value in the database");
        AppError::internal()
    })
}

pub fn business_of(d: &declaration::Model) -> Result<Business, AppError> {
    stored(Business::from_code(&d.business), "business", d)
}

pub fn level_of(d: &declaration::Model) -> Result<Level, AppError> {
    stored(Level::from_code(&d.level), "level", d)
}

/// What a list shows of a declaration: its own short columns (never the
/// form) and the 系列, 专业 and unit names, read in one statement.
struct ListRow {
    id: i64,
    public_id: Uuid,
    version: i32,
    applicant_name: String,
    applicant_id_masked: Option<String>,
    business: String,
    level: String,
    status: String,
    batch_year: i32,
    submitted_at: Option<DateTimeUtc>,
    updated_at: DateTimeUtc,
    series_name: Option<String>,
    specialty_name: Option<String>,
    unit_name: Option<String>,
}

/// How many columns [`listed`] selects; a page's size comes after them.
const LIST_COLUMNS: usize = 14;

/// Read by position, in the order [`listed`] selects (a struct literal's
/// fields are evaluated in the order written): by name, sqlx and sea-orm
/// looked up and formatted each of a page's 280 column names, an eighth of
/// the server's time on 待办事项.
impl FromQueryResult for ListRow {
    fn from_query_result(res: &QueryResult, _pre: &str) -> Result<Self, DbErr> {
        let mut c = InOrder::from(res, 0);
        Ok(Self {
            id: c.take()?,
            public_id: c.take()?,
            version: c.take()?,
            applicant_name: c.take()?,
            applicant_id_masked: c.take()?,
            business: c.take()?,
            level: c.take()?,
            status: c.take()?,
            batch_year: c.take()?,
            submitted_at: c.take()?,
            updated_at: c.take()?,
            series_name: c.take()?,
            specialty_name: c.take()?,
            unit_name: c.take()?,
        })
    }
}

/// The list rows of `q`'s declarations, in its order.
pub async fn list_rows<C: ConnectionTrait>(
    db: &C,
    q: Select<declaration::Entity>,
) -> Result<Vec<DeclarationRow>, AppError> {
    Ok(keyed_rows(db, q).await?.into_iter().map(|(_, row)| row).collect())
}

/// [`list_rows`] with each row's database id (pages never see it).
pub async fn keyed_rows<C: ConnectionTrait>(
    db: &C,
    q: Select<declaration::Entity>,
) -> Result<Vec<(i64, DeclarationRow)>, AppError> {
    listed(q).into_model::<ListRow>().all(db).await?.into_iter().map(list_row).collect()
}

/// `q` narrowed to the list's columns, with the names joined in.
fn listed(q: Select<declaration::Entity>) -> Select<declaration::Entity> {
    use declaration::Column as D;
    q.select_only()
        .columns([
            D::Id,
            D::PublicId,
            D::Version,
            D::ApplicantName,
            D::ApplicantIdMasked,
            D::Business,
            D::Level,
            D::Status,
            D::BatchYear,
            D::SubmittedAt,
            D::UpdatedAt,
        ])
        .column_as(series::Column::Name, "series_name")
        .column_as(specialty::Column::Name, "specialty_name")
        .column_as(unit::Column::Name, "unit_name")
        .join(
            JoinType::LeftJoin,
            declaration::Entity::belongs_to(series::Entity).from(D::SeriesId).to(series::Column::Id).into(),
        )
        .join(
            JoinType::LeftJoin,
            declaration::Entity::belongs_to(specialty::Entity).from(D::SpecialtyId).to(specialty::Column::Id).into(),
        )
        .join(
            JoinType::LeftJoin,
            declaration::Entity::belongs_to(unit::Entity).from(D::UnitId).to(unit::Column::AccountId).into(),
        )
}

fn list_row(d: ListRow) -> Result<(i64, DeclarationRow), AppError> {
    let (Some(level), Some(status)) = (Level::from_code(&d.level), Status::from_code(&d.status)) else {
        tracing::error!(declaration = d.id, level = %d.level, status = %d.status, "unknown value in the database");
        return Err(AppError::internal());
    };
    let row = DeclarationRow {
        id: d.public_id,
        version: d.version,
        applicant_name: d.applicant_name,
        id_number_masked: d.applicant_id_masked.unwrap_or_default(),
        business: Business::from_code(&d.business).map(Business::label).unwrap_or("").to_owned(),
        series: series_path(d.series_name.as_deref(), d.specialty_name.as_deref()),
        level: level.label().to_owned(),
        year: d.batch_year,
        unit_name: d.unit_name.unwrap_or_default(),
        status,
        submitted_at: d.submitted_at.map(cn_time).unwrap_or_default(),
        updated_at: cn_time(d.updated_at),
    };
    Ok((d.id, row))
}

/// 系列/专业 as a list shows it. Pushed, not `format!`ed: the formatting
/// machinery cost more than the rest of a row's conversion.
fn series_path(series: Option<&str>, specialty: Option<&str>) -> String {
    let (series, specialty) = (series.unwrap_or_default(), specialty.unwrap_or_default());
    let mut path = String::with_capacity(series.len() + 1 + specialty.len());
    path.push_str(series);
    path.push('/');
    path.push_str(specialty);
    path
}

/// [`list_row`] without the database id, as pages get it.
fn shown_row(d: ListRow) -> Result<DeclarationRow, AppError> {
    list_row(d).map(|(_, row)| row)
}

/// A list row with the size of the whole list beside it.
struct CountedRow {
    row: ListRow,
    total: i64,
}

impl FromQueryResult for CountedRow {
    fn from_query_result(res: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        let row = ListRow::from_query_result(res, pre)?;
        Ok(Self { row, total: InOrder::from(res, LIST_COLUMNS).take()? })
    }
}

/// The order of a declarations list: by 提交时间, then by id, so that a
/// page boundary never falls between rows of equal time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    NewestFirst,
    OldestFirst,
}

/// Page `page` (from 1) of the declarations matching `filter`: its rows and
/// its size in one statement. The size is an uncorrelated subquery, which
/// PostgreSQL and SQLite evaluate once per statement, so a page costs one
/// round trip, not two (a list is read on every visit to 待办事项 and the
/// offices' queues).
pub async fn page<C: ConnectionTrait>(
    db: &C,
    filter: Condition,
    order: Order,
    page: u64,
    per_page: u64,
) -> Result<Page<DeclarationRow>, AppError> {
    let page = std::cmp::max(page, 1);
    let stmt = shapes::statement(db.get_database_backend(), &filter, order, true);
    let counted = CountedRow::find_by_statement(crate::paging::limited(stmt, page, per_page)).all(db).await?;
    let total = match counted.first() {
        Some(c) => u64::try_from(c.total).unwrap_or_default(),
        // Past the last page (or nothing at all): the size still has to be told.
        None if page > 1 => declaration::Entity::find().filter(filter).count(db).await?,
        None => 0,
    };
    let rows = counted.into_iter().map(|c| shown_row(c.row)).collect::<Result<_, _>>()?;
    Ok(Page { rows, total, page, per_page })
}

/// Page `page` of the declarations matching `filter` when the list's size
/// is already known (a kept counter).
pub async fn page_of<C: ConnectionTrait>(
    db: &C,
    filter: Condition,
    order: Order,
    page: u64,
    per_page: u64,
    total: u64,
) -> Result<Page<DeclarationRow>, AppError> {
    let page = std::cmp::max(page, 1);
    let stmt = shapes::statement(db.get_database_backend(), &filter, order, false);
    let stmt = crate::paging::limited(stmt, page, per_page);
    let rows = ListRow::find_by_statement(stmt).all(db).await?.into_iter().map(shown_row).collect::<Result<_, _>>()?;
    Ok(Page { rows, total, page, per_page })
}

/// A list's statement, built once per shape. Building it with sea-query
/// (every column of `declaration`, the joins, a copy of the filter for the
/// size, the SQL text) was a sixth of the server's instructions on a
/// 待办事项 list, yet it only changes with the filter's shape: which
/// conditions there are, not the values they compare with.
mod shapes {
    use super::{listed, Order};
    use crate::server::entities::declaration;
    use sea_orm::sea_query::{Condition, Expr, Query, QueryStatementBuilder};
    use sea_orm::{
        DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Statement, StatementBuilder,
    };
    use std::collections::HashMap;
    use std::sync::{Arc, LazyLock, Mutex};

    /// Shapes kept at most; when the store is full it starts again.
    const KEPT: usize = 256;

    /// A filter with more values than this is built each time, not kept:
    /// a list of ids (the offices' keyword and unit searches, up to 5,000)
    /// has a shape per length, each seen about once.
    const MOST_VALUES: usize = 32;

    #[derive(PartialEq, Eq, Hash)]
    struct Shape {
        backend: std::mem::Discriminant<DbBackend>,
        order: Order,
        counted: bool,
        /// `SELECT id FROM declaration WHERE …` with the filter's
        /// placeholders: the same text for the same conditions.
        filter_sql: String,
    }

    static BUILT: LazyLock<Mutex<HashMap<Shape, Arc<str>>>> = LazyLock::new(Default::default);

    /// The rows of `filter` in `order`, with the list's size (`counted`) as
    /// a last column; without LIMIT.
    ///
    /// The filter alone is rendered on every call: its text is the shape
    /// and its values are the statement's, in order — the size's subquery
    /// (in the select list) takes them first, the page's WHERE again after
    /// it. A test holds this to sea-query's own build of every shape.
    pub fn statement(backend: DbBackend, filter: &Condition, order: Order, counted: bool) -> Statement {
        let probe = Query::select()
            .column((declaration::Entity, declaration::Column::Id))
            .from(declaration::Entity)
            .cond_where(filter.clone())
            .to_owned();
        let probe = StatementBuilder::build(&probe, &backend);
        if probe.values.as_ref().is_some_and(|v| v.0.len() > MOST_VALUES) {
            return build(backend, filter.clone(), order, counted);
        }
        let shape = Shape { backend: std::mem::discriminant(&backend), order, counted, filter_sql: probe.sql };
        let values = probe.values.map(|v| if counted { sea_orm::Values([v.0.clone(), v.0].concat()) } else { v });
        let kept = BUILT.lock().ok().and_then(|built| built.get(&shape).cloned());
        let sql = match kept {
            Some(sql) => sql.to_string(),
            None => {
                let sql = build(backend, filter.clone(), order, counted).sql;
                if let Ok(mut built) = BUILT.lock() {
                    if built.len() >= KEPT {
                        built.clear();
                    }
                    built.insert(shape, Arc::from(sql.as_str()));
                }
                sql
            }
        };
        Statement { sql, values, db_backend: backend }
    }

    /// The statement as sea-query writes it (once per shape).
    pub(super) fn build(backend: DbBackend, filter: Condition, order: Order, counted: bool) -> Statement {
        use declaration::Column as D;
        let q = declaration::Entity::find().filter(filter);
        let q = match order {
            Order::NewestFirst => q.order_by_desc(D::SubmittedAt).order_by_desc(D::Id),
            Order::OldestFirst => q.order_by_asc(D::SubmittedAt).order_by_asc(D::Id),
        };
        if !counted {
            return listed(q).build(backend);
        }
        let mut size = q.clone().into_query();
        size.clear_selects().clear_order_by().expr(Expr::cust("COUNT(*)"));
        listed(q).expr_as(Expr::SubQuery(None, Box::new(size.into_sub_query_statement())), "total").build(backend)
    }
}

/// The qualification rules in force (the administrator edits them on 申报条件).
pub async fn qualification_rules<C: ConnectionTrait>(db: &C) -> Result<Vec<Rule>, AppError> {
    Ok(qualification_rule::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| {
            Level::from_code(&r.level).map(|level| Rule { education: r.education, level, min_years: r.min_years })
        })
        .collect())
}

/// Where a 职称认定 does not meet the configured conditions.
pub async fn warnings<C: ConnectionTrait>(
    db: &C,
    business: Business,
    level: Level,
    form: &DeclarationForm,
) -> Result<Vec<String>, AppError> {
    if business != Business::Recognition {
        return Ok(Vec::new());
    }
    let today = today_cn().format("%Y-%m-%d").to_string();
    let years = rules::years_since(&form.work_start, &today).unwrap_or(0);
    let education = rules::highest_education(form.education.iter().map(|e| e.education.as_str()));
    Ok(rules::check(&qualification_rules(db).await?, education, years, level).into_iter().collect())
}

pub fn parse_form(d: &declaration::Model) -> DeclarationForm {
    serde_json::from_str(&d.form).unwrap_or_default()
}

pub async fn opinions_of<C: ConnectionTrait>(db: &C, declaration_id: i64) -> Result<UnitOpinions, AppError> {
    let Some(o) = unit_opinion::Entity::find_by_id(declaration_id).one(db).await? else {
        return Ok(UnitOpinions::default());
    };
    fn parse<T: serde::de::DeserializeOwned>(s: &Option<String>) -> Option<T> {
        s.as_deref().and_then(|s| serde_json::from_str(s).ok())
    }
    Ok(UnitOpinions {
        recommendation: parse(&o.recommendation),
        appraisal: parse(&o.appraisal),
        publicity: parse(&o.publicity),
        committee: parse(&o.committee),
    })
}

async fn attachments_of<C: ConnectionTrait>(
    db: &C,
    declaration_id: i64,
) -> Result<Vec<crate::uploads::FileRef>, AppError> {
    let links = declaration_attachment::Entity::find()
        .filter(declaration_attachment::Column::DeclarationId.eq(declaration_id))
        .order_by_asc(declaration_attachment::Column::Sort)
        .all(db)
        .await?;
    let files = upload::Entity::find()
        .filter(upload::Column::Id.is_in(links.iter().map(|l| l.upload_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(links.iter().filter_map(|l| files.iter().find(|f| f.id == l.upload_id).map(file_ref)).collect())
}

/// Everything about one declaration, for whoever the caller checked may see it.
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    d: declaration::Model,
) -> Result<DeclarationDetail, AppError> {
    let b = batch::Entity::find_by_id(d.batch_id).one(db).await?;
    let u = unit::Entity::find_by_id(d.unit_id).one(db).await?;
    let se = series::Entity::find_by_id(d.series_id).one(db).await?;
    let sp = specialty::Entity::find_by_id(d.specialty_id).one(db).await?;
    let p = person::Entity::find_by_id(d.person_id).one(db).await?;
    let target = match d.target_org_id {
        Some(id) => org::Entity::find_by_id(id).one(db).await?.map(|o| o.name),
        None => None,
    };
    let timeline = operation_log::Entity::find()
        .filter(operation_log::Column::DeclarationId.eq(d.id))
        .order_by_asc(operation_log::Column::At)
        .order_by_asc(operation_log::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| TimelineEntry {
            at: cn_time(l.at),
            operator: l.operator_name,
            operator_org: l.operator_org,
            action: l.action,
            reason: l.reason,
            target: l.target,
        })
        .collect();
    let business = business_of(&d)?;
    let level = level_of(&d)?;
    let status = status_of(&d)?;
    let form = parse_form(&d);
    Ok(DeclarationDetail {
        id: d.public_id,
        version: d.version,
        business,
        batch_name: b.as_ref().map(|b| b.name.clone()).unwrap_or_default(),
        batch_closes_at: b.as_ref().map(|b| cn_time(b.closes_at)).unwrap_or_default(),
        year: d.batch_year,
        unit_name: u.map(|u| u.name).unwrap_or_default(),
        series: se.map(|s| s.name).unwrap_or_default(),
        specialty: sp.map(|s| s.name).unwrap_or_default(),
        level,
        status,
        applicant_name: d.applicant_name.clone(),
        id_number_masked: d.applicant_id_masked.clone().unwrap_or_default(),
        gender: p.as_ref().map(|p| p.gender.clone()).unwrap_or_default(),
        birth_date: p.as_ref().map(|p| p.birth_date.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        // Masked like the 证件号码: whole only through `identity::reveal`.
        phone: p.as_ref().map(|p| mask::phone(&vault.open(&p.phone))).unwrap_or_default(),
        email: p.as_ref().map(|p| p.email.clone()).unwrap_or_default(),
        warnings: warnings(db, business, level, &form).await?,
        form,
        commitment: d.commitment,
        attachments: attachments_of(db, d.id).await?,
        opinions: opinions_of(db, d.id).await?,
        timeline,
        target_org: target.unwrap_or_default(),
        unit_leader: d.unit_leader.clone(),
        editable: status.applicant_may_edit(),
    })
}

/// The declaration again by its key, after a change.
pub async fn reload<C: ConnectionTrait>(db: &C, vault: &Vault, id: i64) -> Result<DeclarationDetail, AppError> {
    let d = declaration::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("申报不存在或已被删除"))?;
    detail(db, vault, d).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{DbBackend, QueryTrait};

    /// [`ListRow`] reads its fields by position: they must stay in the order
    /// [`listed`] selects them, and the page's size must come right after.
    #[test]
    fn list_rows_are_read_in_the_order_they_are_selected() {
        let fields = [
            "\"declaration\".\"id\"",
            "\"declaration\".\"public_id\"",
            "\"declaration\".\"version\"",
            "\"declaration\".\"applicant_name\"",
            "\"declaration\".\"applicant_id_masked\"",
            "\"declaration\".\"business\"",
            "\"declaration\".\"level\"",
            "\"declaration\".\"status\"",
            "\"declaration\".\"batch_year\"",
            "\"declaration\".\"submitted_at\"",
            "\"declaration\".\"updated_at\"",
            "AS \"series_name\"",
            "AS \"specialty_name\"",
            "AS \"unit_name\"",
        ];
        assert_eq!(fields.len(), LIST_COLUMNS);
        let sql = listed(declaration::Entity::find()).build(DbBackend::Postgres).sql;
        let select = &sql[..sql.find(" FROM ").expect("a FROM")];
        let at: Vec<usize> =
            fields.iter().map(|f| select.find(f).unwrap_or_else(|| panic!("{f} in {select}"))).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "selected out of order: {select}");
        assert_eq!(select.matches(", ").count() + 1, LIST_COLUMNS, "{select}");
    }

    /// A list's statement from the store of shapes is the one sea-query
    /// builds for that filter, values and all: for each kind of filter the
    /// lists use, both orders, with and without the size, on both
    /// databases, built first (a new shape) and then taken again with other
    /// values of the same shape.
    #[test]
    fn a_kept_statement_is_the_one_sea_query_builds() {
        use declaration::Column as D;
        use sea_orm::sea_query::{Condition, Expr, ExprTrait};
        use sea_orm::DbBackend;
        let filters = |n: i64| {
            let staff = Condition::all().add(D::UnitId.eq(n)).add(D::SubmittedAt.is_not_null());
            vec![
                staff.clone().add(D::Status.is_in(["unit_review", "returned_to_unit"])),
                staff.clone().add(D::Status.ne("draft")).add(D::BatchYear.eq(2020 + n as i32)),
                staff.add(D::Level.eq("middle")).add(
                    Condition::any()
                        .add(Expr::col(D::ApplicantName).like(format!("%张{n}%")))
                        .add(D::ApplicantIdHash.eq(format!("hash{n}"))),
                ),
                Condition::all().add(D::CityCode.is_not_null()).add(D::Id.is_in((0..n).collect::<Vec<_>>())),
                // A unit name that matched no unit, and a keyword's ids past what is kept.
                Condition::all()
                    .add(D::UnitId.is_in(Vec::<i64>::new()))
                    .add(D::Id.is_in((0..40 + n).collect::<Vec<_>>())),
                // The 区职改办's jurisdiction: no condition at all.
                Condition::all(),
            ]
        };
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            for order in [Order::NewestFirst, Order::OldestFirst] {
                for counted in [true, false] {
                    for n in [3, 4] {
                        for filter in filters(n) {
                            let kept = shapes::statement(backend, &filter, order, counted);
                            let built = shapes::build(backend, filter, order, counted);
                            assert_eq!(kept.sql, built.sql);
                            assert_eq!(kept.values, built.values, "{}", built.sql);
                        }
                    }
                }
            }
        }
    }
}
