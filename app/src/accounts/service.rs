//! Personal accounts: sign-in of a person and of an officer, registration,
//! the signed-in person's profile and password. Called by `api`; tested
//! through the HTTP server in `server/tests`.

use super::*;
use crate::captcha::service as captcha;
use crate::domain::id_number::{self, IdNumberError};
use crate::domain::{mask, Email, Gender, IdNumber, IdType, Password, PersonName, Phone};
use crate::error::{AppError, FieldError};
use crate::server::access::{Actor, OrgKind};
use crate::server::context::RequestMeta;
use crate::server::entities::{account, officer, org, person};
use crate::server::hashing::HashPool;
use crate::server::personal::Vault;
use crate::server::sign_in::{
    describe, is_unique_violation, new_account, person_lookup, person_of, sign_in, Attempt, Candidate,
};
use crate::server::{rate_limit, session, AppState};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryTrait, Set, TransactionTrait,
};

pub use crate::server::text::today_cn;

pub async fn sign_in_person(
    st: &AppState,
    meta: &RequestMeta,
    input: SignInPersonInput,
) -> Result<(CurrentUser, String), AppError> {
    let db = st.db.clone();
    let typed = input.account.clone();
    let vault = st.vault.clone();
    let lookup = || person_lookup(&st.vault, &input.account).into_query();
    let (c, cookie) = sign_in(
        st,
        meta,
        Attempt {
            channel: "person",
            typed: &input.account,
            password: &input.password,
            captcha_id: input.captcha_id,
            captcha: &input.captcha,
            account_field: "account",
            lookup: Some(&lookup),
        },
        |read| async move {
            Ok(person_of(&db, &vault, &typed, read)
                .await?
                .map(|(account, p)| Candidate { name: Some(p.name), ..Candidate::new(account, Role::Person, None) }))
        },
    )
    .await?;
    let user = match c.name {
        Some(name) => CurrentUser {
            public_id: c.account.public_id,
            role: c.role,
            name,
            org_name: None,
            must_change_password: c.account.must_change_password,
        },
        None => describe(&st.db, c.account.id, c.role, c.unit_id).await?.ok_or_else(AppError::internal)?,
    };
    Ok((user, cookie))
}

pub async fn sign_in_officer(
    st: &AppState,
    meta: &RequestMeta,
    input: SignInOfficerInput,
) -> Result<(CurrentUser, String), AppError> {
    let db = st.db.clone();
    let username = input.username.trim().to_owned();
    let (c, cookie) = sign_in(
        st,
        meta,
        Attempt {
            channel: "officer",
            typed: &input.username,
            password: &input.password,
            captcha_id: input.captcha_id,
            captcha: &input.captcha,
            account_field: "username",
            lookup: None,
        },
        |_| async move {
            let Some(o) = officer::Entity::find().filter(officer::Column::Username.eq(username)).one(&db).await? else {
                return Ok(None);
            };
            let Some(role) = Role::from_code(&o.role) else { return Ok(None) };
            let Some(account) = account::Entity::find_by_id(o.account_id).one(&db).await? else { return Ok(None) };
            let mut c = Candidate::new(account, role, None);
            // An officer of a closed organisation no longer signs in.
            if let Some(org_id) = o.org_id {
                let closed = org::Entity::find_by_id(org_id).one(&db).await?.is_none_or(|g| g.disabled_at.is_some());
                if closed {
                    c.refusal =
                        Some((AppError::forbidden("所在机构已停用，请联系上级职改办或系统管理员"), "机构已停用"));
                }
            }
            Ok(Some(c))
        },
    )
    .await?;
    let user = describe(&st.db, c.account.id, c.role, c.unit_id).await?.ok_or_else(AppError::internal)?;
    Ok((user, cookie))
}

pub async fn sign_out(st: &AppState, meta: &RequestMeta) -> Result<Option<String>, AppError> {
    match &meta.session {
        Some(s) => Ok(Some(session::end(&st.db, &st.config, &s.id).await?)),
        None => Ok(None),
    }
}

/// Who is signed in, as the access layer sees them now (a disabled staff
/// member or account shows as signed out).
pub async fn current_user<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Option<CurrentUser>, AppError> {
    let (account, role, unit) = match actor {
        Actor::Anonymous => return Ok(None),
        Actor::Person { account } => (*account, Role::Person, None),
        Actor::Unit { account, .. } => (*account, Role::Unit, None),
        Actor::Staff { person, unit } => (*person, Role::UnitStaff, Some(*unit)),
        Actor::Officer { account, kind: OrgKind::Office, .. } => (*account, Role::Office, None),
        Actor::Officer { account, kind: OrgKind::Department, .. } => (*account, Role::Department, None),
        Actor::Admin { account } => (*account, Role::Admin, None),
        Actor::PasswordChange { account, role } => (*account, *role, None),
    };
    describe(db, account, role, unit).await
}

