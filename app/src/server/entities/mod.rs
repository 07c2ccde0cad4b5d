//! Database entities, one file per table, mirroring `migration/`. They
//! stay on the server: pages and server functions exchange view types.

pub mod account;
pub mod audit_log;
pub mod batch;
pub mod captcha;
pub mod certificate;
pub mod certificate_counter;
pub mod certificate_lookup;
pub mod declaration;
pub mod declaration_attachment;
pub mod declaration_stat;
pub mod industry;
pub mod job_lease;
pub mod login_log;
pub mod message;
pub mod officer;
pub mod operation_log;
pub mod org;
pub mod org_todo;
pub mod outbox;
pub mod person;
pub mod qualification_name;
pub mod qualification_rule;
pub mod rate_limit;
pub mod recovery_code;
pub mod series;
pub mod session;
pub mod specialty;
pub mod unit;
pub mod unit_change;
pub mod unit_contact;
pub mod unit_message;
pub mod unit_opinion;
pub mod unit_rename;
pub mod unit_staff;
pub mod upload;
