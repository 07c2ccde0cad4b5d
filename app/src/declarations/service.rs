//! Declarations: who may see which, the applicant's side (create, save,
//! 报送单位, messages), the unit's 待办事项, and the one way every status
//! change is applied (`apply`).

use super::rules::{self, Rule};
use super::workflow::{self, Action, Refusal, Status};
use super::*;
use crate::accounts::service::today_cn;
use crate::accounts::Role;
use crate::domain::mask;
use crate::error::{AppError, FieldError};
use crate::server::context::RequestMeta;
use crate::server::entities::{
    batch, declaration, declaration_attachment, message, officer, operation_log, org, person, qualification_rule,
    series, specialty, unit, unit_opinion, upload,
};
use crate::server::AppState;
use crate::units::service::{active_staff_unit, cn_time};
use crate::units::UnitStatus;
use crate::uploads::service::file_ref;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

pub const PER_PAGE: u64 = 20;

// ------------------------------------------------------------------ viewers

/// Who is looking at a declaration, decided in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Applicant(i64),
    /// (person, unit)
    Staff(i64, i64),
    /// (officer account, their organisation)
    Officer(i64, Option<i64>, Role),
}

impl Viewer {
    pub fn account_id(self) -> i64 {
        match self {
            Viewer::Applicant(id) | Viewer::Staff(id, _) | Viewer::Officer(id, _, _) => id,
        }
    }
    pub fn role(self) -> Role {
        match self {
            Viewer::Applicant(_) => Role::Person,
            Viewer::Staff(..) => Role::UnitStaff,
            Viewer::Officer(_, _, role) => role,
        }
    }
}

/// The caller as a viewer of declarations (staff are re-checked as enabled).
pub async fn viewer(st: &AppState, meta: &RequestMeta) -> Result<Viewer, AppError> {
    let s = meta.require_session()?;
    match s.role {
        Role::Person => Ok(Viewer::Applicant(s.account_id)),
        Role::UnitStaff => {
            let (person, unit) = active_staff_unit(st, meta).await?;
            Ok(Viewer::Staff(person, unit))
        }
        Role::Office | Role::Department | Role::Admin => {
            let o =
                officer::Entity::find_by_id(s.account_id).one(&st.db).await?.ok_or_else(AppError::unauthenticated)?;
            Ok(Viewer::Officer(s.account_id, o.org_id, s.role))
        }
        Role::Unit => Err(AppError::forbidden("单位账户只能管理组织机构信息，申报由单位工作人员审核")),
    }
}

/// Whether `viewer` may see `d`: its applicant, its unit's staff (once
/// submitted), the organisation it was sent to, the administrator.
pub fn may_see(viewer: Viewer, d: &declaration::Model) -> bool {
    match viewer {
        Viewer::Applicant(id) => d.person_id == id,
        Viewer::Staff(_, unit) => d.unit_id == unit && d.submitted_at.is_some(),
        Viewer::Officer(_, _, Role::Admin) => true,
        Viewer::Officer(_, org, _) => org.is_some() && d.target_org_id == org,
    }
}

pub async fn find(st: &AppState, id: uuid::Uuid) -> Result<declaration::Model, AppError> {
    declaration::Entity::find()
        .filter(declaration::Column::PublicId.eq(id))
        .one(&st.db)
        .await?
        .ok_or_else(|| AppError::not_found("申报不存在或已被删除"))
}

/// The declaration, if the caller may see it (403 otherwise).
pub async fn visible(
    st: &AppState,
    meta: &RequestMeta,
    id: uuid::Uuid,
) -> Result<(Viewer, declaration::Model), AppError> {
    let v = viewer(st, meta).await?;
    let d = find(st, id).await?;
    if !may_see(v, &d) {
        return Err(AppError::forbidden("无权查看或办理该申报"));
    }
    Ok((v, d))
}

// ----------------------------------------------------------- transitions

/// Who takes a step, as the 操作记录 shows them.
#[derive(Debug, Clone)]
pub struct Operator {
    pub id: i64,
    pub name: String,
    /// The unit or office they act for; 申报人 for the applicant.
    pub org: String,
}

/// One move of the state machine with what the 操作记录 keeps of it.
pub struct Step<'a> {
    pub action: Action,
    /// The version the caller saw; the move happens only if it is current.
    pub version: i32,
    pub reason: &'a str,
    /// Where a 报送 or a 主管部门's approval sends the declaration.
    pub target: String,
    /// Further columns set by the same update.
    pub extra: Vec<(declaration::Column, Expr)>,
}

