//! One store for the one-time codes of both 忘记密码 flows (personal and
//! unit): codes kept only as a keyed MAC, attempts counted atomically, rows
//! deleted once used or expired. Outbox messages that carry a code are
//! tied to their flow and purged with it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RecoveryCode::Table)
                .col(uuid(RecoveryCode::Id).primary_key())
                // `person` or `unit`.
                .col(string(RecoveryCode::Kind))
                // The account whose password is reset; None when the typed
                // account does not exist (the flow looks the same).
                .col(big_integer_null(RecoveryCode::AccountId))
                // The unit flow's chosen staff link.
                .col(big_integer_null(RecoveryCode::StaffLinkId))
                .col(string_null(RecoveryCode::CodeMac))
                .col(timestamp_with_time_zone_null(RecoveryCode::CodeExpiresAt))
                .col(integer(RecoveryCode::IdAttempts).default(0))
                .col(integer(RecoveryCode::CodeAttempts).default(0))
                .col(timestamp_with_time_zone(RecoveryCode::CreatedAt))
                .col(timestamp_with_time_zone(RecoveryCode::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_recovery_code_expires")
                .table(RecoveryCode::Table)
                .col(RecoveryCode::ExpiresAt)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Recovery::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(PasswordReset::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Outbox::Table).add_column(uuid_null(Outbox::RefId)).to_owned()).await?;
        m.alter_table(
            Table::alter()
                .table(Outbox::Table)
                .add_column(timestamp_with_time_zone_null(Outbox::PurgeAfter))
                .to_owned(),
        )
        .await?;
        // Codes sent before this change: nothing should keep them.
        m.get_connection().execute_unprepared("DELETE FROM outbox").await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::PurgeAfter).to_owned()).await?;
        m.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::RefId).to_owned()).await?;
        m.drop_table(Table::drop().table(RecoveryCode::Table).to_owned()).await
        // The two old tables are not recreated: their flows expired anyway.
    }
}

#[derive(DeriveIden)]
enum RecoveryCode {
    Table,
    Id,
    Kind,
    AccountId,
    StaffLinkId,
    CodeMac,
    CodeExpiresAt,
    IdAttempts,
    CodeAttempts,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Recovery {
    Table,
}

#[derive(DeriveIden)]
enum PasswordReset {
    Table,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    RefId,
    PurgeAfter,
}
