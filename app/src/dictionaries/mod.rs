//! Dictionaries the 系统管理员 keeps: 系列, the 专业 under each, the 资格名称
//! a certificate prints per level, 单位行业, and the qualification rules
//! (学历 + 年限 → 申报级别).
//!
//! Nothing here is ever deleted: declarations, certificates and units name
//! these entries. A disabled entry stays valid for what already uses it;
//! new declarations (or a unit's new choice) cannot pick it.
//!
//! Shared view types live here; `api` holds the server functions;
//! `series`, `industries` and `rules` (server only) the rules and the
//! database work.

pub mod api;
#[cfg(feature = "ssr")]
pub mod industries;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod series;

use crate::declarations::Level;
use serde::{Deserialize, Serialize};

/// Longest 系列, 专业, 资格名称 and 行业 name.
pub const MAX_NAME: usize = 30;
/// Most years a qualification rule may ask for.
pub const MAX_YEARS: i32 = 40;

/// One 系列 in the 字典管理 list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub enabled: bool,
    /// Enabled 专业 / all 专业.
    pub specialties_enabled: u64,
    pub specialties: u64,
    /// The 系列's 资格名称 for 员级, 助理级 and 中级 (`Level::ALL` order).
    pub names: Vec<String>,
}

/// 新增系列 (`id` None) or 修改 one: its name and its three 资格名称. The
/// code is fixed once made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesInput {
    pub id: Option<i64>,
    pub code: String,
    pub name: String,
    /// 员级, 助理级, 中级.
    pub names: Vec<String>,
}

/// One 专业 of a 系列.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialtyRow {
    pub id: i64,
    pub name: String,
    pub enabled: bool,
}

/// A 资格名称 of a 系列, its own or one of its 专业's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameRow {
    pub id: i64,
    pub level: Level,
    /// None: the 系列's own (always enabled, renamed with the 系列).
    pub specialty_id: Option<i64>,
    /// 本系列通用 or the 专业's name.
    pub specialty: String,
    pub name: String,
    pub enabled: bool,
}

/// A 系列's page: its 专业 and its 资格名称.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesDetail {
    pub series: SeriesRow,
    pub specialties: Vec<SpecialtyRow>,
    pub names: Vec<NameRow>,
}

/// 新增专业 (`id` None) or rename one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialtyInput {
    pub series_id: i64,
    pub id: Option<i64>,
    pub name: String,
}

/// A 专业's own 资格名称 at a level: added, or renamed when it exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialtyNameInput {
    pub specialty_id: i64,
    pub level: Level,
    pub name: String,
}

/// One 单位行业.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndustryRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub enabled: bool,
}

/// 新增单位行业 (`id` None; the code is fixed once made) or rename one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndustryInput {
    pub id: Option<i64>,
    pub code: String,
    pub name: String,
}

/// A dictionary name: trimmed, not empty, at most `MAX_NAME` characters.
pub fn check_name<'a>(s: &'a str, what: &str) -> Result<&'a str, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(format!("请填写{what}"));
    }
    if s.chars().count() > MAX_NAME {
        return Err(format!("{what}不能超过{MAX_NAME}个字"));
    }
    Ok(s)
}

/// A dictionary code: 1–8 capital letters or digits (as 系列 and GB/T 4754
/// codes are written).
pub fn check_code<'a>(s: &'a str, what: &str) -> Result<&'a str, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(format!("请填写{what}"));
    }
    if s.len() > 8 || !s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        return Err(format!("{what}为1至8位大写英文字母或数字"));
    }
    Ok(s)
}

/// What a unique index refused when two administrators saved at once
/// (each save checks first, so only a race gets here).
#[cfg(feature = "ssr")]
fn raced(e: sea_orm::DbErr, message: &str) -> crate::error::AppError {
    if crate::server::sign_in::is_unique_violation(&e) {
        crate::error::AppError::conflict(message)
    } else {
        e.into()
    }
}

/// 停用 (`enabled` false) or 启用 one row of a dictionary table, only from
/// the other state: a double click or two administrators at once change it
/// (and log it) once. Whether it changed.
#[cfg(feature = "ssr")]
async fn switch<E: sea_orm::EntityTrait>(
    db: &sea_orm::DatabaseConnection,
    id: (E::Column, i64),
    disabled_at: E::Column,
    enabled: bool,
) -> Result<bool, crate::error::AppError> {
    use sea_orm::{sea_query::Expr, ColumnTrait, QueryFilter};
    let state = if enabled { disabled_at.is_not_null() } else { disabled_at.is_null() };
    let done = E::update_many()
        .col_expr(disabled_at, Expr::value((!enabled).then(chrono::Utc::now)))
        .filter(id.0.eq(id.1))
        .filter(state)
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_plain_and_short() {
        assert_eq!(check_name(" 软件工程 ", "专业名称"), Ok("软件工程"));
        assert_eq!(check_name("  ", "专业名称").unwrap_err(), "请填写专业名称");
        assert_eq!(check_name(&"专".repeat(31), "专业名称").unwrap_err(), "专业名称不能超过30个字");
        assert_eq!(check_code("GC", "系列代码"), Ok("GC"));
        assert_eq!(check_code("gc", "系列代码").unwrap_err(), "系列代码为1至8位大写英文字母或数字");
        assert_eq!(check_code("ABCDEFGHI", "系列代码").unwrap_err(), "系列代码为1至8位大写英文字母或数字");
        assert_eq!(check_code("", "行业代码").unwrap_err(), "请填写行业代码");
    }
}