/// Applies one move of the state machine in `txn`: the conditional update
/// (`WHERE id AND version AND status`, exactly one row), the 操作记录 row and
/// the applicant's message.
pub async fn apply(
    txn: &DatabaseTransaction,
    d: &declaration::Model,
    viewer: Viewer,
    operator: &Operator,
    step: Step<'_>,
) -> Result<Status, AppError> {
    let Step { action, version, reason, target, extra } = step;
    let from = Status::from_code(&d.status).ok_or_else(AppError::internal)?;
    let to = workflow::next(from, action, viewer.role()).map_err(|r| match r {
        Refusal::WrongRole => AppError::forbidden(r.message(action)),
        Refusal::WrongStatus(_) => AppError::conflict(r.message(action)),
    })?;
    if action.needs_reason() && reason.trim().is_empty() {
        return Err(AppError::invalid("reason", "请填写原因"));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "原因不能超过500个字符"));
    }
    let now = Utc::now();
    let mut update = declaration::Entity::update_many()
        .col_expr(declaration::Column::Status, Expr::value(to.code()))
        .col_expr(declaration::Column::Version, Expr::value(version + 1))
        .col_expr(declaration::Column::UpdatedAt, Expr::value(now));
    for (col, value) in extra {
        update = update.col_expr(col, value);
    }
    let done = update
        .filter(declaration::Column::Id.eq(d.id))
        .filter(declaration::Column::Version.eq(version))
        .filter(declaration::Column::Status.eq(from.code()))
        .exec(txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(changed_meanwhile(txn, d.id).await);
    }
    log(txn, d, operator, action.log_text(), reason.trim(), &target).await?;
    let body = match reason.trim() {
        "" => format!(
            "您的{}申报（{}年度）：{}，当前状态为“{}”。",
            business_label(d),
            d.batch_year,
            action.log_text(),
            to.label()
        ),
        r => format!(
            "您的{}申报（{}年度）：{}，当前状态为“{}”。原因：{r}",
            business_label(d),
            d.batch_year,
            action.log_text(),
            to.label()
        ),
    };
    message::ActiveModel {
        person_id: Set(d.person_id),
        declaration_id: Set(Some(d.id)),
        at: Set(now),
        title: Set(format!("申报状态变更：{}", to.label())),
        body: Set(body),
        read: Set(false),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(to)
}

fn business_label(d: &declaration::Model) -> &'static str {
    Business::from_code(&d.business).map(Business::label).unwrap_or("")
}

/// The refusal when a conditional update touched nothing.
async fn changed_meanwhile<C: ConnectionTrait>(db: &C, id: i64) -> AppError {
    let now = declaration::Entity::find_by_id(id).one(db).await.ok().flatten();
    let status = now.and_then(|d| Status::from_code(&d.status)).map(Status::label).unwrap_or("未知");
    AppError::conflict(format!("该申报已被他人处理或内容已变化（当前状态：{status}），请刷新后查看最新内容"))
}

