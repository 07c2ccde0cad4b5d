//! Account rules and their database work. Called by `api`; tested through
//! the HTTP server in `server/tests`.

use super::*;
use crate::captcha::service as captcha;
use crate::domain::id_number::{self, IdNumberError};
use crate::domain::{mask, Email, Gender, IdNumber, IdType, Password, PersonName, Phone};
use crate::error::{AppError, FieldError};
use crate::server::context::RequestMeta;
use crate::server::entities::{account, login_log, officer, org, person, unit};
use crate::server::{rate_limit, session, AppState};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};

pub use crate::server::text::today_cn;

/// The same sentence whether the account is unknown or the password wrong.
const BAD_CREDENTIALS: &str = "账号或密码错误";

// ---------------------------------------------------------------- sign-in log

/// Appends a 登录日志 row. Failing to log must not fail the sign-in, but is logged.
pub async fn record_login<C: ConnectionTrait>(
    db: &C,
    channel: &str,
    typed: &str,
    account_id: Option<i64>,
    ip: &str,
    success: bool,
    reason: &str,
) {
    let row = login_log::ActiveModel {
        at: Set(Utc::now()),
        channel: Set(channel.to_owned()),
        account: Set(mask::account(typed.trim())),
        account_id: Set(account_id),
        ip: Set(ip.to_owned()),
        success: Set(success),
        reason: Set(reason.to_owned()),
        ..Default::default()
    };
    if let Err(e) = row.insert(db).await {
        tracing::error!(error = %e, channel, "writing login log failed");
    }
}

// ------------------------------------------------------------------ sign-in

/// An account found for the typed identifier, with what its session will be.
pub struct Candidate {
    pub account: account::Model,
    pub role: Role,
    pub unit_id: Option<i64>,
    /// Refuses an otherwise correct sign-in (e.g. a disabled staff member),
    /// with the 登录日志 reason. Only told after the password was right, so
    /// it reveals nothing to someone guessing.
    pub refusal: Option<(AppError, &'static str)>,
    /// The display name, when the lookup already read it (spares a query).
    pub name: Option<String>,
}

impl Candidate {
    pub fn new(account: account::Model, role: Role, unit_id: Option<i64>) -> Self {
        Self { account, role, unit_id, refusal: None, name: None }
    }
}

/// What a sign-in form sent, and how to name it in the 登录日志 and errors.
pub struct Attempt<'a> {
    /// person, unit, staff or officer (the 登录日志's channel).
    pub channel: &'a str,
    /// The account as typed (ID number, phone, credit code, username).
    pub typed: &'a str,
    pub password: &'a str,
    pub captcha_id: uuid::Uuid,
    pub captcha: &'a str,
    /// The form field the account was typed into.
    pub account_field: &'a str,
}

