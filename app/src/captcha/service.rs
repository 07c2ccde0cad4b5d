//! Issuing, checking and drawing captchas.

use crate::error::{AppError, FieldError};
use crate::server::entities::{captcha, rate_limit as counter};
use crate::server::{rate_limit, AppState};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use rand::seq::IndexedRandom;
use sea_orm::sea_query::{
    Alias, Asterisk, CommonTableExpression, Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement, WithClause,
    WithQuery,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, QueryResult, Set};
use uuid::Uuid;

/// Characters that cannot be mistaken for one another.
const CHARS: &[char] = &[
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K', 'M', 'N', 'P', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', '3', '4', '5',
    '6', '7', '8',
];

/// Creates a ticket. Per-address limited, so a script cannot fill the table.
/// On PostgreSQL the hit and the ticket are one statement (a writable
/// `WITH`, one commit instead of two); elsewhere two.
pub async fn issue(st: &AppState, ip: &str) -> Result<Uuid, AppError> {
    let now = Utc::now();
    let key = format!("captcha:{ip}");
    let (limit, window) = (st.config.rate_captcha, st.config.rate_window_secs);
    let ticket = captcha::Model {
        id: Uuid::new_v4(),
        answer: match &st.config.captcha_fixed {
            Some(fixed) => fixed.clone(),
            None => {
                let mut rng = rand::rng();
                (0..4).filter_map(|_| CHARS.choose(&mut rng)).collect()
            }
        },
        expires_at: now + Duration::seconds(st.config.captcha_ttl_secs as i64),
    };
    let id = ticket.id;
    let allowed = if st.db.get_database_backend() == DbBackend::Postgres {
        st.db.query_one(&issue_within_limit(ticket, &key, limit, window, now)?).await?.is_some()
    } else {
        let allowed = rate_limit::hit(&st.db, &key, limit, window, now).await?;
        if allowed {
            captcha::ActiveModel { id: Set(ticket.id), answer: Set(ticket.answer), expires_at: Set(ticket.expires_at) }
                .insert(&st.db)
                .await?;
        }
        allowed
    };
    if !allowed {
        return Err(AppError::too_many("获取验证码过于频繁，请稍后再试"));
    }
    Ok(id)
}

/// `WITH hit AS (count the key) INSERT the ticket … WHERE hits <= limit`:
/// answers a row only when the ticket was stored.
fn issue_within_limit(
    ticket: captcha::Model,
    key: &str,
    limit: i32,
    window_secs: u64,
    now: DateTime<Utc>,
) -> Result<WithQuery, AppError> {
    use captcha::Column as C;
    let hit = rate_limit::count_rows(
        Query::select().exprs([Expr::val(key), Expr::val(now), Expr::val(1)]).to_owned(),
        1,
        window_secs,
        now,
    )?;
    let mut store = Query::insert();
    store.into_table(captcha::Entity).columns([C::Id, C::Answer, C::ExpiresAt]);
    store
        .select_from(
            Query::select()
                .exprs([Expr::val(ticket.id), Expr::val(ticket.answer), Expr::val(ticket.expires_at)])
                .from(Hit)
                .and_where(Expr::col((Hit, counter::Column::Hits)).lte(limit))
                .to_owned(),
        )
        .map_err(|_| AppError::internal())?;
    store.returning_col(C::Id);
    Ok(WithClause::new()
        .cte(CommonTableExpression::new().query(hit).table_name(Hit).to_owned())
        .to_owned()
        .query(store))
}

/// The counted keys of a folded statement.
#[derive(sea_orm::DeriveIden)]
struct Hit;

/// Checks an answer and spends the ticket whatever the outcome.
/// The error names the `captcha` field.
pub async fn check<C: ConnectionTrait>(db: &C, ticket: Uuid, answer: &str) -> Result<(), FieldError> {
    let answer = answer.trim();
    if answer.is_empty() {
        // Still spend it: a ticket is good for one submission only.
        let _ = captcha::Entity::delete_by_id(ticket).exec(db).await;
        return Err(fail("请输入验证码"));
    }
    // Deleting decides who used it: of two concurrent tries only one gets
    // the row back (one statement: DELETE … RETURNING).
    let row = captcha::Entity::delete_by_id(ticket).exec_with_returning(db).await.map_err(spend_failed)?;
    judge(row.map(|r| (r.answer, r.expires_at)), answer, Utc::now())
}

