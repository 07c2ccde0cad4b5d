//! Sends one-time codes and notices to people. Every message is written to
//! the `outbox` table first; with SMTP configured a sender in each server
//! process delivers it from there, otherwise (and in tests) the outbox is
//! where it waits. Each message is claimed by one process before it is sent,
//! so several processes on one database never send it twice.

use super::entities::outbox;
use super::AppConfig;
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::sync::{Arc, OnceLock};
use tokio::sync::Notify;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// TLS from the first byte (port 465).
    #[default]
    Wrapper,
    /// Plain, upgraded by STARTTLS (port 587).
    Starttls,
    /// No encryption: only for a relay inside the office's own network.
    None,
}

#[derive(Clone, Default, serde::Deserialize)]
pub struct SmtpConfig {
    pub host: String,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub from: String,
    #[serde(default)]
    pub tls: SmtpTls,
    /// Seconds between looks at the outbox for messages another process
    /// wrote or a failed delivery to retry (`APP_SMTP__POLL_SECS`, 10).
    pub poll_secs: Option<u64>,
}

// Written by hand: the password never appears in a log.
impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .field("tls", &self.tls)
            .field("poll_secs", &self.poll_secs)
            .finish()
    }
}

/// Deliveries tried before a message is left in the outbox for good.
const MAX_ATTEMPTS: i32 = 5;
/// One delivery gives up after this long (lettre's own timeout is shorter)…
const SEND_SECS: u64 = 60;
/// …well inside the claim, so no other process takes a message still being sent.
const CLAIM_SECS: i64 = 600;
/// Older unsent messages are not sent any more (their codes are stale).
const SEND_WITHIN_HOURS: i64 = 24;

/// Wakes this process's sender when it writes a message.
fn written() -> &'static Notify {
    static WRITTEN: OnceLock<Notify> = OnceLock::new();
    WRITTEN.get_or_init(Notify::new)
}

/// One message to one person.
pub struct Email<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// A message carrying a one-time code: the flow it belongs to and when
    /// the code expires; the message is purged with the flow.
    pub code_of: Option<(uuid::Uuid, DateTime<Utc>)>,
}

