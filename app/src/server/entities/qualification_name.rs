//! 资格名称: what a certificate calls a 系列's level (`specialty_id` None),
//! or a 专业's own name overriding it (卫生系列: 护理 → 护师).
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "qualification_name")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub series_id: i64,
    pub specialty_id: Option<i64>,
    /// `Level::code`.
    pub level: String,
    pub name: String,
    /// Only a 专业's own name can be disabled (the 系列's then applies).
    pub disabled_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
