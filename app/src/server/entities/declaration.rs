//! 申报: one declaration of one applicant to one unit in one batch.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "declaration")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub public_id: Uuid,
    pub person_id: i64,
    pub unit_id: i64,
    pub batch_id: i64,
    /// Copied from the batch: lists filter and show it.
    pub batch_year: i32,
    /// `Business::code`.
    pub business: String,
    pub series_id: i64,
    pub specialty_id: i64,
    /// `Level::code`.
    pub level: String,
    /// `Status::code`.
    pub status: String,
    /// Bumped by every status change; moves are conditional on it.
    pub version: i32,
    /// Copied from the person at creation: lists search and show them.
    pub applicant_name: String,
    /// Sealed (`personal::Vault`); searched by the hash.
    pub applicant_id_number: String,
    pub applicant_id_hash: Option<String>,
    /// `mask::id_number` of it, for lists and the 操作记录.
    pub applicant_id_masked: Option<String>,
    /// The applicant-filled sections, `DeclarationForm` as JSON.
    pub form: String,
    pub commitment: bool,
    /// The 主管部门 or 职改办 it was forwarded to.
    pub target_org_id: Option<i64>,
    pub unit_leader: String,
    /// The unit's city when first forwarded: the 市职改办's jurisdiction.
    pub city_code: Option<String>,
    /// The 主管部门 it was forwarded to, kept after it passes it on.
    pub department_id: Option<i64>,
    pub forwarded_at: Option<DateTimeUtc>,
    /// 证书遗失补办 of a certificate issued here.
    pub original_certificate_id: Option<i64>,
    pub submitted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
