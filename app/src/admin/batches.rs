//! 申报年度: each 职改办's batches — list, 新增, 修改日期 (open early,
//! extend or shorten the deadline) and 立即截止. Applicants choose an open
//! batch of their unit's 职改办, and 报送 outside its dates is refused with
//! them in the message (`declarations::applicant::submit`).

use super::{BatchDatesInput, BatchRow, NewBatchInput};
use crate::error::{AppError, FieldError};
use crate::server::access::{self, Actor};
use crate::server::audit;
use crate::server::entities::{batch, declaration, org};
use crate::server::sign_in::is_unique_violation;
use crate::server::text::{china, cn_time, day_end_cn, day_start_cn};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

/// Years a batch may be for.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

fn day(t: DateTime<Utc>) -> String {
    t.with_timezone(&china()).format("%Y-%m-%d").to_string()
}

/// Checked dates: both given, real, and the deadline not before the opening.
fn dates(opens_on: &str, closes_on: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), AppError> {
    let mut errors = Vec::new();
    let parse = |s: &str, field: &str, what: &str, errors: &mut Vec<FieldError>| {
        if s.trim().is_empty() {
            errors.push(FieldError::new(field, format!("请选择{what}")));
            return None;
        }
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| errors.push(FieldError::new(field, format!("{what}格式应为 YYYY-MM-DD"))))
            .ok()
    };
    let o = parse(opens_on, "opens_on", "开始日期", &mut errors);
    let c = parse(closes_on, "closes_on", "截止日期", &mut errors);
    if let (Some(o), Some(c)) = (o, c) {
        if c < o {
            errors.push(FieldError::new("closes_on", "截止日期不能早于开始日期"));
        }
    }
    match (o, c, errors.is_empty()) {
        (Some(o), Some(c), true) => Ok((day_start_cn(o), day_end_cn(c))),
        _ => Err(AppError::fields(errors)),
    }
}

fn state(b: &batch::Model, now: DateTime<Utc>) -> &'static str {
    if now < b.opens_at {
        "未开始"
    } else if now > b.closes_at {
        "已截止"
    } else {
        "申报中"
    }
}

/// Declarations per batch, in one grouped count over the batch index.
async fn counts<C: ConnectionTrait>(db: &C, ids: Vec<i64>) -> Result<HashMap<i64, u64>, AppError> {
    use declaration::Column as D;
    let rows: Vec<(i64, i64)> = declaration::Entity::find()
        .select_only()
        .column(D::BatchId)
        .column_as(D::Id.count(), "n")
        .filter(D::BatchId.is_in(ids))
        .group_by(D::BatchId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(b, n)| (b, n.max(0) as u64)).collect())
}

fn row(b: batch::Model, office: &str, declarations: u64) -> BatchRow {
    BatchRow {
        id: b.id,
        year: b.year,
        name: b.name.clone(),
        office_name: office.to_owned(),
        opens_on: day(b.opens_at),
        closes_on: day(b.closes_at),
        opens_at: cn_time(b.opens_at),
        closes_at: cn_time(b.closes_at),
        state: state(&b, Utc::now()).into(),
        declarations,
    }
}

/// One batch as a row, with its count.
async fn one<C: ConnectionTrait>(db: &C, b: batch::Model, office: &str) -> Result<BatchRow, AppError> {
    let n = counts(db, vec![b.id]).await?.get(&b.id).copied().unwrap_or(0);
    Ok(row(b, office, n))
}

/// The batches the caller keeps, newest year first: a 职改办 its own, the
/// administrator every office's.
pub async fn list<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<BatchRow>, AppError> {
    access::batch_keeper(actor)?;
    let mut q = batch::Entity::find().order_by_desc(batch::Column::Year).order_by_asc(batch::Column::OfficeId);
    if let Actor::Officer { org, .. } = actor {
        q = q.filter(batch::Column::OfficeId.eq(*org));
    }
    let offices: std::collections::HashMap<i64, String> = org::Entity::find()
        .filter(org::Column::Kind.eq("office"))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let batches = q.all(db).await?;
    let n = counts(db, batches.iter().map(|b| b.id).collect()).await?;
    Ok(batches
        .into_iter()
        .map(|b| {
            let name = offices.get(&b.office_id).cloned().unwrap_or_default();
            let count = n.get(&b.id).copied().unwrap_or(0);
            row(b, &name, count)
        })
        .collect())
}

/// A batch the caller keeps (403 otherwise).
async fn kept<C: ConnectionTrait>(db: &C, actor: &Actor, id: i64) -> Result<(batch::Model, org::Model), AppError> {
    access::batch_keeper(actor)?;
    let b = batch::Entity::find_by_id(id).one(db).await?.ok_or_else(|| AppError::not_found("申报年度不存在"))?;
    if !access::manages_batches_of(actor, b.office_id) {
        return Err(AppError::forbidden("无权管理该职改办的申报年度"));
    }
    let o = org::Entity::find_by_id(b.office_id).one(db).await?.ok_or_else(AppError::internal)?;
    Ok((b, o))
}

