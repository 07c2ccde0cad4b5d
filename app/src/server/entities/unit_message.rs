//! The unit's 消息中心: what the offices decided on its declarations.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    pub declaration_id: Option<i64>,
    pub at: DateTimeUtc,
    pub title: String,
    pub body: String,
    pub read: bool,
}

impl ActiveModelBehavior for ActiveModel {}
