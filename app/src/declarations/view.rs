//! What pages see of declarations: list rows and the full detail, built
//! from the stored rows (never a second copy that could drift).

use super::rules::{self, Rule};
use super::transition::{business_label, status_of};
use super::*;
use crate::domain::mask;
use crate::error::AppError;
use crate::server::entities::{
    batch, declaration, declaration_attachment, operation_log, org, person, qualification_rule, series, specialty,
    unit, unit_opinion, upload,
};
use crate::server::files::file_ref;
use crate::server::personal::Vault;
use crate::server::text::{cn_time, today_cn};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// How many rows a page of a declarations list holds.
pub const PER_PAGE: u64 = 20;

fn stored<T>(value: Option<T>, what: &str, d: &declaration::Model) -> Result<T, AppError> {
    value.ok_or_else(|| {
        tracing::error!(declaration = d.id, field = what, "unknown value in the database");
        AppError::internal()
    })
}

pub fn business_of(d: &declaration::Model) -> Result<Business, AppError> {
    stored(Business::from_code(&d.business), "business", d)
}

pub fn level_of(d: &declaration::Model) -> Result<Level, AppError> {
    stored(Level::from_code(&d.level), "level", d)
}

/// List rows with their dictionary names (small tables, read once per list).
pub async fn rows<C: ConnectionTrait>(db: &C, rows: Vec<declaration::Model>) -> Result<Vec<DeclarationRow>, AppError> {
    let series = series::Entity::find().all(db).await?;
    let specialties = specialty::Entity::find().all(db).await?;
    let mut unit_ids: Vec<i64> = rows.iter().map(|d| d.unit_id).collect();
    unit_ids.sort_unstable();
    unit_ids.dedup();
    let units = unit::Entity::find().filter(unit::Column::AccountId.is_in(unit_ids)).all(db).await?;
    rows.into_iter()
        .map(|d| {
            let series_name = series.iter().find(|s| s.id == d.series_id).map(|s| s.name.as_str()).unwrap_or("");
            let specialty_name =
                specialties.iter().find(|s| s.id == d.specialty_id).map(|s| s.name.as_str()).unwrap_or("");
            Ok(DeclarationRow {
                id: d.public_id,
                version: d.version,
                applicant_name: d.applicant_name.clone(),
                id_number_masked: d.applicant_id_masked.clone().unwrap_or_default(),
                business: business_label(&d).to_owned(),
                series: format!("{series_name}/{specialty_name}"),
                level: level_of(&d)?.label().to_owned(),
                year: d.batch_year,
                unit_name: units.iter().find(|u| u.account_id == d.unit_id).map(|u| u.name.clone()).unwrap_or_default(),
                status: status_of(&d)?,
                submitted_at: d.submitted_at.map(cn_time).unwrap_or_default(),
                updated_at: cn_time(d.updated_at),
            })
        })
        .collect()
}

/// The qualification rules in force (the administrator edits them on 申报条件).
pub async fn qualification_rules<C: ConnectionTrait>(db: &C) -> Result<Vec<Rule>, AppError> {
    Ok(qualification_rule::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| {
            Level::from_code(&r.level).map(|level| Rule { education: r.education, level, min_years: r.min_years })
        })
        .collect())
}

/// Where a 职称认定 does not meet the configured conditions.
pub async fn warnings<C: ConnectionTrait>(
    db: &C,
    business: Business,
    level: Level,
    form: &DeclarationForm,
) -> Result<Vec<String>, AppError> {
    if business != Business::Recognition {
        return Ok(Vec::new());
    }
    let today = today_cn().format("%Y-%m-%d").to_string();
    let years = rules::years_since(&form.work_start, &today).unwrap_or(0);
    let education = rules::highest_education(form.education.iter().map(|e| e.education.as_str()));
    Ok(rules::check(&qualification_rules(db).await?, education, years, level).into_iter().collect())
}

pub fn parse_form(d: &declaration::Model) -> DeclarationForm {
    serde_json::from_str(&d.form).unwrap_or_default()
}