// ------------------------------------------------------------- registration

#[derive(Debug)]
struct NewPerson {
    name: PersonName,
    id_type: IdType,
    id_number: String,
    birth_date: NaiveDate,
    gender: Gender,
    phone: Phone,
    email: Email,
    password: Password,
}

/// Checks every field of the form; all problems at once.
fn validate_registration(input: &RegisterPersonInput, today: NaiveDate) -> Result<NewPerson, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut err = |f: &str, m: &str| errors.push(FieldError::new(f, m));

    let name = PersonName::parse(&input.name).map_err(|m| err("name", m)).ok();
    let id_type = IdType::from_code(&input.id_type);
    if id_type.is_none() {
        err("id_type", "请选择证件类型");
    }
    let mut identity = None;
    if let Some(t) = id_type {
        if t.is_gb11643() {
            match IdNumber::parse(&input.id_number, today) {
                Ok(id) => identity = Some((id.as_str().to_owned(), id.birth_date(), id.gender())),
                Err(e) => err("id_number", e.message()),
            }
        } else {
            let number =
                id_number::parse_other(&input.id_number).map_err(|e: IdNumberError| err("id_number", e.message())).ok();
            let birth = NaiveDate::parse_from_str(input.birth_date.trim(), "%Y-%m-%d")
                .ok()
                .filter(|d| *d <= today && d.format("%Y").to_string().as_str() >= "1900");
            if birth.is_none() {
                err("birth_date", "请填写正确的出生日期");
            }
            let gender = Gender::from_label(input.gender.trim());
            if gender.is_none() {
                err("gender", "请选择性别");
            }
            if let (Some(n), Some(b), Some(g)) = (number, birth, gender) {
                identity = Some((n, b, g));
            }
        }
    }
    let phone = Phone::parse(&input.phone).map_err(|m| err("phone", m)).ok();
    let email = Email::parse(&input.email).map_err(|m| err("email", m)).ok();
    let password = Password::parse(&input.password).map_err(|e| err("password", e.message())).ok();
    if input.password_confirm.is_empty() {
        err("password_confirm", "请再次输入密码");
    } else if input.password != input.password_confirm {
        err("password_confirm", "两次输入的密码不一致");
    }
    match (name, id_type, identity, phone, email, password) {
        (
            Some(name),
            Some(id_type),
            Some((id_number, birth_date, gender)),
            Some(phone),
            Some(email),
            Some(password),
        ) if errors.is_empty() => {
            Ok(NewPerson { name, id_type, id_number, birth_date, gender, phone, email, password })
        }
        _ => Err(errors),
    }
}

/// Which of ID number, phone and email are taken (by someone other than `except`).
pub async fn taken<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    id_number: Option<&str>,
    phone: &str,
    email: &str,
    except: Option<i64>,
) -> Result<Vec<FieldError>, AppError> {
    // One namespace: an ID number may not be someone's phone, nor a phone
    // someone's ID number.
    // Compared by keyed hashes: the stored values are sealed.
    let phone = vault.hash(phone);
    let id_number = id_number.map(|id| vault.hash(id));
    let id_number = id_number.as_deref();
    let phone = phone.as_str();
    let mut any = Condition::any()
        .add(person::Column::PhoneHash.eq(phone))
        .add(person::Column::IdNumberHash.eq(phone))
        .add(person::Column::Email.eq(email));
    if let Some(id) = id_number {
        any = any.add(person::Column::IdNumberHash.eq(id)).add(person::Column::PhoneHash.eq(id));
    }
    let mut q = person::Entity::find().filter(any);
    if let Some(me) = except {
        q = q.filter(person::Column::AccountId.ne(me));
    }
    let rows = q.all(db).await?;
    let mut errors = Vec::new();
    if let Some(id) = id_number {
        if rows.iter().any(|p| p.id_number_hash.as_deref() == Some(id) || p.phone_hash.as_deref() == Some(id)) {
            errors.push(FieldError::new("id_number", "该证件号码已注册，请直接登录或找回密码"));
        }
    }
    if rows.iter().any(|p| p.phone_hash.as_deref() == Some(phone) || p.id_number_hash.as_deref() == Some(phone)) {
        errors.push(FieldError::new("phone", "该手机号已被其他账户使用"));
    }
    if rows.iter().any(|p| p.email == email) {
        errors.push(FieldError::new("email", "该邮箱已被其他账户使用"));
    }
    Ok(errors)
}

