//! The 系统管理员's pages. The administrator signs in at `/manage/login`
//! and uses the office pages (`office/`) for now: nothing is admin-only yet.
//! A page only the administrator may open goes here, with its own
//! `frame.rs` once there is a menu.
