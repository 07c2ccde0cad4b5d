//! The unit's review (manual 二(二) 1): the four opinions, 审核报送 to a
//! 主管部门 or 职改办, and 退回给个人 (退回修改 or 审核不通过).

use super::form::{Appraisal, Committee, Publicity, Recommendation};
use super::transition::{apply, bump, committed, log, operator, status_of, Step};
use super::view::{self, level_of};
use super::*;
use crate::error::{AppError, FieldError};
use crate::server::access::{self, Actor};
use crate::server::entities::{declaration, org, unit, unit_opinion};
use crate::server::personal::Vault;
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

const WAITING: [Status; 2] = [Status::UnitReview, Status::ReturnedToUnit];

/// A declaration of the caller's unit that waits for the unit, and that is
/// not the caller's own.
async fn for_unit_review<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: uuid::Uuid,
) -> Result<declaration::Model, AppError> {
    actor.staff()?;
    let d = access::declaration(db, actor, id).await?;
    let status = status_of(&d)?;
    if !status.awaits_unit() {
        return Err(AppError::conflict(format!(
            "该申报当前状态为“{}”，已不在单位审核环节（可能已被他人处理），请刷新后查看",
            status.label()
        )));
    }
    access::may_decide(actor, &d)?;
    Ok(d)
}

/// Which opinion, with its 操作记录 text.
#[derive(Clone, Copy)]
enum Part {
    Recommendation,
    Appraisal,
    Publicity,
    Committee,
}

impl Part {
    fn log_text(self) -> &'static str {
        match self {
            Part::Recommendation => "单位填写基层单位考核推荐意见",
            Part::Appraisal => "单位填写任职期满聘任职称考核结果",
            Part::Publicity => "单位填写公示情况",
            Part::Committee => "单位填写单位会议小组审议推荐意见",
        }
    }
    fn column(self) -> unit_opinion::Column {
        match self {
            Part::Recommendation => unit_opinion::Column::Recommendation,
            Part::Appraisal => unit_opinion::Column::Appraisal,
            Part::Publicity => unit_opinion::Column::Publicity,
            Part::Committee => unit_opinion::Column::Committee,
        }
    }
}

/// Saves one opinion: the declaration's version and status are checked and
/// taken in the same transaction as the save and its 操作记录 line, so a
/// save cannot land after 审核报送 nor silently over another reviewer's.
async fn save_part(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    id: uuid::Uuid,
    version: i32,
    part: Part,
    json: Result<String, AppError>,
) -> Result<DeclarationDetail, AppError> {
    // Who may, before what was typed: a caller who may not gets 401/403
    // whatever the opinion holds.
    let d = for_unit_review(db, actor, id).await?;
    let json = json?;
    if matches!(part, Part::Committee) && level_of(&d)?.is_junior() {
        return Err(AppError::invalid("committee", "初级职称申报不需要填写单位审议小组审议推荐意见"));
    }
    let who = operator(db, actor).await?;
    let did = d.id;
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            bump(txn, &d, version, &WAITING).await?;
            let empty = unit_opinion::ActiveModel {
                declaration_id: Set(d.id),
                recommendation: Set(None),
                appraisal: Set(None),
                publicity: Set(None),
                committee: Set(None),
                updated_at: Set(Utc::now()),
            };
            let mut row = empty;
            match part {
                Part::Recommendation => row.recommendation = Set(Some(json)),
                Part::Appraisal => row.appraisal = Set(Some(json)),
                Part::Publicity => row.publicity = Set(Some(json)),
                Part::Committee => row.committee = Set(Some(json)),
            }
            // One statement whether or not the row exists yet.
            unit_opinion::Entity::insert(row)
                .on_conflict(
                    OnConflict::column(unit_opinion::Column::DeclarationId)
                        .update_columns([part.column(), unit_opinion::Column::UpdatedAt])
                        .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
            log(txn, &d, &who, part.log_text(), "", "").await
        })
    })
    .await?;
    view::reload(db, vault, did).await
}

fn checked<T: serde::Serialize>(value: &T, errors: Vec<FieldError>) -> Result<String, AppError> {
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    serde_json::to_string(value).map_err(|_| AppError::internal())
}

pub async fn save_recommendation(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    id: uuid::Uuid,
    version: i32,
    o: Recommendation,
) -> Result<DeclarationDetail, AppError> {
    let json = checked(&o, o.check());
    save_part(db, vault, actor, id, version, Part::Recommendation, json).await
}

pub async fn save_appraisal(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    id: uuid::Uuid,
    version: i32,
    o: Appraisal,
) -> Result<DeclarationDetail, AppError> {
    let json = checked(&o, o.check());
    save_part(db, vault, actor, id, version, Part::Appraisal, json).await
}

pub async fn save_publicity(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    id: uuid::Uuid,
    version: i32,
    o: Publicity,
) -> Result<DeclarationDetail, AppError> {
    let json = checked(&o, o.check());
    save_part(db, vault, actor, id, version, Part::Publicity, json).await
}

