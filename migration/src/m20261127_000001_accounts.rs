//! Accounts of every role, sessions, captchas, the sign-in log, rate limits
//! and the review organisations.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Org::Table)
                .col(big_pk_auto(Org::Id))
                .col(string_uniq(Org::Code))
                .col(string(Org::Name))
                .col(string(Org::ShortName))
                .col(string(Org::Kind))
                .col(string(Org::RegionCode))
                .col(big_integer_null(Org::ParentId))
                .col(integer(Org::Sort).default(0))
                .foreign_key(ForeignKey::create().from(Org::Table, Org::ParentId).to(Org::Table, Org::Id))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Account::Table)
                .col(big_pk_auto(Account::Id))
                .col(uuid_uniq(Account::PublicId))
                .col(string(Account::Kind))
                .col(string(Account::PasswordHash))
                .col(integer(Account::FailedLogins).default(0))
                .col(timestamp_with_time_zone_null(Account::LastFailedAt))
                .col(timestamp_with_time_zone_null(Account::LockedUntil))
                .col(timestamp_with_time_zone(Account::CreatedAt))
                .col(timestamp_with_time_zone(Account::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Person::Table)
                .col(big_integer(Person::AccountId).primary_key())
                .col(string(Person::Name))
                .col(string(Person::IdType))
                .col(string_uniq(Person::IdNumber))
                .col(date(Person::BirthDate))
                .col(string(Person::Gender))
                .col(string_uniq(Person::Phone))
                .col(string_uniq(Person::Email))
                .foreign_key(
                    ForeignKey::create()
                        .from(Person::Table, Person::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Officer::Table)
                .col(big_integer(Officer::AccountId).primary_key())
                .col(string_uniq(Officer::Username))
                .col(string(Officer::Name))
                .col(string(Officer::Role))
                .col(big_integer_null(Officer::OrgId))
                .foreign_key(
                    ForeignKey::create()
                        .from(Officer::Table, Officer::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(ForeignKey::create().from(Officer::Table, Officer::OrgId).to(Org::Table, Org::Id))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Session::Table)
                .col(string(Session::Id).primary_key())
                .col(big_integer(Session::AccountId))
                .col(string(Session::Role))
                .col(big_integer_null(Session::UnitId))
                .col(string(Session::Ip))
                .col(timestamp_with_time_zone(Session::CreatedAt))
                .col(timestamp_with_time_zone(Session::LastSeenAt))
                .col(timestamp_with_time_zone(Session::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Session::Table, Session::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // Ending every session of an account (password change) and sweeping expired ones.
        m.create_index(
            Index::create().name("idx_session_account").table(Session::Table).col(Session::AccountId).to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_session_expires").table(Session::Table).col(Session::ExpiresAt).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Captcha::Table)
                .col(uuid(Captcha::Id).primary_key())
                .col(string(Captcha::Answer))
                .col(timestamp_with_time_zone(Captcha::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_captcha_expires").table(Captcha::Table).col(Captcha::ExpiresAt).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginLog::Table)
                .col(big_pk_auto(LoginLog::Id))
                .col(timestamp_with_time_zone(LoginLog::At))
                .col(string(LoginLog::Channel))
                .col(string(LoginLog::Account))
                .col(big_integer_null(LoginLog::AccountId))
                .col(string(LoginLog::Ip))
                .col(boolean(LoginLog::Success))
                .col(string(LoginLog::Reason))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_login_log_account_at")
                .table(LoginLog::Table)
                .col(LoginLog::AccountId)
                .col(LoginLog::At)
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_login_log_at").table(LoginLog::Table).col(LoginLog::At).to_owned())
            .await?;

        m.create_table(
            Table::create()
                .table(RateLimit::Table)
                .col(string(RateLimit::Key).primary_key())
                .col(timestamp_with_time_zone(RateLimit::WindowStart))
                .col(integer(RateLimit::Hits))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            RateLimit::Table.into_iden(),
            LoginLog::Table.into_iden(),
            Captcha::Table.into_iden(),
            Session::Table.into_iden(),
            Officer::Table.into_iden(),
            Person::Table.into_iden(),
            Account::Table.into_iden(),
            Org::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Org {
    Table,
    Id,
    Code,
    Name,
    ShortName,
    Kind,
    RegionCode,
    ParentId,
    Sort,
}

#[derive(DeriveIden)]
pub enum Account {
    Table,
    Id,
    PublicId,
    Kind,
    PasswordHash,
    FailedLogins,
    LastFailedAt,
    LockedUntil,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    AccountId,
    Name,
    IdType,
    IdNumber,
    BirthDate,
    Gender,
    Phone,
    Email,
}

#[derive(DeriveIden)]
enum Officer {
    Table,
    AccountId,
    Username,
    Name,
    Role,
    OrgId,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    AccountId,
    Role,
    UnitId,
    Ip,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Captcha {
    Table,
    Id,
    Answer,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum LoginLog {
    Table,
    Id,
    At,
    Channel,
    Account,
    AccountId,
    Ip,
    Success,
    Reason,
}

#[derive(DeriveIden)]
enum RateLimit {
    Table,
    Key,
    WindowStart,
    Hits,
}