pub async fn register_person(st: &AppState, meta: &RequestMeta, input: RegisterPersonInput) -> Result<(), AppError> {
    let cfg = &st.config;
    // Field checks and the captcha are reported together; uniqueness is only
    // looked at behind a correct captcha so it cannot be probed by scripts.
    let parsed = validate_registration(&input, today_cn());
    let captcha_result = captcha::check(&st.db, input.captcha_id, &input.captcha).await;
    let new = match (parsed, captcha_result) {
        (Ok(new), Ok(())) => new,
        (parsed, captcha_result) => {
            let mut errors = parsed.err().unwrap_or_default();
            errors.extend(captcha_result.err());
            return Err(AppError::fields(errors));
        }
    };
    // Counted only behind a correct captcha.
    let key = format!("register:{}", meta.ip);
    if !rate_limit::hit(&st.db, &key, cfg.rate_register, cfg.rate_window_secs, Utc::now()).await? {
        return Err(AppError::too_many("注册过于频繁，请稍后再试"));
    }
    let clashes = taken(&st.db, &st.vault, Some(&new.id_number), new.phone.as_str(), new.email.as_str(), None).await?;
    let vault = st.vault.clone();
    if !clashes.is_empty() {
        return Err(AppError::fields(clashes));
    }
    let hash = st.hasher.hash(new.password.expose().to_owned()).await?;
    let result = st
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let acc = new_account(txn, "person", hash).await?;
                person::ActiveModel {
                    account_id: Set(acc.id),
                    name: Set(new.name.as_str().to_owned()),
                    id_type: Set(new.id_type.code().to_owned()),
                    id_number: Set(vault.seal(&new.id_number)),
                    id_number_hash: Set(Some(vault.hash(&new.id_number))),
                    birth_date: Set(new.birth_date),
                    gender: Set(new.gender.label().to_owned()),
                    phone: Set(vault.seal(new.phone.as_str())),
                    phone_hash: Set(Some(vault.hash(new.phone.as_str()))),
                    email: Set(new.email.as_str().to_owned()),
                }
                .insert(txn)
                .await
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        AppError::conflict("该证件号码、手机号或邮箱刚刚已被注册，请检查后重试")
                    } else {
                        e.into()
                    }
                })?;
                Ok(())
            })
        })
        .await;
    result.map_err(AppError::from)
}

// ------------------------------------------------------------------ profile

/// The signed-in person (an applicant, or a staff member on their own
/// pages), refusing any other role or another person's id.
async fn own_person<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    person_id: uuid::Uuid,
) -> Result<(account::Model, person::Model), AppError> {
    let me = actor.person().map_err(|e| match e {
        AppError::Forbidden { .. } => AppError::forbidden("只有个人账户可以查看和修改个人信息"),
        other => other,
    })?;
    let acc = account::Entity::find_by_id(me).one(db).await?.ok_or_else(AppError::unauthenticated)?;
    if acc.public_id != person_id {
        return Err(AppError::forbidden("无权查看或修改他人的账户信息"));
    }
    let p = person::Entity::find_by_id(acc.id).one(db).await?.ok_or_else(|| AppError::not_found("账户不存在"))?;
    Ok((acc, p))
}

fn profile_view(vault: &Vault, acc: &account::Model, p: &person::Model) -> PersonProfile {
    PersonProfile {
        public_id: acc.public_id,
        name: p.name.clone(),
        id_type: IdType::from_code(&p.id_type).map(|t| t.label()).unwrap_or("其他").to_owned(),
        id_number_masked: mask::id_number(&vault.open(&p.id_number)),
        birth_date: p.birth_date.format("%Y-%m-%d").to_string(),
        gender: p.gender.clone(),
        phone: vault.open(&p.phone),
        email: p.email.clone(),
        registered_at: crate::server::text::cn_time(acc.created_at),
    }
}

pub async fn person_profile<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    actor: &Actor,
    person_id: uuid::Uuid,
) -> Result<PersonProfile, AppError> {
    let (acc, p) = own_person(db, actor, person_id).await?;
    Ok(profile_view(vault, &acc, &p))
}

