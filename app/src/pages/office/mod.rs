//! The offices' pages (职改办, 主管部门, and for now the 系统管理员): 管理端
//! sign-in and home, 待办事项 with 批量审核, 已办事项, 申报查询, the decision
//! page, and 单位注册审核 with 单位信息变更审核.

pub mod decide;
pub mod done;
pub mod filters;
pub mod frame;
pub mod home;
pub mod login;
pub mod queue;
pub mod search;
pub mod statistics;
pub mod unit_changes;
pub mod units;
