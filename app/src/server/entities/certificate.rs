//! 证书: issued by a 职改办's 审核通过; voided (never deleted) when a 补发
//! replaces it.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub public_id: Uuid,
    /// Unique and gapless per issuing office and year (`seq`).
    #[sea_orm(unique)]
    pub number: String,
    /// Unguessable: the public verification link carries it.
    #[sea_orm(unique)]
    pub verify_code: String,
    pub office_id: i64,
    pub year: i32,
    pub seq: i32,
    /// The declaration whose approval issued it.
    pub declaration_id: Option<i64>,
    pub person_id: i64,
    pub holder_name: String,
    /// Sealed (`personal::Vault`), with its keyed hash and mask.
    pub holder_id_number: String,
    pub holder_id_hash: String,
    pub holder_id_masked: String,
    /// The holder's unit at issue: the unit's list of its people's certificates.
    pub unit_id: i64,
    pub series: String,
    pub specialty: String,
    /// 资格名称, e.g. 工程师.
    pub qualification: String,
    /// `Level::label`, as printed.
    pub level: String,
    pub office_name: String,
    /// 批准文号, e.g. 桂职改办〔2026〕12号.
    pub approval_no: String,
    /// 取得资格时间.
    pub qualified_on: Date,
    pub issued_at: DateTimeUtc,
    /// `original` or `reissue` (补发).
    pub kind: String,
    /// A 补发's original in this system…
    pub replaces_id: Option<i64>,
    /// …or its number as printed (also for an external original).
    pub replaces_number: String,
    /// `valid` or `void`.
    pub status: String,
    pub voided_at: Option<DateTimeUtc>,
    pub void_reason: String,
    pub replaced_by_id: Option<i64>,
}

impl ActiveModelBehavior for ActiveModel {}
