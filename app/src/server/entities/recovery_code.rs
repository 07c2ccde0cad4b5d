//! A 忘记密码 flow, personal or unit, and its one-time code (see
//! `server::recovery_code`).
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recovery_code")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `person` or `unit`.
    pub kind: String,
    pub account_id: Option<i64>,
    pub staff_link_id: Option<i64>,
    /// HMAC of the code under the server's secret key; the code itself is
    /// never stored.
    pub code_mac: Option<String>,
    pub code_expires_at: Option<DateTimeUtc>,
    pub id_attempts: i32,
    pub code_attempts: i32,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
