//! The unit account's pages — only 组织机构管理, as the manual's 注意事项 1
//! says: 账户信息, 单位信息, 更名记录, 联系人信息, and the 工作人员 list.

pub mod account;
pub mod contacts;
pub mod frame;
pub mod info;
pub mod profile;
pub mod renames;
pub mod staff;
