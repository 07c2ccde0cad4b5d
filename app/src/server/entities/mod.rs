//! Database entities, one file per table, mirroring `migration/`. They
//! stay on the server: pages and server functions exchange view types.

pub mod account;
pub mod audit_log;
pub mod captcha;
pub mod login_log;
pub mod officer;
pub mod org;
pub mod outbox;
pub mod person;
pub mod rate_limit;
pub mod recovery;
pub mod session;
pub mod unit;
pub mod unit_contact;
pub mod unit_rename;
pub mod unit_staff;
pub mod upload;
