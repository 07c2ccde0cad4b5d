//! Fixed-window rate limits kept in the database, so every server process
//! behind a load balancer counts the same hits.

use super::entities::rate_limit;
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, InsertStatement, OnConflict, Query, SelectStatement};
use sea_orm::{ConnectionTrait, EntityTrait, Set};

/// Counts one hit on `key`; `Ok(false)` when the window's limit is exceeded.
pub async fn hit<C: ConnectionTrait>(
    db: &C,
    key: &str,
    limit: i32,
    window_secs: u64,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    add(db, key, 1, limit, window_secs, now).await
}

/// Counts one hit on each `(key, limit)` in one statement (one commit, not
/// one per key); for each, whether its window's limit still holds. Every key
/// is counted, even when an earlier one is over its limit. The keys must
/// differ; rows are locked in the order given, so callers name shared keys
/// in the same order.
pub async fn hit_each<C: ConnectionTrait, const N: usize>(
    db: &C,
    keys: [(&str, i32); N],
    window_secs: u64,
    now: DateTime<Utc>,
) -> Result<[bool; N], AppError> {
    count(db, 1, keys, window_secs, now).await
}

/// Counts `amount` (bytes, say) on `key`; `Ok(false)` when the window's
/// total would exceed `limit`.
pub async fn add<C: ConnectionTrait>(
    db: &C,
    key: &str,
    amount: i32,
    limit: i32,
    window_secs: u64,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let [within] = count(db, amount, [(key, limit)], window_secs, now).await?;
    Ok(within)
}

/// Every counter goes through here: `amount` on each key, one upsert.
async fn count<C: ConnectionTrait, const N: usize>(
    db: &C,
    amount: i32,
    keys: [(&str, i32); N],
    window_secs: u64,
    now: DateTime<Utc>,
) -> Result<[bool; N], AppError> {
    let rows = keys.map(|(key, _)| rate_limit::ActiveModel {
        key: Set(key.to_owned()),
        window_start: Set(now),
        hits: Set(amount),
    });
    let counted = rate_limit::Entity::insert_many(rows)
        .on_conflict(count_into_window(amount, window_secs, now))
        .exec_with_returning(db)
        .await?;
    // A key missing from the answer cannot happen; it would refuse, not pass.
    Ok(keys.map(|(key, limit)| counted.iter().any(|m| m.key == key && m.hits <= limit)))
}

/// The same count as part of a bigger statement (PostgreSQL's writable
/// `WITH`): one hit of `amount` for each `(key, window_start, hits)` row that
/// `rows` selects, answering `key` and `hits`. Callers fold a rate limit into
/// the write it guards, and so spare a statement and a commit.
pub fn count_rows(
    rows: SelectStatement,
    amount: i32,
    window_secs: u64,
    now: DateTime<Utc>,
) -> Result<InsertStatement, AppError> {
    use rate_limit::Column as C;
    let mut insert = Query::insert();
    insert.into_table(rate_limit::Entity).columns([C::Key, C::WindowStart, C::Hits]);
    // Fails only when `rows` does not select three columns (a caller's mistake).
    insert.select_from(rows).map_err(|e| {
        tracing::error!(error = %e, "rate-limit rows must select key, window start and hits");
        AppError::internal()
    })?;
    insert
        .on_conflict(count_into_window(amount, window_secs, now))
        .returning(Query::returning().columns([C::Key, C::Hits]));
    Ok(insert)
}

/// The upsert that makes a hit one statement: a new or expired window
/// restarts at `amount`, otherwise adds it.
fn count_into_window(amount: i32, window_secs: u64, now: DateTime<Utc>) -> OnConflict {
    let cutoff = now - Duration::seconds(window_secs as i64);
    let expired = Expr::col((rate_limit::Entity, rate_limit::Column::WindowStart)).lt(cutoff);
    OnConflict::column(rate_limit::Column::Key)
        .value(
            rate_limit::Column::Hits,
            Expr::case(expired.clone(), amount)
                .finally(Expr::col((rate_limit::Entity, rate_limit::Column::Hits)).add(amount)),
        )
        .value(
            rate_limit::Column::WindowStart,
            Expr::case(expired, now).finally(Expr::col((rate_limit::Entity, rate_limit::Column::WindowStart))),
        )
        .to_owned()
}

/// Minutes (rounded up) until `until`, for messages.
pub fn minutes_left(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let secs = std::cmp::max((until - now).num_seconds(), 1);
    (secs + 59) / 60
}
