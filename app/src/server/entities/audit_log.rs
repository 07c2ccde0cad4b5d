//! Who did what to which record, for actions outside the review workflow.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_account_id: Option<i64>,
    pub action: String,
    /// e.g. `unit:12`.
    pub target: String,
    pub ip: String,
    pub detail: String,
}

impl ActiveModelBehavior for ActiveModel {}
