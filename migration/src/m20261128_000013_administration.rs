//! What the administration pages need: an organisation can be disabled
//! (kept, with its history, but no longer chosen or signed in to), and an
//! account can be made to choose a new password at its next sign-in (an
//! officer created or reset by an administrator).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(Org::Table).add_column(timestamp_with_time_zone_null(Org::DisabledAt)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .add_column(boolean(Account::MustChangePassword).default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Account::Table).drop_column(Account::MustChangePassword).to_owned()).await?;
        m.alter_table(Table::alter().table(Org::Table).drop_column(Org::DisabledAt).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Org {
    Table,
    DisabledAt,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    MustChangePassword,
}
