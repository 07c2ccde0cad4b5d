//! 工作人员: a unit's staff (新增 by 身份证号 → 查询 → 添加, 启用/停用,
//! 删除), and the person's side: the units that list them, and leaving one.

use super::{MyUnitRow, StaffCandidate, StaffRow, STAFF_NEEDS_ACCOUNT};
use crate::domain::{mask, IdNumber};
use crate::error::AppError;
use crate::server::access::Actor;
use crate::server::entities::{person, unit, unit_staff};
use crate::server::personal::Vault;
use crate::server::sign_in::is_unique_violation;
use crate::server::text::{cn_time, today_cn};
use crate::server::{audit, rate_limit};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// 查询 of 新增工作人员: only an approved unit asks, counted per unit and
/// per address; the answer is masked.
pub async fn lookup_candidate(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    ip: &str,
    id_number: &str,
) -> Result<StaffCandidate, AppError> {
    let unit_id = actor.approved_unit()?;
    let now = Utc::now();
    let (unit_key, address_key) = (format!("staff_lookup_unit:{unit_id}"), format!("staff_lookup:{ip}"));
    let within = rate_limit::hit_each(db, [(unit_key.as_str(), 30), (address_key.as_str(), 120)], 600, now).await?;
    if within.contains(&false) {
        return Err(AppError::too_many("查询过于频繁，请稍后再试"));
    }
    let (_, p) = person_by_id_number(db, vault, id_number).await?;
    Ok(StaffCandidate {
        id_number: vault.open(&p.id_number),
        name: mask::name(&p.name),
        phone: String::new(),
        email: p.email.split_once('@').map(|(_, d)| format!("@{d}")).unwrap_or_default(),
    })
}

/// The registered person with this 身份证号; the field error says why not.
pub async fn person_by_id_number<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    id_number: &str,
) -> Result<(i64, person::Model), AppError> {
    let id = IdNumber::parse(id_number, today_cn()).map_err(|e| AppError::invalid("staff_id_number", e.message()))?;
    let p = person::Entity::find()
        .filter(person::Column::IdNumberHash.eq(vault.hash(id.as_str())))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("staff_id_number", STAFF_NEEDS_ACCOUNT))?;
    Ok((p.account_id, p))
}

pub async fn insert<C: ConnectionTrait>(db: &C, unit_id: i64, person_id: i64) -> Result<unit_staff::Model, AppError> {
    unit_staff::ActiveModel {
        public_id: Set(uuid::Uuid::new_v4()),
        unit_id: Set(unit_id),
        person_id: Set(person_id),
        enabled: Set(true),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::invalid("staff_id_number", "该人员已是本单位工作人员")
        } else {
            e.into()
        }
    })
}

