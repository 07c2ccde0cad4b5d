//! The qualification rules (学历 + 从事专业技术工作年限 → 申报级别) as the
//! administrator edits them: read, and replace as a whole in one
//! transaction. `declarations::rules` applies them.

use super::MAX_YEARS;
use crate::declarations::rules::{Rule, EDUCATIONS};
use crate::declarations::Level;
use crate::error::{AppError, FieldError};
use crate::server::access::{self, Actor};
use crate::server::audit;
use crate::server::entities::qualification_rule;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait};

/// The rules in force, by 学历 then level.
pub async fn stored<C: ConnectionTrait>(db: &C) -> Result<Vec<Rule>, AppError> {
    let mut rules = crate::declarations::view::qualification_rules(db).await?;
    rules.sort_by_key(|r| (EDUCATIONS.iter().position(|e| *e == r.education), r.level));
    Ok(rules)
}

/// The administrator's view of the rules.
pub async fn load<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<Rule>, AppError> {
    access::admin(actor)?;
    stored(db).await
}

/// The field a rule's error belongs to: `years.<学历>.<level>`.
pub fn field(education: &str, level: Level) -> String {
    format!("years.{education}.{}", level.code())
}

/// Checked rules: known 学历, 0–MAX_YEARS years, one per 学历 and level,
/// and at least one.
fn checked(rules: Vec<Rule>) -> Result<Vec<Rule>, AppError> {
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in &rules {
        if !EDUCATIONS.contains(&r.education.as_str()) {
            errors.push(FieldError::new("rules", format!("未知的学历“{}”", r.education)));
            continue;
        }
        if !(0..=MAX_YEARS).contains(&r.min_years) {
            errors.push(FieldError::new(field(&r.education, r.level), format!("年限应为0至{MAX_YEARS}年")));
        }
        if !seen.insert((r.education.clone(), r.level)) {
            errors.push(FieldError::new(field(&r.education, r.level), "同一学历和级别只能设置一条条件"));
        }
    }
    if rules.is_empty() && errors.is_empty() {
        errors.push(FieldError::new("rules", "请至少设置一条申报条件"));
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(AppError::fields(errors))
    }
}

fn summary(rules: &[Rule]) -> String {
    rules.iter().map(|r| format!("{}{}{}年", r.education, r.level.label(), r.min_years)).collect::<Vec<_>>().join("，")
}

/// 保存申报条件: the whole set replaces the old one, or nothing changes.
pub async fn save(db: &DatabaseConnection, actor: &Actor, ip: &str, rules: Vec<Rule>) -> Result<Vec<Rule>, AppError> {
    let admin = access::admin(actor)?;
    let rules = checked(rules)?;
    let before = stored(db).await?;
    let new = rules.clone();
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            qualification_rule::Entity::delete_many().exec(txn).await?;
            for r in new {
                qualification_rule::ActiveModel {
                    education: Set(r.education),
                    level: Set(r.level.code().to_owned()),
                    min_years: Set(r.min_years),
                    ..Default::default()
                }
                .insert(txn)
                .await
                .map_err(|e| super::raced(e, "申报条件已被他人同时修改，请刷新后重试"))?;
            }
            Ok(())
        })
    })
    .await?;
    let detail = format!("{} → {}", summary(&before), summary(&rules));
    audit::record(db, Some(admin), "修改申报条件", "qualification_rule", ip, &detail).await;
    stored(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(e: &str, level: Level, y: i32) -> Rule {
        Rule { education: e.into(), level, min_years: y }
    }

    #[test]
    fn rules_are_known_bounded_and_single() {
        assert!(checked(vec![rule("本科", Level::Assistant, 1)]).is_ok());
        let e = checked(vec![rule("本科", Level::Assistant, -1)]).unwrap_err();
        assert_eq!(e.field("years.本科.assistant").as_deref(), Some("年限应为0至40年"));
        let e = checked(vec![rule("本科", Level::Junior, 1), rule("本科", Level::Junior, 2)]).unwrap_err();
        assert_eq!(e.field("years.本科.junior").as_deref(), Some("同一学历和级别只能设置一条条件"));
        let e = checked(vec![rule("小学", Level::Junior, 1)]).unwrap_err();
        assert_eq!(e.field("rules").as_deref(), Some("未知的学历“小学”"));
        let e = checked(vec![]).unwrap_err();
        assert_eq!(e.field("rules").as_deref(), Some("请至少设置一条申报条件"));
    }
}
