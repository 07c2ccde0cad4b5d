//! How many declarations wait for an organisation: its red count, kept by
//! `declarations::transition::apply` in the moving transaction.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_todo")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: i64,
    pub waiting: i32,
}

impl ActiveModelBehavior for ActiveModel {}
