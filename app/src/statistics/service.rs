//! Reads 统计分析 from the counters: each breakdown one grouped query over
//! the caller's jurisdiction, years and filter, summed by the database.

use super::{charts, CityCounts, Count, Statistics, StatsFilter, MAX_YEARS};
use crate::declarations::{Business, Level, Status};
use crate::domain::region;
use crate::error::{AppError, FieldError};
use crate::server::access::{self, Actor, REGION};
use crate::server::entities::{declaration_stat as stat, org, series};
use crate::server::text::today_cn;
use chrono::Datelike;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use std::collections::BTreeMap;

/// Years a request may name.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The statuses a forwarded declaration can have (never a draft again).
fn statuses() -> Vec<Status> {
    Status::ALL.into_iter().filter(|s| *s != Status::Draft).collect()
}

/// The years asked for (0: this year), checked: in order, real, at most [`MAX_YEARS`].
pub fn years(f: &StatsFilter) -> Result<(i32, i32), AppError> {
    let this = today_cn().year();
    let from = if f.from_year == 0 { this } else { f.from_year };
    let to = if f.to_year == 0 { from.max(this) } else { f.to_year };
    let mut errors = Vec::new();
    if !YEARS.contains(&from) {
        errors.push(FieldError::new("from_year", "开始年度应为2000至2100之间的年份"));
    }
    if !YEARS.contains(&to) {
        errors.push(FieldError::new("to_year", "结束年度应为2000至2100之间的年份"));
    }
    if errors.is_empty() && to < from {
        errors.push(FieldError::new("to_year", "结束年度不能早于开始年度"));
    }
    if errors.is_empty() && to - from + 1 > MAX_YEARS {
        errors.push(FieldError::new("to_year", format!("统计范围不能超过{MAX_YEARS}年，请缩小年度范围")));
    }
    if errors.is_empty() {
        Ok((from, to))
    } else {
        Err(AppError::fields(errors))
    }
}

/// Whose work the caller sees, as the page's heading says it.
async fn scope<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<String, AppError> {
    Ok(match actor {
        Actor::Officer { org, .. } => org::Entity::find_by_id(*org).one(db).await?.map(|o| o.name).unwrap_or_default(),
        _ => "全区（系统管理员）".into(),
    })
}

/// The counters within the caller's jurisdiction, years and filter, to be
/// summed by one breakdown (`SUM(n)` as `n`).
fn scoped(actor: &Actor, f: &StatsFilter) -> Result<Select<stat::Entity>, AppError> {
    use stat::Column as S;
    let (from, to) = years(f)?;
    let mut q =
        stat::Entity::find().select_only().filter(access::statistics(actor)?).filter(S::BatchYear.between(from, to));
    if let Some(b) = f.business {
        q = q.filter(S::Business.eq(b.code()));
    }
    if let Some(l) = f.level {
        q = q.filter(S::Level.eq(l.code()));
    }
    if let Some(s) = f.series_id {
        q = q.filter(S::SeriesId.eq(s));
    }
    Ok(q)
}

fn sum() -> sea_orm::sea_query::SimpleExpr {
    Expr::cust("CAST(SUM(n) AS BIGINT)")
}

/// Counts by one column, summed in the database (a handful of rows back).
async fn by<C, K>(db: &C, actor: &Actor, f: &StatsFilter, col: stat::Column) -> Result<BTreeMap<K, u64>, AppError>
where
    C: ConnectionTrait,
    K: Ord + sea_orm::TryGetable,
    (K, i64): sea_orm::TryGetableMany,
{
    let rows: Vec<(K, i64)> =
        scoped(actor, f)?.column(col).column_as(sum(), "n").group_by(col).into_tuple().all(db).await?;
    Ok(rows.into_iter().map(|(k, n)| (k, n.max(0) as u64)).collect())
}

/// The cities shown: all fourteen for the region, else those of the
/// caller's city or with counts.
fn cities(actor: &Actor, seen: &BTreeMap<String, Vec<u64>>) -> Vec<(String, String)> {
    let all = region::GUANGXI.iter().map(|(code, name, _)| ((*code).to_owned(), (*name).to_owned()));
    match actor {
        Actor::Admin { .. } => all.collect(),
        Actor::Officer { region, kind: access::OrgKind::Office, .. } if region == REGION => all.collect(),
        Actor::Officer { region, kind: access::OrgKind::Office, .. } => all.filter(|(c, _)| c == region).collect(),
        _ => all.filter(|(c, _)| seen.contains_key(c)).collect(),
    }
}

fn month_label(m: i32) -> String {
    format!("{}年{}月", m / 100, m % 100)
}