/// The unit's staff: names masked like every list (张*), phone and e-mail too.
async fn rows<C: ConnectionTrait>(db: &C, vault: &Vault, unit_id: i64) -> Result<Vec<StaffRow>, AppError> {
    let links = unit_staff::Entity::find()
        .filter(unit_staff::Column::UnitId.eq(unit_id))
        .order_by_asc(unit_staff::Column::Id)
        .all(db)
        .await?;
    let people = person::Entity::find()
        .filter(person::Column::AccountId.is_in(links.iter().map(|l| l.person_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(links
        .into_iter()
        .filter_map(|l| {
            people.iter().find(|p| p.account_id == l.person_id).map(|p| StaffRow {
                id: l.public_id,
                name: mask::name(&p.name),
                phone: mask::phone(&vault.open(&p.phone)),
                email: mask::email(&p.email),
                enabled: l.enabled,
            })
        })
        .collect())
}

pub async fn list<C: ConnectionTrait>(db: &C, vault: &Vault, actor: &Actor) -> Result<Vec<StaffRow>, AppError> {
    rows(db, vault, actor.approved_unit()?).await
}

pub async fn add(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    ip: &str,
    id_number: &str,
) -> Result<Vec<StaffRow>, AppError> {
    let unit_id = actor.approved_unit()?;
    let (person_id, p) = person_by_id_number(db, vault, id_number).await?;
    let exists = unit_staff::Entity::find()
        .filter(unit_staff::Column::UnitId.eq(unit_id))
        .filter(unit_staff::Column::PersonId.eq(person_id))
        .one(db)
        .await?;
    if exists.is_some() {
        return Err(AppError::invalid("staff_id_number", "该人员已是本单位工作人员"));
    }
    insert(db, unit_id, person_id).await?;
    audit::record(
        db,
        Some(unit_id),
        "新增工作人员",
        &format!("unit:{unit_id}"),
        ip,
        &mask::id_number(&vault.open(&p.id_number)),
    )
    .await;
    rows(db, vault, unit_id).await
}

/// A staff link of this unit; another unit's is refused.
async fn own_link<C: ConnectionTrait>(db: &C, unit_id: i64, id: uuid::Uuid) -> Result<unit_staff::Model, AppError> {
    let l = unit_staff::Entity::find()
        .filter(unit_staff::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("该工作人员不存在或已被删除"))?;
    if l.unit_id != unit_id {
        return Err(AppError::forbidden("无权操作其他单位的工作人员"));
    }
    Ok(l)
}

pub async fn set_enabled(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    ip: &str,
    id: uuid::Uuid,
    enabled: bool,
) -> Result<Vec<StaffRow>, AppError> {
    let unit_id = actor.approved_unit()?;
    let l = own_link(db, unit_id, id).await?;
    unit_staff::Entity::update_many()
        .col_expr(unit_staff::Column::Enabled, Expr::value(enabled))
        .filter(unit_staff::Column::Id.eq(l.id))
        .exec(db)
        .await?;
    let action = if enabled { "启用工作人员" } else { "停用工作人员" };
    audit::record(db, Some(unit_id), action, &format!("unit:{unit_id}"), ip, &l.public_id.to_string()).await;
    rows(db, vault, unit_id).await
}

pub async fn remove(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    ip: &str,
    id: uuid::Uuid,
) -> Result<Vec<StaffRow>, AppError> {
    let unit_id = actor.approved_unit()?;
    let l = own_link(db, unit_id, id).await?;
    unit_staff::Entity::delete_by_id(l.id).exec(db).await?;
    audit::record(db, Some(unit_id), "删除工作人员", &format!("unit:{unit_id}"), ip, &l.public_id.to_string()).await;
    rows(db, vault, unit_id).await
}

/// 我所在的单位: every unit that lists the signed-in person.
pub async fn my_units<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<MyUnitRow>, AppError> {
    let me = actor.person()?;
    let links = unit_staff::Entity::find()
        .filter(unit_staff::Column::PersonId.eq(me))
        .order_by_asc(unit_staff::Column::Id)
        .all(db)
        .await?;
    let units = unit::Entity::find()
        .filter(unit::Column::AccountId.is_in(links.iter().map(|l| l.unit_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(links
        .into_iter()
        .map(|l| MyUnitRow {
            id: l.public_id,
            unit_name: units.iter().find(|u| u.account_id == l.unit_id).map(|u| u.name.clone()).unwrap_or_default(),
            enabled: l.enabled,
            added_at: cn_time(l.created_at),
        })
        .collect())
}

/// A person leaves a unit that listed them (no unit's consent needed).
pub async fn leave(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    id: uuid::Uuid,
) -> Result<Vec<MyUnitRow>, AppError> {
    let me = actor.person()?;
    let l = unit_staff::Entity::find()
        .filter(unit_staff::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("该单位关联不存在或已解除"))?;
    if l.person_id != me {
        return Err(AppError::forbidden("只能退出本人所在的单位"));
    }
    unit_staff::Entity::delete_by_id(l.id).exec(db).await?;
    audit::record(db, Some(me), "退出单位", &format!("unit:{}", l.unit_id), ip, &l.public_id.to_string()).await;
    my_units(db, actor).await
}