pub async fn opinions_of<C: ConnectionTrait>(db: &C, declaration_id: i64) -> Result<UnitOpinions, AppError> {
    let Some(o) = unit_opinion::Entity::find_by_id(declaration_id).one(db).await? else {
        return Ok(UnitOpinions::default());
    };
    fn parse<T: serde::de::DeserializeOwned>(s: &Option<String>) -> Option<T> {
        s.as_deref().and_then(|s| serde_json::from_str(s).ok())
    }
    Ok(UnitOpinions {
        recommendation: parse(&o.recommendation),
        appraisal: parse(&o.appraisal),
        publicity: parse(&o.publicity),
        committee: parse(&o.committee),
    })
}

async fn attachments_of<C: ConnectionTrait>(
    db: &C,
    declaration_id: i64,
) -> Result<Vec<crate::uploads::FileRef>, AppError> {
    let links = declaration_attachment::Entity::find()
        .filter(declaration_attachment::Column::DeclarationId.eq(declaration_id))
        .order_by_asc(declaration_attachment::Column::Sort)
        .all(db)
        .await?;
    let files = upload::Entity::find()
        .filter(upload::Column::Id.is_in(links.iter().map(|l| l.upload_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(links.iter().filter_map(|l| files.iter().find(|f| f.id == l.upload_id).map(file_ref)).collect())
}

/// Everything about one declaration, for whoever the caller checked may see it.
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    d: declaration::Model,
) -> Result<DeclarationDetail, AppError> {
    let b = batch::Entity::find_by_id(d.batch_id).one(db).await?;
    let u = unit::Entity::find_by_id(d.unit_id).one(db).await?;
    let se = series::Entity::find_by_id(d.series_id).one(db).await?;
    let sp = specialty::Entity::find_by_id(d.specialty_id).one(db).await?;
    let p = person::Entity::find_by_id(d.person_id).one(db).await?;
    let target = match d.target_org_id {
        Some(id) => org::Entity::find_by_id(id).one(db).await?.map(|o| o.name),
        None => None,
    };
    let timeline = operation_log::Entity::find()
        .filter(operation_log::Column::DeclarationId.eq(d.id))
        .order_by_asc(operation_log::Column::At)
        .order_by_asc(operation_log::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| TimelineEntry {
            at: cn_time(l.at),
            operator: l.operator_name,
            operator_org: l.operator_org,
            action: l.action,
            reason: l.reason,
            target: l.target,
        })
        .collect();
    let business = business_of(&d)?;
    let level = level_of(&d)?;
    let status = status_of(&d)?;
    let form = parse_form(&d);
    Ok(DeclarationDetail {
        id: d.public_id,
        version: d.version,
        business,
        batch_name: b.as_ref().map(|b| b.name.clone()).unwrap_or_default(),
        batch_closes_at: b.as_ref().map(|b| cn_time(b.closes_at)).unwrap_or_default(),
        year: d.batch_year,
        unit_name: u.map(|u| u.name).unwrap_or_default(),
        series: se.map(|s| s.name).unwrap_or_default(),
        specialty: sp.map(|s| s.name).unwrap_or_default(),
        level,
        status,
        applicant_name: d.applicant_name.clone(),
        id_number_masked: d.applicant_id_masked.clone().unwrap_or_default(),
        gender: p.as_ref().map(|p| p.gender.clone()).unwrap_or_default(),
        birth_date: p.as_ref().map(|p| p.birth_date.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        // Masked like the 证件号码: whole only through `identity::reveal`.
        phone: p.as_ref().map(|p| mask::phone(&vault.open(&p.phone))).unwrap_or_default(),
        email: p.as_ref().map(|p| p.email.clone()).unwrap_or_default(),
        warnings: warnings(db, business, level, &form).await?,
        form,
        commitment: d.commitment,
        attachments: attachments_of(db, d.id).await?,
        opinions: opinions_of(db, d.id).await?,
        timeline,
        target_org: target.unwrap_or_default(),
        unit_leader: d.unit_leader.clone(),
        editable: status.applicant_may_edit(),
    })
}

/// The declaration again by its key, after a change.
pub async fn reload<C: ConnectionTrait>(db: &C, vault: &Vault, id: i64) -> Result<DeclarationDetail, AppError> {
    let d = declaration::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("申报不存在或已被删除"))?;
    detail(db, vault, d).await
}
