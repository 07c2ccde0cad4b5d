//! The pages, one folder per role and one file per routed page. Each role
//! folder has a `frame.rs` (its area: guard and side menu) and the helpers
//! only its pages use. A role folder imports from `components/` and from
//! itself, never from another role's folder: what several roles share is a
//! component.

pub mod admin;
pub mod applicant;
pub mod office;
pub mod public;
pub mod staff;
pub mod unit;
