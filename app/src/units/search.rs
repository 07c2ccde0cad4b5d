//! The 单位 keyword dropdown of the sign-in forms, 忘记密码 and 新建申报.

use super::UnitOption;
use crate::error::AppError;
use crate::server::entities::{account, unit};
use crate::server::rate_limit;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Registered units whose name contains the keyword: at least 2
/// characters, at most 10 suggestions, counted per client address.
pub async fn units(db: &DatabaseConnection, ip: &str, keyword: &str) -> Result<Vec<UnitOption>, AppError> {
    let keyword = keyword.trim();
    if keyword.chars().count() < 2 {
        return Ok(Vec::new());
    }
    if !rate_limit::hit(db, &format!("unit_search:{ip}"), 300, 600, Utc::now()).await? {
        return Err(AppError::too_many("查询过于频繁，请稍后再试"));
    }
    let rows = unit::Entity::find()
        .filter(Expr::col(unit::Column::Name).like(crate::server::text::contains(keyword, 50)))
        .order_by_asc(unit::Column::Name)
        .limit(10)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|u| u.account_id).collect();
    let accounts = account::Entity::find().filter(account::Column::Id.is_in(ids)).all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|u| {
            accounts.iter().find(|a| a.id == u.account_id).map(|a| UnitOption { id: a.public_id, name: u.name })
        })
        .collect())
}
