//! Cookie sessions stored in the database.
//!
//! The cookie carries 32 random bytes; the table keeps only their SHA-256,
//! so a copy of the database cannot be replayed as cookies. Sessions end
//! after `session_idle_secs` without a request; activity pushes the expiry
//! forward, written at most every few seconds to spare the database. Every
//! session also ends `session_absolute_secs` after sign-in, however active.

use super::entities::{account, officer, org, person, session, unit, unit_staff};
use super::{AppConfig, AppState};
use crate::accounts::Role;
use crate::units::UnitStatus;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, Request};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::InsertStatement;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryResult, QuerySelect, Set, Statement,
};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

pub const COOKIE: &str = "gxzc_sid";

/// The signed-in identity of a request.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    /// Hash of the cookie token (the row's key).
    pub id: String,
    pub account_id: i64,
    pub role: Role,
    pub unit_id: Option<i64>,
    /// What the account is now, read with the session in the same statement
    /// (one statement per request instead of two): `access::resolve`
    /// decides what it means.
    pub standing: Standing,
}

/// The facts about a session's account that may have changed since sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    pub account_disabled: bool,
    pub must_change_password: bool,
    /// A person row exists for the account (applicants and staff).
    pub person: bool,
    /// The unit row's 状态 code and city, for a unit account.
    pub unit: Option<(String, String)>,
    /// The session's unit has an enabled link to this person and is approved.
    pub staff_linked: bool,
    /// The officer row, for office, department and admin accounts.
    pub officer: Option<OfficerStanding>,
}

/// An officer's role and organisation as they are now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerStanding {
    pub role: String,
    pub id_number_hash: Option<String>,
    /// The organisation's id, kind code and region, if it is still enabled.
    pub org: Option<(i64, String, String)>,
}

/// Request extension set by [`layer`]: the session, if the cookie names a live one.
#[derive(Debug, Clone, Default)]
pub struct CurrentSession(pub Option<SessionInfo>);

/// Request extension: the client's address as the server trusts it.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

fn token_hash(token: &str) -> String {
    super::text::hex(&Sha256::digest(token.as_bytes()))
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn client_ip(req: &Request<axum::body::Body>, trusted: &[super::client_addr::Net]) -> String {
    let Some(peer) = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ci| ci.0.ip()) else {
        return "unknown".into();
    };
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    super::client_addr::client(peer, forwarded, trusted).to_string()
}

/// How often activity is written back: a tenth of the idle time, at most a minute.
fn touch_interval(config: &AppConfig) -> Duration {
    Duration::seconds((config.session_idle_secs as i64 / 10).clamp(1, 60))
}

/// Axum middleware: resolves the cookie to a [`CurrentSession`] and the
/// client address to a [`ClientIp`] for everything behind it (where
/// `access::layer` turns the session into the caller).
pub async fn layer(State(state): State<AppState>, mut req: Request<axum::body::Body>, next: Next) -> Response {
    // Static assets never need the session: spare the database the lookup.
    if req.uri().path().starts_with("/pkg/") {
        return next.run(req).await;
    }
    let ip = client_ip(&req, &state.proxies);
    req.extensions_mut().insert(ClientIp(ip));
    let current = match cookie_token(req.headers()) {
        Some(token) => match load(&state, &token_hash(&token)).await {
            Ok(current) => current,
            Err(e) => {
                tracing::warn!(error = %e, "loading session failed");
                return busy(req.uri().path());
            }
        },
        None => None,
    };
    req.extensions_mut().insert(CurrentSession(current));
    next.run(req).await
}

/// The answer when the database cannot say who the caller is (it is
/// restarting or out of reach): 503 系统繁忙, never "signed out" — a
/// signed-in user must not be sent to the sign-in page by an outage.
/// Server functions and file routes get the JSON error they always get;
/// pages a short Chinese page.
pub fn busy(path: &str) -> Response {
    use axum::response::IntoResponse;
    let error = crate::error::AppError::busy();
    let retry = (header::RETRY_AFTER, "5");
    if path.starts_with("/api/") || path.starts_with("/upload") || path.starts_with("/files/") {
        let body = serde_json::to_string(&error).unwrap_or_default();
        let json = (header::CONTENT_TYPE, "application/json");
        (axum::http::StatusCode::SERVICE_UNAVAILABLE, [json, retry], body).into_response()
    } else {
        let page = format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>系统繁忙</title></head><body><p>{error}</p><p><a href=\"\">刷新</a></p></body></html>"
        );
        let html = (header::CONTENT_TYPE, "text/html; charset=utf-8");
        (axum::http::StatusCode::SERVICE_UNAVAILABLE, [html, retry], page).into_response()
    }
}

