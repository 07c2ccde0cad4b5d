//! 系列, their 专业 and their 资格名称: list, 新增, 修改, 停用 and 启用 (the
//! administrator's). A disabled 系列 or 专业 keeps every declaration and
//! certificate that names it; `declarations::applicant` no longer offers it.

use super::{
    check_code, check_name, NameRow, SeriesDetail, SeriesInput, SeriesRow, SpecialtyInput, SpecialtyNameInput,
    SpecialtyRow,
};
use crate::declarations::Level;
use crate::error::{AppError, FieldError};
use crate::server::access::{self, Actor};
use crate::server::audit;
use crate::server::entities::{qualification_name, series, specialty};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

const GENERAL: &str = "本系列通用";

fn row(s: series::Model, specialties: &[specialty::Model], names: &[qualification_name::Model]) -> SeriesRow {
    let own: Vec<&specialty::Model> = specialties.iter().filter(|p| p.series_id == s.id).collect();
    SeriesRow {
        specialties_enabled: own.iter().filter(|p| p.disabled_at.is_none()).count() as u64,
        specialties: own.len() as u64,
        names: Level::ALL
            .iter()
            .map(|l| {
                names
                    .iter()
                    .find(|n| n.series_id == s.id && n.specialty_id.is_none() && n.level == l.code())
                    .map(|n| n.name.clone())
                    .unwrap_or_default()
            })
            .collect(),
        enabled: s.disabled_at.is_none(),
        id: s.id,
        code: s.code,
        name: s.name,
    }
}

/// Every 系列, in their order.
pub async fn list<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<SeriesRow>, AppError> {
    access::admin(actor)?;
    let all =
        series::Entity::find().order_by_asc(series::Column::Sort).order_by_asc(series::Column::Id).all(db).await?;
    let specialties = specialty::Entity::find().all(db).await?;
    let names =
        qualification_name::Entity::find().filter(qualification_name::Column::SpecialtyId.is_null()).all(db).await?;
    Ok(all.into_iter().map(|s| row(s, &specialties, &names)).collect())
}

async fn found<C: ConnectionTrait>(db: &C, id: i64) -> Result<series::Model, AppError> {
    series::Entity::find_by_id(id).one(db).await?.ok_or_else(|| AppError::not_found("系列不存在"))
}

/// A 系列's page: its 专业 and every 资格名称.
pub async fn detail<C: ConnectionTrait>(db: &C, actor: &Actor, id: i64) -> Result<SeriesDetail, AppError> {
    access::admin(actor)?;
    let s = found(db, id).await?;
    let specialties = specialty::Entity::find()
        .filter(specialty::Column::SeriesId.eq(id))
        .order_by_asc(specialty::Column::Sort)
        .order_by_asc(specialty::Column::Id)
        .all(db)
        .await?;
    let names = qualification_name::Entity::find().filter(qualification_name::Column::SeriesId.eq(id)).all(db).await?;
    let mut name_rows: Vec<NameRow> = names
        .iter()
        .filter_map(|n| {
            let level = Level::from_code(&n.level)?;
            let specialty = match n.specialty_id {
                None => GENERAL.to_owned(),
                Some(p) => specialties.iter().find(|x| x.id == p).map(|x| x.name.clone()).unwrap_or_default(),
            };
            Some(NameRow {
                id: n.id,
                level,
                specialty_id: n.specialty_id,
                specialty,
                name: n.name.clone(),
                enabled: n.disabled_at.is_none(),
            })
        })
        .collect();
    // The 系列's own first, then by 专业 in their order; levels ascending.
    let position = |p: Option<i64>| p.and_then(|p| specialties.iter().position(|x| x.id == p)).map_or(0, |i| i + 1);
    name_rows.sort_by_key(|n| (position(n.specialty_id), n.level));
    Ok(SeriesDetail {
        series: row(s, &specialties, &names),
        specialties: specialties
            .into_iter()
            .map(|p| SpecialtyRow { id: p.id, enabled: p.disabled_at.is_none(), name: p.name })
            .collect(),
        names: name_rows,
    })
}

/// The checked name, three 资格名称 and (when adding) code of a
/// `SeriesInput`, every field's error at once.
fn checked(input: &SeriesInput) -> Result<(String, Vec<String>, Option<String>), AppError> {
    let mut errors = Vec::new();
    let code = match input.id {
        Some(_) => None,
        None => check_code(&input.code, "系列代码").map_err(|e| errors.push(FieldError::new("code", e))).ok(),
    };
    let name = check_name(&input.name, "系列名称").map_err(|e| errors.push(FieldError::new("name", e))).ok();
    let mut names = Vec::new();
    for (i, level) in Level::ALL.iter().enumerate() {
        let given = input.names.get(i).map(String::as_str).unwrap_or("");
        match check_name(given, &format!("{}资格名称", level.label())) {
            Ok(n) => names.push(n.to_owned()),
            Err(e) => errors.push(FieldError::new(format!("names.{i}"), e)),
        }
    }
    match (name, errors.is_empty()) {
        (Some(n), true) => Ok((n.to_owned(), names, code.map(str::to_owned))),
        _ => Err(AppError::fields(errors)),
    }
}

