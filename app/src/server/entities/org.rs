//! Review organisations: 职改办 (office) and 主管部门 (department).
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub short_name: String,
    /// `office` or `department`.
    pub kind: String,
    pub region_code: String,
    /// The 职改办 a 主管部门 reports to.
    pub parent_id: Option<i64>,
    pub sort: i32,
    /// Set when the organisation is closed: kept with its history, no
    /// longer offered to units, its officers no longer signed in.
    pub disabled_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
