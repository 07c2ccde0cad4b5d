//! Declarations (申报) for the three businesses with their batches and
//! dictionaries, the unit's opinions, attachments, the 操作记录 and the
//! applicant's 消息中心.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261127_000001_accounts::{Account, Org};
use super::m20261127_000003_units::{Unit, Upload};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SERIES: &[(&str, &str, &[&str])] = &[
    ("GC", "工程系列", &["电子信息工程", "土木建筑工程", "机械工程", "电气工程", "交通运输工程", "水利工程"]),
    ("WS", "卫生系列", &["临床医学", "护理", "药学", "医学技术", "公共卫生"]),
    ("JY", "中小学教师系列", &["小学教师", "初中教师", "高中教师"]),
    ("NY", "农业系列", &["农学", "畜牧兽医", "林业", "水产"]),
    ("JJ", "经济系列", &["工商管理", "人力资源管理", "金融", "财政税收"]),
    ("KJ", "会计系列", &["会计"]),
    ("TJ", "统计系列", &["统计"]),
    ("DA", "档案系列", &["档案"]),
    ("TS", "图书资料系列", &["图书资料"]),
    ("QZWH", "群众文化系列", &["群众文化"]),
];

/// Common conditions of DESIGN.md §2: (education, level, years of work).
const RULES: &[(&str, &str, i32)] = &[
    ("中专", "junior", 1),
    ("大专", "junior", 1),
    ("大专", "assistant", 3),
    ("本科", "assistant", 1),
    ("硕士", "assistant", 0),
    ("硕士", "intermediate", 3),
    ("博士", "intermediate", 0),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Batch::Table)
                .col(big_pk_auto(Batch::Id))
                .col(integer(Batch::Year))
                .col(big_integer(Batch::OfficeId))
                .col(string(Batch::Name))
                .col(timestamp_with_time_zone(Batch::OpensAt))
                .col(timestamp_with_time_zone(Batch::ClosesAt))
                .col(timestamp_with_time_zone(Batch::CreatedAt))
                .foreign_key(ForeignKey::create().from(Batch::Table, Batch::OfficeId).to(Org::Table, Org::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_batch_office_year")
                .table(Batch::Table)
                .col(Batch::OfficeId)
                .col(Batch::Year)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Series::Table)
                .col(big_pk_auto(Series::Id))
                .col(string_uniq(Series::Code))
                .col(string(Series::Name))
                .col(integer(Series::Sort))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Specialty::Table)
                .col(big_pk_auto(Specialty::Id))
                .col(big_integer(Specialty::SeriesId))
                .col(string(Specialty::Name))
                .col(integer(Specialty::Sort))
                .foreign_key(
                    ForeignKey::create().from(Specialty::Table, Specialty::SeriesId).to(Series::Table, Series::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(QualificationRule::Table)
                .col(big_pk_auto(QualificationRule::Id))
                .col(string(QualificationRule::Education))
                .col(string(QualificationRule::Level))
                .col(integer(QualificationRule::MinYears))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Declaration::Table)
                .col(big_pk_auto(Declaration::Id))
                .col(uuid_uniq(Declaration::PublicId))
                .col(big_integer(Declaration::PersonId))
                .col(big_integer(Declaration::UnitId))
                .col(big_integer(Declaration::BatchId))
                .col(integer(Declaration::BatchYear))
                .col(string(Declaration::Business))
                .col(big_integer(Declaration::SeriesId))
                .col(big_integer(Declaration::SpecialtyId))
                .col(string(Declaration::Level))
                .col(string(Declaration::Status))
                .col(integer(Declaration::Version).default(0))
                .col(string(Declaration::ApplicantName))
                .col(string(Declaration::ApplicantIdNumber))
                .col(text(Declaration::Form))
                .col(boolean(Declaration::Commitment).default(false))
                .col(big_integer_null(Declaration::TargetOrgId))
                .col(string(Declaration::UnitLeader).default(""))
                .col(timestamp_with_time_zone_null(Declaration::SubmittedAt))
                .col(timestamp_with_time_zone(Declaration::CreatedAt))
                .col(timestamp_with_time_zone(Declaration::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Declaration::Table, Declaration::PersonId)
                        .to(Account::Table, Account::Id),
                )
                .foreign_key(
                    ForeignKey::create().from(Declaration::Table, Declaration::UnitId).to(Unit::Table, Unit::AccountId),
                )
                .foreign_key(
                    ForeignKey::create().from(Declaration::Table, Declaration::BatchId).to(Batch::Table, Batch::Id),
                )
                .foreign_key(
                    ForeignKey::create().from(Declaration::Table, Declaration::TargetOrgId).to(Org::Table, Org::Id),
                )
                .to_owned(),
        )
        .await?;
        // A unit's 待办事项 and red count: by unit and status, newest or oldest first.
        m.create_index(
            Index::create()
                .name("idx_declaration_unit_status_submitted")
                .table(Declaration::Table)
                .col(Declaration::UnitId)
                .col(Declaration::Status)
                .col(Declaration::SubmittedAt)
                .to_owned(),
        )
        .await?;
        // 全部: a unit's declarations by time.
        m.create_index(
            Index::create()
                .name("idx_declaration_unit_submitted")
                .table(Declaration::Table)
                .col(Declaration::UnitId)
                .col(Declaration::SubmittedAt)
                .to_owned(),
        )
        .await?;
        // An applicant's own list.
        m.create_index(
            Index::create()
                .name("idx_declaration_person")
                .table(Declaration::Table)
                .col(Declaration::PersonId)
                .col(Declaration::CreatedAt)
                .to_owned(),
        )
        .await?;
        // What waits for a 主管部门 or 职改办.
        m.create_index(
            Index::create()
                .name("idx_declaration_target_status")
                .table(Declaration::Table)
                .col(Declaration::TargetOrgId)
                .col(Declaration::Status)
                .col(Declaration::SubmittedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(UnitOpinion::Table)
                .col(big_integer(UnitOpinion::DeclarationId).primary_key())
                .col(text_null(UnitOpinion::Recommendation))
                .col(text_null(UnitOpinion::Appraisal))
                .col(text_null(UnitOpinion::Publicity))
                .col(text_null(UnitOpinion::Committee))
                .col(timestamp_with_time_zone(UnitOpinion::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(UnitOpinion::Table, UnitOpinion::DeclarationId)
                        .to(Declaration::Table, Declaration::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DeclarationAttachment::Table)
                .col(big_pk_auto(DeclarationAttachment::Id))
                .col(big_integer(DeclarationAttachment::DeclarationId))
                .col(uuid(DeclarationAttachment::UploadId))
                .col(integer(DeclarationAttachment::Sort))
                .foreign_key(
                    ForeignKey::create()
                        .from(DeclarationAttachment::Table, DeclarationAttachment::DeclarationId)
                        .to(Declaration::Table, Declaration::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(DeclarationAttachment::Table, DeclarationAttachment::UploadId)
                        .to(Upload::Table, Upload::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_attachment_declaration")
                .table(DeclarationAttachment::Table)
                .col(DeclarationAttachment::DeclarationId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_attachment_upload")
                .table(DeclarationAttachment::Table)
                .col(DeclarationAttachment::UploadId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OperationLog::Table)
                .col(big_pk_auto(OperationLog::Id))
                .col(big_integer(OperationLog::DeclarationId))
                .col(big_integer(OperationLog::UnitId))
                .col(integer(OperationLog::BatchYear))
                .col(timestamp_with_time_zone(OperationLog::At))
                .col(big_integer(OperationLog::OperatorId))
                .col(string(OperationLog::OperatorName))
                .col(string(OperationLog::ApplicantName))
                .col(string(OperationLog::ApplicantIdMasked))
                .col(string(OperationLog::Action))
                .col(string(OperationLog::Reason).default(""))
                .foreign_key(
                    ForeignKey::create()
                        .from(OperationLog::Table, OperationLog::DeclarationId)
                        .to(Declaration::Table, Declaration::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_oplog_unit_at")
                .table(OperationLog::Table)
                .col(OperationLog::UnitId)
                .col(OperationLog::At)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_oplog_declaration_at")
                .table(OperationLog::Table)
                .col(OperationLog::DeclarationId)
                .col(OperationLog::At)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Message::Table)
                .col(big_pk_auto(Message::Id))
                .col(big_integer(Message::PersonId))
                .col(big_integer_null(Message::DeclarationId))
                .col(timestamp_with_time_zone(Message::At))
                .col(string(Message::Title))
                .col(text(Message::Body))
                .col(boolean(Message::Read).default(false))
                .foreign_key(
                    ForeignKey::create()
                        .from(Message::Table, Message::PersonId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_message_person_at")
                .table(Message::Table)
                .col(Message::PersonId)
                .col(Message::At)
                .to_owned(),
        )
        .await?;

        // Dictionaries.
        let db = m.get_connection();
        for (i, (code, name, specialties)) in SERIES.iter().enumerate() {
            db.execute_unprepared(&format!("INSERT INTO series (code, name, sort) VALUES ('{code}', '{name}', {i})"))
                .await?;
            for (j, s) in specialties.iter().enumerate() {
                db.execute_unprepared(&format!(
                    "INSERT INTO specialty (series_id, name, sort) VALUES ((SELECT id FROM series WHERE code = '{code}'), '{s}', {j})"
                ))
                .await?;
            }
        }
        for (edu, level, years) in RULES {
            db.execute_unprepared(&format!(
                "INSERT INTO qualification_rule (education, level, min_years) VALUES ('{edu}', '{level}', {years})"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Message::Table.into_iden(),
            OperationLog::Table.into_iden(),
            DeclarationAttachment::Table.into_iden(),
            UnitOpinion::Table.into_iden(),
            Declaration::Table.into_iden(),
            QualificationRule::Table.into_iden(),
            Specialty::Table.into_iden(),
            Series::Table.into_iden(),
            Batch::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Batch {
    Table,
    Id,
    Year,
    OfficeId,
    Name,
    OpensAt,
    ClosesAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Series {
    Table,
    Id,
    Code,
    Name,
    Sort,
}

#[derive(DeriveIden)]
enum Specialty {
    Table,
    Id,
    SeriesId,
    Name,
    Sort,
}

#[derive(DeriveIden)]
enum QualificationRule {
    Table,
    Id,
    Education,
    Level,
    MinYears,
}

#[derive(DeriveIden)]
enum Declaration {
    Table,
    Id,
    PublicId,
    PersonId,
    UnitId,
    BatchId,
    BatchYear,
    Business,
    SeriesId,
    SpecialtyId,
    Level,
    Status,
    Version,
    ApplicantName,
    ApplicantIdNumber,
    Form,
    Commitment,
    TargetOrgId,
    UnitLeader,
    SubmittedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UnitOpinion {
    Table,
    DeclarationId,
    Recommendation,
    Appraisal,
    Publicity,
    Committee,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DeclarationAttachment {
    Table,
    Id,
    DeclarationId,
    UploadId,
    Sort,
}

#[derive(DeriveIden)]
enum OperationLog {
    Table,
    Id,
    DeclarationId,
    UnitId,
    BatchYear,
    At,
    OperatorId,
    OperatorName,
    ApplicantName,
    ApplicantIdMasked,
    Action,
    Reason,
}

#[derive(DeriveIden)]
enum Message {
    Table,
    Id,
    PersonId,
    DeclarationId,
    At,
    Title,
    Body,
    Read,
}
