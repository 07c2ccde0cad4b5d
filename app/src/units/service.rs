//! Unit rules and their database work.

use super::*;
use crate::accounts::service::{describe, find_person, is_unique_violation, sign_in, today_cn, Attempt, Candidate};
use crate::accounts::{CurrentUser, Role};
use crate::domain::unit_kind::{industry_name, INDUSTRIES};
use crate::domain::{mask, region, CreditCode, Email, IdNumber, Password, PersonName, Phone, UnitKind};
use crate::error::{AppError, FieldError};
use crate::server::context::RequestMeta;
use crate::server::entities::{account, officer, org, person, unit, unit_contact, unit_rename, unit_staff, upload};
use crate::server::session::SessionInfo;
use crate::server::{audit, rate_limit, AppState};
use crate::uploads::service::{claim, claimable, file_ref};
use crate::uploads::PURPOSE_LICENCE;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};

pub use crate::server::text::cn_time;

// ------------------------------------------------------------ who is calling

/// The signed-in unit account, or a refusal naming who may do this.
pub fn require_unit(meta: &RequestMeta) -> Result<&SessionInfo, AppError> {
    let s = meta.require_session()?;
    if s.role != Role::Unit {
        return Err(AppError::forbidden("此功能仅限单位账户使用"));
    }
    Ok(s)
}

/// A signed-in unit staff member and the unit they act for.
pub fn require_staff(meta: &RequestMeta) -> Result<(&SessionInfo, i64), AppError> {
    let s = meta.require_session()?;
    match (s.role, s.unit_id) {
        (Role::UnitStaff, Some(unit_id)) => Ok((s, unit_id)),
        _ => Err(AppError::forbidden("此功能仅限单位工作人员使用")),
    }
}

async fn load_unit<C: ConnectionTrait>(db: &C, unit_id: i64) -> Result<unit::Model, AppError> {
    unit::Entity::find_by_id(unit_id).one(db).await?.ok_or_else(|| AppError::not_found("单位不存在"))
}

/// A unit by the public id its dropdown option carries.
async fn unit_by_public_id<C: ConnectionTrait>(db: &C, id: uuid::Uuid) -> Result<Option<unit::Model>, AppError> {
    let Some(acc) = account::Entity::find().filter(account::Column::PublicId.eq(id)).one(db).await? else {
        return Ok(None);
    };
    Ok(unit::Entity::find_by_id(acc.id).one(db).await?)
}

// ------------------------------------------------------------------ dropdown

/// The 单位 keyword dropdown: registered units whose name contains the
/// keyword; at least 2 characters, at most 10 suggestions.
pub async fn search_units(st: &AppState, meta: &RequestMeta, keyword: &str) -> Result<Vec<UnitOption>, AppError> {
    let keyword = keyword.trim();
    if keyword.chars().count() < 2 {
        return Ok(Vec::new());
    }
    if !rate_limit::hit(&st.db, &format!("unit_search:{}", meta.ip), 300, 600, Utc::now()).await? {
        return Err(AppError::too_many("查询过于频繁，请稍后再试"));
    }
    let rows = unit::Entity::find()
        .filter(Expr::col(unit::Column::Name).like(crate::server::text::contains(keyword, 50)))
        .order_by_asc(unit::Column::Name)
        .limit(10)
        .all(&st.db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|u| u.account_id).collect();
    let accounts = account::Entity::find().filter(account::Column::Id.is_in(ids)).all(&st.db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|u| {
            accounts.iter().find(|a| a.id == u.account_id).map(|a| UnitOption { id: a.public_id, name: u.name })
        })
        .collect())
}

// ------------------------------------------------------------ staff lookup

