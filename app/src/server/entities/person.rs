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
    /// Sealed (`personal::Vault`); looked up and kept unique by the hash.
    pub id_number: String,
    pub id_number_hash: Option<String>,
    pub birth_date: Date,
    pub gender: String,
    /// Sealed, like the 证件号码.
    pub phone: String,
    pub phone_hash: Option<String>,
    #[sea_orm(unique)]
    pub email: String,
}

impl ActiveModelBehavior for ActiveModel {}
