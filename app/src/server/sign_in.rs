//! Signing in, whatever the form: the per-address limit, the captcha, the
//! lock-out, the password checked through the bounded hashing pool (the
//! same cost for unknown accounts), the 登录日志 and a fresh session. The
//! account areas say how their form finds its account (`Candidate`).
//! Also the credentials row every account starts with.

use super::context::RequestMeta;
use super::entities::{account, login_log, officer, org, person, unit};
use super::{rate_limit, session, AppState};
use crate::accounts::{CurrentUser, Role};
use crate::captcha::service as captcha;
use crate::domain::mask;
use crate::error::{AppError, FieldError};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, JoinType, QueryFilter,
    QueryResult, QuerySelect, QueryTrait, SelectA, SelectB, SelectTwo, Set,
};

/// The same sentence whether the account is unknown or the password wrong.
const BAD_CREDENTIALS: &str = "账号或密码错误";

// ---------------------------------------------------------------- sign-in log

/// Who tried to sign in, for the 登录日志: the form's channel, the account
/// as typed (stored masked) and the address.
pub struct LoginLog<'a> {
    pub channel: &'a str,
    pub typed: &'a str,
    pub ip: &'a str,
}

impl LoginLog<'_> {
    /// Appends a row. Failing to log must not fail the sign-in, but is logged.
    pub async fn record<C: ConnectionTrait>(&self, db: &C, account_id: Option<i64>, success: bool, reason: &str) {
        if let Err(e) = self.row(account_id, success, reason).insert(db).await {
            tracing::error!(error = %e, channel = self.channel, "writing login log failed");
        }
    }

    fn row(&self, account_id: Option<i64>, success: bool, reason: &str) -> login_log::ActiveModel {
        login_log::ActiveModel {
            at: Set(Utc::now()),
            channel: Set(self.channel.to_owned()),
            account: Set(mask::account(self.typed.trim())),
            account_id: Set(account_id),
            ip: Set(self.ip.to_owned()),
            success: Set(success),
            reason: Set(reason.to_owned()),
            ..Default::default()
        }
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
    /// Builds the account lookup as one statement, when the form has one (a
    /// person's): on PostgreSQL it rides with the captcha's, and `find` gets
    /// its row; elsewhere it is not built (`find` looks the account up).
    pub lookup: Option<&'a (dyn Fn() -> SelectStatement + Sync)>,
}

