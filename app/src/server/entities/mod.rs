//! Database entities, one file per table, mirroring `migration/`. They
//! stay on the server: pages and server functions exchange view types.

pub mod account;
pub mod captcha;
pub mod login_log;
pub mod officer;
pub mod org;
pub mod person;
pub mod rate_limit;
pub mod session;
