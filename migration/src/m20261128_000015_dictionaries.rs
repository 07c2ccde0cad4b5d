//! Dictionaries the administrator keeps: 系列 and 专业 can be disabled
//! (kept for what uses them, no longer offered to new declarations); the
//! 资格名称 a certificate prints move from code into a table (per 系列 and
//! level, optionally per 专业); 单位行业 moves from code into a table.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// 资格名称 per 系列: 员级, 助理级, 中级 (what `certificates::title` held).
const NAMES: &[(&str, [&str; 3])] = &[
    ("GC", ["技术员", "助理工程师", "工程师"]),
    ("WS", ["医士", "医师", "主治医师"]),
    ("JY", ["三级教师", "二级教师", "一级教师"]),
    ("NY", ["农业技术员", "助理农艺师", "农艺师"]),
    ("JJ", ["经济员", "助理经济师", "经济师"]),
    ("KJ", ["会计员", "助理会计师", "会计师"]),
    ("TJ", ["统计员", "助理统计师", "统计师"]),
    ("DA", ["管理员", "助理馆员", "馆员"]),
    ("TS", ["管理员", "助理馆员", "馆员"]),
    ("QZWH", ["群众文化管理员", "助理馆员", "馆员"]),
];

/// 卫生系列's 专业 with names of their own.
const SPECIALTY_NAMES: &[(&str, [&str; 3])] = &[
    ("护理", ["护士", "护师", "主管护师"]),
    ("药学", ["药士", "药师", "主管药师"]),
    ("医学技术", ["技士", "技师", "主管技师"]),
    ("公共卫生", ["医士", "医师", "主管医师"]),
];

const LEVELS: [&str; 3] = ["junior", "assistant", "intermediate"];

/// 单位行业: the sections of GB/T 4754-2017.
const INDUSTRIES: [(&str, &str); 20] = [
    ("A", "农、林、牧、渔业"),
    ("B", "采矿业"),
    ("C", "制造业"),
    ("D", "电力、热力、燃气及水生产和供应业"),
    ("E", "建筑业"),
    ("F", "批发和零售业"),
    ("G", "交通运输、仓储和邮政业"),
    ("H", "住宿和餐饮业"),
    ("I", "信息传输、软件和信息技术服务业"),
    ("J", "金融业"),
    ("K", "房地产业"),
    ("L", "租赁和商务服务业"),
    ("M", "科学研究和技术服务业"),
    ("N", "水利、环境和公共设施管理业"),
    ("O", "居民服务、修理和其他服务业"),
    ("P", "教育"),
    ("Q", "卫生和社会工作"),
    ("R", "文化、体育和娱乐业"),
    ("S", "公共管理、社会保障和社会组织"),
    ("T", "国际组织"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Series::Table)
                .add_column(timestamp_with_time_zone_null(Series::DisabledAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Specialty::Table)
                .add_column(timestamp_with_time_zone_null(Specialty::DisabledAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(QualificationName::Table)
                .col(big_pk_auto(QualificationName::Id))
                .col(big_integer(QualificationName::SeriesId))
                // Null: the 系列's own name; set: a 专业's name overriding it.
                .col(big_integer_null(QualificationName::SpecialtyId))
                .col(string(QualificationName::Level))
                .col(string(QualificationName::Name))
                .col(timestamp_with_time_zone_null(QualificationName::DisabledAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(QualificationName::Table, QualificationName::SeriesId)
                        .to(Series::Table, Series::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(QualificationName::Table, QualificationName::SpecialtyId)
                        .to(Specialty::Table, Specialty::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_qualification_name_specialty")
                .table(QualificationName::Table)
                .col(QualificationName::SpecialtyId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Industry::Table)
                .col(big_pk_auto(Industry::Id))
                .col(string_uniq(Industry::Code))
                .col(string(Industry::Name))
                .col(integer(Industry::Sort))
                .col(timestamp_with_time_zone_null(Industry::DisabledAt))
                .to_owned(),
        )
        .await?;

        // One entry per name where two admins saving at once could make two:
        // the database decides, the services turn a violation into a message.
        let db = m.get_connection();
        db.execute_unprepared(
            "CREATE UNIQUE INDEX idx_qualification_name_key \
             ON qualification_name (series_id, COALESCE(specialty_id, 0), level)",
        )
        .await?;
        let unique = [
            ("idx_series_name", "series", "name"),
            ("idx_specialty_series_name", "specialty", "series_id, name"),
            ("idx_industry_name", "industry", "name"),
            ("idx_qualification_rule_key", "qualification_rule", "education, level"),
        ];
        for (index, table, columns) in unique {
            db.execute_unprepared(&format!("CREATE UNIQUE INDEX {index} ON {table} ({columns})")).await?;
        }
        for (code, names) in NAMES {
            for (level, name) in LEVELS.iter().zip(names) {
                db.execute_unprepared(&format!(
                    "INSERT INTO qualification_name (series_id, level, name) \
                     SELECT id, '{level}', '{name}' FROM series WHERE code = '{code}'"
                ))
                .await?;
            }
        }
        for (specialty, names) in SPECIALTY_NAMES {
            for (level, name) in LEVELS.iter().zip(names) {
                db.execute_unprepared(&format!(
                    "INSERT INTO qualification_name (series_id, specialty_id, level, name) \
                     SELECT p.series_id, p.id, '{level}', '{name}' FROM specialty p \
                     JOIN series s ON s.id = p.series_id WHERE s.code = 'WS' AND p.name = '{specialty}'"
                ))
                .await?;
            }
        }
        for (i, (code, name)) in INDUSTRIES.iter().enumerate() {
            db.execute_unprepared(&format!("INSERT INTO industry (code, name, sort) VALUES ('{code}', '{name}', {i})"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for index in ["idx_series_name", "idx_specialty_series_name", "idx_qualification_rule_key"] {
            db.execute_unprepared(&format!("DROP INDEX {index}")).await?;
        }
        m.drop_table(Table::drop().table(Industry::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(QualificationName::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Specialty::Table).drop_column(Specialty::DisabledAt).to_owned()).await?;
        m.alter_table(Table::alter().table(Series::Table).drop_column(Series::DisabledAt).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Series {
    Table,
    Id,
    DisabledAt,
}

#[derive(DeriveIden)]
enum Specialty {
    Table,
    Id,
    DisabledAt,
}

#[derive(DeriveIden)]
enum QualificationName {
    Table,
    Id,
    SeriesId,
    SpecialtyId,
    Level,
    Name,
    DisabledAt,
}

#[derive(DeriveIden)]
enum Industry {
    Table,
    Id,
    Code,
    Name,
    Sort,
    DisabledAt,
}