/// Writes the message to the outbox and, with SMTP configured, wakes the
/// sender: the answer to the request that caused it never waits for the
/// mail server (nor tells by its timing that a message was sent).
pub async fn send_email(db: &DatabaseConnection, config: &Arc<AppConfig>, mail: Email<'_>) -> Result<(), AppError> {
    let row = outbox::ActiveModel {
        created_at: Set(Utc::now()),
        channel: Set("email".into()),
        recipient: Set(mail.to.to_owned()),
        subject: Set(mail.subject.to_owned()),
        body: Set(mail.body.to_owned()),
        sent_at: Set(None),
        error: Set(String::new()),
        ref_id: Set(mail.code_of.map(|(id, _)| id)),
        purge_after: Set(mail.code_of.map(|(_, at)| at)),
        attempts: Set(0),
        claimed_until: Set(None),
        claimed_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    metrics::counter!("gxzc_emails_queued_total").increment(1);
    if smtp_of(config).is_some() {
        written().notify_one();
    } else {
        tracing::info!(outbox_id = row.id, recipient = %crate::domain::mask::email(mail.to), "message kept in the outbox (no SMTP configured)");
    }
    Ok(())
}

fn smtp_of(config: &AppConfig) -> Option<&SmtpConfig> {
    config.smtp.as_ref().filter(|s| !s.host.is_empty())
}

/// The sender of this process: wakes when it wrote a message or every
/// `poll_secs`, and delivers what is pending. Runs only with SMTP configured.
pub async fn run_sender(db: DatabaseConnection, config: Arc<AppConfig>) {
    let Some(smtp) = smtp_of(&config).cloned() else { return };
    let poll = std::time::Duration::from_secs(Ord::max(smtp.poll_secs.unwrap_or(10), 1));
    loop {
        match deliver_pending(&db, &smtp).await {
            Ok(0) => {}
            Ok(sent) => tracing::debug!(sent, "outbox delivered"),
            Err(e) => tracing::warn!(error = %e, "reading the outbox failed"),
        }
        let _ = tokio::time::timeout(poll, written().notified()).await;
    }
}

/// Claims and sends every pending message it can; returns how many it
/// tried. A message is claimed by a conditional update that only one
/// process can win, timed by the database's clock; only the claimant
/// records the delivery. A failed delivery waits longer before each retry.
/// Delivery is at least once: a process that dies after sending but before
/// recording leaves the message to be sent again once its claim expires.
pub async fn deliver_pending(db: &DatabaseConnection, smtp: &SmtpConfig) -> Result<usize, sea_orm::DbErr> {
    let me = super::jobs::process_name();
    let now = super::jobs::db_now(db).await?;
    let pending = outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::CreatedAt.gt(now - Duration::hours(SEND_WITHIN_HOURS)))
        .filter(outbox::Column::Attempts.lt(MAX_ATTEMPTS))
        .filter(unclaimed(now))
        .filter(Condition::any().add(outbox::Column::PurgeAfter.is_null()).add(outbox::Column::PurgeAfter.gt(now)))
        .order_by_asc(outbox::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    let mut tried = 0;
    for message in pending {
        // Each claim on the clock of its own moment: earlier sends took time.
        let now = super::jobs::db_now(db).await?;
        let claimed = outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(now + Duration::seconds(CLAIM_SECS)))
            .col_expr(outbox::Column::ClaimedBy, Expr::value(me))
            .col_expr(outbox::Column::Attempts, Expr::col(outbox::Column::Attempts).add(1))
            .filter(outbox::Column::Id.eq(message.id))
            .filter(outbox::Column::SentAt.is_null())
            .filter(unclaimed(now))
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue; // another process has it
        }
        tried += 1;
        let attempts = message.attempts + 1;
        let send = smtp_send(smtp, &message.recipient, &message.subject, &message.body);
        let sent = tokio::time::timeout(std::time::Duration::from_secs(SEND_SECS), send)
            .await
            .unwrap_or_else(|_| Err("the mail server did not answer in time".into()));
        let record = outbox::Entity::update_many()
            .filter(outbox::Column::Id.eq(message.id))
            .filter(outbox::Column::ClaimedBy.eq(me))
            .col_expr(outbox::Column::Attempts, Expr::value(attempts));
        let record = match sent {
            // Once delivered, the outbox keeps only that it was sent, not the body.
            Ok(()) => record
                .col_expr(outbox::Column::SentAt, Expr::value(Some(Utc::now())))
                .col_expr(outbox::Column::Body, Expr::value("（已发送）"))
                .col_expr(outbox::Column::Error, Expr::value(""))
                .col_expr(outbox::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None)),
            Err(e) => {
                tracing::error!(error = %e, outbox_id = message.id, attempts, "sending e-mail failed");
                metrics::counter!("gxzc_emails_failed_total").increment(1);
                let retry_at = super::jobs::db_now(db).await? + Duration::minutes(i64::from(attempts));
                record
                    .col_expr(outbox::Column::Error, Expr::value(e))
                    .col_expr(outbox::Column::ClaimedUntil, Expr::value(Some(retry_at)))
            }
        };
        // A message purged meanwhile (its code expired) has nothing to record.
        if let Err(e) = record.exec(db).await {
            tracing::error!(error = %e, outbox_id = message.id, "recording an e-mail's delivery failed");
        }
    }
    Ok(tried)
}

/// Not held by any process at `now`.
fn unclaimed(now: DateTime<Utc>) -> Condition {
    Condition::any().add(outbox::Column::ClaimedUntil.is_null()).add(outbox::Column::ClaimedUntil.lt(now))
}

async fn smtp_send(smtp: &SmtpConfig, to: &str, subject: &str, body: &str) -> Result<(), String> {
    use lettre::message::header::ContentType;
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
    let message = Message::builder()
        .from(smtp.from.parse().map_err(|e| format!("from: {e}"))?)
        .to(to.parse().map_err(|e| format!("to: {e}"))?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| e.to_string())?;
    let mut builder = match smtp.tls {
        SmtpTls::Wrapper => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).map_err(|e| e.to_string())?,
        SmtpTls::Starttls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host).map_err(|e| e.to_string())?
        }
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
    };
    if let Some(port) = smtp.port {
        builder = builder.port(port);
    }
    if let (Some(user), Some(pw)) = (&smtp.user, &smtp.password) {
        builder = builder.credentials(Credentials::new(user.clone(), pw.clone()));
    }
    builder = builder.timeout(Some(std::time::Duration::from_secs(30)));
    builder.build().send(message).await.map(|_| ()).map_err(|e| e.to_string())
}
