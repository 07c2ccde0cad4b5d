//! 操作记录 rows that say more: the operator's organisation and where a
//! 报送 went; batch names with the office's full name (one name per office).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(OperationLog::Table)
                .add_column(string(OperationLog::OperatorOrg).default(""))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(OperationLog::Table).add_column(string(OperationLog::Target).default("")).to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE batch SET name = CAST(year AS TEXT) || '年度（' || (SELECT org.name FROM org WHERE org.id = batch.office_id) || '）' \
                 WHERE EXISTS (SELECT 1 FROM org WHERE org.id = batch.office_id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(OperationLog::Table).drop_column(OperationLog::Target).to_owned()).await?;
        m.alter_table(Table::alter().table(OperationLog::Table).drop_column(OperationLog::OperatorOrg).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum OperationLog {
    Table,
    OperatorOrg,
    Target,
}
