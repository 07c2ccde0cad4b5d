//! Integration tests: the real server over real HTTP, each test on a
//! SQLite file of its own and on a PostgreSQL database of its own.

mod harness;
mod matrix;
mod services;

mod accounts;
mod admin;
mod declarations;
mod dictionaries;
mod documents;
mod fresh_install;
mod offices;
mod personal;
mod platform;
mod pool;
mod scale_out;
mod security;
mod statistics;
mod storage;
mod units;