pub async fn save_committee(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    id: uuid::Uuid,
    version: i32,
    o: Committee,
) -> Result<DeclarationDetail, AppError> {
    let json = checked(&o, o.check());
    save_part(db, vault, actor, id, version, Part::Committee, json).await
}

/// 报送人事主管部门: the 主管部门 of the unit's city and of the region, and
/// the unit's 市职改办 and the 区职改办 — by full name.
pub async fn targets<C: ConnectionTrait>(db: &C, actor: &Actor, id: uuid::Uuid) -> Result<Vec<TargetOption>, AppError> {
    let d = for_unit_review(db, actor, id).await?;
    targets_of(db, &d).await
}

async fn targets_of<C: ConnectionTrait>(db: &C, d: &declaration::Model) -> Result<Vec<TargetOption>, AppError> {
    let u = unit::Entity::find_by_id(d.unit_id).one(db).await?.ok_or_else(AppError::internal)?;
    let orgs = org::Entity::find()
        .filter(org::Column::RegionCode.is_in([u.city_code.as_str(), access::REGION]))
        .filter(org::Column::DisabledAt.is_null())
        .order_by_asc(org::Column::Sort)
        .all(db)
        .await?;
    Ok(orgs
        .into_iter()
        .map(|o| TargetOption {
            kind: if o.kind == "office" { Target::Office } else { Target::Department },
            code: o.code,
            name: o.name,
        })
        .collect())
}

pub async fn forward(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    input: ForwardInput,
) -> Result<DeclarationDetail, AppError> {
    let d = for_unit_review(db, actor, input.id).await?;
    let mut errors = Vec::new();
    let leader = input.unit_leader.trim().to_owned();
    if leader.is_empty() {
        errors.push(FieldError::new("unit_leader", "请填写单位负责人"));
    } else if leader.chars().count() > 30 {
        errors.push(FieldError::new("unit_leader", "单位负责人不能超过30个字符"));
    }
    let allowed = targets_of(db, &d).await?;
    let target = allowed.iter().find(|t| t.code == input.target);
    if target.is_none() {
        errors.push(FieldError::new("target", "请从下拉列表中选择报送的主管部门或职改办"));
    }
    let missing = view::opinions_of(db, d.id).await?.missing(level_of(&d)?);
    if !missing.is_empty() {
        errors.push(FieldError::new("opinions", format!("请先填写：{}", missing.join("、"))));
    }
    let (Some(target), true) = (target, errors.is_empty()) else { return Err(AppError::fields(errors)) };
    let target_org =
        org::Entity::find().filter(org::Column::Code.eq(&target.code)).one(db).await?.ok_or_else(AppError::internal)?;
    let unit_city = unit::Entity::find_by_id(d.unit_id).one(db).await?.ok_or_else(AppError::internal)?.city_code;
    let who = operator(db, actor).await?;
    let step = Step {
        action: Action::UnitForward(target.kind),
        version: input.version,
        reason: "",
        target: target_org.name.clone(),
        extra: forward_columns(&d, &target_org, &unit_city, leader),
        to_org: Some(target_org.id),
    };
    let (did, actor, action) = (d.id, actor.clone(), step.action);
    db.transaction::<_, Status, AppError>(|txn| Box::pin(async move { apply(txn, &d, &actor, &who, step).await }))
        .await?;
    committed(action);
    view::reload(db, vault, did).await
}

/// What 审核报送 sets beside the status: where it goes, the 单位负责人, and
/// what the offices' jurisdiction reads (the unit's city, the 主管部门 it
/// passes through, when it first left the unit).
fn forward_columns(
    d: &declaration::Model,
    to: &org::Model,
    city: &str,
    leader: String,
) -> Vec<(declaration::Column, Expr)> {
    let mut cols = vec![
        (declaration::Column::TargetOrgId, Expr::value(Some(to.id))),
        (declaration::Column::UnitLeader, Expr::value(leader)),
        (declaration::Column::CityCode, Expr::value(Some(city.to_owned()))),
    ];
    if to.kind == "department" {
        cols.push((declaration::Column::DepartmentId, Expr::value(Some(to.id))));
    }
    if d.forwarded_at.is_none() {
        cols.push((declaration::Column::ForwardedAt, Expr::value(Some(chrono::Utc::now()))));
    }
    cols
}

/// 退回给个人: 退回修改 (may be sent again) or 审核不通过 (final).
pub async fn send_back(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    input: ReturnInput,
) -> Result<DeclarationDetail, AppError> {
    let d = for_unit_review(db, actor, input.id).await?;
    let action = if input.reject { Action::UnitReject } else { Action::UnitReturn };
    let who = operator(db, actor).await?;
    let (did, actor) = (d.id, actor.clone());
    db.transaction::<_, Status, AppError>(|txn| {
        Box::pin(async move {
            let step = Step {
                action,
                version: input.version,
                reason: &input.reason,
                target: String::new(),
                extra: vec![],
                to_org: None,
            };
            apply(txn, &d, &actor, &who, step).await
        })
    })
    .await?;
    committed(action);
    view::reload(db, vault, did).await
}