/// 新增工作人员 → 查询: the person with this 身份证号, masked.
pub async fn lookup_candidate(st: &AppState, meta: &RequestMeta, id_number: &str) -> Result<StaffCandidate, AppError> {
    if !rate_limit::hit(&st.db, &format!("staff_lookup:{}", meta.ip), 60, 600, Utc::now()).await? {
        return Err(AppError::too_many("查询过于频繁，请稍后再试"));
    }
    let (_, p) = person_by_id_number(&st.db, id_number).await?;
    Ok(StaffCandidate {
        id_number: p.id_number.clone(),
        name: mask::name(&p.name),
        phone: mask::phone(&p.phone),
        email: mask::email(&p.email),
    })
}

/// The registered person with this 身份证号; the field error says why not.
async fn person_by_id_number<C: ConnectionTrait>(db: &C, id_number: &str) -> Result<(i64, person::Model), AppError> {
    let id = IdNumber::parse(id_number, today_cn()).map_err(|e| AppError::invalid("staff_id_number", e.message()))?;
    let p = person::Entity::find()
        .filter(person::Column::IdNumber.eq(id.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("staff_id_number", STAFF_NEEDS_ACCOUNT))?;
    Ok((p.account_id, p))
}

// ------------------------------------------------------------- registration

struct UnitFields {
    name: String,
    legal_rep: String,
    kind: UnitKind,
    industry: String,
    region_code: String,
    city_code: String,
    address: String,
}

fn text(value: &str, field: &str, label: &str, max: usize, errors: &mut Vec<FieldError>) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        errors.push(FieldError::new(field, format!("请填写{label}")));
        None
    } else if v.chars().count() > max {
        errors.push(FieldError::new(field, format!("{label}不能超过{max}个字符")));
        None
    } else if v.chars().any(char::is_control) {
        errors.push(FieldError::new(field, format!("{label}不能包含控制字符")));
        None
    } else {
        Some(v.to_owned())
    }
}

/// The fields shared by 单位注册 and 单位信息.
fn validate_fields(
    name: &str,
    legal_rep: &str,
    kind: &str,
    industry: &str,
    region_code: &str,
    address: &str,
    errors: &mut Vec<FieldError>,
) -> Option<UnitFields> {
    let name = text(name, "name", "单位名称", 100, errors);
    let legal_rep = text(legal_rep, "legal_rep", "法定代表人", 50, errors);
    let kind = UnitKind::from_label(kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "请选择单位类型"));
    }
    let industry_ok = INDUSTRIES.iter().any(|(c, _)| *c == industry);
    if !industry_ok {
        errors.push(FieldError::new("industry", "请选择单位行业"));
    }
    let city = region::city_of(region_code);
    if city.is_none() {
        errors.push(FieldError::new("region_code", "请选择单位所在地"));
    }
    let address = text(address, "address", "单位地址", 200, errors);
    Some(UnitFields {
        name: name?,
        legal_rep: legal_rep?,
        kind: kind?,
        industry: industry.to_owned(),
        region_code: region_code.to_owned(),
        city_code: city?.to_owned(),
        address: address?,
    })
    .filter(|_| industry_ok)
}

