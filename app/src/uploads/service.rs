//! Storing uploads (checked by size and content) and serving them to
//! whoever may see them.

use super::{FileRef, PURPOSE_ATTACHMENT, PURPOSE_LICENCE};
use crate::domain::file_kind::{FileKind, MAX_SCAN_BYTES};
use crate::error::AppError;
use crate::server::access::{self, Actor, CurrentActor};
use crate::server::entities::upload;
use crate::server::files::{browser_token, file_ref, new_browser_cookie, Uploader};
use crate::server::session::ClientIp;
use crate::server::{rate_limit, AppState};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{Datelike, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, Set};
use uuid::Uuid;

/// An upload no record took is swept after this long: an hour for an
/// anonymous one (a licence during 单位注册), a day for a signed-in
/// applicant's (a draft's attachment not saved yet).
const ANONYMOUS_TTL_MINUTES: i64 = 60;
const SIGNED_IN_TTL_HOURS: i64 = 24;

/// Unclaimed uploads one anonymous browser may hold at once.
const ANONYMOUS_FILES: u64 = 5;

fn error_response(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(err)).into_response()
}

/// Keeps a file name for display only: no path, no control characters.
fn display_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    if clean.trim().is_empty() {
        "未命名文件".into()
    } else {
        clean
    }
}

/// Checks and stores one file. Returns its reference.
pub async fn store(
    st: &AppState,
    owner: &Uploader,
    purpose: &str,
    name: &str,
    bytes: &[u8],
) -> Result<FileRef, AppError> {
    if bytes.is_empty() {
        return Err(AppError::invalid("file", "文件是空的，请重新选择"));
    }
    if bytes.len() > MAX_SCAN_BYTES {
        return Err(AppError::PayloadTooLarge { message: "文件超过 10MB，请压缩后重新上传".into() });
    }
    let Some(kind) = FileKind::sniff(bytes) else {
        return Err(AppError::invalid(
            "file",
            "文件格式不正确：只能上传 JPG、PNG 或 PDF 文件（按文件内容判断，改扩展名无效）",
        ));
    };
    let id = Uuid::new_v4();
    let now = Utc::now();
    let key = format!("{}/{:02}/{}.{}", now.year(), now.month(), id.simple(), kind.extension());
    st.storage.put(&key, bytes).await.map_err(|e| {
        tracing::error!(error = %e, "storing an upload failed");
        AppError::internal()
    })?;
    let row = upload::ActiveModel {
        id: Set(id),
        owner_account_id: Set(match owner {
            Uploader::Account(id) => Some(*id),
            Uploader::Browser(_) => None,
        }),
        owner_token: Set(match owner {
            Uploader::Account(_) => None,
            Uploader::Browser(token) => Some(token.clone()),
        }),
        purpose: Set(purpose.to_owned()),
        original_name: Set(display_name(name)),
        content_type: Set(kind.mime().to_owned()),
        size: Set(bytes.len() as i64),
        storage_key: Set(key.clone()),
        claimed: Set(false),
        created_at: Set(now),
    }
    .insert(&st.db)
    .await;
    match row {
        Ok(row) => Ok(file_ref(&row)),
        Err(e) => {
            let _ = st.storage.delete(&key).await;
            Err(e.into())
        }
    }
}

#[derive(serde::Deserialize)]
pub struct UploadQuery {
    purpose: String,
}