fn raced(e: sea_orm::DbErr) -> AppError {
    super::raced(e, "该字典项已被他人同时修改，请刷新后重试")
}

async fn name_taken<C: ConnectionTrait>(db: &C, name: &str, except: Option<i64>) -> Result<bool, AppError> {
    let mut q = series::Entity::find().filter(series::Column::Name.eq(name));
    if let Some(id) = except {
        q = q.filter(series::Column::Id.ne(id));
    }
    Ok(q.one(db).await?.is_some())
}

/// 新增系列 or 修改系列 (name and 资格名称), with its names in one transaction.
pub async fn save(db: &DatabaseConnection, actor: &Actor, ip: &str, input: SeriesInput) -> Result<SeriesRow, AppError> {
    let admin = access::admin(actor)?;
    let (name, names, code) = checked(&input)?;
    if name_taken(db, &name, input.id).await? {
        return Err(AppError::invalid("name", format!("已有名为“{name}”的系列")));
    }
    if let Some(code) = &code {
        if series::Entity::find().filter(series::Column::Code.eq(code.as_str())).one(db).await?.is_some() {
            return Err(AppError::invalid("code", format!("系列代码{code}已被使用")));
        }
    }
    let id = input.id;
    let (saved, detail) = db
        .transaction::<_, (series::Model, String), AppError>(|txn| {
            let names = names.clone();
            let name = name.clone();
            Box::pin(async move {
                let (s, detail) = match (id, code) {
                    (Some(id), _) => {
                        let before = found(txn, id).await?;
                        let old = before.name.clone();
                        let mut m: series::ActiveModel = before.into();
                        m.name = Set(name.clone());
                        (m.update(txn).await.map_err(raced)?, format!("{old} → {name}"))
                    }
                    (None, Some(code)) => {
                        let sort = series::Entity::find().count(txn).await? as i32;
                        let made = series::ActiveModel {
                            code: Set(code.clone()),
                            name: Set(name.clone()),
                            sort: Set(sort),
                            disabled_at: Set(None),
                            ..Default::default()
                        }
                        .insert(txn)
                        .await
                        .map_err(raced)?;
                        (made, format!("{code} {name}"))
                    }
                    (None, None) => return Err(AppError::internal()),
                };
                for (level, n) in Level::ALL.iter().zip(&names) {
                    set_name(txn, s.id, None, *level, n).await?;
                }
                Ok((s, format!("{detail}；资格名称 {}", names.join("、"))))
            })
        })
        .await?;
    let action = if input.id.is_some() { "修改系列" } else { "新增系列" };
    audit::record(db, Some(admin), action, &format!("series:{}", saved.id), ip, &detail).await;
    let specialties = specialty::Entity::find().filter(specialty::Column::SeriesId.eq(saved.id)).all(db).await?;
    let names =
        qualification_name::Entity::find().filter(qualification_name::Column::SeriesId.eq(saved.id)).all(db).await?;
    Ok(row(saved, &specialties, &names))
}

/// Sets the 资格名称 of (系列, 专业 or None, level): renames the row, or adds
/// it; either way it is enabled.
async fn set_name<C: ConnectionTrait>(
    db: &C,
    series_id: i64,
    specialty_id: Option<i64>,
    level: Level,
    name: &str,
) -> Result<(), AppError> {
    use qualification_name::Column as Q;
    let mut q = qualification_name::Entity::find().filter(Q::SeriesId.eq(series_id)).filter(Q::Level.eq(level.code()));
    q = match specialty_id {
        Some(p) => q.filter(Q::SpecialtyId.eq(p)),
        None => q.filter(Q::SpecialtyId.is_null()),
    };
    match q.one(db).await? {
        Some(n) => {
            let mut m: qualification_name::ActiveModel = n.into();
            m.name = Set(name.to_owned());
            m.disabled_at = Set(None);
            m.update(db).await.map_err(raced)?;
        }
        None => {
            qualification_name::ActiveModel {
                series_id: Set(series_id),
                specialty_id: Set(specialty_id),
                level: Set(level.code().to_owned()),
                name: Set(name.to_owned()),
                disabled_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(raced)?;
        }
    }
    Ok(())
}

fn verb(enabled: bool) -> &'static str {
    if enabled {
        "启用"
    } else {
        "停用"
    }
}

