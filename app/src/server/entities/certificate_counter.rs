//! The last certificate number an office issued in a year.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_counter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub office_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    pub last: i32,
}

impl ActiveModelBehavior for ActiveModel {}
