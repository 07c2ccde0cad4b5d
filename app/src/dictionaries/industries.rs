//! 单位行业: list, 新增, 修改, 停用 and 启用 (the administrator's). What a
//! unit may choose is `units::industry`'s.

use super::{check_code, check_name, IndustryInput, IndustryRow};
use crate::error::{AppError, FieldError};
use crate::server::access::{self, Actor};
use crate::server::audit;
use crate::server::entities::industry;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

fn row(i: industry::Model) -> IndustryRow {
    IndustryRow { id: i.id, enabled: i.disabled_at.is_none(), code: i.code, name: i.name }
}

async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<industry::Model>, AppError> {
    Ok(industry::Entity::find().order_by_asc(industry::Column::Sort).order_by_asc(industry::Column::Id).all(db).await?)
}

/// Every 单位行业 (the administrator's list).
pub async fn list<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<IndustryRow>, AppError> {
    access::admin(actor)?;
    Ok(all(db).await?.into_iter().map(row).collect())
}

/// 新增单位行业 or rename one (the code is fixed once made).
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    input: IndustryInput,
) -> Result<IndustryRow, AppError> {
    let admin = access::admin(actor)?;
    let mut errors = Vec::new();
    let name = check_name(&input.name, "行业名称").map_err(|e| errors.push(FieldError::new("name", e))).ok();
    let code = match input.id {
        Some(_) => None,
        None => check_code(&input.code, "行业代码").map_err(|e| errors.push(FieldError::new("code", e))).ok(),
    };
    let Some(name) = name.filter(|_| errors.is_empty()) else { return Err(AppError::fields(errors)) };
    let mut same = industry::Entity::find().filter(industry::Column::Name.eq(name));
    if let Some(id) = input.id {
        same = same.filter(industry::Column::Id.ne(id));
    }
    if same.one(db).await?.is_some() {
        return Err(AppError::invalid("name", format!("已有名为“{name}”的单位行业")));
    }
    if let Some(code) = code {
        if industry::Entity::find().filter(industry::Column::Code.eq(code)).one(db).await?.is_some() {
            return Err(AppError::invalid("code", format!("行业代码{code}已被使用")));
        }
    }
    let raced = |e| super::raced(e, "该单位行业已被他人同时修改，请刷新后重试");
    let (saved, action, detail) = match (input.id, code) {
        (Some(id), _) => {
            let before =
                industry::Entity::find_by_id(id).one(db).await?.ok_or_else(|| AppError::not_found("单位行业不存在"))?;
            let detail = format!("{} {} → {name}", before.code, before.name);
            let mut m: industry::ActiveModel = before.into();
            m.name = Set(name.to_owned());
            (m.update(db).await.map_err(raced)?, "修改单位行业", detail)
        }
        (None, Some(code)) => {
            let sort = industry::Entity::find().count(db).await? as i32;
            let made = industry::ActiveModel {
                code: Set(code.to_owned()),
                name: Set(name.to_owned()),
                sort: Set(sort),
                disabled_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(raced)?;
            (made, "新增单位行业", format!("{code} {name}"))
        }
        (None, None) => return Err(AppError::internal()),
    };
    audit::record(db, Some(admin), action, &format!("industry:{}", saved.id), ip, &detail).await;
    Ok(row(saved))
}

/// 停用 or 启用 a 行业: units that have it keep it; no unit can newly pick it.
pub async fn set_enabled(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    id: i64,
    enabled: bool,
) -> Result<(), AppError> {
    let admin = access::admin(actor)?;
    let i = industry::Entity::find_by_id(id).one(db).await?.ok_or_else(|| AppError::not_found("单位行业不存在"))?;
    if !super::switch::<industry::Entity>(db, (industry::Column::Id, id), industry::Column::DisabledAt, enabled).await?
    {
        return Ok(());
    }
    let action = if enabled { "启用单位行业" } else { "停用单位行业" };
    audit::record(db, Some(admin), action, &format!("industry:{id}"), ip, &format!("{} {}", i.code, i.name)).await;
    Ok(())
}