/// The session row (less its key, which the caller has) and its account's
/// standing, as [`load`] reads them: in the order [`load_statement`]
/// selects them.
struct Loaded {
    account_id: i64,
    role: String,
    unit_id: Option<i64>,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    disabled_at: Option<DateTime<Utc>>,
    must_change_password: bool,
    person_id: Option<i64>,
    unit_status: Option<String>,
    unit_city: Option<String>,
    staff_link: Option<i64>,
    officer_role: Option<String>,
    officer_id_hash: Option<String>,
    org_id: Option<i64>,
    org_kind: Option<String>,
    org_region: Option<String>,
    org_disabled_at: Option<DateTime<Utc>>,
}

/// Read by position (every request reads one): by name, each of the 18
/// columns was looked up and type-checked, 2 % of the server's instructions
/// on a 待办事项 list. A struct literal's fields are evaluated in the order
/// written, which is [`load_statement`]'s (a test holds the two together).
impl FromQueryResult for Loaded {
    fn from_query_result(res: &QueryResult, _pre: &str) -> Result<Self, sea_orm::DbErr> {
        let mut c = super::rows::InOrder::from(res, 0);
        Ok(Self {
            account_id: c.take()?,
            role: c.take()?,
            unit_id: c.take()?,
            created_at: c.take()?,
            last_seen_at: c.take()?,
            expires_at: c.take()?,
            disabled_at: c.take()?,
            must_change_password: c.take()?,
            person_id: c.take()?,
            unit_status: c.take()?,
            unit_city: c.take()?,
            staff_link: c.take()?,
            officer_role: c.take()?,
            officer_id_hash: c.take()?,
            org_id: c.take()?,
            org_kind: c.take()?,
            org_region: c.take()?,
            org_disabled_at: c.take()?,
        })
    }
}

impl Loaded {
    fn standing(self) -> Standing {
        let org = match (self.org_id, self.org_kind, self.org_region, self.org_disabled_at) {
            (Some(id), Some(kind), Some(region), None) => Some((id, kind, region)),
            _ => None,
        };
        Standing {
            account_disabled: self.disabled_at.is_some(),
            must_change_password: self.must_change_password,
            person: self.person_id.is_some(),
            unit: self.unit_status.zip(self.unit_city),
            staff_linked: self.staff_link.is_some(),
            officer: self.officer_role.map(|role| OfficerStanding { role, id_number_hash: self.officer_id_hash, org }),
        }
    }
}

/// The session with everything `access::resolve` needs, in one statement:
/// its account, the account's person, unit or officer row (and the
/// officer's organisation), and for staff the enabled link to an approved
/// unit.
fn load_statement(id: &str) -> sea_orm::Select<session::Entity> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query, QueryStatementBuilder};
    // The session's account, keyed the same in every table it has a row in.
    fn account_row<E: EntityTrait>(entity: E, key: E::Column) -> sea_orm::RelationDef {
        session::Entity::belongs_to(entity).from(session::Column::AccountId).to(key).into()
    }
    let to_org = officer::Entity::belongs_to(org::Entity).from(officer::Column::OrgId).to(org::Column::Id).into();
    // The staff link names the session's own columns (a correlated subquery).
    let staff_link = Query::select()
        .column((unit_staff::Entity, unit_staff::Column::Id))
        .from(unit_staff::Entity)
        .join_as(
            sea_orm::sea_query::JoinType::InnerJoin,
            unit::Entity,
            StaffUnit,
            Expr::col((StaffUnit, unit::Column::AccountId)).equals((unit_staff::Entity, unit_staff::Column::UnitId)),
        )
        .and_where(
            Expr::col((unit_staff::Entity, unit_staff::Column::UnitId))
                .equals((session::Entity, session::Column::UnitId)),
        )
        .and_where(
            Expr::col((unit_staff::Entity, unit_staff::Column::PersonId))
                .equals((session::Entity, session::Column::AccountId)),
        )
        .and_where(Expr::col((unit_staff::Entity, unit_staff::Column::Enabled)).eq(true))
        .and_where(Expr::col((StaffUnit, unit::Column::Status)).eq(UnitStatus::Approved.code()))
        .limit(1)
        .to_owned();
    session::Entity::find_by_id(id.to_owned())
        .select_only()
        .columns([
            session::Column::AccountId,
            session::Column::Role,
            session::Column::UnitId,
            session::Column::CreatedAt,
            session::Column::LastSeenAt,
            session::Column::ExpiresAt,
        ])
        .columns([account::Column::DisabledAt, account::Column::MustChangePassword])
        .column_as(person::Column::AccountId, "person_id")
        .column_as(unit::Column::Status, "unit_status")
        .column_as(unit::Column::CityCode, "unit_city")
        .expr_as(Expr::SubQuery(None, Box::new(staff_link.into_sub_query_statement())), "staff_link")
        .column_as(officer::Column::Role, "officer_role")
        .column_as(officer::Column::IdNumberHash, "officer_id_hash")
        .column_as(org::Column::Id, "org_id")
        .column_as(org::Column::Kind, "org_kind")
        .column_as(org::Column::RegionCode, "org_region")
        .column_as(org::Column::DisabledAt, "org_disabled_at")
        .join(JoinType::InnerJoin, account_row(account::Entity, account::Column::Id))
        .join(JoinType::LeftJoin, account_row(person::Entity, person::Column::AccountId))
        .join(JoinType::LeftJoin, account_row(unit::Entity, unit::Column::AccountId))
        .join(JoinType::LeftJoin, account_row(officer::Entity, officer::Column::AccountId))
        .join(JoinType::LeftJoin, to_org)
}

