//! Server-only parts of the app crate: configuration, database entities,
//! sessions, rate limits and the services the server functions call.
//! Nothing here is compiled into the wasm bundle.

pub mod access;
pub mod audit;
pub mod client_addr;
pub mod config;
pub mod context;
pub mod db;
pub mod entities;
pub mod files;
pub mod fonts;
pub mod hashing;
pub mod housekeeping;
pub mod jobs;
pub mod notifier;
pub mod personal;
pub mod rate_limit;
pub mod recovery_code;
pub mod rows;
pub mod secrets;
pub mod security;
pub mod seed;
pub mod session;
pub mod sign_in;
pub mod storage;
pub mod text;

pub use config::{AppConfig, AppEnv};
pub use context::{AppState, RequestMeta};
