//! The unit staff's (单位工作人员) pages: 待办事项, the 审核 of one
//! declaration (the four opinions, 审核报送, 退回给个人), 操作记录,
//! 证书查询, 消息中心 and 表报下载.

pub mod certificates;
pub mod decisions;
pub mod downloads;
pub mod frame;
pub mod log;
pub mod messages;
pub mod opinions;
pub mod review;
pub mod todo;
