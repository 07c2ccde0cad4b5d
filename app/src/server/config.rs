//! Runtime configuration. Loaded by the server binary from `APP_*`
//! environment variables (and an optional TOML file); tests build it directly.

use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AppEnv {
    #[default]
    Production,
    Development,
    Test,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Pretty,
    Json,
}

/// Not `Debug`: it holds the secret key, passwords and the metrics token,
/// and must never be printed whole.
#[derive(Clone, Deserialize)]
#[serde(default)]
pub struct AppConfig {
    pub env: AppEnv,
    /// Address to listen on; defaults to Leptos' `site-addr` (127.0.0.1:3000).
    pub listen: Option<std::net::SocketAddr>,
    /// `sqlite://…` (default, under `data_dir`) or `postgres://…`.
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
    pub log_format: LogFormat,
    /// Sessions end after this long without a request.
    pub session_idle_secs: u64,
    /// …and this long after sign-in, however active (12 h by default).
    pub session_absolute_secs: u64,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub cookie_secure: bool,
    /// Proxies in front of the portal (comma-separated addresses or
    /// networks): only from them is `X-Forwarded-For` believed, read from
    /// the right.
    pub trusted_proxies: String,
    /// Test mode only: every captcha's answer is this text.
    pub captcha_fixed: Option<String>,
    pub captcha_ttl_secs: u64,
    /// Password of the 系统管理员 created at first start; generated if unset.
    pub admin_password: Option<String>,
    /// Wrong passwords within `lock_window_secs` that lock an account…
    pub lock_after_failures: i32,
    pub lock_window_secs: u64,
    /// …for this long.
    pub lock_secs: u64,
    /// Sign-in and registration attempts allowed per client address and
    /// window (generous: a unit's intranet shares one address)…
    pub rate_window_secs: u64,
    pub rate_sign_in: i32,
    /// …and sign-in attempts per account and window (tight).
    pub rate_sign_in_account: i32,
    pub rate_register: i32,
    /// Largest request body for pages and server functions.
    pub max_body_bytes: usize,
    /// Seed the demo world at start.
    pub demo: bool,
    /// E-mail delivery for the notifier (`APP_SMTP__HOST`, …); without it
    /// messages stay in the outbox table.
    pub smtp: Option<super::notifier::SmtpConfig>,
    /// Test mode only: `/__test/outbox` shows the outbox (end-to-end tests
    /// read one-time codes there). Refused outside `APP_ENV=test`.
    pub expose_outbox: bool,
    /// The password-hashing workers and their queue (`APP_HASHING__WORKERS`, …).
    pub hashing: super::hashing::HashingConfig,
    /// 32 bytes, base64: keys the MACs of one-time codes and the encryption
    /// of personal data. Generated into the data folder when unset.
    pub secret_key: Option<String>,
    /// Keys replaced by a rotation (comma separated, newest first): sealed
    /// personal data still opens with them until start-up has resealed it.
    pub secret_key_previous: Option<String>,
    /// Bytes one client address may upload per day (all purposes).
    pub upload_bytes_per_day: u64,
    /// Captcha tickets one address may take per `rate_window_secs`.
    pub rate_captcha: i32,
    /// Public certificate look-ups one address may make per `rate_window_secs`.
    pub rate_verify: i32,
    /// Certificate numbers: `{region}`, `{office}`, `{year}`, `{seq}`
    /// (`APP_CERTIFICATE_NUMBER_FORMAT`; see `certificates::issue`).
    pub certificate_number_format: String,
    /// The CJK faces of the printed documents (`APP_FONT_SERIF`, `APP_FONT_SANS`):
    /// Debian's fonts-noto-cjk unless set; a missing file stops the start-up.
    pub font_serif: PathBuf,
    pub font_sans: PathBuf,
    /// The portal's address as the public reaches it, for the certificate's
    /// QR code (`APP_PUBLIC_URL`, e.g. https://zc.example.gov.cn); the
    /// request's own host when unset.
    pub public_url: Option<String>,
    /// 评审表 in one zip at most (`APP_MAX_ZIP_DOCUMENTS`).
    pub max_zip_documents: usize,
    /// Days the 登录日志 and 操作日志 are kept before housekeeping prunes
    /// them (`APP_LOG_RETENTION_DAYS`, at least 180).
    pub log_retention_days: u32,
    /// `/metrics` (Prometheus) answers only a request carrying
    /// `Authorization: Bearer <token>` (`APP_METRICS_TOKEN`); unset, it is
    /// not served at all.
    pub metrics_token: Option<String>,
    /// Where uploads live (`APP_STORAGE__KIND=local|s3`, …): the local
    /// folder unless several machines share an S3-compatible store.
    pub storage: super::storage::StorageConfig,
    /// Seconds between housekeeping runs (`APP_HOUSEKEEPING_SECS`); across
    /// several processes one run per period, not one per process.
    pub housekeeping_secs: u64,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            env: AppEnv::Production,
            listen: None,
            database_url: None,
            data_dir: PathBuf::from("data"),
            log_format: LogFormat::Pretty,
            session_idle_secs: 30 * 60,
            session_absolute_secs: 12 * 3600,
            cookie_secure: false,
            trusted_proxies: String::new(),
            captcha_fixed: None,
            captcha_ttl_secs: 5 * 60,
            admin_password: None,
            lock_after_failures: 5,
            lock_window_secs: 15 * 60,
            lock_secs: 15 * 60,
            rate_window_secs: 10 * 60,
            rate_sign_in: 3000,
            rate_sign_in_account: 20,
            rate_register: 20,
            max_body_bytes: 64 * 1024,
            demo: false,
            smtp: None,
            expose_outbox: false,
            hashing: Default::default(),
            rate_captcha: 600,
            rate_verify: 60,
            certificate_number_format: "{region}-{year}-{seq}".into(),
            font_serif: PathBuf::from(crate::server::fonts::DEFAULT_SERIF),
            font_sans: PathBuf::from(crate::server::fonts::DEFAULT_SANS),
            public_url: None,
            metrics_token: None,
            storage: Default::default(),
            housekeeping_secs: 300,
            max_zip_documents: 1000,
            log_retention_days: 180,
            secret_key: None,
            secret_key_previous: None,
            upload_bytes_per_day: 200 * 1024 * 1024,
        }
    }
}

