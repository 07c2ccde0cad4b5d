//! Credentials of every kind of account (person, unit, officer).
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub public_id: Uuid,
    /// `person`, `unit` or `officer`.
    pub kind: String,
    pub password_hash: String,
    pub failed_logins: i32,
    pub last_failed_at: Option<DateTimeUtc>,
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Set when the account may no longer sign in or act (sessions end at once).
    pub disabled_at: Option<DateTimeUtc>,
    /// Set by an administrator's create or reset: the account may do
    /// nothing but choose a new password until it has.
    pub must_change_password: bool,
}

impl ActiveModelBehavior for ActiveModel {}
