//! Sends one-time codes and notices to people. Every message is written to
//! the `outbox` table first; with SMTP configured it is also e-mailed (in
//! the background), otherwise (and in tests) the outbox is where it waits.

use super::entities::outbox;
use super::AppConfig;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use std::sync::Arc;

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SmtpConfig {
    pub host: String,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub from: String,
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

/// Writes the message to the outbox and, with SMTP configured, delivers it
/// in the background: the answer to the request that caused it never waits
/// for the mail server (nor tells by its timing that a message was sent).
/// Once delivered, the outbox keeps only that it was sent, not the body.
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
        ..Default::default()
    }
    .insert(db)
    .await?;
    metrics::counter!("gxzc_emails_queued_total").increment(1);
    let Some(smtp) = config.smtp.clone().filter(|s| !s.host.is_empty()) else {
        tracing::info!(outbox_id = row.id, recipient = %crate::domain::mask::email(mail.to), "message kept in the outbox (no SMTP configured)");
        return Ok(());
    };
    let (db, to, subject, body) = (db.clone(), mail.to.to_owned(), mail.subject.to_owned(), mail.body.to_owned());
    tokio::spawn(async move {
        let mut done: outbox::ActiveModel = row.into();
        match smtp_send(&smtp, &to, &subject, &body).await {
            Ok(()) => {
                done.sent_at = Set(Some(Utc::now()));
                done.body = Set("（已发送）".into());
            }
            Err(e) => {
                tracing::error!(error = %e, "sending e-mail failed");
                metrics::counter!("gxzc_emails_failed_total").increment(1);
                done.error = Set(e);
            }
        }
        if let Err(e) = done.update(&db).await {
            tracing::error!(error = %e, "recording an e-mail's delivery failed");
        }
    });
    Ok(())
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
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).map_err(|e| e.to_string())?;
    if let Some(port) = smtp.port {
        builder = builder.port(port);
    }
    if let (Some(user), Some(pw)) = (&smtp.user, &smtp.password) {
        builder = builder.credentials(Credentials::new(user.clone(), pw.clone()));
    }
    builder.build().send(message).await.map(|_| ()).map_err(|e| e.to_string())
}
