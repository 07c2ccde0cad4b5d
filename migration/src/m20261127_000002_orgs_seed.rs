//! The review organisations every installation starts with: the 区职改办,
//! the 14 市职改办, and 主管部门 under each of them. Administrators add more.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// GB/T 2260 codes and names of Guangxi's 14 cities.
pub const CITIES: [(&str, &str); 14] = [
    ("450100", "南宁"),
    ("450200", "柳州"),
    ("450300", "桂林"),
    ("450400", "梧州"),
    ("450500", "北海"),
    ("450600", "防城港"),
    ("450700", "钦州"),
    ("450800", "贵港"),
    ("450900", "玉林"),
    ("451000", "百色"),
    ("451100", "贺州"),
    ("451200", "河池"),
    ("451300", "来宾"),
    ("451400", "崇左"),
];

const REGION_DEPARTMENTS: [(&str, &str); 4] = [
    ("JYT", "广西壮族自治区教育厅"),
    ("WJW", "广西壮族自治区卫生健康委员会"),
    ("ZJT", "广西壮族自治区住房和城乡建设厅"),
    ("NYT", "广西壮族自治区农业农村厅"),
];

fn q(s: &str) -> String {
    s.replace('\'', "''")
}

fn insert(code: &str, name: &str, short: &str, kind: &str, region: &str, parent: Option<&str>, sort: i32) -> String {
    let parent = match parent {
        Some(p) => format!("(SELECT id FROM org WHERE code = '{}')", q(p)),
        None => "NULL".into(),
    };
    format!(
        "INSERT INTO org (code, name, short_name, kind, region_code, parent_id, sort) \
         VALUES ('{}', '{}', '{}', '{}', '{}', {parent}, {sort});",
        q(code),
        q(name),
        q(short),
        kind,
        region
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let mut sql = vec![insert(
            "ZGB-450000",
            "广西壮族自治区职称改革工作领导小组办公室",
            "区职改办",
            "office",
            "450000",
            None,
            0,
        )];
        for (i, (code, dept)) in REGION_DEPARTMENTS.iter().enumerate() {
            sql.push(insert(
                &format!("ZGBM-450000-{code}"),
                dept,
                dept,
                "department",
                "450000",
                Some("ZGB-450000"),
                i as i32 + 1,
            ));
        }
        for (i, (region, city)) in CITIES.iter().enumerate() {
            let office = format!("ZGB-{region}");
            let sort = (i as i32 + 1) * 100;
            sql.push(insert(
                &office,
                &format!("{city}市职称改革工作领导小组办公室"),
                &format!("{city}市职改办"),
                "office",
                region,
                None,
                sort,
            ));
            for (j, dept) in ["教育局", "卫生健康委员会"].iter().enumerate() {
                sql.push(insert(
                    &format!("ZGBM-{region}-{}", j + 1),
                    &format!("{city}市{dept}"),
                    &format!("{city}市{dept}"),
                    "department",
                    region,
                    Some(&office),
                    sort + j as i32 + 1,
                ));
            }
        }
        for stmt in sql {
            db.execute_unprepared(&stmt).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DELETE FROM org WHERE kind = 'department'").await?;
        db.execute_unprepared("DELETE FROM org").await?;
        Ok(())
    }
}
