//! Periodic clean-up of rows that only matter until they expire.

use super::entities::{audit_log, captcha, login_log, rate_limit};
use super::{session, AppState};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub async fn sweep(state: &AppState) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    let sessions = session::sweep(&state.db, now).await?;
    captcha::Entity::delete_many().filter(captcha::Column::ExpiresAt.lt(now)).exec(&state.db).await?;
    // A window older than the longest configured one can no longer limit anything.
    let oldest = now - Duration::seconds(state.config.rate_window_secs.max(600) as i64 * 2);
    rate_limit::Entity::delete_many().filter(rate_limit::Column::WindowStart.lt(oldest)).exec(&state.db).await?;
    // One-time codes: expired flows and the messages that carried them.
    super::recovery_code::sweep(&state.db, now).await?;
    let pruned = prune_logs(&state.db, state.config.log_retention_days, now).await?;
    tracing::debug!(sessions, pruned, "housekeeping done");
    Ok(())
}

/// The 登录日志 and 操作日志 older than `days` (never fewer than 180): the
/// only deletion of log rows there is.
pub async fn prune_logs<C: sea_orm::ConnectionTrait>(
    db: &C,
    days: u32,
    now: chrono::DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let before = now - Duration::days(i64::from(days.max(180)));
    let logins = login_log::Entity::delete_many().filter(login_log::Column::At.lt(before)).exec(db).await?;
    let audits = audit_log::Entity::delete_many().filter(audit_log::Column::At.lt(before)).exec(db).await?;
    Ok(logins.rows_affected + audits.rows_affected)
}
