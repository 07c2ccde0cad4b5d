//! 消息中心: notices to the applicant when their declaration moves.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i64,
    pub declaration_id: Option<i64>,
    pub at: DateTimeUtc,
    pub title: String,
    pub body: String,
    pub read: bool,
}

impl ActiveModelBehavior for ActiveModel {}
