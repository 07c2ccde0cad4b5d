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
    /// The 忘记密码 flow a code message belongs to: purged with it.
    pub ref_id: Option<Uuid>,
    /// When the message's content stops mattering (a code's expiry).
    pub purge_after: Option<DateTimeUtc>,
    /// Deliveries tried (the sender gives up after a few).
    pub attempts: i32,
    /// A sending process holds the message until then (`notifier::deliver_pending`).
    pub claimed_until: Option<DateTimeUtc>,
    /// The process holding the claim (`jobs::process_name`).
    pub claimed_by: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
