//! 更名记录.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_rename")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    pub old_name: String,
    pub new_name: String,
    pub changed_by: String,
    pub changed_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