/// Appends an 操作记录 row.
pub async fn log<C: ConnectionTrait>(
    db: &C,
    d: &declaration::Model,
    operator: &Operator,
    action: &str,
    reason: &str,
    target: &str,
) -> Result<(), AppError> {
    operation_log::ActiveModel {
        declaration_id: Set(d.id),
        unit_id: Set(d.unit_id),
        batch_year: Set(d.batch_year),
        at: Set(Utc::now()),
        operator_id: Set(operator.id),
        operator_name: Set(operator.name.clone()),
        operator_org: Set(operator.org.clone()),
        applicant_name: Set(d.applicant_name.clone()),
        applicant_id_masked: Set(mask::id_number(&d.applicant_id_number)),
        action: Set(action.to_owned()),
        reason: Set(reason.to_owned()),
        target: Set(target.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The caller as the 操作记录 names them: their name and whom they act for.
pub async fn operator<C: ConnectionTrait>(db: &C, viewer: Viewer) -> Result<Operator, AppError> {
    let id = viewer.account_id();
    let (name, org) = match viewer {
        Viewer::Applicant(_) => {
            (person::Entity::find_by_id(id).one(db).await?.map(|p| p.name), Some("申报人".to_owned()))
        }
        Viewer::Staff(_, unit_id) => (
            person::Entity::find_by_id(id).one(db).await?.map(|p| p.name),
            unit::Entity::find_by_id(unit_id).one(db).await?.map(|u| u.name),
        ),
        Viewer::Officer(_, org_id, _) => {
            let org = match org_id {
                Some(o) => org::Entity::find_by_id(o).one(db).await?.map(|o| o.name),
                None => Some("系统管理员".to_owned()),
            };
            (officer::Entity::find_by_id(id).one(db).await?.map(|o| o.name), org)
        }
    };
    Ok(Operator { id, name: name.unwrap_or_default(), org: org.unwrap_or_default() })
}

// ---------------------------------------------------------------- options

pub async fn options(st: &AppState, meta: &RequestMeta) -> Result<DeclarationOptions, AppError> {
    meta.require_session()?;
    let series_rows = series::Entity::find().order_by_asc(series::Column::Sort).all(&st.db).await?;
    let specialties = specialty::Entity::find().order_by_asc(specialty::Column::Sort).all(&st.db).await?;
    Ok(DeclarationOptions {
        series: series_rows
            .into_iter()
            .map(|s| SeriesOption {
                id: s.id,
                specialties: specialties
                    .iter()
                    .filter(|p| p.series_id == s.id)
                    .map(|p| (p.id, p.name.clone()))
                    .collect(),
                name: s.name,
            })
            .collect(),
    })
}

/// The 职改办 a unit reports to: the one of its city (it also reviewed the
/// unit's registration).
async fn office_of<C: ConnectionTrait>(db: &C, u: &unit::Model) -> Result<Option<org::Model>, AppError> {
    Ok(org::Entity::find()
        .filter(org::Column::Kind.eq("office"))
        .filter(org::Column::RegionCode.eq(u.city_code.as_str()))
        .one(db)
        .await?)
}

/// An approved unit by the public id the unit picker gives.
async fn unit_by_public_id<C: ConnectionTrait>(db: &C, id: uuid::Uuid) -> Result<Option<unit::Model>, AppError> {
    let acc = crate::server::entities::account::Entity::find()
        .filter(crate::server::entities::account::Column::PublicId.eq(id))
        .one(db)
        .await?;
    Ok(match acc {
        Some(a) => unit::Entity::find_by_id(a.id).one(db).await?,
        None => None,
    })
}

fn batch_option(b: batch::Model, office: &org::Model) -> BatchOption {
    BatchOption {
        id: b.id,
        name: b.name,
        office_name: office.name.clone(),
        opens_at: cn_time(b.opens_at),
        closes_at: cn_time(b.closes_at),
    }
}

/// The open batches of the office `u` reports to, newest first.
async fn open_batches<C: ConnectionTrait>(db: &C, u: &unit::Model) -> Result<Vec<BatchOption>, AppError> {
    let Some(office) = office_of(db, u).await? else { return Ok(Vec::new()) };
    let now = Utc::now();
    Ok(batch::Entity::find()
        .filter(batch::Column::OfficeId.eq(office.id))
        .filter(batch::Column::OpensAt.lte(now))
        .filter(batch::Column::ClosesAt.gte(now))
        .order_by_desc(batch::Column::Year)
        .order_by_asc(batch::Column::ClosesAt)
        .all(db)
        .await?
        .into_iter()
        .map(|b| batch_option(b, &office))
        .collect())
}

pub async fn batches_for_unit(
    st: &AppState,
    meta: &RequestMeta,
    unit_id: uuid::Uuid,
) -> Result<Vec<BatchOption>, AppError> {
    require_person(meta)?;
    match unit_by_public_id(&st.db, unit_id).await? {
        Some(u) => open_batches(&st.db, &u).await,
        None => Err(AppError::invalid("unit", "请输入单位名称关键字，并从弹出的下拉列表中选择所在单位")),
    }
}

// --------------------------------------------------------------- applicant

fn require_person(meta: &RequestMeta) -> Result<i64, AppError> {
    let s = meta.require_session()?;
    if s.role != Role::Person {
        return Err(AppError::forbidden("请使用个人账户办理申报"));
    }
    Ok(s.account_id)
}

pub async fn create(st: &AppState, meta: &RequestMeta, input: CreateDeclarationInput) -> Result<uuid::Uuid, AppError> {
    let person_id = require_person(meta)?;
    let mut errors = Vec::new();
    if input.business.is_none() {
        errors.push(FieldError::new("business", "请选择业务类型"));
    }
    let u = match input.unit_id {
        Some(id) => unit_by_public_id(&st.db, id).await?,
        None => None,
    };
    match &u {
        None => errors.push(FieldError::new("unit", "请输入单位名称关键字，并从弹出的下拉列表中选择所在单位")),
        Some(u) if u.status != UnitStatus::Approved.code() => {
            errors.push(FieldError::new("unit", "所选单位尚未通过职改办审核，暂不能接收申报"))
        }
        Some(_) => {}
    }
    // The batch follows the unit: an open one of the office it reports to.
    let b = match (input.batch_id, &u) {
        (Some(id), Some(u)) => {
            let open = open_batches(&st.db, u).await?;
            match open.iter().any(|b| b.id == id) {
                true => batch::Entity::find_by_id(id).one(&st.db).await?,
                false => {
                    errors.push(FieldError::new(
                        "batch",
                        match open.first() {
                            Some(b) => format!("所选申报年度不适用于该单位，请选择{}", b.name),
                            None => "该单位所属职改办暂无开放的申报年度".to_owned(),
                        },
                    ));
                    None
                }
            }
        }
        (None, _) => {
            errors.push(FieldError::new("batch", "请选择申报年度"));
            None
        }
        (Some(_), None) => None,
    };
    let sp = match input.specialty_id {
        Some(id) => specialty::Entity::find_by_id(id).one(&st.db).await?,
        None => None,
    };
    match (&sp, input.series_id) {
        (Some(sp), Some(series)) if sp.series_id == series => {}
        _ => errors.push(FieldError::new("specialty", "请选择系列和专业")),
    }
    if input.level.is_none() {
        errors.push(FieldError::new("level", "请选择申报级别"));
    }
    let (Some(business), Some(b), Some(u), Some(sp), Some(level), true) =
        (input.business, b, u, sp, input.level, errors.is_empty())
    else {
        return Err(AppError::fields(errors));
    };
    let p = person::Entity::find_by_id(person_id).one(&st.db).await?.ok_or_else(AppError::unauthenticated)?;
    let now = Utc::now();
    let id = uuid::Uuid::new_v4();
    declaration::ActiveModel {
        public_id: Set(id),
        person_id: Set(person_id),
        unit_id: Set(u.account_id),
        batch_id: Set(b.id),
        batch_year: Set(b.year),
        business: Set(business.code().to_owned()),
        series_id: Set(sp.series_id),
        specialty_id: Set(sp.id),
        level: Set(level.code().to_owned()),
        status: Set(Status::Draft.code().to_owned()),
        version: Set(0),
        applicant_name: Set(p.name),
        applicant_id_number: Set(p.id_number),
        form: Set(serde_json::to_string(&DeclarationForm::default()).unwrap_or_else(|_| "{}".into())),
        commitment: Set(false),
        target_org_id: Set(None),
        unit_leader: Set(String::new()),
        submitted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&st.db)
    .await?;
    Ok(id)
}

pub async fn mine(st: &AppState, meta: &RequestMeta) -> Result<Vec<DeclarationRow>, AppError> {
    let person_id = require_person(meta)?;
    let rows = declaration::Entity::find()
        .filter(declaration::Column::PersonId.eq(person_id))
        .order_by_desc(declaration::Column::CreatedAt)
        .all(&st.db)
        .await?;
    rows_view(&st.db, rows).await
}

/// List rows with their dictionary names (small tables, read once per list).
pub async fn rows_view_pub<C: ConnectionTrait>(
    db: &C,
    rows: Vec<declaration::Model>,
) -> Result<Vec<DeclarationRow>, AppError> {
    rows_view(db, rows).await
}

async fn rows_view<C: ConnectionTrait>(db: &C, rows: Vec<declaration::Model>) -> Result<Vec<DeclarationRow>, AppError> {
    let series = series::Entity::find().all(db).await?;
    let specialties = specialty::Entity::find().all(db).await?;
    let mut unit_ids: Vec<i64> = rows.iter().map(|d| d.unit_id).collect();
    unit_ids.dedup();
    let units = unit::Entity::find().filter(unit::Column::AccountId.is_in(unit_ids)).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|d| {
            let series_name = series.iter().find(|s| s.id == d.series_id).map(|s| s.name.as_str()).unwrap_or("");
            let specialty_name =
                specialties.iter().find(|s| s.id == d.specialty_id).map(|s| s.name.as_str()).unwrap_or("");
            DeclarationRow {
                id: d.public_id,
                applicant_name: d.applicant_name.clone(),
                id_number_masked: mask::id_number(&d.applicant_id_number),
                business: business_label(&d).to_owned(),
                series: format!("{series_name}/{specialty_name}"),
                level: Level::from_code(&d.level).map(Level::label).unwrap_or("").to_owned(),
                year: d.batch_year,
                unit_name: units.iter().find(|u| u.account_id == d.unit_id).map(|u| u.name.clone()).unwrap_or_default(),
                status: Status::from_code(&d.status).unwrap_or(Status::Draft),
                submitted_at: d.submitted_at.map(cn_time).unwrap_or_default(),
                updated_at: cn_time(d.updated_at),
            }
        })
        .collect())
}

async fn qualification_rules<C: ConnectionTrait>(db: &C) -> Result<Vec<Rule>, AppError> {
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
async fn warnings<C: ConnectionTrait>(
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

pub async fn detail_of(st: &AppState, d: declaration::Model) -> Result<DeclarationDetail, AppError> {
    let db = &st.db;
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
    let business = Business::from_code(&d.business).unwrap_or(Business::Recognition);
    let level = Level::from_code(&d.level).unwrap_or(Level::Junior);
    let status = Status::from_code(&d.status).unwrap_or(Status::Draft);
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
        id_number_masked: mask::id_number(&d.applicant_id_number),
        gender: p.as_ref().map(|p| p.gender.clone()).unwrap_or_default(),
        birth_date: p.as_ref().map(|p| p.birth_date.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        phone: p.as_ref().map(|p| p.phone.clone()).unwrap_or_default(),
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

pub async fn detail(st: &AppState, meta: &RequestMeta, id: uuid::Uuid) -> Result<DeclarationDetail, AppError> {
    let (_, d) = visible(st, meta, id).await?;
    detail_of(st, d).await
}

/// The applicant's own declaration, refusing others'.
async fn own(st: &AppState, meta: &RequestMeta, id: uuid::Uuid) -> Result<(i64, declaration::Model), AppError> {
    let person_id = require_person(meta)?;
    let d = find(st, id).await?;
    if d.person_id != person_id {
        return Err(AppError::forbidden("无权查看或修改他人的申报"));
    }
    Ok((person_id, d))
}

pub async fn save(
    st: &AppState,
    meta: &RequestMeta,
    input: SaveDeclarationInput,
) -> Result<DeclarationDetail, AppError> {
    let (person_id, d) = own(st, meta, input.id).await?;
    let status = Status::from_code(&d.status).unwrap_or(Status::Draft);
    if !status.applicant_may_edit() {
        return Err(AppError::conflict(match status {
            Status::Rejected => "该申报审核不通过，不能再编辑".to_string(),
            s => format!("申报当前状态为“{}”，正在审核中，不能修改", s.label()),
        }));
    }
    let sizes = input.form.check_sizes();
    if !sizes.is_empty() {
        return Err(AppError::fields(sizes));
    }
    if input.attachments.len() > MAX_ATTACHMENTS {
        return Err(AppError::invalid("attachments", format!("附件最多{MAX_ATTACHMENTS}个")));
    }
    // Each attachment: uploaded by this applicant, for attachments, and free
    // or already on this declaration.
    let current: Vec<uuid::Uuid> = declaration_attachment::Entity::find()
        .filter(declaration_attachment::Column::DeclarationId.eq(d.id))
        .all(&st.db)
        .await?
        .into_iter()
        .map(|a| a.upload_id)
        .collect();
    let files = upload::Entity::find().filter(upload::Column::Id.is_in(input.attachments.clone())).all(&st.db).await?;
    for id in &input.attachments {
        let ok = files.iter().any(|f| {
            f.id == *id
                && f.purpose == crate::uploads::PURPOSE_ATTACHMENT
                && f.owner_account_id == Some(person_id)
                && (!f.claimed || current.contains(id))
        });
        if !ok {
            return Err(AppError::invalid("attachments", "附件已失效，请重新上传"));
        }
    }
    let form = serde_json::to_string(&input.form).map_err(|_| AppError::internal())?;
    let (version, commitment, attachments, did) = (input.version, input.commitment, input.attachments, d.id);
    st.db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let done = declaration::Entity::update_many()
                    .col_expr(declaration::Column::Form, Expr::value(form))
                    .col_expr(declaration::Column::Commitment, Expr::value(commitment))
                    .col_expr(declaration::Column::Version, Expr::value(version + 1))
                    .col_expr(declaration::Column::UpdatedAt, Expr::value(Utc::now()))
                    .filter(declaration::Column::Id.eq(did))
                    .filter(declaration::Column::Version.eq(version))
                    .filter(
                        declaration::Column::Status.is_in([Status::Draft.code(), Status::ReturnedToApplicant.code()]),
                    )
                    .exec(txn)
                    .await?;
                if done.rows_affected != 1 {
                    return Err(changed_meanwhile(txn, did).await);
                }
                declaration_attachment::Entity::delete_many()
                    .filter(declaration_attachment::Column::DeclarationId.eq(did))
                    .exec(txn)
                    .await?;
                for (i, id) in attachments.iter().enumerate() {
                    declaration_attachment::ActiveModel {
                        declaration_id: Set(did),
                        upload_id: Set(*id),
                        sort: Set(i as i32),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await?;
                }
                // Taken files are kept; dropped ones become sweepable.
                upload::Entity::update_many()
                    .col_expr(upload::Column::Claimed, Expr::value(true))
                    .filter(upload::Column::Id.is_in(attachments.clone()))
                    .exec(txn)
                    .await?;
                let dropped: Vec<uuid::Uuid> = current.into_iter().filter(|c| !attachments.contains(c)).collect();
                upload::Entity::update_many()
                    .col_expr(upload::Column::Claimed, Expr::value(false))
                    .filter(upload::Column::Id.is_in(dropped))
                    .exec(txn)
                    .await?;
                Ok(())
            })
        })
        .await?;
    detail_of(st, find(st, input.id).await?).await
}

/// 报送单位: everything required, the 个人承诺书 agreed, within the batch.
pub async fn submit(
    st: &AppState,
    meta: &RequestMeta,
    id: uuid::Uuid,
    version: i32,
) -> Result<DeclarationDetail, AppError> {
    let (person_id, d) = own(st, meta, id).await?;
    let status = Status::from_code(&d.status).unwrap_or(Status::Draft);
    if !status.applicant_may_edit() {
        let r = workflow::next(status, Action::SubmitToUnit, Role::Person).unwrap_err();
        return Err(AppError::conflict(r.message(Action::SubmitToUnit)));
    }
    if d.version != version {
        return Err(changed_meanwhile(&st.db, d.id).await);
    }
    let b = batch::Entity::find_by_id(d.batch_id).one(&st.db).await?.ok_or_else(AppError::internal)?;
    let now = Utc::now();
    if now < b.opens_at {
        return Err(AppError::invalid(
            "",
            format!("{}尚未开始申报，申报时间为 {} 至 {}", b.name, cn_time(b.opens_at), cn_time(b.closes_at)),
        ));
    }
    if now > b.closes_at {
        return Err(AppError::invalid("", format!("{}已于 {} 截止申报，不能报送", b.name, cn_time(b.closes_at))));
    }
    let u = unit::Entity::find_by_id(d.unit_id).one(&st.db).await?.ok_or_else(AppError::internal)?;
    if u.status != UnitStatus::Approved.code() {
        return Err(AppError::invalid("", "所选单位尚未通过职改办审核，暂不能接收申报"));
    }
    let business = Business::from_code(&d.business).unwrap_or(Business::Recognition);
    let attachments = declaration_attachment::Entity::find()
        .filter(declaration_attachment::Column::DeclarationId.eq(d.id))
        .count(&st.db)
        .await?;
    let today = today_cn().format("%Y-%m-%d").to_string();
    let mut errors = parse_form(&d).check_for_submit(business, &today, attachments as usize);
    if !d.commitment {
        errors.push(FieldError::new("commitment", "请阅读并同意个人承诺书后再报送"));
    }
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    let viewer = Viewer::Applicant(person_id);
    let who = operator(&st.db, viewer).await?;
    let unit_name = u.name.clone();
    st.db
        .transaction::<_, Status, AppError>(|txn| {
            Box::pin(async move {
                let step = Step {
                    action: Action::SubmitToUnit,
                    version,
                    reason: "",
                    target: unit_name,
                    extra: vec![(declaration::Column::SubmittedAt, Expr::value(Some(now)))],
                };
                apply(txn, &d, viewer, &who, step).await
            })
        })
        .await?;
    detail_of(st, find(st, id).await?).await
}

pub async fn messages(st: &AppState, meta: &RequestMeta) -> Result<Vec<MessageRow>, AppError> {
    let person_id = require_person(meta)?;
    let rows = message::Entity::find()
        .filter(message::Column::PersonId.eq(person_id))
        .order_by_desc(message::Column::At)
        .order_by_desc(message::Column::Id)
        .all(&st.db)
        .await?;
    let ids: Vec<i64> = rows.iter().filter_map(|m| m.declaration_id).collect();
    let decls = declaration::Entity::find().filter(declaration::Column::Id.is_in(ids)).all(&st.db).await?;
    Ok(rows
        .into_iter()
        .map(|m| MessageRow {
            id: m.id,
            at: cn_time(m.at),
            declaration: m.declaration_id.and_then(|id| decls.iter().find(|d| d.id == id).map(|d| d.public_id)),
            title: m.title,
            body: m.body,
            read: m.read,
        })
        .collect())
}

pub async fn mark_messages_read(st: &AppState, meta: &RequestMeta) -> Result<(), AppError> {
    let person_id = require_person(meta)?;
    message::Entity::update_many()
        .col_expr(message::Column::Read, Expr::value(true))
        .filter(message::Column::PersonId.eq(person_id))
        .exec(&st.db)
        .await?;
    Ok(())
}

// ----------------------------------------------------------- 待办事项

fn awaiting() -> [&'static str; 2] {
    [Status::UnitReview.code(), Status::ReturnedToUnit.code()]
}

/// The red number beside 待办事项.
pub async fn todo_count(st: &AppState, meta: &RequestMeta) -> Result<u64, AppError> {
    let (_, unit_id) = active_staff_unit(st, meta).await?;
    Ok(declaration::Entity::find()
        .filter(declaration::Column::UnitId.eq(unit_id))
        .filter(declaration::Column::Status.is_in(awaiting()))
        .count(&st.db)
        .await?)
}

pub async fn todo_list(st: &AppState, meta: &RequestMeta, f: TodoFilter) -> Result<DeclarationPage, AppError> {
    let (_, unit_id) = active_staff_unit(st, meta).await?;
    let mut q = declaration::Entity::find().filter(declaration::Column::UnitId.eq(unit_id));
    q = match f.status.as_str() {
        "" | "pending" => q.filter(declaration::Column::Status.is_in(awaiting())),
        // Drafts are the applicant's until sent.
        "all" => q.filter(declaration::Column::Status.ne(Status::Draft.code())),
        code => match Status::from_code(code).filter(|s| *s != Status::Draft) {
            Some(s) => q.filter(declaration::Column::Status.eq(s.code())),
            None => return Err(AppError::invalid("status", "申报状态不正确")),
        },
    };
    if let Some(y) = f.year {
        q = q.filter(declaration::Column::BatchYear.eq(y));
    }
    if let Some(b) = f.business {
        q = q.filter(declaration::Column::Business.eq(b.code()));
    }
    if let Some(l) = f.level {
        q = q.filter(declaration::Column::Level.eq(l.code()));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        q = q.filter(
            Condition::any()
                .add(Expr::col(declaration::Column::ApplicantName).like(crate::server::text::contains(kw, 30)))
                .add(declaration::Column::ApplicantIdNumber.eq(kw.to_ascii_uppercase())),
        );
    }
    q = if f.oldest_first {
        q.order_by_asc(declaration::Column::SubmittedAt).order_by_asc(declaration::Column::Id)
    } else {
        q.order_by_desc(declaration::Column::SubmittedAt).order_by_desc(declaration::Column::Id)
    };
    let pager = q.paginate(&st.db, PER_PAGE);
    let total = pager.num_items().await?;
    let page = std::cmp::max(f.page, 1);
    let rows = pager.fetch_page(page - 1).await?;
    Ok(DeclarationPage { rows: rows_view(&st.db, rows).await?, total, page, per_page: PER_PAGE })
}
