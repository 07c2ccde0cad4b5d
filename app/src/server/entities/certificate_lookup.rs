//! One look at a certificate through the public verification: the holder
//! sees who looked (the national platform's rule).
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_lookup")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub certificate_id: i64,
    pub at: DateTimeUtc,
    /// `office`, `unit` or `anonymous`.
    pub viewer_kind: String,
    /// The office's or unit's name; empty for anonymous.
    pub viewer_name: String,
}

impl ActiveModelBehavior for ActiveModel {}
