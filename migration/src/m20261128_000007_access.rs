//! What the access layer reads on every request: whether an account is
//! disabled, and the 证件号码 of an officer (nobody decides their own
//! declaration).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .add_column(timestamp_with_time_zone_null(Account::DisabledAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(Officer::Table).add_column(string_null(Officer::IdNumber)).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Officer::Table).drop_column(Officer::IdNumber).to_owned()).await?;
        m.alter_table(Table::alter().table(Account::Table).drop_column(Account::DisabledAt).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    DisabledAt,
}

#[derive(DeriveIden)]
enum Officer {
    Table,
    IdNumber,
}
