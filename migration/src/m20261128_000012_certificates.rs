//! The offices finish the job: where a declaration went (its city, the
//! 主管部门 it passed through, when the unit first forwarded it), which
//! organisation took each step, certificates with their per-office-year
//! counters, who looked a certificate up, and the units' 消息中心.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(Declaration::Table).add_column(string_null(Declaration::CityCode)).to_owned(),
        )
        .await?;
        for col in [Declaration::DepartmentId, Declaration::OriginalCertificateId] {
            m.alter_table(Table::alter().table(Declaration::Table).add_column(big_integer_null(col)).to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Declaration::Table)
                .add_column(timestamp_with_time_zone_null(Declaration::ForwardedAt))
                .to_owned(),
        )
        .await?;
        // 待办事项 and its red count; 申报查询 of a city, of a 主管部门, by name.
        for (name, cols) in [
            (
                "ix_declaration_target_status",
                vec![Declaration::TargetOrgId, Declaration::Status, Declaration::SubmittedAt],
            ),
            ("ix_declaration_city_submitted", vec![Declaration::CityCode, Declaration::SubmittedAt]),
            ("ix_declaration_department_submitted", vec![Declaration::DepartmentId, Declaration::SubmittedAt]),
            ("ix_declaration_applicant_name", vec![Declaration::ApplicantName]),
            // The 区职改办's 申报查询, newest first over the region.
            ("ix_declaration_submitted", vec![Declaration::SubmittedAt]),
        ] {
            let mut idx = Index::create().name(name).table(Declaration::Table).to_owned();
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx).await?;
        }
        let db = m.get_connection();
        // What was forwarded before this migration: its city, its 主管部门.
        db.execute_unprepared(
            "UPDATE declaration SET city_code = (SELECT city_code FROM unit WHERE unit.account_id = declaration.unit_id), \
             forwarded_at = submitted_at WHERE target_org_id IS NOT NULL",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE declaration SET department_id = target_org_id \
             WHERE target_org_id IN (SELECT id FROM org WHERE kind = 'department')",
        )
        .await?;

        m.alter_table(
            Table::alter()
                .table(OperationLog::Table)
                .add_column(big_integer_null(OperationLog::OperatorOrgId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_operation_log_org_at")
                .table(OperationLog::Table)
                .col(OperationLog::OperatorOrgId)
                .col(OperationLog::At)
                .to_owned(),
        )
        .await?;
        db.execute_unprepared(
            "UPDATE operation_log SET operator_org_id = \
             (SELECT org_id FROM officer WHERE officer.account_id = operation_log.operator_id) \
             WHERE action LIKE '主管部门%' OR action LIKE '职改办%'",
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Certificate::Table)
                .col(big_pk_auto(Certificate::Id))
                .col(uuid_uniq(Certificate::PublicId))
                .col(string_uniq(Certificate::Number))
                .col(string_uniq(Certificate::VerifyCode))
                .col(big_integer(Certificate::OfficeId))
                .col(integer(Certificate::Year))
                .col(integer(Certificate::Seq))
                .col(big_integer_null(Certificate::DeclarationId))
                .col(big_integer(Certificate::PersonId))
                .col(string(Certificate::HolderName))
                .col(string(Certificate::HolderIdNumber))
                .col(string(Certificate::HolderIdHash))
                .col(string(Certificate::HolderIdMasked))
                .col(big_integer(Certificate::UnitId))
                .col(string(Certificate::Series))
                .col(string(Certificate::Specialty))
                .col(string(Certificate::Qualification))
                .col(string(Certificate::Level))
                .col(string(Certificate::OfficeName))
                .col(string(Certificate::ApprovalNo))
                .col(date(Certificate::QualifiedOn))
                .col(timestamp_with_time_zone(Certificate::IssuedAt))
                .col(string(Certificate::Kind))
                .col(big_integer_null(Certificate::ReplacesId))
                .col(string(Certificate::ReplacesNumber))
                .col(string(Certificate::Status))
                .col(timestamp_with_time_zone_null(Certificate::VoidedAt))
                .col(string(Certificate::VoidReason))
                .col(big_integer_null(Certificate::ReplacedById))
                .foreign_key(
                    ForeignKey::create().from(Certificate::Table, Certificate::OfficeId).to(Org::Table, Org::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_certificate_office_year_seq")
                .table(Certificate::Table)
                .col(Certificate::OfficeId)
                .col(Certificate::Year)
                .col(Certificate::Seq)
                .unique()
                .to_owned(),
        )
        .await?;
        for (name, col) in
            [("ix_certificate_person", Certificate::PersonId), ("ix_certificate_unit", Certificate::UnitId)]
        {
            m.create_index(Index::create().name(name).table(Certificate::Table).col(col).to_owned()).await?;
        }
        // One certificate per approved declaration, whatever happens.
        m.create_index(
            Index::create()
                .name("ux_certificate_declaration")
                .table(Certificate::Table)
                .col(Certificate::DeclarationId)
                .unique()
                .to_owned(),
        )
        .await?;

        // One row per issuing office and year: taken (row-locked) in the
        // issuing transaction, so numbers are unique and without gaps.
        m.create_table(
            Table::create()
                .table(CertificateCounter::Table)
                .col(big_integer(CertificateCounter::OfficeId))
                .col(integer(CertificateCounter::Year))
                .col(integer(CertificateCounter::Last))
                .primary_key(Index::create().col(CertificateCounter::OfficeId).col(CertificateCounter::Year))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CertificateLookup::Table)
                .col(big_pk_auto(CertificateLookup::Id))
                .col(big_integer(CertificateLookup::CertificateId))
                .col(timestamp_with_time_zone(CertificateLookup::At))
                .col(string(CertificateLookup::ViewerKind))
                .col(string(CertificateLookup::ViewerName))
                .foreign_key(
                    ForeignKey::create()
                        .from(CertificateLookup::Table, CertificateLookup::CertificateId)
                        .to(Certificate::Table, Certificate::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_certificate_lookup_certificate")
                .table(CertificateLookup::Table)
                .col(CertificateLookup::CertificateId)
                .col(CertificateLookup::At)
                .to_owned(),
        )
        .await?;

        // The red count of each office's 待办事项, kept by every transition in
        // its own transaction: counting tens of thousands of rows per page
        // view is what it saves.
        m.create_table(
            Table::create()
                .table(OrgTodo::Table)
                .col(big_integer(OrgTodo::OrgId).primary_key())
                .col(integer(OrgTodo::Waiting))
                .to_owned(),
        )
        .await?;
        db.execute_unprepared(BACKFILL_TODO).await?;

        m.create_table(
            Table::create()
                .table(UnitMessage::Table)
                .col(big_pk_auto(UnitMessage::Id))
                .col(big_integer(UnitMessage::UnitId))
                .col(big_integer_null(UnitMessage::DeclarationId))
                .col(timestamp_with_time_zone(UnitMessage::At))
                .col(string(UnitMessage::Title))
                .col(text(UnitMessage::Body))
                .col(boolean(UnitMessage::Read).default(false))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_unit_message_unit_at")
                .table(UnitMessage::Table)
                .col(UnitMessage::UnitId)
                .col(UnitMessage::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            OrgTodo::Table.into_iden(),
            UnitMessage::Table.into_iden(),
            CertificateLookup::Table.into_iden(),
            CertificateCounter::Table.into_iden(),
            Certificate::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(Index::drop().name("ix_operation_log_org_at").table(OperationLog::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(OperationLog::Table).drop_column(OperationLog::OperatorOrgId).to_owned())
            .await?;
        for name in [
            "ix_declaration_target_status",
            "ix_declaration_city_submitted",
            "ix_declaration_department_submitted",
            "ix_declaration_applicant_name",
            "ix_declaration_submitted",
        ] {
            m.drop_index(Index::drop().name(name).table(Declaration::Table).to_owned()).await?;
        }
        for col in [
            Declaration::CityCode,
            Declaration::DepartmentId,
            Declaration::OriginalCertificateId,
            Declaration::ForwardedAt,
        ] {
            m.alter_table(Table::alter().table(Declaration::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Declaration {
    Table,
    TargetOrgId,
    Status,
    SubmittedAt,
    ApplicantName,
    CityCode,
    DepartmentId,
    ForwardedAt,
    OriginalCertificateId,
}

#[derive(DeriveIden)]
enum OperationLog {
    Table,
    OperatorOrgId,
    At,
}

#[derive(DeriveIden)]
enum Org {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Certificate {
    Table,
    Id,
    PublicId,
    Number,
    VerifyCode,
    OfficeId,
    Year,
    Seq,
    DeclarationId,
    PersonId,
    HolderName,
    HolderIdNumber,
    HolderIdHash,
    HolderIdMasked,
    UnitId,
    Series,
    Specialty,
    Qualification,
    Level,
    OfficeName,
    ApprovalNo,
    QualifiedOn,
    IssuedAt,
    Kind,
    ReplacesId,
    ReplacesNumber,
    Status,
    VoidedAt,
    VoidReason,
    ReplacedById,
}

#[derive(DeriveIden)]
enum CertificateCounter {
    Table,
    OfficeId,
    Year,
    Last,
}

#[derive(DeriveIden)]
enum CertificateLookup {
    Table,
    Id,
    CertificateId,
    At,
    ViewerKind,
    ViewerName,
}

/// What waits for each organisation, counted once (also by `bench_seed`).
pub const BACKFILL_TODO: &str = "INSERT INTO org_todo (org_id, waiting) \
     SELECT target_org_id, COUNT(*) FROM declaration \
     WHERE status IN ('department_review', 'office_review') AND target_org_id IS NOT NULL GROUP BY target_org_id";

#[derive(DeriveIden)]
enum OrgTodo {
    Table,
    OrgId,
    Waiting,
}

#[derive(DeriveIden)]
enum UnitMessage {
    Table,
    Id,
    UnitId,
    DeclarationId,
    At,
    Title,
    Body,
    Read,
}
