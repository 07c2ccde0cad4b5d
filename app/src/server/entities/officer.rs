//! Staff of the review organisations and the 系统管理员.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "officer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: i64,
    #[sea_orm(unique)]
    pub username: String,
    pub name: String,
    /// `admin`, `office` (职改办) or `department` (主管部门).
    pub role: String,
    pub org_id: Option<i64>,
    /// The officer's own 证件号码, when known: they may not decide their own declaration.
    /// Sealed (`personal::Vault`); compared by its hash.
    pub id_number: Option<String>,
    pub id_number_hash: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
