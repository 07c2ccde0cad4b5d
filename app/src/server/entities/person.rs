//! 个人账户: the applicant's identity and contacts.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: i64,
    pub name: String,
    pub id_type: String,
    #[sea_orm(unique)]
    pub id_number: String,
    pub birth_date: Date,
    pub gender: String,
    #[sea_orm(unique)]
    pub phone: String,
    #[sea_orm(unique)]
    pub email: String,
}

impl ActiveModelBehavior for ActiveModel {}
