//! Personal password recovery: a one-time code sent to the registered e-mail.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PasswordReset::Table)
                .col(uuid(PasswordReset::Id).primary_key())
                // None when the account typed does not exist: the flow looks the same.
                .col(big_integer_null(PasswordReset::AccountId))
                .col(string_null(PasswordReset::CodeHash))
                .col(integer(PasswordReset::Attempts).default(0))
                .col(timestamp_with_time_zone(PasswordReset::CreatedAt))
                .col(timestamp_with_time_zone(PasswordReset::ExpiresAt))
                .col(timestamp_with_time_zone_null(PasswordReset::UsedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PasswordReset::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum PasswordReset {
    Table,
    Id,
    AccountId,
    CodeHash,
    Attempts,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}