/// 新增申报年度 for an office the caller keeps (one per office and year).
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    input: NewBatchInput,
) -> Result<BatchRow, AppError> {
    access::batch_keeper(actor)?;
    let office_id = match (actor, input.office_id) {
        (Actor::Officer { org, .. }, 0) => *org,
        (_, 0) => return Err(AppError::invalid("office_id", "请选择职改办")),
        (_, id) => id,
    };
    let office = org::Entity::find_by_id(office_id)
        .one(db)
        .await?
        .filter(|o| o.kind == "office")
        .ok_or_else(|| AppError::invalid("office_id", "请选择职改办"))?;
    if !access::manages_batches_of(actor, office.id) {
        return Err(AppError::forbidden("无权管理该职改办的申报年度"));
    }
    if !YEARS.contains(&input.year) {
        return Err(AppError::invalid("year", "申报年度应为2000至2100之间的年份"));
    }
    let (opens, closes) = dates(&input.opens_on, &input.closes_on)?;
    let taken = batch::Entity::find()
        .filter(batch::Column::OfficeId.eq(office.id))
        .filter(batch::Column::Year.eq(input.year))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(AppError::invalid(
            "year",
            format!("{}已有{}年度的申报年度，请修改其日期", office.name, input.year),
        ));
    }
    let made = batch::ActiveModel {
        year: Set(input.year),
        office_id: Set(office.id),
        name: Set(format!("{}年度（{}）", input.year, office.name)),
        opens_at: Set(opens),
        closes_at: Set(closes),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    let b = match made {
        Ok(b) => b,
        // Two keepers adding the same year at once: the unique index decided.
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::invalid(
                "year",
                format!("{}已有{}年度的申报年度，请修改其日期", office.name, input.year),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let detail = format!("{}：{} 至 {}", b.name, cn_time(opens), cn_time(closes));
    audit::record(db, actor.account(), "新增申报年度", &format!("batch:{}", b.id), ip, &detail).await;
    one(db, b, &office.name).await
}

/// 修改日期: open early, extend or shorten the deadline.
pub async fn set_dates(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    input: BatchDatesInput,
) -> Result<BatchRow, AppError> {
    let (b, office) = kept(db, actor, input.id).await?;
    let (opens, closes) = dates(&input.opens_on, &input.closes_on)?;
    let detail = format!(
        "{}：{} 至 {} → {} 至 {}",
        b.name,
        cn_time(b.opens_at),
        cn_time(b.closes_at),
        cn_time(opens),
        cn_time(closes)
    );
    let mut m: batch::ActiveModel = b.into();
    m.opens_at = Set(opens);
    m.closes_at = Set(closes);
    let b = m.update(db).await?;
    audit::record(db, actor.account(), "修改申报年度日期", &format!("batch:{}", b.id), ip, &detail).await;
    one(db, b, &office.name).await
}

/// 立即截止: the deadline becomes now (a batch 申报中 only).
pub async fn close(db: &DatabaseConnection, actor: &Actor, ip: &str, id: i64) -> Result<BatchRow, AppError> {
    let (b, office) = kept(db, actor, id).await?;
    let now = Utc::now();
    if state(&b, now) != "申报中" {
        return Err(AppError::conflict(format!("{}不在申报期内，无需截止", b.name)));
    }
    let mut m: batch::ActiveModel = b.into();
    m.closes_at = Set(now);
    let b = m.update(db).await?;
    audit::record(db, actor.account(), "截止申报年度", &format!("batch:{}", b.id), ip, &b.name).await;
    one(db, b, &office.name).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_whole_china_days_and_the_deadline_not_before_the_opening() {
        let (o, c) = dates("2026-03-01", "2026-03-31").unwrap();
        assert_eq!(o.to_rfc3339(), "2026-02-28T16:00:00+00:00");
        assert_eq!(c.to_rfc3339(), "2026-03-31T15:59:59+00:00");
        assert!(dates("2026-03-01", "2026-03-01").is_ok(), "one day");
        let e = dates("2026-03-31", "2026-03-01").unwrap_err();
        assert_eq!(e.field("closes_on").as_deref(), Some("截止日期不能早于开始日期"));
        let e = dates("2026-02-30", "").unwrap_err();
        assert_eq!(e.field("opens_on").as_deref(), Some("开始日期格式应为 YYYY-MM-DD"));
        assert_eq!(e.field("closes_on").as_deref(), Some("请选择截止日期"));
    }
}
