//! 单位: the employer unit's registration; its credentials are in `account`.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: i64,
    #[sea_orm(unique)]
    pub credit_code: String,
    pub name: String,
    pub legal_rep: String,
    /// `UnitKind::label`.
    pub kind: String,
    /// GB/T 4754 section letter.
    pub industry: String,
    /// County (or city) code of 单位所在地.
    pub region_code: String,
    /// The city of `region_code`: which 市职改办 reviews the registration.
    pub city_code: String,
    pub address: String,
    pub licence_id: Option<Uuid>,
    /// `pending` (待审核), `approved` (已审核), `returned` (退回修改).
    pub status: String,
    pub review_note: String,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}

/// A unit by the public id of its account (what the 单位 dropdown carries).
pub async fn by_public_id<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<Model>, DbErr> {
    let Some(acc) = super::account::Entity::find().filter(super::account::Column::PublicId.eq(id)).one(db).await?
    else {
        return Ok(None);
    };
    Entity::find_by_id(acc.id).one(db).await
}
