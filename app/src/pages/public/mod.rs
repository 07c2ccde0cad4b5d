//! Pages for everyone, signed in or not: sign-in, registration, password
//! recovery, help, 证书查询验证, and the 404 page.

pub mod forgot;
pub mod help;
pub mod home;
pub mod login;
pub mod not_found;
pub mod register;
pub mod unit_forgot;
pub mod unit_register;
pub mod verify;
