//! One module per page or group of pages.

pub mod declare;
pub mod forgot;
pub mod help;
pub mod home;
pub mod login;
pub mod manage;
pub mod not_found;
pub mod person;
pub mod register;
pub mod review;
pub mod staff;
pub mod unit;
pub mod unit_forgot;
pub mod unit_register;
