//! What a server function needs from its surroundings: the shared state,
//! the caller's session and address, and a way to set cookies.

use super::session::{ClientIp, CurrentSession, SessionInfo};
use super::AppConfig;
use crate::error::AppError;
use axum::http::request::Parts;
use leptos::prelude::use_context;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared by every request: handed to server functions as context and to
/// plain axum routes as state. One `Arc`, so the clone each request makes
/// (and drops) is one counter, not one per field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What `AppState` shares.
pub struct Shared {
    pub db: DatabaseConnection,
    pub config: Arc<AppConfig>,
    /// See `hashing::dummy_hash`.
    pub dummy_hash: Arc<str>,
    pub storage: super::storage::Storage,
    /// Every password hash of a request goes through this bounded pool.
    pub hasher: super::hashing::HashPool,
    /// `config.trusted_proxies`, parsed once.
    pub proxies: Arc<Vec<super::client_addr::Net>>,
    /// The key of one-time codes' MACs (and personal data).
    pub secrets: super::secrets::Secrets,
    /// Seals and hashes 证件号码 and phone numbers (`personal.rs`).
    pub vault: super::personal::Vault,
    /// The printed documents' CJK faces, read once.
    pub fonts: Arc<crate::server::fonts::Fonts>,
    /// Zips of 评审表 written at once (each is seconds of CPU).
    pub zip_slots: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: AppConfig) -> Result<Self, String> {
        let storage = super::storage::Storage::from_config(&config.storage, config.uploads_dir())?;
        let hasher = super::hashing::HashPool::start(&config.hashing);
        let proxies = Arc::new(config.proxies());
        let secrets = super::secrets::Secrets::load(&config)?;
        let vault = super::personal::Vault::new(&secrets, &super::secrets::Secrets::previous(&config)?);
        let fonts = Arc::new(crate::server::fonts::Fonts::load(&config.font_serif, &config.font_sans)?);
        Ok(Self(Arc::new(Shared {
            db,
            config: Arc::new(config),
            dummy_hash: super::hashing::dummy_hash().into(),
            storage,
            hasher,
            proxies,
            secrets,
            vault,
            fonts,
            zip_slots: Arc::new(tokio::sync::Semaphore::new(2)),
        })))
    }
}

/// The caller of a server function.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    pub ip: String,
    pub session: Option<SessionInfo>,
    /// The hash of the browser's upload cookie (anonymous uploads).
    pub browser: Option<String>,
}

impl RequestMeta {
    /// The session, or the 401 every protected call answers without one.
    pub fn require_session(&self) -> Result<&SessionInfo, AppError> {
        self.session.as_ref().ok_or_else(AppError::unauthenticated)
    }
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::internal()
    })
}

/// The database of the current request.
pub fn db() -> Result<DatabaseConnection, AppError> {
    Ok(state()?.db.clone())
}

/// The sealer of personal data (`personal.rs`).
pub fn vault() -> Result<super::personal::Vault, AppError> {
    Ok(state()?.vault.clone())
}

/// The caller of the current request, as the access layer resolved it.
pub fn actor() -> super::access::Actor {
    super::access::actor()
}

pub fn meta() -> RequestMeta {
    let parts = use_context::<Parts>();
    let ext = parts.as_ref().map(|p| &p.extensions);
    RequestMeta {
        ip: ext.and_then(|e| e.get::<ClientIp>()).map(|c| c.0.clone()).unwrap_or_else(|| "unknown".into()),
        session: ext.and_then(|e| e.get::<CurrentSession>()).and_then(|c| c.0.clone()),
        browser: parts.as_ref().and_then(|p| super::files::browser_token(&p.headers)),
    }
}

/// Adds a `Set-Cookie` header to the server function's response.
pub fn set_cookie(value: &str) {
    if let (Some(opts), Ok(v)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::HeaderValue::from_str(value))
    {
        opts.append_header(axum::http::header::SET_COOKIE, v);
    }
}