/// Everything a sign-in form has in common: the per-address limit, the
/// captcha, the lock-out, the password check with the same cost for unknown
/// accounts, the log, and a fresh session. `find` looks the account up and
/// may refuse it with its own message (e.g. a disabled staff member); it is
/// given the row of `Attempt::lookup` when that was already read.
pub async fn sign_in<F, Fut>(
    st: &AppState,
    meta: &RequestMeta,
    attempt: Attempt<'_>,
    find: F,
) -> Result<(Candidate, String), AppError>
where
    F: FnOnce(Option<QueryResult>) -> Fut,
    Fut: std::future::Future<Output = Result<Option<Candidate>, AppError>>,
{
    let Attempt { channel, typed, password, captcha_id, captcha: captcha_answer, account_field, lookup } = attempt;
    let cfg = &st.config;
    let now = Utc::now();
    let db = &st.db;
    let log = LoginLog { channel, typed, ip: &meta.ip };

    // The captcha first: a request without the right answer is turned away
    // before anything is counted (nobody can spend another's budget by
    // sending garbage).
    let mut errors = Vec::new();
    if typed.trim().is_empty() {
        errors.push(FieldError::new(account_field, "请输入账号"));
    }
    if password.is_empty() {
        errors.push(FieldError::new("password", "请输入密码"));
    }
    // Per account (tight) and per address (generous: a whole unit or
    // intranet may sign in from behind one address), counted only once the
    // captcha is right, with the ticket's spending in one statement where
    // the database allows; the account's refusal is told first.
    let account_key = format!("sign_in_account:{channel}:{}", typed.trim().to_ascii_uppercase());
    let address_key = format!("sign_in:{}", meta.ip);
    let limits = [(account_key.as_str(), cfg.rate_sign_in_account), (address_key.as_str(), cfg.rate_sign_in)];
    let window = cfg.rate_window_secs;
    let within = if errors.is_empty() {
        match captcha::check_then_count(db, captcha_id, captcha_answer, limits, window, now, lookup).await? {
            Ok(counted) => Some(counted),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    } else {
        if let Err(e) = captcha::check(db, captcha_id, captcha_answer).await {
            errors.push(e);
        }
        None
    };
    let Some(captcha::Counted { within: [account_within, address_within], read }) = within else {
        let reason = if errors.iter().any(|e| e.field == "captcha") { "验证码错误" } else { "信息不完整" };
        log.record(db, None, false, reason).await;
        return Err(AppError::fields(errors));
    };
    let minutes = cfg.rate_window_secs.div_ceil(60);
    if !account_within {
        log.record(db, None, false, "同一账号尝试过于频繁").await;
        return Err(AppError::too_many(format!("该账号登录尝试过于频繁，请{minutes}分钟后再试")));
    }
    if !address_within {
        log.record(db, None, false, "同一地址尝试过于频繁").await;
        return Err(AppError::too_many(format!("登录尝试过于频繁，请{minutes}分钟后再试")));
    }

    let candidate = match find(read).await {
        Ok(c) => c,
        Err(e) => {
            log.record(db, None, false, &e.to_string()).await;
            return Err(e);
        }
    };
    let Some(candidate) = candidate else {
        // Same work as a real check, so timing does not reveal the account.
        if let Err(busy) = st.hasher.verify(password.to_owned(), st.dummy_hash.to_string()).await {
            log.record(db, None, false, "系统繁忙").await;
            return Err(busy);
        }
        log.record(db, None, false, "账号不存在").await;
        return Err(AppError::invalid("password", BAD_CREDENTIALS));
    };
    let acc = &candidate.account;

    if let Some(until) = acc.locked_until.filter(|u| *u > now) {
        log.record(db, Some(acc.id), false, "账号已锁定").await;
        return Err(AppError::too_many(format!(
            "密码错误次数过多，账号已锁定，请{}分钟后再试",
            rate_limit::minutes_left(until, now)
        )));
    }

    let matches = match st.hasher.verify(password.to_owned(), acc.password_hash.clone()).await {
        Ok(m) => m,
        Err(busy) => {
            log.record(db, Some(acc.id), false, "系统繁忙").await;
            return Err(busy);
        }
    };
    if !matches {
        let locked = record_failure(db, acc.id, cfg, now).await?;
        log.record(db, Some(acc.id), false, "密码错误").await;
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

    if acc.disabled_at.is_some() {
        log.record(db, Some(acc.id), false, "账号已停用").await;
        return Err(AppError::forbidden("该账号已停用，请联系系统管理员"));
    }
    if let Some((refusal, reason)) = &candidate.refusal {
        log.record(db, Some(acc.id), false, reason).await;
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
    // The session and its 登录日志 row (one statement where the database allows).
    let logged = login_log::Entity::insert(log.row(Some(acc.id), true, "登录成功"));
    let cookie = session::start(
        db,
        cfg,
        meta.session.as_ref(),
        session::Identity { account_id: acc.id, role: candidate.role, unit_id: candidate.unit_id },
        &meta.ip,
        now,
        Some(logged.into_query()),
    )
    .await?;
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
    vault: &super::personal::Vault,
    typed: &str,
) -> Result<Option<(account::Model, person::Model)>, AppError> {
    let found = person_lookup(vault, typed).one(db).await?;
    Ok(found.and_then(|(p, acc)| acc.map(|a| (a, p))))
}

/// [`find_person`] as a statement: the person with its account (columns
/// prefixed `A_` and `B_`), for folding into another statement.
pub fn person_lookup(vault: &super::personal::Vault, typed: &str) -> SelectTwo<person::Entity, account::Entity> {
    let typed = typed.trim().to_ascii_uppercase();
    // Looked up by its kind: a mobile number is a phone, anything else an ID
    // (no 证件号码 may have a phone's shape), so one account answers.
    let column = match crate::domain::Phone::parse(&typed) {
        Ok(_) => person::Column::PhoneHash,
        Err(_) => person::Column::IdNumberHash,
    };
    let to_account =
        person::Entity::belongs_to(account::Entity).from(person::Column::AccountId).to(account::Column::Id).into();
    person::Entity::find()
        .filter(column.eq(vault.hash(&typed)))
        .join(JoinType::InnerJoin, to_account)
        .select_also(account::Entity)
}

/// The person a folded [`person_lookup`] found, if any.
pub fn person_from_row(row: &QueryResult) -> Result<Option<(account::Model, person::Model)>, AppError> {
    let p = model_or_null::<person::Model>(row, SelectA.as_str())?;
    let a = model_or_null::<account::Model>(row, SelectB.as_str())?;
    Ok(a.zip(p))
}

/// A model read from prefixed columns: `None` when they are NULL (nothing
/// found), an error when they cannot be read (not silently "not found").
fn model_or_null<M: FromQueryResult>(row: &QueryResult, prefix: &str) -> Result<Option<M>, sea_orm::DbErr> {
    match M::from_query_result_nullable(row, prefix) {
        Ok(m) => Ok(Some(m)),
        Err(sea_orm::TryGetError::Null(_)) => Ok(None),
        Err(sea_orm::TryGetError::DbErr(e)) => Err(e),
    }
}

/// A sign-in's person: from the folded lookup's row, or looked up now.
pub async fn person_of<C: ConnectionTrait>(
    db: &C,
    vault: &super::personal::Vault,
    typed: &str,
    read: Option<QueryResult>,
) -> Result<Option<(account::Model, person::Model)>, AppError> {
    match read {
        Some(row) => person_from_row(&row),
        None => find_person(db, vault, typed).await,
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
            must_change_password: acc.must_change_password,
        }),
        Role::UnitStaff => {
            let Some(p) = person::Entity::find_by_id(account_id).one(db).await? else { return Ok(None) };
            let unit_name = match unit_id {
                Some(id) => unit::Entity::find_by_id(id).one(db).await?.map(|u| u.name),
                None => None,
            };
            Some(CurrentUser {
                public_id: acc.public_id,
                role,
                name: p.name,
                org_name: unit_name,
                must_change_password: acc.must_change_password,
            })
        }
        Role::Unit => unit::Entity::find_by_id(account_id).one(db).await?.map(|u| CurrentUser {
            public_id: acc.public_id,
            role,
            name: u.name,
            org_name: None,
            must_change_password: acc.must_change_password,
        }),
        Role::Office | Role::Department | Role::Admin => {
            let Some(o) = officer::Entity::find_by_id(account_id).one(db).await? else { return Ok(None) };
            let org_name = match o.org_id {
                Some(id) => org::Entity::find_by_id(id).one(db).await?.map(|g| g.name),
                None => None,
            };
            Some(CurrentUser {
                public_id: acc.public_id,
                role,
                name: o.name,
                org_name,
                must_change_password: acc.must_change_password,
            })
        }
    };
    Ok(user)
}

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
        must_change_password: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// A new password hash for `account`: the lock-out cleared and every
/// session of the account ended (whoever signed in with the old password).
pub async fn set_password<C: ConnectionTrait>(db: &C, account: i64, hash: String) -> Result<(), AppError> {
    account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(hash))
        .col_expr(account::Column::FailedLogins, Expr::value(0))
        .col_expr(account::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(account::Column::LastFailedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(account::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(account::Column::Id.eq(account))
        .exec(db)
        .await?;
    session::end_others(db, account, "").await?;
    Ok(())
}
