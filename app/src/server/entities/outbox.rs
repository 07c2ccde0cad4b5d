//! Messages the notifier sent or would send (the outbox when no SMTP).
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub created_at: DateTimeUtc,
    /// `email` or `sms`.
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub sent_at: Option<DateTimeUtc>,
    pub error: String,
}

impl ActiveModelBehavior for ActiveModel {}
