//! Periodic clean-up of rows that only matter until they expire.

use super::entities::{captcha, rate_limit};
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
    tracing::debug!(sessions, "housekeeping done");
    Ok(())
}
