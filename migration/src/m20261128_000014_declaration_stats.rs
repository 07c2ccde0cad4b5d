//! 统计分析's counters: how many forwarded declarations there are per year,
//! city, 主管部门, status, business, level, 系列 and month of 报送, kept in
//! the transaction of every move (`declarations::counters`), so a region's
//! year is read from a few thousand rows instead of a million.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DeclarationStat::Table)
                .col(big_pk_auto(DeclarationStat::Id))
                .col(integer(DeclarationStat::BatchYear))
                .col(string(DeclarationStat::CityCode))
                // 0 when it never passed through a 主管部门 (a key column cannot be NULL and unique).
                .col(big_integer(DeclarationStat::DepartmentId))
                .col(string(DeclarationStat::Status))
                .col(string(DeclarationStat::Business))
                .col(string(DeclarationStat::Level))
                .col(big_integer(DeclarationStat::SeriesId))
                // yyyymm of the last 报送 (China time).
                .col(integer(DeclarationStat::Month))
                .col(big_integer(DeclarationStat::N))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_declaration_stat_key")
                .table(DeclarationStat::Table)
                .col(DeclarationStat::BatchYear)
                .col(DeclarationStat::CityCode)
                .col(DeclarationStat::DepartmentId)
                .col(DeclarationStat::Status)
                .col(DeclarationStat::Business)
                .col(DeclarationStat::Level)
                .col(DeclarationStat::SeriesId)
                .col(DeclarationStat::Month)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_declaration_stat_department")
                .table(DeclarationStat::Table)
                .col(DeclarationStat::DepartmentId)
                .col(DeclarationStat::BatchYear)
                .to_owned(),
        )
        .await?;
        // 申报年度管理 counts each batch's declarations.
        m.create_index(
            Index::create()
                .name("idx_declaration_batch")
                .table(Declaration::Table)
                .col(Declaration::BatchId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_declaration_batch").table(Declaration::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(DeclarationStat::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Declaration {
    Table,
    BatchId,
}

#[derive(DeriveIden)]
enum DeclarationStat {
    Table,
    Id,
    BatchYear,
    CityCode,
    DepartmentId,
    Status,
    Business,
    Level,
    SeriesId,
    Month,
    N,
}
