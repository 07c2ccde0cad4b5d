//! Units (单位) with their staff, contacts and renames; uploaded files; the
//! password-recovery flows; the outbox of the notifier; the audit log.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261127_000001_accounts::Account;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Upload::Table)
                .col(uuid(Upload::Id).primary_key())
                .col(big_integer_null(Upload::OwnerAccountId))
                .col(string(Upload::Purpose))
                .col(string(Upload::OriginalName))
                .col(string(Upload::ContentType))
                .col(big_integer(Upload::Size))
                .col(string(Upload::StorageKey))
                .col(boolean(Upload::Claimed).default(false))
                .col(timestamp_with_time_zone(Upload::CreatedAt))
                .to_owned(),
        )
        .await?;
        // Sweeping unclaimed uploads by age.
        m.create_index(
            Index::create()
                .name("idx_upload_claimed_created")
                .table(Upload::Table)
                .col(Upload::Claimed)
                .col(Upload::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Unit::Table)
                .col(big_integer(Unit::AccountId).primary_key())
                .col(string_uniq(Unit::CreditCode))
                .col(string(Unit::Name))
                .col(string(Unit::LegalRep))
                .col(string(Unit::Kind))
                .col(string(Unit::Industry))
                .col(string(Unit::RegionCode))
                .col(string(Unit::CityCode))
                .col(string(Unit::Address))
                .col(uuid_null(Unit::LicenceId))
                .col(string(Unit::Status))
                .col(string(Unit::ReviewNote).default(""))
                .col(big_integer_null(Unit::ReviewedBy))
                .col(timestamp_with_time_zone_null(Unit::ReviewedAt))
                .col(timestamp_with_time_zone(Unit::CreatedAt))
                .col(timestamp_with_time_zone(Unit::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Unit::Table, Unit::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(ForeignKey::create().from(Unit::Table, Unit::LicenceId).to(Upload::Table, Upload::Id))
                .to_owned(),
        )
        .await?;
        // A 职改办's list of registrations to review: by status within its city.
        m.create_index(
            Index::create()
                .name("idx_unit_status_city")
                .table(Unit::Table)
                .col(Unit::Status)
                .col(Unit::CityCode)
                .col(Unit::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_unit_name").table(Unit::Table).col(Unit::Name).to_owned()).await?;

        m.create_table(
            Table::create()
                .table(UnitRename::Table)
                .col(big_pk_auto(UnitRename::Id))
                .col(big_integer(UnitRename::UnitId))
                .col(string(UnitRename::OldName))
                .col(string(UnitRename::NewName))
                .col(string(UnitRename::ChangedBy))
                .col(timestamp_with_time_zone(UnitRename::ChangedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(UnitRename::Table, UnitRename::UnitId)
                        .to(Unit::Table, Unit::AccountId)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_unit_rename_unit")
                .table(UnitRename::Table)
                .col(UnitRename::UnitId)
                .col(UnitRename::ChangedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(UnitContact::Table)
                .col(big_pk_auto(UnitContact::Id))
                .col(uuid_uniq(UnitContact::PublicId))
                .col(big_integer(UnitContact::UnitId))
                .col(string(UnitContact::Name))
                .col(string(UnitContact::Phone))
                .col(string(UnitContact::Email))
                .col(timestamp_with_time_zone(UnitContact::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(UnitContact::Table, UnitContact::UnitId)
                        .to(Unit::Table, Unit::AccountId)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_unit_contact_unit").table(UnitContact::Table).col(UnitContact::UnitId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(UnitStaff::Table)
                .col(big_pk_auto(UnitStaff::Id))
                .col(uuid_uniq(UnitStaff::PublicId))
                .col(big_integer(UnitStaff::UnitId))
                .col(big_integer(UnitStaff::PersonId))
                .col(boolean(UnitStaff::Enabled).default(true))
                .col(timestamp_with_time_zone(UnitStaff::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(UnitStaff::Table, UnitStaff::UnitId)
                        .to(Unit::Table, Unit::AccountId)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UnitStaff::Table, UnitStaff::PersonId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_unit_staff_unique")
                .table(UnitStaff::Table)
                .col(UnitStaff::UnitId)
                .col(UnitStaff::PersonId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_unit_staff_person").table(UnitStaff::Table).col(UnitStaff::PersonId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Recovery::Table)
                .col(uuid(Recovery::Id).primary_key())
                .col(big_integer(Recovery::UnitId))
                .col(big_integer_null(Recovery::StaffId))
                .col(string_null(Recovery::CodeHash))
                .col(timestamp_with_time_zone_null(Recovery::CodeExpiresAt))
                .col(integer(Recovery::IdAttempts).default(0))
                .col(integer(Recovery::CodeAttempts).default(0))
                .col(timestamp_with_time_zone(Recovery::CreatedAt))
                .col(timestamp_with_time_zone(Recovery::ExpiresAt))
                .col(timestamp_with_time_zone_null(Recovery::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Recovery::Table, Recovery::UnitId)
                        .to(Unit::Table, Unit::AccountId)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(big_pk_auto(Outbox::Id))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(string(Outbox::Channel))
                .col(string(Outbox::Recipient))
                .col(string(Outbox::Subject))
                .col(text(Outbox::Body))
                .col(timestamp_with_time_zone_null(Outbox::SentAt))
                .col(string(Outbox::Error).default(""))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_recipient")
                .table(Outbox::Table)
                .col(Outbox::Recipient)
                .col(Outbox::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(big_integer_null(AuditLog::ActorAccountId))
                .col(string(AuditLog::Action))
                .col(string(AuditLog::Target))
                .col(string(AuditLog::Ip))
                .col(string(AuditLog::Detail))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_log_target")
                .table(AuditLog::Table)
                .col(AuditLog::Target)
                .col(AuditLog::At)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AuditLog::Table.into_iden(),
            Outbox::Table.into_iden(),
            Recovery::Table.into_iden(),
            UnitStaff::Table.into_iden(),
            UnitContact::Table.into_iden(),
            UnitRename::Table.into_iden(),
            Unit::Table.into_iden(),
            Upload::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Upload {
    Table,
    Id,
    OwnerAccountId,
    Purpose,
    OriginalName,
    ContentType,
    Size,
    StorageKey,
    Claimed,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Unit {
    Table,
    AccountId,
    CreditCode,
    Name,
    LegalRep,
    Kind,
    Industry,
    RegionCode,
    CityCode,
    Address,
    LicenceId,
    Status,
    ReviewNote,
    ReviewedBy,
    ReviewedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UnitRename {
    Table,
    Id,
    UnitId,
    OldName,
    NewName,
    ChangedBy,
    ChangedAt,
}

#[derive(DeriveIden)]
enum UnitContact {
    Table,
    Id,
    PublicId,
    UnitId,
    Name,
    Phone,
    Email,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum UnitStaff {
    Table,
    Id,
    PublicId,
    UnitId,
    PersonId,
    Enabled,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Recovery {
    Table,
    Id,
    UnitId,
    StaffId,
    CodeHash,
    CodeExpiresAt,
    IdAttempts,
    CodeAttempts,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    CreatedAt,
    Channel,
    Recipient,
    Subject,
    Body,
    SentAt,
    Error,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorAccountId,
    Action,
    Target,
    Ip,
    Detail,
}
