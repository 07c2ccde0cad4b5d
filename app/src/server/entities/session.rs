//! Signed-in sessions; the cookie holds a random token, this table its hash.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub account_id: i64,
    /// The role this session acts in (see `accounts::Role`).
    pub role: String,
    /// For unit staff: the unit chosen at sign-in.
    pub unit_id: Option<i64>,
    pub ip: String,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