pub async fn register_unit(st: &AppState, meta: &RequestMeta, input: RegisterUnitInput) -> Result<(), AppError> {
    let now = Utc::now();
    let cfg = &st.config;
    if !rate_limit::hit(&st.db, &format!("register:{}", meta.ip), cfg.rate_register, cfg.rate_window_secs, now).await? {
        return Err(AppError::too_many("注册过于频繁，请稍后再试"));
    }
    let mut errors = Vec::new();
    let code = CreditCode::parse(&input.credit_code)
        .map_err(|e| errors.push(FieldError::new("credit_code", e.message())))
        .ok();
    let fields = validate_fields(
        &input.name,
        &input.legal_rep,
        &input.kind,
        &input.industry,
        &input.region_code,
        &input.address,
        &mut errors,
    );
    let password =
        Password::parse(&input.password).map_err(|e| errors.push(FieldError::new("password", e.message()))).ok();
    if input.password_confirm.is_empty() {
        errors.push(FieldError::new("password_confirm", "请再次输入密码"));
    } else if input.password != input.password_confirm {
        errors.push(FieldError::new("password_confirm", "两次输入的密码不一致"));
    }
    if input.licence_id.is_none() {
        errors.push(FieldError::new("licence", "请上传营业执照彩色扫描件"));
    }
    if input.staff_id_numbers.len() > 20 {
        errors.push(FieldError::new("staff", "注册时最多添加20名工作人员"));
    }
    if let Err(e) = crate::captcha::service::check(&st.db, input.captcha_id, &input.captcha).await {
        errors.push(e);
    }
    let (Some(code), Some(fields), Some(password), true) = (code, fields, password, errors.is_empty()) else {
        return Err(AppError::fields(errors));
    };

    // Behind a correct captcha: what exists already.
    if unit::Entity::find().filter(unit::Column::CreditCode.eq(code.as_str())).one(&st.db).await?.is_some() {
        return Err(AppError::invalid("credit_code", "该统一社会信用代码已注册，请直接登录或通过“忘记密码”找回"));
    }
    let licence_id = input.licence_id.unwrap_or_default();
    let uploader = meta.session.as_ref().map(|s| s.account_id);
    if claimable(&st.db, licence_id, PURPOSE_LICENCE, uploader).await?.is_none() {
        return Err(AppError::invalid("licence", "营业执照文件已失效，请重新上传"));
    }
    let mut staff = Vec::new();
    for id in &input.staff_id_numbers {
        let (person_id, _) = person_by_id_number(&st.db, id).await.map_err(|e| match e {
            AppError::Invalid { errors } => AppError::fields(
                errors
                    .into_iter()
                    .map(|f| {
                        FieldError::new("staff", format!("工作人员 {}：{}", mask::id_number(id.trim()), f.message))
                    })
                    .collect(),
            ),
            other => other,
        })?;
        if !staff.contains(&person_id) {
            staff.push(person_id);
        }
    }

    let hash = st.hasher.hash(password.expose().to_owned()).await?;
    let ip = meta.ip.clone();
    st.db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let acc = crate::accounts::service::new_account(txn, "unit", hash).await?;
                unit::ActiveModel {
                    account_id: Set(acc.id),
                    credit_code: Set(code.as_str().to_owned()),
                    name: Set(fields.name.clone()),
                    legal_rep: Set(fields.legal_rep),
                    kind: Set(fields.kind.label().to_owned()),
                    industry: Set(fields.industry),
                    region_code: Set(fields.region_code),
                    city_code: Set(fields.city_code),
                    address: Set(fields.address),
                    licence_id: Set(Some(licence_id)),
                    status: Set(UnitStatus::Pending.code().to_owned()),
                    review_note: Set(String::new()),
                    reviewed_by: Set(None),
                    reviewed_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(txn)
                .await
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        AppError::invalid("credit_code", "该统一社会信用代码已注册，请直接登录或通过“忘记密码”找回")
                    } else {
                        e.into()
                    }
                })?;
                claim(txn, licence_id, acc.id).await?;
                for person_id in staff {
                    insert_staff(txn, acc.id, person_id).await?;
                }
                audit::record(txn, Some(acc.id), "单位注册", &format!("unit:{}", acc.id), &ip, &fields.name).await;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

