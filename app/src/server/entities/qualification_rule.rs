//! The configurable conditions of 职称认定: education + years → level.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "qualification_rule")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub education: String,
    /// `Level::code`.
    pub level: String,
    pub min_years: i32,
}

impl ActiveModelBehavior for ActiveModel {}
