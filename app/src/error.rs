//! The one error type of the portal.
//!
//! What a user is told travels to the browser as this enum (JSON, tagged by
//! `kind`); what went wrong inside (database text, causes) is logged on the
//! server and never leaves it. The HTTP status of a failed server function
//! is derived from the variant in one place: [`AppError::status_code`].

use serde::{Deserialize, Deserializer, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A message tied to one form field (`field` is the input's name), or to the
/// whole form when `field` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// Serialized tagged by `kind`; read back by the hand-written
/// [`Deserialize`] below, which accepts exactly what this writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// The input is wrong; each entry says which field and why. (422)
    #[error("{}", join(errors))]
    Invalid { errors: Vec<FieldError> },
    /// No session, or it has expired. (401)
    #[error("{message}")]
    Unauthenticated { message: String },
    /// Signed in, but not allowed to touch this. (403)
    #[error("{message}")]
    Forbidden { message: String },
    /// (404)
    #[error("{message}")]
    NotFound { message: String },
    /// The data changed meanwhile or already exists. (409)
    #[error("{message}")]
    Conflict { message: String },
    /// Rate limit or account lock-out. (429)
    #[error("{message}")]
    TooManyRequests { message: String },
    /// The request body is over the limit. (413)
    #[error("{message}")]
    PayloadTooLarge { message: String },
    /// Too much at once (e.g. the password-hashing queue is full); try
    /// again shortly. (503)
    #[error("{message}")]
    Busy { message: String },
    /// Anything else; the cause is in the server log only. (500)
    #[error("{message}")]
    Internal { message: String },
}

/// The browser reads every failed answer through this, on every page
/// including 登录. serde's derive for an internally tagged enum buffers
/// the object into its generic `Content` tree first, and that machinery
/// (one copy per variant) was about 22 KB of the sign-in page's wasm.
/// One flat struct reads the same JSON without it.
impl<'de> Deserialize<'de> for AppError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        struct Wire {
            kind: String,
            message: Option<String>,
            errors: Option<Vec<FieldError>>,
        }
        const KINDS: &[&str] = &[
            "invalid",
            "unauthenticated",
            "forbidden",
            "not_found",
            "conflict",
            "too_many_requests",
            "payload_too_large",
            "busy",
            "internal",
        ];
        let wire = Wire::deserialize(deserializer)?;
        if wire.kind == "invalid" {
            let errors = wire.errors.ok_or_else(|| D::Error::missing_field("errors"))?;
            return Ok(Self::Invalid { errors });
        }
        let variant: fn(String) -> Self = match wire.kind.as_str() {
            "unauthenticated" => |message| Self::Unauthenticated { message },
            "forbidden" => |message| Self::Forbidden { message },
            "not_found" => |message| Self::NotFound { message },
            "conflict" => |message| Self::Conflict { message },
            "too_many_requests" => |message| Self::TooManyRequests { message },
            "payload_too_large" => |message| Self::PayloadTooLarge { message },
            "busy" => |message| Self::Busy { message },
            "internal" => |message| Self::Internal { message },
            other => return Err(D::Error::unknown_variant(other, KINDS)),
        };
        Ok(variant(wire.message.ok_or_else(|| D::Error::missing_field("message"))?))
    }
}