async fn insert_staff<C: ConnectionTrait>(db: &C, unit_id: i64, person_id: i64) -> Result<unit_staff::Model, AppError> {
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

// ------------------------------------------------------------------ sign-in

pub async fn sign_in_unit(
    st: &AppState,
    meta: &RequestMeta,
    input: SignInUnitInput,
) -> Result<(CurrentUser, String), AppError> {
    if input.unit_id.is_none() {
        return Err(AppError::invalid("unit", "请输入单位名称关键字，并从弹出的下拉列表中选择"));
    }
    let db = st.db.clone();
    let unit_id = input.unit_id.unwrap_or_default();
    let code = input.credit_code.trim().to_ascii_uppercase();
    let (c, cookie) = sign_in(
        st,
        meta,
        Attempt {
            channel: "unit",
            typed: &input.credit_code,
            password: &input.password,
            captcha_id: input.captcha_id,
            captcha: &input.captcha,
            account_field: "credit_code",
        },
        || async move {
            // The account is the credit code of the unit picked in the dropdown.
            let Some(u) = unit_by_public_id(&db, unit_id).await? else { return Ok(None) };
            if u.credit_code != code {
                return Ok(None);
            }
            Ok(account::Entity::find_by_id(u.account_id).one(&db).await?.map(|a| Candidate::new(a, Role::Unit, None)))
        },
    )
    .await?;
    let user = describe(&st.db, c.account.id, c.role, c.unit_id).await?.ok_or_else(AppError::internal)?;
    Ok((user, cookie))
}

pub async fn sign_in_staff(
    st: &AppState,
    meta: &RequestMeta,
    input: SignInStaffInput,
) -> Result<(CurrentUser, String), AppError> {
    if input.unit_id.is_none() {
        return Err(AppError::invalid("unit", "请输入单位名称关键字，并从弹出的下拉列表中选择"));
    }
    let db = st.db.clone();
    let unit_id = input.unit_id.unwrap_or_default();
    let typed = input.account.clone();
    let (c, cookie) = sign_in(
        st,
        meta,
        Attempt {
            channel: "staff",
            typed: &input.account,
            password: &input.password,
            captcha_id: input.captcha_id,
            captcha: &input.captcha,
            account_field: "account",
        },
        || async move {
            let Some((acc, _)) = find_person(&db, &typed).await? else { return Ok(None) };
            let unit = unit_by_public_id(&db, unit_id).await?;
            let link = match &unit {
                Some(u) => {
                    unit_staff::Entity::find()
                        .filter(unit_staff::Column::UnitId.eq(u.account_id))
                        .filter(unit_staff::Column::PersonId.eq(acc.id))
                        .one(&db)
                        .await?
                }
                None => None,
            };
            let mut c = Candidate::new(acc, Role::UnitStaff, unit.as_ref().map(|u| u.account_id));
            c.refusal = match link {
                None => Some((
                    AppError::forbidden("您不是所选单位的工作人员，请联系单位在“工作人员”中添加您"),
                    "非该单位工作人员",
                )),
                Some(l) if !l.enabled => {
                    Some((AppError::forbidden("您在该单位的工作人员账号已停用，请联系单位启用"), "工作人员已停用"))
                }
                Some(_) => None,
            };
            Ok(Some(c))
        },
    )
    .await?;
    let user = describe(&st.db, c.account.id, c.role, c.unit_id).await?.ok_or_else(AppError::internal)?;
    Ok((user, cookie))
}

/// Every request of a staff session checks the link again: a staff member
/// disabled or removed meanwhile loses access at once.
pub async fn active_staff_unit(st: &AppState, meta: &RequestMeta) -> Result<(i64, i64), AppError> {
    let (s, unit_id) = require_staff(meta)?;
    let link = unit_staff::Entity::find()
        .filter(unit_staff::Column::UnitId.eq(unit_id))
        .filter(unit_staff::Column::PersonId.eq(s.account_id))
        .one(&st.db)
        .await?;
    match link {
        Some(l) if l.enabled => Ok((s.account_id, unit_id)),
        Some(_) => Err(AppError::forbidden("您在该单位的工作人员账号已停用，请联系单位启用")),
        None => Err(AppError::forbidden("您已不是该单位的工作人员")),
    }
}

// ---------------------------------------------------------------- unit pages

async fn licence_of<C: ConnectionTrait>(db: &C, u: &unit::Model) -> Result<Option<crate::uploads::FileRef>, AppError> {
    Ok(match u.licence_id {
        Some(id) => upload::Entity::find_by_id(id).one(db).await?.map(|f| file_ref(&f)),
        None => None,
    })
}

async fn profile_of<C: ConnectionTrait>(db: &C, u: unit::Model) -> Result<UnitProfile, AppError> {
    let licence = licence_of(db, &u).await?;
    let kind = UnitKind::from_label(&u.kind);
    Ok(UnitProfile {
        credit_code: u.credit_code,
        name: u.name,
        legal_rep: u.legal_rep,
        licence_hint: kind.map(|k| k.licence()).unwrap_or("").to_owned(),
        kind: u.kind,
        industry_name: industry_name(&u.industry).unwrap_or("").to_owned(),
        industry: u.industry,
        region_name: region::name_of(&u.region_code).unwrap_or_default(),
        region_code: u.region_code,
        address: u.address,
        status: UnitStatus::from_code(&u.status).unwrap_or(UnitStatus::Pending),
        review_note: u.review_note,
        registered_at: cn_time(u.created_at),
        licence,
    })
}

pub async fn unit_profile(st: &AppState, meta: &RequestMeta) -> Result<UnitProfile, AppError> {
    let s = require_unit(meta)?;
    profile_of(&st.db, load_unit(&st.db, s.account_id).await?).await
}

pub async fn update_unit(st: &AppState, meta: &RequestMeta, input: UpdateUnitInput) -> Result<UnitProfile, AppError> {
    let s = require_unit(meta)?.clone();
    let mut errors = Vec::new();
    let fields = validate_fields(
        &input.name,
        &input.legal_rep,
        &input.kind,
        &input.industry,
        &input.region_code,
        &input.address,
        &mut errors,
    );
    let Some(fields) = fields.filter(|_| errors.is_empty()) else { return Err(AppError::fields(errors)) };
    if let Some(id) = input.licence_id {
        if claimable(&st.db, id, PURPOSE_LICENCE, Some(s.account_id)).await?.is_none() {
            return Err(AppError::invalid("licence", "营业执照文件已失效，请重新上传"));
        }
    }
    let current = load_unit(&st.db, s.account_id).await?;
    let ip = meta.ip.clone();
    let updated = st
        .db
        .transaction::<_, unit::Model, AppError>(|txn| {
            Box::pin(async move {
                let now = Utc::now();
                if current.name != fields.name {
                    unit_rename::ActiveModel {
                        unit_id: Set(current.account_id),
                        old_name: Set(current.name.clone()),
                        new_name: Set(fields.name.clone()),
                        changed_by: Set(format!("单位账户（{}）", current.credit_code)),
                        changed_at: Set(now),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await?;
                }
                let mut am: unit::ActiveModel = current.clone().into();
                am.name = Set(fields.name);
                am.legal_rep = Set(fields.legal_rep);
                am.kind = Set(fields.kind.label().to_owned());
                am.industry = Set(fields.industry);
                am.region_code = Set(fields.region_code);
                am.city_code = Set(fields.city_code);
                am.address = Set(fields.address);
                am.updated_at = Set(now);
                if let Some(id) = input.licence_id {
                    claim(txn, id, current.account_id).await?;
                    am.licence_id = Set(Some(id));
                }
                // Corrected after a return: back to the 职改办.
                if current.status == UnitStatus::Returned.code() {
                    am.status = Set(UnitStatus::Pending.code().to_owned());
                }
                let updated = am.update(txn).await?;
                audit::record(
                    txn,
                    Some(current.account_id),
                    "修改单位信息",
                    &format!("unit:{}", current.account_id),
                    &ip,
                    "",
                )
                .await;
                Ok(updated)
            })
        })
        .await?;
    profile_of(&st.db, updated).await
}

pub async fn renames(st: &AppState, meta: &RequestMeta) -> Result<Vec<RenameRow>, AppError> {
    let s = require_unit(meta)?;
    let rows = unit_rename::Entity::find()
        .filter(unit_rename::Column::UnitId.eq(s.account_id))
        .order_by_desc(unit_rename::Column::ChangedAt)
        .all(&st.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| RenameRow {
            old_name: r.old_name,
            new_name: r.new_name,
            changed_at: cn_time(r.changed_at),
            changed_by: r.changed_by,
        })
        .collect())
}

// ------------------------------------------------------------------ contacts

pub async fn contacts(st: &AppState, meta: &RequestMeta) -> Result<Vec<ContactRow>, AppError> {
    let s = require_unit(meta)?;
    let rows = unit_contact::Entity::find()
        .filter(unit_contact::Column::UnitId.eq(s.account_id))
        .order_by_asc(unit_contact::Column::Id)
        .all(&st.db)
        .await?;
    Ok(rows.into_iter().map(|c| ContactRow { id: c.public_id, name: c.name, phone: c.phone, email: c.email }).collect())
}

/// A contact of this unit by its public id; another unit's is refused.
async fn own_contact(st: &AppState, unit_id: i64, id: uuid::Uuid) -> Result<unit_contact::Model, AppError> {
    let c = unit_contact::Entity::find()
        .filter(unit_contact::Column::PublicId.eq(id))
        .one(&st.db)
        .await?
        .ok_or_else(|| AppError::not_found("联系人不存在或已被删除"))?;
    if c.unit_id != unit_id {
        return Err(AppError::forbidden("无权操作其他单位的联系人"));
    }
    Ok(c)
}

pub async fn save_contact(st: &AppState, meta: &RequestMeta, input: ContactInput) -> Result<Vec<ContactRow>, AppError> {
    let s = require_unit(meta)?.clone();
    let mut errors = Vec::new();
    let name = PersonName::parse(&input.name).map_err(|m| errors.push(FieldError::new("contact_name", m))).ok();
    let phone = Phone::parse(&input.phone).map_err(|m| errors.push(FieldError::new("contact_phone", m))).ok();
    let email = Email::parse(&input.email).map_err(|m| errors.push(FieldError::new("contact_email", m))).ok();
    let (Some(name), Some(phone), Some(email)) = (name, phone, email) else { return Err(AppError::fields(errors)) };
    match input.id {
        Some(id) => {
            let c = own_contact(st, s.account_id, id).await?;
            let mut am: unit_contact::ActiveModel = c.into();
            am.name = Set(name.as_str().to_owned());
            am.phone = Set(phone.as_str().to_owned());
            am.email = Set(email.as_str().to_owned());
            am.update(&st.db).await?;
        }
        None => {
            let count = unit_contact::Entity::find()
                .filter(unit_contact::Column::UnitId.eq(s.account_id))
                .count(&st.db)
                .await?;
            if count >= 20 {
                return Err(AppError::invalid("", "联系人最多20个"));
            }
            unit_contact::ActiveModel {
                public_id: Set(uuid::Uuid::new_v4()),
                unit_id: Set(s.account_id),
                name: Set(name.as_str().to_owned()),
                phone: Set(phone.as_str().to_owned()),
                email: Set(email.as_str().to_owned()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&st.db)
            .await?;
        }
    }
    contacts(st, meta).await
}

pub async fn remove_contact(st: &AppState, meta: &RequestMeta, id: uuid::Uuid) -> Result<Vec<ContactRow>, AppError> {
    let s = require_unit(meta)?;
    let c = own_contact(st, s.account_id, id).await?;
    unit_contact::Entity::delete_by_id(c.id).exec(&st.db).await?;
    contacts(st, meta).await
}

// --------------------------------------------------------------------- staff

pub async fn staff_list(st: &AppState, meta: &RequestMeta) -> Result<Vec<StaffRow>, AppError> {
    let s = require_unit(meta)?;
    staff_rows(&st.db, s.account_id).await
}

async fn staff_rows<C: ConnectionTrait>(db: &C, unit_id: i64) -> Result<Vec<StaffRow>, AppError> {
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
                name: p.name.clone(),
                phone: mask::phone(&p.phone),
                email: mask::email(&p.email),
                enabled: l.enabled,
            })
        })
        .collect())
}