/// Checks an answer, spending the ticket, and only when it is right counts
/// one hit on each `(key, limit)` (see `rate_limit::hit_each`): the outer
/// error is the database's, the inner the captcha's; `within` says for each
/// key whether its limit holds. On PostgreSQL one statement (the spend, the
/// check and the count in a writable `WITH`); elsewhere two.
///
/// `read` builds a query the caller runs next on a right answer (a
/// sign-in's account lookup): on PostgreSQL it rides in the same statement,
/// whatever the answer, and its row comes back in `Counted::read`, spared a
/// round trip; elsewhere it is left to the caller (`read` is then `None`)
/// and never built (building it hashes the account).
pub async fn check_then_count<C: ConnectionTrait, const N: usize>(
    db: &C,
    ticket: Uuid,
    answer: &str,
    keys: [(&str, i32); N],
    window_secs: u64,
    now: DateTime<Utc>,
    read: Option<&(dyn Fn() -> SelectStatement + Sync)>,
) -> Result<Result<Counted<N>, FieldError>, AppError> {
    let answer = answer.trim();
    if answer.is_empty() || db.get_database_backend() != DbBackend::Postgres {
        if let Err(e) = check(db, ticket, answer).await {
            return Ok(Err(e));
        }
        let within = rate_limit::hit_each(db, keys, window_secs, now).await?;
        return Ok(Ok(Counted { within, read: None }));
    }
    let read = read.map(|build| build());
    let folded = read.is_some();
    let mut rows = db.query_all(&spend_then_count(ticket, answer, &keys, window_secs, now, read)?).await?;
    let spent = rows.first().map(|r| Ok::<_, sea_orm::DbErr>((r.try_get("", "answer")?, r.try_get("", "expires_at")?)));
    let spent = spent.transpose()?;
    if let Err(e) = judge(spent, answer, now) {
        return Ok(Err(e));
    }
    let counted: Vec<(Option<String>, Option<i32>)> =
        rows.iter().map(|r| (r.try_get("", "key").ok().flatten(), r.try_get("", "hits").ok().flatten())).collect();
    // A key missing from the answer cannot happen; it would refuse, not pass.
    let within = keys.map(|(key, limit)| {
        counted.iter().any(|(k, hits)| k.as_deref() == Some(key) && hits.is_some_and(|h| h <= limit))
    });
    // Every row carries the read's columns (NULL when it found nothing).
    let read = folded.then(|| rows.swap_remove(0));
    Ok(Ok(Counted { within, read }))
}

/// The verdict of [`check_then_count`] on a right answer.
pub struct Counted<const N: usize> {
    /// For each key, whether its limit still holds.
    pub within: [bool; N],
    /// The folded read's row, when it was folded (its columns NULL when it
    /// found nothing).
    pub read: Option<QueryResult>,
}