/// Every month from the first to the last with counts, empty ones too.
fn months(counts: &BTreeMap<i32, u64>) -> Vec<Count> {
    let (Some(first), Some(last)) = (counts.keys().next().copied(), counts.keys().last().copied()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut m = first;
    while m <= last {
        out.push(Count { code: m.to_string(), label: month_label(m), n: counts.get(&m).copied().unwrap_or(0) });
        m = if m % 100 == 12 { (m / 100 + 1) * 100 + 1 } else { m + 1 };
    }
    out
}

pub async fn load<C: ConnectionTrait>(db: &C, actor: &Actor, f: StatsFilter) -> Result<Statistics, AppError> {
    let (from, to) = years(&f)?;
    let states = statuses();
    let index = |code: &str| states.iter().position(|s| s.code() == code);
    // Each breakdown summed by the database: a few rows each, however many
    // counters the jurisdiction has.
    use stat::Column as S;
    let cells: Vec<(String, String, i64)> = scoped(actor, &f)?
        .columns([S::CityCode, S::Status])
        .column_as(sum(), "n")
        .group_by(S::CityCode)
        .group_by(S::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut total = 0u64;
    let mut by_status = vec![0u64; states.len()];
    let mut by_city: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (city, status, n) in cells {
        let (Some(i), n) = (index(&status), n.max(0) as u64) else { continue };
        total += n;
        by_status[i] += n;
        by_city.entry(city).or_insert_with(|| vec![0; states.len()])[i] += n;
    }
    let by_business: BTreeMap<String, u64> = by(db, actor, &f, S::Business).await?;
    let by_level: BTreeMap<String, u64> = by(db, actor, &f, S::Level).await?;
    let by_series: BTreeMap<i64, u64> = by(db, actor, &f, S::SeriesId).await?;
    let mut by_month: BTreeMap<i32, u64> = by(db, actor, &f, S::Month).await?;
    by_month.remove(&0);
    let names: Vec<series::Model> = series::Entity::find().order_by_asc(series::Column::Sort).all(db).await?;
    let statuses_out: Vec<Count> = states
        .iter()
        .zip(&by_status)
        .map(|(s, n)| Count { code: s.code().into(), label: s.label().into(), n: *n })
        .collect();
    let business_out = Business::ALL
        .iter()
        .map(|b| Count {
            code: b.code().into(),
            label: b.label().into(),
            n: by_business.get(b.code()).copied().unwrap_or(0),
        })
        .collect();
    let level_out = Level::ALL
        .iter()
        .map(|l| Count {
            code: l.code().into(),
            label: l.label().into(),
            n: by_level.get(l.code()).copied().unwrap_or(0),
        })
        .collect();
    let series_out = names
        .iter()
        .filter_map(|s| by_series.get(&s.id).map(|n| Count { code: s.id.to_string(), label: s.name.clone(), n: *n }))
        .collect();
    let city_out: Vec<CityCounts> = cities(actor, &by_city)
        .into_iter()
        .map(|(code, name)| {
            let by_status = by_city.get(&code).cloned().unwrap_or_else(|| vec![0; states.len()]);
            CityCounts { total: by_status.iter().sum(), code, name, by_status }
        })
        .collect();
    let month_out = months(&by_month);
    let labels: Vec<String> = states.iter().map(|s| s.label().to_owned()).collect();
    Ok(Statistics {
        scope: scope(db, actor).await?,
        from_year: from,
        to_year: to,
        total,
        city_chart: charts::cities_by_status(&labels, &city_out),
        month_chart: charts::by_month(&month_out),
        statuses: labels,
        by_status: statuses_out,
        by_business: business_out,
        by_level: level_out,
        by_series: series_out,
        by_city: city_out,
        by_month: month_out,
        series: names.into_iter().map(|s| (s.id, s.name)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(from: i32, to: i32) -> StatsFilter {
        StatsFilter { from_year: from, to_year: to, ..Default::default() }
    }

    #[test]
    fn a_range_is_in_order_and_at_most_ten_years() {
        assert_eq!(years(&filter(2017, 2026)).unwrap(), (2017, 2026));
        let e = years(&filter(2016, 2026)).unwrap_err();
        assert_eq!(e.field("to_year").as_deref(), Some("统计范围不能超过10年，请缩小年度范围"));
        let e = years(&filter(2026, 2025)).unwrap_err();
        assert_eq!(e.field("to_year").as_deref(), Some("结束年度不能早于开始年度"));
        assert!(years(&filter(1999, 2001)).unwrap_err().field("from_year").is_some());
    }

    #[test]
    fn months_run_without_gaps_across_a_new_year() {
        let counts = BTreeMap::from([(202611, 3), (202602, 1)]);
        let m = months(&counts);
        assert_eq!(m.len(), 10);
        assert_eq!((m[0].label.as_str(), m[0].n), ("2026年2月", 1));
        assert_eq!(m[1].n, 0);
        let counts = BTreeMap::from([(202612, 1), (202701, 2)]);
        assert_eq!(months(&counts).iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["202612", "202701"]);
    }
}