/// [`load_statement`] built for `backend` with `id` bound. Only the id
/// changes from one request to the next, so the SQL is built once per
/// backend and the id put in its place: building it on every request was a
/// tenth of the server's time on a 待办事项 list.
fn load_sql(backend: DbBackend, id: &str) -> Statement {
    use sea_orm::QueryTrait;
    use std::sync::OnceLock;
    // Stands for the id while the statement is built: no session id (a hex
    // SHA-256) can look like it.
    const SLOT: &str = "\0session id";
    static POSTGRES: OnceLock<Statement> = OnceLock::new();
    static SQLITE: OnceLock<Statement> = OnceLock::new();
    static OTHER: OnceLock<Statement> = OnceLock::new();
    let cell = match backend {
        DbBackend::Postgres => &POSTGRES,
        DbBackend::Sqlite => &SQLITE,
        _ => &OTHER, // MySQL: not a database the portal runs on.
    };
    let mut statement = cell.get_or_init(|| load_statement(SLOT).limit(1).build(backend)).clone();
    for value in statement.values.iter_mut().flat_map(|v| v.0.iter_mut()) {
        if matches!(value, sea_orm::Value::String(Some(s)) if s == SLOT) {
            *value = sea_orm::Value::String(Some(id.to_owned()));
        }
    }
    statement
}

/// The staff link's unit, named apart from the unit joined for unit accounts.
#[derive(sea_orm::DeriveIden)]
struct StaffUnit;

async fn load(state: &AppState, id: &str) -> Result<Option<SessionInfo>, sea_orm::DbErr> {
    let now = Utc::now();
    let statement = load_sql(state.db.get_database_backend(), id);
    let Some(row) = Loaded::find_by_statement(statement).one(&state.db).await? else {
        return Ok(None);
    };
    // Idle too long, or older than the absolute lifetime however active.
    let absolute = Duration::seconds(state.config.session_absolute_secs as i64);
    if row.expires_at <= now || row.created_at + absolute <= now {
        let _ = session::Entity::delete_by_id(id.to_owned()).exec(&state.db).await;
        return Ok(None);
    }
    let Some(role) = Role::from_code(&row.role) else { return Ok(None) };
    if now - row.last_seen_at >= touch_interval(&state.config) {
        let idle = Duration::seconds(state.config.session_idle_secs as i64);
        let _ = session::ActiveModel {
            id: Set(id.to_owned()),
            last_seen_at: Set(now),
            expires_at: Set(now + idle),
            ..Default::default()
        }
        .update(&state.db)
        .await;
    }
    Ok(Some(SessionInfo {
        id: id.to_owned(),
        account_id: row.account_id,
        role,
        unit_id: row.unit_id,
        standing: row.standing(),
    }))
}

/// Whom a new session is for.
pub struct Identity {
    pub account_id: i64,
    pub role: Role,
    /// The unit a staff member signed in for.
    pub unit_id: Option<i64>,
}

