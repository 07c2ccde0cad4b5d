//! The counters behind 统计分析: one row per key (year, city, 主管部门,
//! status, business, level, 系列, month of 报送) with how many forwarded
//! declarations have it. Every move of a declaration takes one from its
//! old key and adds one to its new key in the moving transaction
//! ([`moved`], called by `declarations::transition::apply`), so the
//! numbers always equal a count of the declarations themselves — the
//! integration tests compare them with 申报查询 — and a region's year is
//! read from a few thousand rows instead of every declaration.
//!
//! A declaration is counted from its unit's 审核报送 on (when it gets its
//! city): before that it is in nobody's jurisdiction.

use crate::server::entities::{declaration, declaration_stat as stat};
use crate::server::text::china;
use chrono::{DateTime, Datelike, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, QueryFilter};
use sea_orm::{
    ConnectionTrait, DbErr, EntityTrait, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// What one counter row counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub batch_year: i32,
    pub city_code: String,
    pub department_id: i64,
    pub status: String,
    pub business: String,
    pub level: String,
    pub series_id: i64,
    pub month: i32,
}

/// yyyymm in China time.
pub fn month_of(t: DateTime<Utc>) -> i32 {
    let cn = t.with_timezone(&china());
    cn.year() * 100 + cn.month() as i32
}

/// The key of `d`, or `None` while it is in nobody's jurisdiction.
pub fn key(d: &declaration::Model) -> Option<Key> {
    Some(Key {
        batch_year: d.batch_year,
        city_code: d.city_code.clone()?,
        department_id: d.department_id.unwrap_or(0),
        status: d.status.clone(),
        business: d.business.clone(),
        level: d.level.clone(),
        series_id: d.series_id,
        month: d.submitted_at.map(month_of).unwrap_or(0),
    })
}

/// Adds `delta` to `k`'s row (made on first use), in one statement.
pub async fn add<C: ConnectionTrait>(db: &C, k: &Key, delta: i64) -> Result<(), DbErr> {
    stat::Entity::insert(stat::ActiveModel {
        batch_year: Set(k.batch_year),
        city_code: Set(k.city_code.clone()),
        department_id: Set(k.department_id),
        status: Set(k.status.clone()),
        business: Set(k.business.clone()),
        level: Set(k.level.clone()),
        series_id: Set(k.series_id),
        month: Set(k.month),
        n: Set(delta),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            stat::Column::BatchYear,
            stat::Column::CityCode,
            stat::Column::DepartmentId,
            stat::Column::Status,
            stat::Column::Business,
            stat::Column::Level,
            stat::Column::SeriesId,
            stat::Column::Month,
        ])
        .value(stat::Column::N, Expr::col((stat::Entity, stat::Column::N)).add(delta))
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A declaration moved from `before` to `after` (the same row read before
/// and after the update): its count leaves the old key for the new one.
pub async fn moved<C: ConnectionTrait>(
    db: &C,
    before: &declaration::Model,
    after: &declaration::Model,
) -> Result<(), DbErr> {
    let (old, new) = (key(before), key(after));
    if old == new {
        return Ok(());
    }
    if let Some(k) = old {
        add(db, &k, -1).await?;
    }
    if let Some(k) = new {
        add(db, &k, 1).await?;
    }
    Ok(())
}

/// Counts every declaration again and replaces the counters (after a bulk
/// load, or on the first start after the table came). Reads in pages by id.
pub async fn recount<C: ConnectionTrait + TransactionTrait>(db: &C) -> Result<u64, DbErr> {
    use declaration::Column as D;
    const PAGE: u64 = 20_000;
    let mut totals: HashMap<Key, i64> = HashMap::new();
    let mut after = 0i64;
    let mut counted = 0u64;
    loop {
        type Row = (i64, i32, Option<String>, Option<i64>, String, String, String, i64, Option<DateTime<Utc>>);
        let rows: Vec<Row> = declaration::Entity::find()
            .select_only()
            .columns([D::Id, D::BatchYear, D::CityCode, D::DepartmentId, D::Status, D::Business, D::Level, D::SeriesId])
            .column(D::SubmittedAt)
            .filter(D::Id.gt(after))
            .filter(D::CityCode.is_not_null())
            .order_by_asc(D::Id)
            .limit(PAGE)
            .into_tuple()
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        for (_, year, city, dept, status, business, level, series, submitted) in rows {
            let Some(city_code) = city else { continue };
            let k = Key {
                batch_year: year,
                city_code,
                department_id: dept.unwrap_or(0),
                status,
                business,
                level,
                series_id: series,
                month: submitted.map(month_of).unwrap_or(0),
            };
            *totals.entry(k).or_insert(0) += 1;
            counted += 1;
        }
    }
    let txn = db.begin().await?;
    stat::Entity::delete_many().exec(&txn).await?;
    let rows: Vec<stat::ActiveModel> = totals
        .into_iter()
        .map(|(k, n)| stat::ActiveModel {
            batch_year: Set(k.batch_year),
            city_code: Set(k.city_code),
            department_id: Set(k.department_id),
            status: Set(k.status),
            business: Set(k.business),
            level: Set(k.level),
            series_id: Set(k.series_id),
            month: Set(k.month),
            n: Set(n),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(1000) {
        stat::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(counted)
}

/// On start: fills the counters once for declarations that predate them.
pub async fn ensure<C: ConnectionTrait + TransactionTrait>(db: &C) -> Result<(), DbErr> {
    use sea_orm::PaginatorTrait;
    let empty = stat::Entity::find().count(db).await? == 0;
    if empty {
        let forwarded =
            declaration::Entity::find().filter(declaration::Column::CityCode.is_not_null()).count(db).await?;
        if forwarded > 0 {
            let n = recount(db).await?;
            tracing::info!(declarations = n, "统计分析的计数已重建");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_month_is_china_time() {
        // 2026-11-30 17:00 UTC is 1 December in China.
        assert_eq!(month_of(Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap()), 202612);
        assert_eq!(month_of(Utc.with_ymd_and_hms(2026, 11, 30, 15, 59, 59).unwrap()), 202611);
    }
}
