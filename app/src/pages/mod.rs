//! One module per page or group of pages.

pub mod help;
pub mod home;
pub mod login;
pub mod manage;
pub mod not_found;
pub mod person;
pub mod register;
