//! 登录日志 and 操作日志 for the administrator: filtered and paged in the
//! database, and the same queries as Excel. Read only: the logs are
//! appended by the actions themselves and pruned only by housekeeping
//! after the configured retention (at least 180 days).

use super::{AuditLogRow, LogFilter, LoginLogRow, CHANNELS};
use crate::error::{AppError, FieldError};
use crate::paging::Page;
use crate::server::access::{self, Actor};
use crate::server::entities::{audit_log, login_log, officer, operation_log, person, unit};
use crate::server::text::{cn_time, contains, day_end_cn, day_start_cn};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use std::collections::HashMap;

pub const PER_PAGE: u64 = 20;
/// Rows in one Excel download; the filters narrow larger ranges.
pub const MAX_EXPORT: u64 = 20_000;

/// The day range as instants: from the first second of `from` to the last of `to`.
/// The first and last instants a filter's days allow (`None`: open).
type Span = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// `q` limited to the rows whose `at` is within `span`.
fn within<E: EntityTrait>(mut q: Select<E>, at: impl ColumnTrait, span: Span) -> Select<E> {
    if let Some(t) = span.0 {
        q = q.filter(at.gte(t));
    }
    if let Some(t) = span.1 {
        q = q.filter(at.lte(t));
    }
    q
}

fn range(f: &LogFilter) -> Result<Span, AppError> {
    let day = |s: &str, field: &str, label: &str| -> Result<Option<NaiveDate>, AppError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::invalid(field, format!("{label}格式应为 YYYY-MM-DD")))
    };
    let (from, to) = (day(&f.from, "from", "开始日期")?, day(&f.to, "to", "结束日期")?);
    if let (Some(a), Some(b)) = (from, to) {
        if b < a {
            return Err(AppError::fields(vec![FieldError::new("to", "结束日期不能早于开始日期")]));
        }
    }
    Ok((from.map(day_start_cn), to.map(day_end_cn)))
}

/// The account a 登录名 (officer), a unit's credit code or a person's
/// 证件号码 or phone names, if any.
async fn account_named<C: ConnectionTrait>(
    db: &C,
    vault: &crate::server::personal::Vault,
    typed: &str,
) -> Result<Option<i64>, AppError> {
    let typed = typed.trim();
    if let Some(o) = officer::Entity::find().filter(officer::Column::Username.eq(typed)).one(db).await? {
        return Ok(Some(o.account_id));
    }
    let upper = typed.to_ascii_uppercase();
    if let Some(u) = unit::Entity::find().filter(unit::Column::CreditCode.eq(&upper)).one(db).await? {
        return Ok(Some(u.account_id));
    }
    let by = Condition::any()
        .add(person::Column::IdNumberHash.eq(vault.hash(&upper)))
        .add(person::Column::PhoneHash.eq(vault.hash(typed)));
    Ok(person::Entity::find().filter(by).one(db).await?.map(|p| p.account_id))
}

fn page_of(f: &LogFilter) -> u64 {
    f.page.clamp(1, 1_000_000)
}

/// 登录日志, newest first.
pub async fn logins<C: ConnectionTrait>(
    db: &C,
    vault: &crate::server::personal::Vault,
    actor: &Actor,
    f: &LogFilter,
    per_page: u64,
) -> Result<Page<LoginLogRow>, AppError> {
    access::admin(actor)?;
    use login_log::Column as L;
    let mut q = within(login_log::Entity::find(), L::At, range(f)?);
    let kw = f.account.trim();
    if !kw.is_empty() {
        // The account itself when the name is known, and the masked text as typed.
        let mut who = Condition::any().add(Expr::col(L::Account).like(contains(kw, 40)));
        if let Some(id) = account_named(db, vault, kw).await? {
            who = who.add(L::AccountId.eq(id));
        }
        q = q.filter(who);
    }
    match f.kind.as_str() {
        "" => {}
        k if CHANNELS.iter().any(|(c, _)| *c == k) => q = q.filter(L::Channel.eq(k)),
        _ => return Err(AppError::invalid("kind", "登录方式不正确")),
    }
    match f.result.as_str() {
        "" => {}
        "success" => q = q.filter(L::Success.eq(true)),
        "failure" => q = q.filter(L::Success.eq(false)),
        _ => return Err(AppError::invalid("result", "登录结果不正确")),
    }
    let pager = q.order_by_desc(L::At).order_by_desc(L::Id).paginate(db, per_page);
    let total = pager.num_items().await?;
    let page = page_of(f);
    let rows = pager.fetch_page(page - 1).await?;
    let label = |c: &str| CHANNELS.iter().find(|(code, _)| *code == c).map(|(_, l)| *l).unwrap_or("其他");
    let rows = rows
        .into_iter()
        .map(|r| LoginLogRow {
            at: cn_time(r.at),
            channel: label(&r.channel).into(),
            account: r.account,
            ip: r.ip,
            success: r.success,
            reason: r.reason,
        })
        .collect();
    Ok(Page { rows, total, page, per_page })
}