/// Starts a session for a signed-in account. Any session the request came
/// with is ended first, so the id always changes at sign-in. `along` is a
/// row written with the session (its 登录日志 row): on PostgreSQL in the
/// same statement (a writable `WITH`, one commit instead of two); elsewhere
/// after it, where failing to write it is only logged.
/// Returns the `Set-Cookie` value.
pub async fn start<C: ConnectionTrait>(
    db: &C,
    config: &AppConfig,
    previous: Option<&SessionInfo>,
    who: Identity,
    ip: &str,
    now: DateTime<Utc>,
    along: Option<InsertStatement>,
) -> Result<String, sea_orm::DbErr> {
    use sea_orm::sea_query::{CommonTableExpression, WithClause};
    use sea_orm::QueryTrait;
    let Identity { account_id, role, unit_id } = who;
    if let Some(prev) = previous {
        session::Entity::delete_by_id(prev.id.clone()).exec(db).await?;
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = super::text::hex(&bytes);
    let row = session::ActiveModel {
        id: Set(token_hash(&token)),
        account_id: Set(account_id),
        role: Set(role.code().to_owned()),
        unit_id: Set(unit_id),
        ip: Set(ip.to_owned()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + Duration::seconds(config.session_idle_secs as i64)),
    };
    let insert = session::Entity::insert(row).into_query();
    match along {
        Some(along) if db.get_database_backend() == DbBackend::Postgres => {
            let cte = CommonTableExpression::new().query(insert).table_name(NewSession).to_owned();
            db.execute(&WithClause::new().cte(cte).to_owned().query(along)).await?;
        }
        along => {
            db.execute(&insert).await?;
            if let Some(along) = along {
                if let Err(e) = db.execute(&along).await {
                    tracing::error!(error = %e, "writing the row along with a session failed");
                }
            }
        }
    }
    Ok(cookie(config, &token, None))
}

#[derive(sea_orm::DeriveIden)]
struct NewSession;

/// Ends one session; returns the `Set-Cookie` value that clears the cookie.
pub async fn end<C: ConnectionTrait>(db: &C, config: &AppConfig, id: &str) -> Result<String, sea_orm::DbErr> {
    session::Entity::delete_by_id(id.to_owned()).exec(db).await?;
    Ok(cookie(config, "", Some(0)))
}

/// Ends every session of an account except `keep` (after a password change).
pub async fn end_others<C: ConnectionTrait>(db: &C, account_id: i64, keep: &str) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::Id.ne(keep))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes expired sessions (run periodically by the server).
pub async fn sweep<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    Ok(session::Entity::delete_many().filter(session::Column::ExpiresAt.lte(now)).exec(db).await?.rows_affected)
}

fn cookie(config: &AppConfig, value: &str, max_age: Option<u64>) -> String {
    let mut c = format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if config.cookie_secure {
        c.push_str("; Secure");
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_session_statement_is_the_one_built_for_the_id() {
        use sea_orm::QueryTrait;
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            for id in ["ab12", "cd34"] {
                let built = load_statement(id).limit(1).build(backend);
                let kept = load_sql(backend, id);
                assert_eq!((&kept.sql, &kept.values), (&built.sql, &built.values), "{backend:?} {id}");
            }
        }
    }

    #[test]
    fn the_session_statement_selects_in_the_order_loaded_reads() {
        // `Loaded` reads its fields by position: the statement must select
        // them in the struct's order.
        let sql = load_sql(DbBackend::Postgres, "ab12").sql;
        let select_list = &sql[..sql.find(r#" FROM "session""#).expect("FROM session")];
        let in_order = [
            r#""session"."account_id""#,
            r#""session"."role""#,
            r#""session"."unit_id""#,
            r#""session"."created_at""#,
            r#""session"."last_seen_at""#,
            r#""session"."expires_at""#,
            r#""account"."disabled_at""#,
            r#""account"."must_change_password""#,
            r#"AS "person_id""#,
            r#"AS "unit_status""#,
            r#"AS "unit_city""#,
            r#"AS "staff_link""#,
            r#"AS "officer_role""#,
            r#"AS "officer_id_hash""#,
            r#"AS "org_id""#,
            r#"AS "org_kind""#,
            r#"AS "org_region""#,
            r#"AS "org_disabled_at""#,
        ];
        let at: Vec<usize> =
            in_order.iter().map(|c| select_list.find(c).unwrap_or_else(|| panic!("{c} not selected"))).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "selected out of order: {select_list}");
        // Nothing selected beyond them (18 columns, 17 commas outside the subquery).
        let outside: String = {
            let (open, close) = (select_list.find('(').expect("subquery"), select_list.rfind(')').expect("subquery"));
            format!("{}{}", &select_list[..open], &select_list[close..])
        };
        assert_eq!(outside.matches(", ").count(), in_order.len() - 1, "{select_list}");
    }

    #[test]
    fn reads_only_well_formed_tokens_from_the_cookie_header() {
        let mut h = HeaderMap::new();
        let tok = "a".repeat(64);
        h.insert(header::COOKIE, format!("x=1; {COOKIE}={tok}; y=2").parse().unwrap());
        assert_eq!(cookie_token(&h), Some(tok));
        h.insert(header::COOKIE, format!("{COOKIE}=../../etc").parse().unwrap());
        assert_eq!(cookie_token(&h), None);
    }

    #[test]
    fn cookies_are_http_only_and_lax() {
        let mut cfg = AppConfig::default();
        assert_eq!(cookie(&cfg, "t", None), "gxzc_sid=t; Path=/; HttpOnly; SameSite=Lax");
        cfg.cookie_secure = true;
        assert!(cookie(&cfg, "", Some(0)).ends_with("; Max-Age=0; Secure"));
    }
}