pub async fn add_staff(st: &AppState, meta: &RequestMeta, id_number: &str) -> Result<Vec<StaffRow>, AppError> {
    let s = require_unit(meta)?.clone();
    let (person_id, p) = person_by_id_number(&st.db, id_number).await?;
    let exists = unit_staff::Entity::find()
        .filter(unit_staff::Column::UnitId.eq(s.account_id))
        .filter(unit_staff::Column::PersonId.eq(person_id))
        .one(&st.db)
        .await?;
    if exists.is_some() {
        return Err(AppError::invalid("staff_id_number", "该人员已是本单位工作人员"));
    }
    insert_staff(&st.db, s.account_id, person_id).await?;
    audit::record(
        &st.db,
        Some(s.account_id),
        "新增工作人员",
        &format!("unit:{}", s.account_id),
        &meta.ip,
        &mask::id_number(&p.id_number),
    )
    .await;
    staff_rows(&st.db, s.account_id).await
}

/// A staff link of this unit; another unit's is refused.
async fn own_staff(st: &AppState, unit_id: i64, id: uuid::Uuid) -> Result<unit_staff::Model, AppError> {
    let l = unit_staff::Entity::find()
        .filter(unit_staff::Column::PublicId.eq(id))
        .one(&st.db)
        .await?
        .ok_or_else(|| AppError::not_found("该工作人员不存在或已被删除"))?;
    if l.unit_id != unit_id {
        return Err(AppError::forbidden("无权操作其他单位的工作人员"));
    }
    Ok(l)
}

