//! Fixed-window rate limits kept in the database, so every server process
//! behind a load balancer counts the same hits.

use super::entities::rate_limit;
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
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
    let cutoff = now - Duration::seconds(window_secs as i64);
    let expired = Expr::col((rate_limit::Entity, rate_limit::Column::WindowStart)).lt(cutoff);
    let row = rate_limit::ActiveModel { key: Set(key.to_owned()), window_start: Set(now), hits: Set(amount) };
    // One statement: a new or expired window restarts at `amount`, otherwise adds it.
    let model = rate_limit::Entity::insert(row)
        .on_conflict(
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
                .to_owned(),
        )
        .exec_with_returning(db)
        .await?;
    Ok(model.hits <= limit)
}

/// Minutes (rounded up) until `until`, for messages.
pub fn minutes_left(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let secs = std::cmp::max((until - now).num_seconds(), 1);
    (secs + 59) / 60
}
