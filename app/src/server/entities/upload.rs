//! Stored files (营业执照 scans, attachments); bytes live in the storage.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "upload")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who uploaded it; none for a unit that is still registering.
    pub owner_account_id: Option<i64>,
    pub purpose: String,
    pub original_name: String,
    /// Decided from the content, never from the name.
    pub content_type: String,
    pub size: i64,
    pub storage_key: String,
    /// Bound to a record (a unit's licence, …); unclaimed ones are swept.
    pub claimed: bool,
    pub created_at: DateTimeUtc,
    /// For an anonymous upload: the hash of the uploading browser's upload
    /// cookie; only that browser sees or claims it.
    pub owner_token: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