pub async fn set_staff_enabled(
    st: &AppState,
    meta: &RequestMeta,
    id: uuid::Uuid,
    enabled: bool,
) -> Result<Vec<StaffRow>, AppError> {
    let s = require_unit(meta)?.clone();
    let l = own_staff(st, s.account_id, id).await?;
    unit_staff::Entity::update_many()
        .col_expr(unit_staff::Column::Enabled, Expr::value(enabled))
        .filter(unit_staff::Column::Id.eq(l.id))
        .exec(&st.db)
        .await?;
    let action = if enabled { "启用工作人员" } else { "停用工作人员" };
    audit::record(
        &st.db,
        Some(s.account_id),
        action,
        &format!("unit:{}", s.account_id),
        &meta.ip,
        &l.public_id.to_string(),
    )
    .await;
    staff_rows(&st.db, s.account_id).await
}

pub async fn remove_staff(st: &AppState, meta: &RequestMeta, id: uuid::Uuid) -> Result<Vec<StaffRow>, AppError> {
    let s = require_unit(meta)?.clone();
    let l = own_staff(st, s.account_id, id).await?;
    unit_staff::Entity::delete_by_id(l.id).exec(&st.db).await?;
    audit::record(
        &st.db,
        Some(s.account_id),
        "删除工作人员",
        &format!("unit:{}", s.account_id),
        &meta.ip,
        &l.public_id.to_string(),
    )
    .await;
    staff_rows(&st.db, s.account_id).await
}

