//! Background work done once across several server processes: a lease per
//! periodic job (housekeeping), and the outbox's messages claimed one by one
//! by whichever process sends them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(JobLease::Table)
                .col(string(JobLease::Name).primary_key())
                // The process that ran it last (for the operator).
                .col(string(JobLease::Holder))
                // Nobody else runs the job before this.
                .col(timestamp_with_time_zone(JobLease::Until))
                .col(big_integer(JobLease::Runs).default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(Outbox::Table).add_column(integer(Outbox::Attempts).default(0)).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Outbox::Table)
                .add_column(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
                .to_owned(),
        )
        .await?;
        // Which process holds the claim: only it records the delivery.
        m.alter_table(Table::alter().table(Outbox::Table).add_column(string_null(Outbox::ClaimedBy)).to_owned())
            .await?;
        // The sender's question: which recent messages are not sent yet.
        m.create_index(
            Index::create()
                .name("idx_outbox_pending")
                .table(Outbox::Table)
                .col(Outbox::SentAt)
                .col(Outbox::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_outbox_pending").table(Outbox::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::ClaimedBy).to_owned()).await?;
        m.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::ClaimedUntil).to_owned()).await?;
        m.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::Attempts).to_owned()).await?;
        m.drop_table(Table::drop().table(JobLease::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum JobLease {
    Table,
    Name,
    Holder,
    Until,
    Runs,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Attempts,
    ClaimedUntil,
    ClaimedBy,
    SentAt,
    CreatedAt,
}
