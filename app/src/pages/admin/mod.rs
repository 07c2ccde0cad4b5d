//! Administration pages, in the offices' area (`/manage`, its menu by
//! role): 组织机构管理 and each organisation's 工作人员, for the 系统管理员
//! and, for the 主管部门 under it, a 职改办; 申报年度管理 for both; 登录日志 and 操作日志
//! for the administrator, as are 字典管理 (系列, 专业, 资格名称, 单位行业) and
//! 申报条件.

pub mod batches;
pub mod dictionaries;
mod entry_dialog;
pub mod logs;
pub mod officers;
pub mod orgs;
pub mod rules;
pub mod series;
