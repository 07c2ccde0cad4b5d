//! 登录日志: every sign-in attempt, successful or not.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    /// Which sign-in form: `person`, `unit`, `staff`, `officer`.
    pub channel: String,
    /// What was typed as the account, masked.
    pub account: String,
    pub account_id: Option<i64>,
    pub ip: String,
    pub success: bool,
    pub reason: String,
}

impl ActiveModelBehavior for ActiveModel {}
