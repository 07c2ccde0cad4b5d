//! Sends one-time codes and notices to people. Every message is written to
//! the `outbox` table first; with SMTP configured it is also e-mailed,
//! otherwise (and in tests) the outbox and the log are where it goes.

use super::entities::outbox;
use super::AppConfig;
use crate::error::AppError;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SmtpConfig {
    pub host: String,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub from: String,
}

pub async fn send_email<C: ConnectionTrait>(
    db: &C,
    config: &AppConfig,
    recipient: &str,
    subject: &str,
    body: &str,
) -> Result<(), AppError> {
    let row = outbox::ActiveModel {
        created_at: Set(Utc::now()),
        channel: Set("email".into()),
        recipient: Set(recipient.to_owned()),
        subject: Set(subject.to_owned()),
        body: Set(body.to_owned()),
        sent_at: Set(None),
        error: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let Some(smtp) = config.smtp.as_ref().filter(|s| !s.host.is_empty()) else {
        tracing::info!(outbox_id = row.id, recipient = %crate::domain::mask::email(recipient), "message kept in the outbox (no SMTP configured)");
        return Ok(());
    };
    let mut done: outbox::ActiveModel = row.into();
    match smtp_send(smtp, recipient, subject, body).await {
        Ok(()) => done.sent_at = Set(Some(Utc::now())),
        Err(e) => {
            tracing::error!(error = %e, "sending e-mail failed");
            done.error = Set(e);
        }
    }
    done.update(db).await?;
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