/// 停用 or 启用 a 系列: its declarations and certificates keep it; new
/// declarations cannot choose it (nor any of its 专业) while disabled.
pub async fn set_enabled(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    id: i64,
    enabled: bool,
) -> Result<(), AppError> {
    let admin = access::admin(actor)?;
    let s = found(db, id).await?;
    if !super::switch::<series::Entity>(db, (series::Column::Id, id), series::Column::DisabledAt, enabled).await? {
        return Ok(());
    }
    audit::record(db, Some(admin), &format!("{}系列", verb(enabled)), &format!("series:{id}"), ip, &s.name).await;
    Ok(())
}

async fn found_specialty<C: ConnectionTrait>(db: &C, id: i64) -> Result<specialty::Model, AppError> {
    specialty::Entity::find_by_id(id).one(db).await?.ok_or_else(|| AppError::not_found("专业不存在"))
}

/// 新增专业 under a 系列, or rename one (unique within its 系列).
pub async fn save_specialty(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    input: SpecialtyInput,
) -> Result<SpecialtyRow, AppError> {
    let admin = access::admin(actor)?;
    let name = check_name(&input.name, "专业名称").map_err(|e| AppError::invalid("name", e))?.to_owned();
    let existing = match input.id {
        Some(id) => Some(found_specialty(db, id).await?),
        None => None,
    };
    let series_id = existing.as_ref().map_or(input.series_id, |p| p.series_id);
    let s = found(db, series_id).await?;
    let mut same = specialty::Entity::find()
        .filter(specialty::Column::SeriesId.eq(series_id))
        .filter(specialty::Column::Name.eq(name.as_str()));
    if let Some(id) = input.id {
        same = same.filter(specialty::Column::Id.ne(id));
    }
    if same.one(db).await?.is_some() {
        return Err(AppError::invalid("name", format!("{}下已有“{name}”专业", s.name)));
    }
    let (saved, action, detail) = match existing {
        Some(p) => {
            let detail = format!("{}：{} → {name}", s.name, p.name);
            let mut m: specialty::ActiveModel = p.into();
            m.name = Set(name);
            (m.update(db).await.map_err(raced)?, "修改专业", detail)
        }
        None => {
            let sort =
                specialty::Entity::find().filter(specialty::Column::SeriesId.eq(series_id)).count(db).await? as i32;
            let made = specialty::ActiveModel {
                series_id: Set(series_id),
                name: Set(name.clone()),
                sort: Set(sort),
                disabled_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(raced)?;
            (made, "新增专业", format!("{}：{name}", s.name))
        }
    };
    audit::record(db, Some(admin), action, &format!("specialty:{}", saved.id), ip, &detail).await;
    Ok(SpecialtyRow { id: saved.id, enabled: saved.disabled_at.is_none(), name: saved.name })
}

/// 停用 or 启用 a 专业 (declarations that name it keep it).
pub async fn set_specialty_enabled(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    id: i64,
    enabled: bool,
) -> Result<(), AppError> {
    let admin = access::admin(actor)?;
    let p = found_specialty(db, id).await?;
    if !super::switch::<specialty::Entity>(db, (specialty::Column::Id, id), specialty::Column::DisabledAt, enabled)
        .await?
    {
        return Ok(());
    }
    audit::record(db, Some(admin), &format!("{}专业", verb(enabled)), &format!("specialty:{id}"), ip, &p.name).await;
    Ok(())
}

/// A 专业's own 资格名称 at a level (卫生系列: 护理 → 护师): added, or renamed.
pub async fn save_specialty_name(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    input: SpecialtyNameInput,
) -> Result<(), AppError> {
    let admin = access::admin(actor)?;
    let name = check_name(&input.name, "资格名称").map_err(|e| AppError::invalid("name", e))?.to_owned();
    let p = found_specialty(db, input.specialty_id).await?;
    set_name(db, p.series_id, Some(p.id), input.level, &name).await?;
    let detail = format!("{} {}：{name}", p.name, input.level.label());
    audit::record(db, Some(admin), "设置资格名称", &format!("specialty:{}", p.id), ip, &detail).await;
    Ok(())
}

/// 停用 or 启用 a 专业's own 资格名称: disabled, the 系列's applies to new
/// certificates (issued ones keep what they print). The 系列's own names
/// are always in force: they are renamed, never disabled.
pub async fn set_name_enabled(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    id: i64,
    enabled: bool,
) -> Result<(), AppError> {
    let admin = access::admin(actor)?;
    let n = qualification_name::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("资格名称不存在"))?;
    if n.specialty_id.is_none() {
        return Err(AppError::conflict("系列通用的资格名称不能停用，可在修改系列时更改名称"));
    }
    if !super::switch::<qualification_name::Entity>(
        db,
        (qualification_name::Column::Id, id),
        qualification_name::Column::DisabledAt,
        enabled,
    )
    .await?
    {
        return Ok(());
    }
    audit::record(
        db,
        Some(admin),
        &format!("{}资格名称", verb(enabled)),
        &format!("qualification_name:{id}"),
        ip,
        &n.name,
    )
    .await;
    Ok(())
}