pub async fn update_contact<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    actor: &Actor,
    input: UpdateContactInput,
) -> Result<PersonProfile, AppError> {
    let (acc, p) = own_person(db, actor, input.person_id).await?;
    let mut errors = Vec::new();
    let phone = Phone::parse(&input.phone).map_err(|m| errors.push(FieldError::new("phone", m))).ok();
    let email = Email::parse(&input.email).map_err(|m| errors.push(FieldError::new("email", m))).ok();
    let (Some(phone), Some(email)) = (phone, email) else { return Err(AppError::fields(errors)) };
    let clashes = taken(db, vault, None, phone.as_str(), email.as_str(), Some(acc.id)).await?;
    if !clashes.is_empty() {
        return Err(AppError::fields(clashes));
    }
    let mut am: person::ActiveModel = p.into();
    am.phone = Set(vault.seal(phone.as_str()));
    am.phone_hash = Set(Some(vault.hash(phone.as_str())));
    am.email = Set(email.as_str().to_owned());
    let p = am.update(db).await.map_err(|e| {
        if is_unique_violation(&e) {
            AppError::conflict("该手机号或邮箱刚刚已被其他账户使用")
        } else {
            e.into()
        }
    })?;
    Ok(profile_view(vault, &acc, &p))
}

/// Any signed-in account's own password; the other sessions of the account
/// end (`session_id` is the caller's own, which stays).
pub async fn change_password(
    db: &DatabaseConnection,
    hasher: &HashPool,
    actor: &Actor,
    session_id: &str,
    input: ChangePasswordInput,
) -> Result<(), AppError> {
    let me = actor.password_owner()?;
    let acc = account::Entity::find_by_id(me).one(db).await?.ok_or_else(AppError::unauthenticated)?;
    let mut errors = Vec::new();
    if input.old_password.is_empty() {
        errors.push(FieldError::new("old_password", "请输入原密码"));
    }
    let new = Password::parse(&input.new_password)
        .map_err(|e| errors.push(FieldError::new("new_password", e.message())))
        .ok();
    if input.new_password != input.new_password_confirm {
        errors.push(FieldError::new("new_password_confirm", "两次输入的新密码不一致"));
    }
    if !input.old_password.is_empty() && input.old_password == input.new_password {
        errors.push(FieldError::new("new_password", "新密码不能与原密码相同"));
    }
    let Some(new) = new.filter(|_| errors.is_empty()) else { return Err(AppError::fields(errors)) };
    if !hasher.verify(input.old_password.clone(), acc.password_hash.clone()).await? {
        return Err(AppError::invalid("old_password", "原密码不正确"));
    }
    let hash = hasher.hash(new.expose().to_owned()).await?;
    let (id, keep) = (acc.id, session_id.to_owned());
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            account::Entity::update_many()
                .col_expr(account::Column::PasswordHash, Expr::value(hash))
                .col_expr(account::Column::MustChangePassword, Expr::value(false))
                .col_expr(account::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(account::Column::Id.eq(id))
                .exec(txn)
                .await?;
            // Other browsers signed in with the old password are signed out.
            session::end_others(txn, id, &keep).await?;
            Ok(())
        })
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RegisterPersonInput {
        RegisterPersonInput {
            name: "李明".into(),
            id_type: "resident".into(),
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            email: "li@example.com".into(),
            password: "Secret12!".into(),
            password_confirm: "Secret12!".into(),
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn a_complete_form_derives_birth_date_and_sex_from_the_id() {
        let p = validate_registration(&input(), today()).unwrap();
        assert_eq!(p.birth_date, NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(p.gender, Gender::Female);
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = RegisterPersonInput {
            name: " ".into(),
            id_number: "110105194912310021".into(),
            phone: "123".into(),
            email: "x".into(),
            password: "short".into(),
            password_confirm: "other".into(),
            ..input()
        };
        let errors = validate_registration(&bad, today()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "id_number", "phone", "email", "password", "password_confirm"]);
    }

    #[test]
    fn other_kinds_of_id_need_birth_date_and_sex() {
        let passport = RegisterPersonInput { id_type: "passport".into(), id_number: "E12345678".into(), ..input() };
        let errors = validate_registration(&passport, today()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["birth_date", "gender"]);
        let ok = RegisterPersonInput { birth_date: "1990-01-02".into(), gender: "男".into(), ..passport };
        assert_eq!(validate_registration(&ok, today()).unwrap().gender, Gender::Male);
    }
}
