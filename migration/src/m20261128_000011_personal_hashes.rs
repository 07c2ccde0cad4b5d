//! Keyed hashes beside the sealed 证件号码 and phone numbers: look-ups and
//! uniqueness use them, since a sealed value differs on every write. The
//! server fills them (and seals the values) at start-up: only it has the key.
//! Declarations keep the masked 证件号码 too, for lists and the 操作记录.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [Person::IdNumberHash, Person::PhoneHash] {
            m.alter_table(Table::alter().table(Person::Table).add_column(string_null(col)).to_owned()).await?;
        }
        for (name, col) in
            [("ux_person_id_number_hash", Person::IdNumberHash), ("ux_person_phone_hash", Person::PhoneHash)]
        {
            m.create_index(Index::create().name(name).table(Person::Table).col(col).unique().to_owned()).await?;
        }
        for col in [Declaration::ApplicantIdHash, Declaration::ApplicantIdMasked] {
            m.alter_table(Table::alter().table(Declaration::Table).add_column(string_null(col)).to_owned()).await?;
        }
        m.create_index(
            Index::create()
                .name("ix_declaration_applicant_id_hash")
                .table(Declaration::Table)
                .col(Declaration::ApplicantIdHash)
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(Officer::Table).add_column(string_null(Officer::IdNumberHash)).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Officer::Table).drop_column(Officer::IdNumberHash).to_owned()).await?;
        m.drop_index(Index::drop().name("ix_declaration_applicant_id_hash").table(Declaration::Table).to_owned())
            .await?;
        for col in [Declaration::ApplicantIdHash, Declaration::ApplicantIdMasked] {
            m.alter_table(Table::alter().table(Declaration::Table).drop_column(col).to_owned()).await?;
        }
        for (name, col) in
            [("ux_person_id_number_hash", Person::IdNumberHash), ("ux_person_phone_hash", Person::PhoneHash)]
        {
            m.drop_index(Index::drop().name(name).table(Person::Table).to_owned()).await?;
            m.alter_table(Table::alter().table(Person::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Person {
    Table,
    IdNumberHash,
    PhoneHash,
}

#[derive(DeriveIden)]
enum Declaration {
    Table,
    ApplicantIdHash,
    ApplicantIdMasked,
}

#[derive(DeriveIden)]
enum Officer {
    Table,
    IdNumberHash,
}
