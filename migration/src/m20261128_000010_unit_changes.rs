//! Changes of an approved unit's name, 单位所在地, 单位类型 or licence wait
//! for the 职改办: the old values stay in force until approved.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(UnitChange::Table)
                .col(big_pk_auto(UnitChange::Id))
                .col(uuid_uniq(UnitChange::PublicId))
                .col(big_integer(UnitChange::UnitId))
                .col(string(UnitChange::Name))
                .col(string(UnitChange::RegionCode))
                .col(string(UnitChange::CityCode))
                .col(string(UnitChange::Kind))
                .col(uuid_null(UnitChange::LicenceId))
                // pending, approved, returned
                .col(string(UnitChange::Status))
                .col(string(UnitChange::Note).default(""))
                .col(timestamp_with_time_zone(UnitChange::CreatedAt))
                .col(big_integer_null(UnitChange::DecidedBy))
                .col(timestamp_with_time_zone_null(UnitChange::DecidedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_unit_change_unit_status")
                .table(UnitChange::Table)
                .col(UnitChange::UnitId)
                .col(UnitChange::Status)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(UnitChange::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum UnitChange {
    Table,
    Id,
    PublicId,
    UnitId,
    Name,
    RegionCode,
    CityCode,
    Kind,
    LicenceId,
    Status,
    Note,
    CreatedAt,
    DecidedBy,
    DecidedAt,
}