fn join(errors: &[FieldError]) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；")
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid { errors: vec![FieldError::new(field, message)] }
    }
    pub fn fields(errors: Vec<FieldError>) -> Self {
        Self::Invalid { errors }
    }
    pub fn unauthenticated() -> Self {
        Self::Unauthenticated { message: "请先登录，或登录已超时，请重新登录".into() }
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden { message: message.into() }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound { message: message.into() }
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict { message: message.into() }
    }
    pub fn too_many(message: impl Into<String>) -> Self {
        Self::TooManyRequests { message: message.into() }
    }
    pub fn busy() -> Self {
        Self::Busy { message: "系统繁忙，请稍后再试".into() }
    }
    pub fn internal() -> Self {
        Self::Internal { message: "系统繁忙，请稍后再试".into() }
    }

    /// The message for `field`, if this error names it.
    pub fn field(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid { errors } => errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The messages not tied to a field the form shows (for a banner).
    pub fn general(&self, shown_fields: &[&str]) -> Option<String> {
        match self {
            Self::Invalid { errors } => {
                let rest: Vec<_> = errors
                    .iter()
                    .filter(|e| !shown_fields.contains(&e.field.as_str()))
                    .map(|e| e.message.as_str())
                    .collect();
                (!rest.is_empty()).then(|| rest.join("；"))
            }
            other => Some(other.to_string()),
        }
    }

    /// HTTP status for this error, used by the server for every failed call.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::Invalid { .. } => 422,
            Self::Unauthenticated { .. } => 401,
            Self::Forbidden { .. } => 403,
            Self::NotFound { .. } => 404,
            Self::Conflict { .. } => 409,
            Self::TooManyRequests { .. } => 429,
            Self::PayloadTooLarge { .. } => 413,
            Self::Busy { .. } => 503,
            Self::Internal { .. } => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Transport and framework failures. Their English text may contain
    /// internals, so the user gets a fixed Chinese sentence instead.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // On the server, failing to decode means the request was malformed;
            // in the browser it means the answer was, which is our fault.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_)
                if cfg!(feature = "ssr") =>
            {
                Self::invalid("", "提交的数据格式不正确，请检查后重新提交")
            }
            ServerFnErrorErr::Request(_) => {
                Self::Internal { message: "无法连接服务器，请检查网络后重试".into() }
            }
            _ => Self::internal(),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    /// Database failures are logged with their cause and shown as a fixed
    /// sentence: SQL and driver text never reach the browser.
    fn from(e: sea_orm::DbErr) -> Self {
        if database_unavailable(&e) {
            // The database is restarting or out of reach: 503, and the
            // caller may simply try again (`/readyz` says the same).
            tracing::warn!(error = %e, "database unavailable");
            return AppError::busy();
        }
        tracing::error!(error = %e, "database error");
        AppError::internal()
    }
}

/// Errors that say the database cannot be reached right now, rather than
/// that a statement is wrong: the pool had no connection in time, the
/// connection broke, or PostgreSQL is shutting down or starting up.
#[cfg(feature = "ssr")]
fn database_unavailable(e: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{DbErr, RuntimeErr};
    let runtime = match e {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(r) | DbErr::Exec(r) | DbErr::Query(r) => r,
        _ => return false,
    };
    let RuntimeErr::SqlxError(err) = runtime else { return false };
    match err.as_ref() {
        Sqlx::Io(_)
        | Sqlx::Tls(_)
        | Sqlx::Protocol(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed => true,
        // SQLSTATE class 08 (connection exception) and 57P (admin shutdown,
        // crash shutdown, cannot connect now).
        Sqlx::Database(d) => d.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        _ => false,
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(e: sea_orm::TransactionError<AppError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant reads back from what the server writes.
    #[test]
    fn every_kind_reads_back_as_written() {
        let all = vec![
            AppError::fields(vec![FieldError::new("account", "请输入账号"), FieldError::new("", "整体")]),
            AppError::fields(vec![]),
            AppError::unauthenticated(),
            AppError::forbidden("无权操作"),
            AppError::not_found("申报不存在"),
            AppError::conflict("已被他人修改"),
            AppError::too_many("请稍后再试"),
            AppError::PayloadTooLarge { message: "文件过大".into() },
            AppError::busy(),
            AppError::internal(),
        ];
        for e in all {
            let json = serde_json::to_string(&e).expect("serializes");
            assert_eq!(serde_json::from_str::<AppError>(&json).expect(&json), e, "{json}");
        }
    }

    #[test]
    fn malformed_answers_are_refused() {
        for bad in [
            r#"{"kind":"nonsense","message":"x"}"#,
            r#"{"kind":"forbidden"}"#,
            r#"{"kind":"invalid","message":"x"}"#,
            r#"{"message":"x"}"#,
            r#"{"kind":"busy","message":7}"#,
            r#""busy""#,
        ] {
            assert!(serde_json::from_str::<AppError>(bad).is_err(), "{bad}");
        }
        // Fields the variant does not have are ignored, as the derive did.
        let e: AppError = serde_json::from_str(r#"{"kind":"busy","message":"m","errors":[]}"#).expect("reads");
        assert_eq!(e, AppError::Busy { message: "m".into() });
    }
}
