//! Issuing, checking and drawing captchas.

use crate::error::{AppError, FieldError};
use crate::server::entities::captcha;
use crate::server::{rate_limit, AppState};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use rand::seq::IndexedRandom;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

/// Characters that cannot be mistaken for one another.
const CHARS: &[char] = &[
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K', 'M', 'N', 'P', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', '3', '4', '5',
    '6', '7', '8',
];

/// Creates a ticket. Per-address limited, so a script cannot fill the table.
pub async fn issue(st: &AppState, ip: &str) -> Result<Uuid, AppError> {
    let now = Utc::now();
    let allowed =
        rate_limit::hit(&st.db, &format!("captcha:{ip}"), st.config.rate_captcha, st.config.rate_window_secs, now)
            .await?;
    if !allowed {
        return Err(AppError::too_many("获取验证码过于频繁，请稍后再试"));
    }
    let answer = match &st.config.captcha_fixed {
        Some(fixed) => fixed.clone(),
        None => {
            let mut rng = rand::rng();
            (0..4).filter_map(|_| CHARS.choose(&mut rng)).collect()
        }
    };
    let id = Uuid::new_v4();
    captcha::ActiveModel {
        id: Set(id),
        answer: Set(answer),
        expires_at: Set(now + Duration::seconds(st.config.captcha_ttl_secs as i64)),
    }
    .insert(&st.db)
    .await?;
    Ok(id)
}

/// Checks an answer and spends the ticket whatever the outcome.
/// The error names the `captcha` field.
pub async fn check<C: ConnectionTrait>(db: &C, ticket: Uuid, answer: &str) -> Result<(), FieldError> {
    let fail = |m: &str| FieldError::new("captcha", m);
    let answer = answer.trim();
    if answer.is_empty() {
        // Still spend it: a ticket is good for one submission only.
        let _ = captcha::Entity::delete_by_id(ticket).exec(db).await;
        return Err(fail("请输入验证码"));
    }
    // Deleting decides who used it: of two concurrent tries only one gets
    // the row back (one statement: DELETE … RETURNING).
    let row = captcha::Entity::delete_by_id(ticket).exec_with_returning(db).await.map_err(|e| {
        tracing::error!(error = %e, "using captcha failed");
        fail("验证码校验失败，请重试")
    })?;
    let Some(row) = row else {
        return Err(fail("验证码已失效，请点击图片更换后重新输入"));
    };
    if row.expires_at <= Utc::now() {
        return Err(fail("验证码已过期，请点击图片更换后重新输入"));
    }
    if !row.answer.eq_ignore_ascii_case(answer) {
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
