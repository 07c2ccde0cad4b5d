//! A unit's password recovery in three steps (see `units::recovery`).
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recovery")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: i64,
    /// The staff member chosen in step 2.
    pub staff_id: Option<i64>,
    /// SHA-256 of the one-time code sent to that staff member.
    pub code_hash: Option<String>,
    pub code_expires_at: Option<DateTimeUtc>,
    pub id_attempts: i32,
    pub code_attempts: i32,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