/// `WITH used AS (DELETE the ticket RETURNING its answer), hit AS (count
/// each key, only when the answer matches and is live)[, read AS (…)] SELECT
/// used LEFT JOIN hit [LEFT JOIN read]`: one row per counted key, or one with
/// no key when nothing was counted, or none when no ticket had the id.
fn spend_then_count<const N: usize>(
    ticket: Uuid,
    answer: &str,
    keys: &[(&str, i32); N],
    window_secs: u64,
    now: DateTime<Utc>,
    read: Option<SelectStatement>,
) -> Result<WithQuery, AppError> {
    use captcha::Column as C;
    let used = Query::delete()
        .from_table(captcha::Entity)
        .and_where(Expr::col(C::Id).eq(ticket))
        .returning(Query::returning().columns([C::Answer, C::ExpiresAt]))
        .to_owned();
    // Rows are counted (so locked) in the order the keys are given.
    let ordered: Vec<(i32, String)> = keys.iter().enumerate().map(|(i, (k, _))| (i as i32, (*k).to_owned())).collect();
    if ordered.is_empty() {
        return Err(AppError::internal()); // no key to count: a caller's mistake
    }
    let rows = Query::select()
        .expr(Expr::col((Keys, Alias::new("column2"))))
        .expr(Expr::val(now))
        .expr(Expr::val(1))
        .from_values(ordered, Keys)
        .from(Used)
        .and_where(Expr::col((Used, C::ExpiresAt)).gt(now))
        // The stored answers are ASCII; matching them in upper case is the
        // same test as `judge`'s.
        .and_where(Func::upper(Expr::col((Used, C::Answer))).eq(answer.to_ascii_uppercase()))
        .order_by((Keys, Alias::new("column1")), Order::Asc)
        .to_owned();
    let hit = rate_limit::count_rows(rows, 1, window_secs, now)?;
    let mut answer = Query::select()
        .columns([(Used, C::Answer), (Used, C::ExpiresAt)])
        .columns([(Hit, counter::Column::Key), (Hit, counter::Column::Hits)])
        .from(Used)
        .join(JoinType::LeftJoin, Hit, Expr::val(true))
        .to_owned();
    let mut with = WithClause::new()
        .cte(CommonTableExpression::new().query(used).table_name(Used).to_owned())
        .cte(CommonTableExpression::new().query(hit).table_name(Hit).to_owned())
        .to_owned();
    if let Some(read) = read {
        with.cte(CommonTableExpression::new().query(read).table_name(Read).to_owned());
        answer.column((Read, Asterisk)).join(JoinType::LeftJoin, Read, Expr::val(true));
    }
    Ok(with.query(answer))
}

#[derive(sea_orm::DeriveIden)]
struct Read;

#[derive(sea_orm::DeriveIden)]
struct Used;

#[derive(sea_orm::DeriveIden)]
struct Keys;

fn fail(message: &str) -> FieldError {
    FieldError::new("captcha", message)
}

fn spend_failed(e: sea_orm::DbErr) -> FieldError {
    tracing::error!(error = %e, "using captcha failed");
    fail("验证码校验失败，请重试")
}

/// The verdict on a spent ticket (`None`: no live ticket had the id).
fn judge(spent: Option<(String, DateTime<Utc>)>, answer: &str, now: DateTime<Utc>) -> Result<(), FieldError> {
    let Some((expected, expires_at)) = spent else {
        return Err(fail("验证码已失效，请点击图片更换后重新输入"));
    };
    if expires_at <= now {
        return Err(fail("验证码已过期，请点击图片更换后重新输入"));
    }
    if !expected.eq_ignore_ascii_case(answer) {
        return Err(fail("验证码错误，请重新输入"));
    }
    Ok(())
}

/// `GET /captcha/{ticket}`: the picture of a live ticket.
pub async fn image(State(st): State<AppState>, Path(ticket): Path<String>) -> Response {
    let Ok(ticket) = Uuid::parse_str(&ticket) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let row = match captcha::Entity::find_by_id(ticket).one(&st.db).await {
        Ok(Some(row)) if row.expires_at > Utc::now() => row,
        Ok(_) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "loading captcha failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let png = tokio::task::spawn_blocking(move || draw(&row.answer)).await.ok().flatten();
    match png {
        Some(png) => ([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "no-store")], png).into_response(),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn draw(answer: &str) -> Option<Vec<u8>> {
    use ::captcha::filters::{Dots, Noise, Wave};
    let mut c = ::captcha::Captcha::new();
    for ch in answer.chars() {
        c.set_chars(&[ch.to_ascii_uppercase()]);
        c.add_char();
    }
    c.apply_filter(Noise::new(0.2))
        .apply_filter(Wave::new(2.0, 12.0).horizontal())
        .apply_filter(Dots::new(8))
        .view(220, 80);
    c.as_png()
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_a_png() {
        let png = super::draw("AB34").unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }
}
