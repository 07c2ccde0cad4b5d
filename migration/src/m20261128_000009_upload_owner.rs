//! Anonymous uploads (a licence during 单位注册) belong to the browser that
//! made them: a hash of its upload cookie, checked when the file is shown
//! or claimed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Upload::Table).add_column(string_null(Upload::OwnerToken)).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Upload::Table).drop_column(Upload::OwnerToken).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Upload {
    Table,
    OwnerToken,
}
