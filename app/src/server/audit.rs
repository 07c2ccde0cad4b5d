//! The audit log: account, unit and security events outside the review
//! workflow (whose own 操作记录 is kept with the declarations).

use super::entities::audit_log;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// Appends one row. A failure is logged, never shown: the action itself
/// has already happened or been refused.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor: Option<i64>,
    action: &str,
    target: &str,
    ip: &str,
    detail: &str,
) {
    let row = audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_account_id: Set(actor),
        action: Set(action.to_owned()),
        target: Set(target.to_owned()),
        ip: Set(ip.to_owned()),
        detail: Set(detail.to_owned()),
        ..Default::default()
    };
    if let Err(e) = row.insert(db).await {
        tracing::error!(error = %e, action, target, "writing the audit log failed");
    }
}
