//! 单位行业 as units see it: an enabled entry of the dictionary the
//! administrator keeps (字典管理), or the one the unit already has, which
//! stays valid after being disabled.

use crate::error::AppError;
use crate::server::entities::industry;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// What 单位注册 and 单位信息 offer: (code, "code name") of the enabled
/// 行业, and `current` (the unit's own) even when it is disabled.
pub async fn options<C: ConnectionTrait>(db: &C, current: &str) -> Result<Vec<(String, String)>, AppError> {
    Ok(industry::Entity::find()
        .order_by_asc(industry::Column::Sort)
        .order_by_asc(industry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|i| i.disabled_at.is_none() || i.code == current)
        .map(|i| {
            let note = if i.disabled_at.is_some() { "（已停用）" } else { "" };
            (i.code.clone(), format!("{} {}{note}", i.code, i.name))
        })
        .collect())
}

/// Whether a unit may have `code`: an enabled 行业, or `current`, the one
/// it has (kept valid after being disabled).
pub async fn choosable<C: ConnectionTrait>(db: &C, code: &str, current: Option<&str>) -> Result<bool, AppError> {
    let found = industry::Entity::find().filter(industry::Column::Code.eq(code)).one(db).await?;
    Ok(found.is_some_and(|i| i.disabled_at.is_none() || current == Some(code)))
}

/// The name of a 行业 code, disabled or not ("" when unknown).
pub async fn name_of<C: ConnectionTrait>(db: &C, code: &str) -> Result<String, AppError> {
    let found = industry::Entity::find().filter(industry::Column::Code.eq(code)).one(db).await?;
    Ok(found.map(|i| i.name).unwrap_or_default())
}