impl AppConfig {
    /// The local folder of uploads (`APP_STORAGE__KIND=local`).
    pub fn uploads_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }

    /// The database to use: the configured URL, or SQLite in the data folder.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!("sqlite://{}?mode=rwc", self.data_dir.join("gxzc.db").display()),
        }
    }

    /// The parsed `trusted_proxies`.
    pub fn proxies(&self) -> Vec<super::client_addr::Net> {
        super::client_addr::parse_list(&self.trusted_proxies).unwrap_or_default()
    }

    /// Refuses settings that must never reach production.
    pub fn check(&self) -> Result<(), String> {
        super::client_addr::parse_list(&self.trusted_proxies)?;
        if self.demo && self.env == AppEnv::Production {
            return Err("DEMO=1 seeds accounts with a published password: refused with APP_ENV=production".into());
        }
        if self.captcha_fixed.is_some() && self.env != AppEnv::Test {
            return Err("APP_CAPTCHA_FIXED is only allowed with APP_ENV=test".into());
        }
        if self.expose_outbox && self.env != AppEnv::Test {
            return Err("APP_EXPOSE_OUTBOX is only allowed with APP_ENV=test".into());
        }
        if self.session_idle_secs == 0 || self.session_absolute_secs == 0 {
            return Err("APP_SESSION_IDLE_SECS and APP_SESSION_ABSOLUTE_SECS must be positive".into());
        }
        if !crate::certificates::issue::format_is_valid(&self.certificate_number_format) {
            return Err("APP_CERTIFICATE_NUMBER_FORMAT must hold {seq}, {year} and {region} or {office}".into());
        }
        if self.log_retention_days < 180 {
            return Err("APP_LOG_RETENTION_DAYS must be at least 180 (the logs are kept at least 180 days)".into());
        }
        if self.housekeeping_secs == 0 {
            return Err("APP_HOUSEKEEPING_SECS must be positive".into());
        }
        if self.max_zip_documents == 0 {
            return Err("APP_MAX_ZIP_DOCUMENTS must be positive".into());
        }
        if self.cookie_secure && self.public_url.is_none() {
            // Behind https the certificate's QR code must not take its host
            // from the request (a holder could point it anywhere).
            return Err(
                "APP_PUBLIC_URL must be set with APP_COOKIE_SECURE (the certificate's QR code links to it)".into()
            );
        }
        if self.public_url.as_deref().is_some_and(|u| !(u.starts_with("http://") || u.starts_with("https://"))) {
            return Err("APP_PUBLIC_URL must start with http:// or https://".into());
        }
        Ok(())
    }
}