/// Everything a sign-in form has in common: the per-address limit, the
/// captcha, the lock-out, the password check with the same cost for unknown
/// accounts, the log, and a fresh session. `find` looks the account up and
/// may refuse it with its own message (e.g. a disabled staff member).
pub async fn sign_in<F, Fut>(
    st: &AppState,
    meta: &RequestMeta,
    attempt: Attempt<'_>,
    find: F,
) -> Result<(Candidate, String), AppError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Option<Candidate>, AppError>>,
{
    let Attempt { channel, typed, password, captcha_id, captcha: captcha_answer, account_field } = attempt;
    let cfg = &st.config;
    let now = Utc::now();
    let db = &st.db;

    if !rate_limit::hit(db, &format!("sign_in:{}", meta.ip), cfg.rate_sign_in, cfg.rate_window_secs, now).await? {
        record_login(db, channel, typed, None, &meta.ip, false, "同一地址尝试过于频繁").await;
        return Err(AppError::too_many(format!("登录尝试过于频繁，请{}分钟后再试", cfg.rate_window_secs.div_ceil(60))));
    }

    let mut errors = Vec::new();
    if typed.trim().is_empty() {
        errors.push(FieldError::new(account_field, "请输入账号"));
    }
    if password.is_empty() {
        errors.push(FieldError::new("password", "请输入密码"));
    }
    if let Err(e) = captcha::check(db, captcha_id, captcha_answer).await {
        errors.push(e);
    }
    if !errors.is_empty() {
        let reason = if errors.iter().any(|e| e.field == "captcha") { "验证码错误" } else { "信息不完整" };
        record_login(db, channel, typed, None, &meta.ip, false, reason).await;
        return Err(AppError::fields(errors));
    }

    let candidate = match find().await {
        Ok(c) => c,
        Err(e) => {
            record_login(db, channel, typed, None, &meta.ip, false, &e.to_string()).await;
            return Err(e);
        }
    };
    let Some(candidate) = candidate else {
        // Same work as a real check, so timing does not reveal the account.
        if let Err(busy) = st.hasher.verify(password.to_owned(), st.dummy_hash.to_string()).await {
            record_login(db, channel, typed, None, &meta.ip, false, "系统繁忙").await;
            return Err(busy);
        }
        record_login(db, channel, typed, None, &meta.ip, false, "账号不存在").await;
        return Err(AppError::invalid("password", BAD_CREDENTIALS));
    };
    let acc = &candidate.account;

    if let Some(until) = acc.locked_until.filter(|u| *u > now) {
        record_login(db, channel, typed, Some(acc.id), &meta.ip, false, "账号已锁定").await;
        return Err(AppError::too_many(format!(
            "密码错误次数过多，账号已锁定，请{}分钟后再试",
            rate_limit::minutes_left(until, now)
        )));
    }

    let matches = match st.hasher.verify(password.to_owned(), acc.password_hash.clone()).await {
        Ok(m) => m,
        Err(busy) => {
            record_login(db, channel, typed, Some(acc.id), &meta.ip, false, "系统繁忙").await;
            return Err(busy);
        }
    };
    if !matches {
        let locked = record_failure(db, acc.id, cfg, now).await?;
        record_login(db, channel, typed, Some(acc.id), &meta.ip, false, "密码错误").await;
        return Err(if locked {
            AppError::too_many(format!(
                "密码连续错误{}次，账号已锁定，请{}分钟后再试",
                cfg.lock_after_failures,
                cfg.lock_secs.div_ceil(60)
            ))
        } else {
            AppError::invalid("password", BAD_CREDENTIALS)
        });
    }

    if let Some((refusal, reason)) = &candidate.refusal {
        record_login(db, channel, typed, Some(acc.id), &meta.ip, false, reason).await;
        return Err(refusal.clone());
    }

    // Most sign-ins have nothing to reset: spare the write.
    if acc.failed_logins != 0 || acc.locked_until.is_some() || acc.last_failed_at.is_some() {
        account::Entity::update_many()
            .col_expr(account::Column::FailedLogins, Expr::value(0))
            .col_expr(account::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(account::Column::Id.eq(acc.id))
            .exec(db)
            .await?;
    }
    let cookie = session::start(
        db,
        cfg,
        meta.session.as_ref(),
        session::Identity { account_id: acc.id, role: candidate.role, unit_id: candidate.unit_id },
        &meta.ip,
        now,
    )
    .await?;
    record_login(db, channel, typed, Some(acc.id), &meta.ip, true, "登录成功").await;
    Ok((candidate, cookie))
}

/// Counts a wrong password in one statement (concurrent failures all
/// count); locks the account when the count reaches the limit.
/// Returns whether the account is now locked.
async fn record_failure<C: ConnectionTrait>(
    db: &C,
    account_id: i64,
    cfg: &crate::server::AppConfig,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let window_start = now - Duration::seconds(cfg.lock_window_secs as i64);
    let last = Expr::col((account::Entity, account::Column::LastFailedAt));
    let fresh = last.clone().is_null().or(last.lt(window_start));
    let rows = account::Entity::update_many()
        .col_expr(
            account::Column::FailedLogins,
            Expr::case(fresh, 1).finally(Expr::col((account::Entity, account::Column::FailedLogins)).add(1)).into(),
        )
        .col_expr(account::Column::LastFailedAt, Expr::value(Some(now)))
        .filter(account::Column::Id.eq(account_id))
        .exec_with_returning(db)
        .await?;
    let count = rows.first().map(|r| r.failed_logins).unwrap_or(0);
    if count >= cfg.lock_after_failures {
        account::Entity::update_many()
            .col_expr(account::Column::LockedUntil, Expr::value(Some(now + Duration::seconds(cfg.lock_secs as i64))))
            .col_expr(account::Column::FailedLogins, Expr::value(0))
            .col_expr(account::Column::LastFailedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(account::Column::Id.eq(account_id))
            .exec(db)
            .await?;
        return Ok(true);
    }
    Ok(false)
}

/// The person whose 身份证号 (any case of X) or 注册手机号 is `typed`.
pub async fn find_person<C: ConnectionTrait>(
    db: &C,
    typed: &str,
) -> Result<Option<(account::Model, person::Model)>, AppError> {
    let typed = typed.trim().to_ascii_uppercase();
    let found = person::Entity::find()
        .filter(
            Condition::any()
                .add(person::Column::IdNumber.eq(typed.as_str()))
                .add(person::Column::Phone.eq(typed.as_str())),
        )
        .one(db)
        .await?;
    let Some(p) = found else { return Ok(None) };
    let acc = account::Entity::find_by_id(p.account_id).one(db).await?;
    Ok(acc.map(|a| (a, p)))
}

pub async fn sign_in_person(
    st: &AppState,
    meta: &RequestMeta,
    input: SignInPersonInput,
) -> Result<(CurrentUser, String), AppError> {
    let db = st.db.clone();
    let typed = input.account.clone();
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
        },
        || async move {
            Ok(find_person(&db, &typed)
                .await?
                .map(|(account, p)| Candidate { name: Some(p.name), ..Candidate::new(account, Role::Person, None) }))
        },
    )
    .await?;
    let user = match c.name {
        Some(name) => CurrentUser { public_id: c.account.public_id, role: c.role, name, org_name: None },
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
        },
        || async move {
            let Some(o) = officer::Entity::find().filter(officer::Column::Username.eq(username)).one(&db).await? else {
                return Ok(None);
            };
            let Some(role) = Role::from_code(&o.role) else { return Ok(None) };
            Ok(account::Entity::find_by_id(o.account_id)
                .one(&db)
                .await?
                .map(|account| Candidate::new(account, role, None)))
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

/// The display of a session's account (name, role, organisation).
pub async fn describe<C: ConnectionTrait>(
    db: &C,
    account_id: i64,
    role: Role,
    unit_id: Option<i64>,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(acc) = account::Entity::find_by_id(account_id).one(db).await? else { return Ok(None) };
    let user = match role {
        Role::Person => person::Entity::find_by_id(account_id).one(db).await?.map(|p| CurrentUser {
            public_id: acc.public_id,
            role,
            name: p.name,
            org_name: None,
        }),
        Role::UnitStaff => {
            let Some(p) = person::Entity::find_by_id(account_id).one(db).await? else { return Ok(None) };
            let unit_name = match unit_id {
                Some(id) => unit::Entity::find_by_id(id).one(db).await?.map(|u| u.name),
                None => None,
            };
            Some(CurrentUser { public_id: acc.public_id, role, name: p.name, org_name: unit_name })
        }
        Role::Unit => unit::Entity::find_by_id(account_id).one(db).await?.map(|u| CurrentUser {
            public_id: acc.public_id,
            role,
            name: u.name,
            org_name: None,
        }),
        Role::Office | Role::Department | Role::Admin => {
            let Some(o) = officer::Entity::find_by_id(account_id).one(db).await? else { return Ok(None) };
            let org_name = match o.org_id {
                Some(id) => org::Entity::find_by_id(id).one(db).await?.map(|g| g.name),
                None => None,
            };
            Some(CurrentUser { public_id: acc.public_id, role, name: o.name, org_name })
        }
    };
    Ok(user)
}

pub async fn current_user(st: &AppState, meta: &RequestMeta) -> Result<Option<CurrentUser>, AppError> {
    match &meta.session {
        Some(s) => describe(&st.db, s.account_id, s.role, s.unit_id).await,
        None => Ok(None),
    }
}

// ------------------------------------------------------------- registration

/// The credentials row every kind of account starts with.
pub async fn new_account<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    password_hash: String,
) -> Result<account::Model, sea_orm::DbErr> {
    let now = Utc::now();
    account::ActiveModel {
        public_id: Set(uuid::Uuid::new_v4()),
        kind: Set(kind.to_owned()),
        password_hash: Set(password_hash),
        failed_logins: Set(0),
        last_failed_at: Set(None),
        locked_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

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
    id_number: Option<&str>,
    phone: &str,
    email: &str,
    except: Option<i64>,
) -> Result<Vec<FieldError>, AppError> {
    let mut any = Condition::any().add(person::Column::Phone.eq(phone)).add(person::Column::Email.eq(email));
    if let Some(id) = id_number {
        any = any.add(person::Column::IdNumber.eq(id));
    }
    let mut q = person::Entity::find().filter(any);
    if let Some(me) = except {
        q = q.filter(person::Column::AccountId.ne(me));
    }
    let rows = q.all(db).await?;
    let mut errors = Vec::new();
    if let Some(id) = id_number {
        if rows.iter().any(|p| p.id_number == id) {
            errors.push(FieldError::new("id_number", "该证件号码已注册，请直接登录或找回密码"));
        }
    }
    if rows.iter().any(|p| p.phone == phone) {
        errors.push(FieldError::new("phone", "该手机号已被其他账户使用"));
    }
    if rows.iter().any(|p| p.email == email) {
        errors.push(FieldError::new("email", "该邮箱已被其他账户使用"));
    }
    Ok(errors)
}

pub fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

pub async fn register_person(st: &AppState, meta: &RequestMeta, input: RegisterPersonInput) -> Result<(), AppError> {
    let now = Utc::now();
    let cfg = &st.config;
    if !rate_limit::hit(&st.db, &format!("register:{}", meta.ip), cfg.rate_register, cfg.rate_window_secs, now).await? {
        return Err(AppError::too_many("注册过于频繁，请稍后再试"));
    }
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
    let clashes = taken(&st.db, Some(&new.id_number), new.phone.as_str(), new.email.as_str(), None).await?;
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
                    id_number: Set(new.id_number),
                    birth_date: Set(new.birth_date),
                    gender: Set(new.gender.label().to_owned()),
                    phone: Set(new.phone.as_str().to_owned()),
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

/// The signed-in person, refusing any other role or another person's id.
async fn own_person(
    st: &AppState,
    meta: &RequestMeta,
    person_id: uuid::Uuid,
) -> Result<(account::Model, person::Model), AppError> {
    let s = meta.require_session()?;
    if !matches!(s.role, Role::Person | Role::UnitStaff) {
        return Err(AppError::forbidden("只有个人账户可以查看和修改个人信息"));
    }
    let acc = account::Entity::find_by_id(s.account_id).one(&st.db).await?.ok_or_else(AppError::unauthenticated)?;
    if acc.public_id != person_id {
        return Err(AppError::forbidden("无权查看或修改他人的账户信息"));
    }
    let p = person::Entity::find_by_id(acc.id).one(&st.db).await?.ok_or_else(|| AppError::not_found("账户不存在"))?;
    Ok((acc, p))
}

fn profile_view(acc: &account::Model, p: &person::Model) -> PersonProfile {
    PersonProfile {
        public_id: acc.public_id,
        name: p.name.clone(),
        id_type: IdType::from_code(&p.id_type).map(|t| t.label()).unwrap_or("其他").to_owned(),
        id_number_masked: mask::id_number(&p.id_number),
        birth_date: p.birth_date.format("%Y-%m-%d").to_string(),
        gender: p.gender.clone(),
        phone: p.phone.clone(),
        email: p.email.clone(),
        registered_at: crate::server::text::cn_time(acc.created_at),
    }
}

pub async fn person_profile(
    st: &AppState,
    meta: &RequestMeta,
    person_id: uuid::Uuid,
) -> Result<PersonProfile, AppError> {
    let (acc, p) = own_person(st, meta, person_id).await?;
    Ok(profile_view(&acc, &p))
}

pub async fn update_contact(
    st: &AppState,
    meta: &RequestMeta,
    input: UpdateContactInput,
) -> Result<PersonProfile, AppError> {
    let (acc, p) = own_person(st, meta, input.person_id).await?;
    let mut errors = Vec::new();
    let phone = Phone::parse(&input.phone).map_err(|m| errors.push(FieldError::new("phone", m))).ok();
    let email = Email::parse(&input.email).map_err(|m| errors.push(FieldError::new("email", m))).ok();
    let (Some(phone), Some(email)) = (phone, email) else { return Err(AppError::fields(errors)) };
    let clashes = taken(&st.db, None, phone.as_str(), email.as_str(), Some(acc.id)).await?;
    if !clashes.is_empty() {
        return Err(AppError::fields(clashes));
    }
    let mut am: person::ActiveModel = p.into();
    am.phone = Set(phone.as_str().to_owned());
    am.email = Set(email.as_str().to_owned());
    let p = am.update(&st.db).await.map_err(|e| {
        if is_unique_violation(&e) {
            AppError::conflict("该手机号或邮箱刚刚已被其他账户使用")
        } else {
            e.into()
        }
    })?;
    Ok(profile_view(&acc, &p))
}

pub async fn change_password(st: &AppState, meta: &RequestMeta, input: ChangePasswordInput) -> Result<(), AppError> {
    let s = meta.require_session()?.clone();
    let acc = account::Entity::find_by_id(s.account_id).one(&st.db).await?.ok_or_else(AppError::unauthenticated)?;
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
    if !st.hasher.verify(input.old_password.clone(), acc.password_hash.clone()).await? {
        return Err(AppError::invalid("old_password", "原密码不正确"));
    }
    let hash = st.hasher.hash(new.expose().to_owned()).await?;
    let id = acc.id;
    st.db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                account::Entity::update_many()
                    .col_expr(account::Column::PasswordHash, Expr::value(hash))
                    .col_expr(account::Column::UpdatedAt, Expr::value(Utc::now()))
                    .filter(account::Column::Id.eq(id))
                    .exec(txn)
                    .await?;
                // Other browsers signed in with the old password are signed out.
                session::end_others(txn, id, &s.id).await?;
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
