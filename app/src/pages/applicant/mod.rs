//! The applicant's (个人) pages: 个人信息, 我的申报 and the declaration
//! editor, 我的证书, 消息中心, 我所在的单位, 修改密码.

pub mod certificates;
pub mod declaration;
pub mod declarations;
pub mod editor;
pub mod frame;
pub mod home;
pub mod messages;
pub mod new_declaration;
pub mod password;
pub mod units;