/// The kinds of 操作日志 written so far (the filter's choices): of the
/// administrative log, or (`transitions`) the moves of declarations.
pub async fn actions<C: ConnectionTrait>(db: &C, actor: &Actor, transitions: bool) -> Result<Vec<String>, AppError> {
    access::admin(actor)?;
    if transitions {
        return Ok(crate::declarations::Action::KINDS.iter().map(|a| a.log_text().to_owned()).collect());
    }
    Ok(audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Action)
        .distinct()
        .order_by_asc(audit_log::Column::Action)
        .into_tuple()
        .all(db)
        .await?)
}

/// 操作日志, newest first: the administrative and security log, or (source
/// `transitions`) the moves of declarations.
pub async fn audits<C: ConnectionTrait>(
    db: &C,
    vault: &crate::server::personal::Vault,
    actor: &Actor,
    f: &LogFilter,
    per_page: u64,
) -> Result<Page<AuditLogRow>, AppError> {
    access::admin(actor)?;
    match f.source.as_str() {
        "" => {}
        "transitions" => return transitions(db, vault, actor, f, per_page).await,
        _ => return Err(AppError::invalid("source", "日志来源不正确")),
    }
    use audit_log::Column as A;
    let mut q = within(audit_log::Entity::find(), A::At, range(f)?);
    let kw = f.account.trim();
    if !kw.is_empty() {
        // Someone nobody is called finds nothing (not everything).
        q = q.filter(A::ActorAccountId.eq(account_named(db, vault, kw).await?.unwrap_or(-1)));
    }
    if !f.kind.trim().is_empty() {
        q = q.filter(A::Action.eq(f.kind.trim()));
    }
    let pager = q.order_by_desc(A::At).order_by_desc(A::Id).paginate(db, per_page);
    let total = pager.num_items().await?;
    let page = page_of(f);
    let rows = pager.fetch_page(page - 1).await?;
    let names = actor_names(db, rows.iter().filter_map(|r| r.actor_account_id).collect()).await?;
    let rows = rows
        .into_iter()
        .map(|r| AuditLogRow {
            at: cn_time(r.at),
            actor: r.actor_account_id.and_then(|id| names.get(&id).cloned()).unwrap_or_else(|| "匿名".into()),
            action: r.action,
            target: r.target,
            ip: r.ip,
            detail: r.detail,
        })
        .collect();
    Ok(Page { rows, total, page, per_page })
}

/// 操作日志's 申报流转: every move of every declaration (its 操作记录 rows),
/// newest first, with the same filters (the account is the operator's).
pub async fn transitions<C: ConnectionTrait>(
    db: &C,
    vault: &crate::server::personal::Vault,
    actor: &Actor,
    f: &LogFilter,
    per_page: u64,
) -> Result<Page<AuditLogRow>, AppError> {
    access::admin(actor)?;
    use operation_log::Column as O;
    let mut q = within(operation_log::Entity::find(), O::At, range(f)?);
    let kw = f.account.trim();
    if !kw.is_empty() {
        q = q.filter(O::OperatorId.eq(account_named(db, vault, kw).await?.unwrap_or(-1)));
    }
    if !f.kind.trim().is_empty() {
        q = q.filter(O::Action.eq(f.kind.trim()));
    }
    let pager = q.order_by_desc(O::At).order_by_desc(O::Id).paginate(db, per_page);
    let total = pager.num_items().await?;
    let page = page_of(f);
    let rows = pager
        .fetch_page(page - 1)
        .await?
        .into_iter()
        .map(|r| {
            let mut detail = Vec::new();
            if !r.target.is_empty() {
                detail.push(format!("报送至：{}", r.target));
            }
            if !r.reason.is_empty() {
                detail.push(format!("原因：{}", r.reason));
            }
            AuditLogRow {
                at: cn_time(r.at),
                actor: format!("{}（{}）", r.operator_name, r.operator_org),
                action: r.action,
                target: format!("{}年度申报：{}（{}）", r.batch_year, r.applicant_name, r.applicant_id_masked),
                ip: String::new(),
                detail: detail.join("；"),
            }
        })
        .collect();
    Ok(Page { rows, total, page, per_page })
}