// ---------------------------------------------------------------- staff home

pub async fn staff_home(st: &AppState, meta: &RequestMeta) -> Result<StaffHome, AppError> {
    let (_, unit_id) = active_staff_unit(st, meta).await?;
    let u = load_unit(&st.db, unit_id).await?;
    Ok(StaffHome {
        unit_name: u.name,
        unit_status: UnitStatus::from_code(&u.status).unwrap_or(UnitStatus::Pending),
        todo_count: crate::declarations::service::todo_count(st, meta).await?,
    })
}

// ------------------------------------------------------ 职改办 review of units

/// The 职改办 of the calling officer: its region decides which units it
/// reviews (区职改办 and the administrator: all of Guangxi).
async fn reviewer_scope(st: &AppState, meta: &RequestMeta) -> Result<(i64, Option<String>), AppError> {
    let s = meta.require_session()?;
    match s.role {
        Role::Admin => Ok((s.account_id, None)),
        Role::Office => {
            let o =
                officer::Entity::find_by_id(s.account_id).one(&st.db).await?.ok_or_else(AppError::unauthenticated)?;
            let g = match o.org_id {
                Some(id) => org::Entity::find_by_id(id).one(&st.db).await?,
                None => None,
            };
            let g = g.ok_or_else(|| AppError::forbidden("您的账号未关联职改办，请联系系统管理员"))?;
            Ok((s.account_id, (g.region_code != "450000").then_some(g.region_code)))
        }
        _ => Err(AppError::forbidden("只有职改办工作人员可以审核单位注册")),
    }
}

