//! Periodic work that must run once across every server process on one
//! database, not once per process. Each job has a lease row; a process runs
//! the job only when its conditional update takes the lease, which one
//! process at most can win while the lease lasts (SQLite and PostgreSQL alike).

use super::entities::job_lease;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, Set, Statement};
use std::sync::OnceLock;

/// This process, as the lease table names it: host, process id and a
/// random tail (a restarted process with the same pid is another holder).
pub fn process_name() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let host = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_owned()).unwrap_or_default();
        let tail = uuid::Uuid::new_v4().simple().to_string();
        format!("{host}:{}:{}", std::process::id(), &tail[..8])
    })
}

/// The time every process agrees on: PostgreSQL's clock when several
/// processes share it (the machines' own clocks may differ), this
/// process's on SQLite (one process only).
pub async fn db_now<C: ConnectionTrait>(db: &C) -> Result<DateTime<Utc>, DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(Utc::now());
    }
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, "SELECT now()"))
        .await?
        .ok_or_else(|| DbErr::Custom("now() returned no row".into()))?;
    row.try_get_by_index::<DateTime<Utc>>(0)
}

/// Takes the lease of `job` for `hold` if nobody holds it at `now` (from
/// [`db_now`]); true when this caller won and should run the job. A run
/// longer than `hold` may overlap the next one: housekeeping only deletes
/// what has expired, so an overlap repeats no work that matters.
pub async fn try_lease<C: ConnectionTrait>(
    db: &C,
    job: &str,
    holder: &str,
    hold: Duration,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let first = job_lease::ActiveModel {
        name: Set(job.to_owned()),
        holder: Set(String::new()),
        until: Set(DateTime::<Utc>::UNIX_EPOCH),
        runs: Set(0),
    };
    job_lease::Entity::insert(first).on_conflict_do_nothing_on([job_lease::Column::Name]).exec(db).await?;
    let taken = job_lease::Entity::update_many()
        .col_expr(job_lease::Column::Holder, Expr::value(holder))
        .col_expr(job_lease::Column::Until, Expr::value(now + hold))
        .col_expr(job_lease::Column::Runs, Expr::col(job_lease::Column::Runs).add(1))
        .filter(job_lease::Column::Name.eq(job))
        .filter(job_lease::Column::Until.lte(now))
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// How long a periodic job's lease lasts: a little less than its period,
/// so the holder's next tick (a few milliseconds late) finds it free.
pub fn hold_for(period_secs: u64) -> Duration {
    let ms = (Ord::max(period_secs, 1) * 1000) as i64;
    Duration::milliseconds(ms * 9 / 10)
}