/// Display names of accounts: an officer's 登录名 and name, a unit's name,
/// a person's name.
async fn actor_names<C: ConnectionTrait>(db: &C, ids: Vec<i64>) -> Result<HashMap<i64, String>, AppError> {
    let mut out = HashMap::new();
    for o in officer::Entity::find().filter(officer::Column::AccountId.is_in(ids.clone())).all(db).await? {
        out.insert(o.account_id, format!("{}（{}）", o.name, o.username));
    }
    for u in unit::Entity::find().filter(unit::Column::AccountId.is_in(ids.clone())).all(db).await? {
        out.insert(u.account_id, u.name);
    }
    for p in person::Entity::find().filter(person::Column::AccountId.is_in(ids)).all(db).await? {
        out.insert(p.account_id, p.name);
    }
    Ok(out)
}

// ------------------------------------------------------------------ Excel

/// `GET /exports/login-log.xlsx?from=&to=&account=&kind=&result=`
pub async fn login_log_xlsx(
    axum::extract::State(st): axum::extract::State<crate::server::AppState>,
    axum::Extension(actor): axum::Extension<access::CurrentActor>,
    axum::extract::Query(f): axum::extract::Query<LogFilter>,
) -> axum::response::Response {
    use crate::declarations::export::{error_response, xlsx_response};
    let page = match logins(&st.db, &st.vault, &actor.0, &LogFilter { page: 1, ..f }, MAX_EXPORT).await {
        Ok(p) => p,
        Err(e) => return error_response(e),
    };
    let rows: Vec<Vec<String>> = page
        .rows
        .into_iter()
        .map(|r| vec![r.at, r.channel, r.account, r.ip, if r.success { "成功" } else { "失败" }.into(), r.reason])
        .collect();
    match sheet("登录日志", &["登录时间", "登录方式", "账号", "IP地址", "结果", "说明"], &rows) {
        Ok(bytes) => xlsx_response(bytes, "login-log.xlsx", "%E7%99%BB%E5%BD%95%E6%97%A5%E5%BF%97.xlsx"),
        Err(e) => {
            tracing::error!(error = %e, "building the workbook failed");
            error_response(AppError::internal())
        }
    }
}

/// `GET /exports/audit-log.xlsx?from=&to=&account=&kind=`
pub async fn audit_log_xlsx(
    axum::extract::State(st): axum::extract::State<crate::server::AppState>,
    axum::Extension(actor): axum::Extension<access::CurrentActor>,
    axum::extract::Query(f): axum::extract::Query<LogFilter>,
) -> axum::response::Response {
    use crate::declarations::export::{error_response, xlsx_response};
    let page = match audits(&st.db, &st.vault, &actor.0, &LogFilter { page: 1, ..f }, MAX_EXPORT).await {
        Ok(p) => p,
        Err(e) => return error_response(e),
    };
    let rows: Vec<Vec<String>> =
        page.rows.into_iter().map(|r| vec![r.at, r.actor, r.action, r.target, r.ip, r.detail]).collect();
    match sheet("操作日志", &["操作时间", "操作人", "操作", "对象", "IP地址", "详情"], &rows) {
        Ok(bytes) => xlsx_response(bytes, "audit-log.xlsx", "%E6%93%8D%E4%BD%9C%E6%97%A5%E5%BF%97.xlsx"),
        Err(e) => {
            tracing::error!(error = %e, "building the workbook failed");
            error_response(AppError::internal())
        }
    }
}

/// One sheet of text rows under bold titles.
fn sheet(name: &str, titles: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
        sheet.set_column_width(col as u16, 20)?;
    }
    for (i, row) in rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            sheet.write_string(i as u32 + 1, col as u16, cell)?;
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_range_is_whole_china_days_in_order() {
        let f = LogFilter { from: "2026-11-01".into(), to: "2026-11-30".into(), ..Default::default() };
        let (a, b) = range(&f).unwrap();
        assert_eq!(a.unwrap().to_rfc3339(), "2026-10-31T16:00:00+00:00");
        assert_eq!(b.unwrap().to_rfc3339(), "2026-11-30T15:59:59+00:00");
        let f = LogFilter { from: "2026-11-30".into(), to: "2026-11-01".into(), ..Default::default() };
        assert_eq!(range(&f).unwrap_err().field("to").as_deref(), Some("结束日期不能早于开始日期"));
        let f = LogFilter { from: "11/01/2026".into(), ..Default::default() };
        assert!(range(&f).unwrap_err().field("from").is_some());
        assert_eq!(range(&LogFilter::default()).unwrap(), (None, None));
    }
}