pub async fn review_list(
    st: &AppState,
    meta: &RequestMeta,
    status: Option<UnitStatus>,
    page: u64,
) -> Result<UnitReviewPage, AppError> {
    let (_, city) = reviewer_scope(st, meta).await?;
    let per_page = 20;
    let mut q = unit::Entity::find().order_by_asc(unit::Column::CreatedAt);
    if let Some(status) = status {
        q = q.filter(unit::Column::Status.eq(status.code()));
    }
    if let Some(city) = city {
        q = q.filter(unit::Column::CityCode.eq(city));
    }
    let pager = q.paginate(&st.db, per_page);
    let total = pager.num_items().await?;
    let page = std::cmp::max(page, 1);
    let units = pager.fetch_page(page - 1).await?;
    let ids: Vec<i64> = units.iter().map(|u| u.account_id).collect();
    let accounts = account::Entity::find().filter(account::Column::Id.is_in(ids)).all(&st.db).await?;
    let mut rows = Vec::with_capacity(units.len());
    for u in units {
        let licence = licence_of(&st.db, &u).await?;
        let Some(acc) = accounts.iter().find(|a| a.id == u.account_id) else { continue };
        rows.push(UnitReviewRow {
            id: acc.public_id,
            credit_code: u.credit_code,
            name: u.name,
            kind: u.kind,
            region_name: region::name_of(&u.region_code).unwrap_or_default(),
            legal_rep: u.legal_rep,
            status: UnitStatus::from_code(&u.status).unwrap_or(UnitStatus::Pending),
            review_note: u.review_note,
            registered_at: cn_time(u.created_at),
            licence,
        });
    }
    Ok(UnitReviewPage { rows, total, page, per_page })
}

pub async fn review_unit(
    st: &AppState,
    meta: &RequestMeta,
    id: uuid::Uuid,
    approve: bool,
    note: &str,
) -> Result<(), AppError> {
    let (officer_id, city) = reviewer_scope(st, meta).await?;
    let u = unit_by_public_id(&st.db, id).await?.ok_or_else(|| AppError::not_found("单位不存在"))?;
    if city.as_deref().is_some_and(|c| c != u.city_code) {
        return Err(AppError::forbidden("该单位不属于本职改办审核范围"));
    }
    let note = note.trim();
    if !approve && note.is_empty() {
        return Err(AppError::invalid("note", "请填写退回原因"));
    }
    if note.chars().count() > 500 {
        return Err(AppError::invalid("note", "退回原因不能超过500个字符"));
    }
    let (to, from) =
        if approve { (UnitStatus::Approved, UnitStatus::Pending) } else { (UnitStatus::Returned, UnitStatus::Pending) };
    // Only a pending registration moves; a second reviewer acting at the same
    // time finds it changed and is told so.
    let done = unit::Entity::update_many()
        .col_expr(unit::Column::Status, Expr::value(to.code()))
        .col_expr(unit::Column::ReviewNote, Expr::value(note.to_owned()))
        .col_expr(unit::Column::ReviewedBy, Expr::value(Some(officer_id)))
        .col_expr(unit::Column::ReviewedAt, Expr::value(Some(Utc::now())))
        .filter(unit::Column::AccountId.eq(u.account_id))
        .filter(unit::Column::Status.eq(from.code()))
        .exec(&st.db)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::conflict("该单位的注册状态已变化（可能已被他人审核），请刷新后查看"));
    }
    let action = if approve { "单位注册审核通过" } else { "单位注册退回修改" };
    audit::record(&st.db, Some(officer_id), action, &format!("unit:{}", u.account_id), &meta.ip, note).await;
    Ok(())
}
