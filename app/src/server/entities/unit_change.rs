//! A change of an approved unit's name, 单位所在地, 单位类型 or licence,
//! waiting for (or decided by) the 职改办.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub public_id: Uuid,
    pub unit_id: i64,
    pub name: String,
    pub region_code: String,
    pub city_code: String,
    pub kind: String,
    /// A new licence, when it is one of the changes.
    pub licence_id: Option<Uuid>,
    /// `pending`, `approved` or `returned`.
    pub status: String,
    pub note: String,
    pub created_at: DateTimeUtc,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
