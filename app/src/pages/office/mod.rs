//! The offices' pages (职改办, 主管部门, and for now the 系统管理员): 管理端
//! sign-in and home, 单位注册审核 with 单位信息变更审核, and the declarations
//! forwarded to them.

pub mod decide;
pub mod frame;
pub mod home;
pub mod login;
pub mod queue;
pub mod unit_changes;
pub mod units;