/// `POST /upload?purpose=licence|attachment` (multipart, field `file`).
/// A signed-in caller owns what they upload; an anonymous licence (单位注册)
/// is owned by the browser's upload cookie, set here if it has none. Bytes
/// are counted per address and day; an anonymous browser holds at most
/// five unclaimed files.
pub async fn upload_route(
    State(st): State<AppState>,
    Extension(actor): Extension<CurrentActor>,
    Extension(ip): Extension<ClientIp>,
    headers: HeaderMap,
    Query(q): Query<UploadQuery>,
    mut multipart: Multipart,
) -> Response {
    let actor = actor.0;
    let mut set_cookie = None;
    let owner = match (q.purpose.as_str(), actor.account()) {
        (PURPOSE_LICENCE, Some(id)) => Uploader::Account(id),
        (PURPOSE_LICENCE, None) => match browser_token(&headers) {
            Some(token) => Uploader::Browser(token),
            None => {
                let (token, cookie) = new_browser_cookie(st.config.cookie_secure);
                set_cookie = Some(cookie);
                Uploader::Browser(token)
            }
        },
        (PURPOSE_ATTACHMENT, _) => match actor.applicant() {
            Ok(id) => Uploader::Account(id),
            Err(e) => return error_response(e),
        },
        _ => return error_response(AppError::invalid("file", "不支持的上传用途")),
    };
    match rate_limit::hit(&st.db, &format!("upload:{}", ip.0), 60, 600, Utc::now()).await {
        Ok(true) => {}
        Ok(false) => return error_response(AppError::too_many("上传过于频繁，请稍后再试")),
        Err(e) => return error_response(e),
    }
    if let Uploader::Browser(token) = &owner {
        let held = upload::Entity::find()
            .filter(upload::Column::OwnerToken.eq(token.as_str()))
            .filter(upload::Column::Claimed.eq(false))
            .count(&st.db)
            .await;
        match held {
            Ok(n) if n >= ANONYMOUS_FILES => {
                return error_response(AppError::too_many("上传的文件过多，请完成注册或稍后再试"));
            }
            Ok(_) => {}
            Err(e) => return error_response(e.into()),
        }
    }
    let answer = receive(&st, &owner, &q.purpose, &ip.0, &mut multipart).await;
    let mut res = match answer {
        Ok(file) => axum::Json(file).into_response(),
        Err(e) => error_response(e),
    };
    if let Some(cookie) = set_cookie.and_then(|c| axum::http::HeaderValue::from_str(&c).ok()) {
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    res
}

/// Reads the `file` field, counts its bytes against the address's daily
/// quota, and stores it.
async fn receive(
    st: &AppState,
    owner: &Uploader,
    purpose: &str,
    ip: &str,
    multipart: &mut Multipart,
) -> Result<FileRef, AppError> {
    let too_big = || AppError::PayloadTooLarge { message: "文件超过 10MB，请压缩后重新上传".into() };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Err(AppError::invalid("file", "请选择要上传的文件")),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_big()),
            Err(_) => return Err(AppError::invalid("file", "上传未完成，请重新选择文件")),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("").to_owned();
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_big()),
            Err(_) => return Err(AppError::invalid("file", "上传未完成，请重新选择文件")),
        };
        let size = i32::try_from(bytes.len()).unwrap_or(i32::MAX);
        let quota = i32::try_from(st.config.upload_bytes_per_day).unwrap_or(i32::MAX);
        if !rate_limit::add(&st.db, &format!("upload_bytes:{ip}"), size, quota, 86_400, Utc::now()).await? {
            return Err(AppError::too_many("今日上传量已达上限，请明天再试"));
        }
        return store(st, owner, purpose, &name, &bytes).await;
    }
}

/// `GET /files/{id}`: the file, inline, to whoever may see it.
pub async fn file_route(
    State(st): State<AppState>,
    Extension(actor): Extension<CurrentActor>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let actor: Actor = actor.0;
    let browser = browser_token(&headers);
    let not_found = || (StatusCode::NOT_FOUND, "文件不存在或无权查看").into_response();
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    let row = match upload::Entity::find_by_id(id).one(&st.db).await {
        Ok(Some(row)) => row,
        Ok(None) => return not_found(),
        Err(e) => return error_response(e.into()),
    };
    match access::may_see_file(&st.db, &actor, browser.as_deref(), &row).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(e) => return error_response(e),
    }
    // Images are shown in the page; anything else (PDF) is downloaded, never
    // rendered as a document of the portal's origin. Either way the file
    // runs nothing (sandbox).
    let disposition = if row.content_type.starts_with("image/") {
        "inline".to_owned()
    } else {
        format!(
            "attachment; filename=\"file.pdf\"; filename*=UTF-8''{}",
            crate::server::text::percent_encode(&row.original_name)
        )
    };
    match st.storage.get(&row.storage_key).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, row.content_type.clone()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, file = %row.id, "reading an upload failed");
            error_response(AppError::internal())
        }
    }
}

/// Deletes uploads never claimed by a record: anonymous ones after an
/// hour, signed-in ones after a day.
pub async fn sweep_unclaimed(st: &AppState) -> Result<u64, sea_orm::DbErr> {
    let now = Utc::now();
    let stale = upload::Entity::find()
        .filter(upload::Column::Claimed.eq(false))
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(upload::Column::OwnerAccountId.is_null())
                        .add(upload::Column::CreatedAt.lt(now - Duration::minutes(ANONYMOUS_TTL_MINUTES))),
                )
                .add(upload::Column::CreatedAt.lt(now - Duration::hours(SIGNED_IN_TTL_HOURS))),
        )
        .all(&st.db)
        .await?;
    let mut swept = 0;
    for row in &stale {
        // Only if still unclaimed: a registration may have claimed it since.
        let gone = upload::Entity::delete_many()
            .filter(upload::Column::Id.eq(row.id))
            .filter(upload::Column::Claimed.eq(false))
            .exec(&st.db)
            .await?;
        if gone.rows_affected == 1 {
            let _ = st.storage.delete(&row.storage_key).await;
            swept += 1;
        }
    }
    Ok(swept)
}

#[cfg(test)]
mod tests {
    #[test]
    fn display_names_lose_paths_and_control_characters() {
        assert_eq!(super::display_name("C:\\scans\\执照.png"), "执照.png");
        assert_eq!(super::display_name("../../a\u{0}b.pdf"), "ab.pdf");
        assert_eq!(super::display_name(""), "未命名文件");
    }
}
