//! Storing uploads (checked by size and content) and serving them to
//! whoever may see them.

use super::{FileRef, PURPOSE_ATTACHMENT, PURPOSE_LICENCE};
use crate::accounts::Role;
use crate::domain::file_kind::{FileKind, MAX_SCAN_BYTES};
use crate::error::AppError;
use crate::server::entities::upload;
use crate::server::session::{ClientIp, CurrentSession};
use crate::server::{rate_limit, AppState};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{Datelike, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

/// An unclaimed upload (e.g. during unit registration) can be previewed by
/// whoever holds its id for this long; afterwards it is swept.
const UNCLAIMED_TTL_HOURS: i64 = 24;

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
    owner: Option<i64>,
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
        owner_account_id: Set(owner),
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

pub fn file_ref(row: &upload::Model) -> FileRef {
    FileRef { id: row.id, name: row.original_name.clone(), content_type: row.content_type.clone(), size: row.size }
}

/// An upload that a new record may take: it exists, has the purpose, is not
/// taken yet, and was made by `owner` (or anonymously, during registration).
pub async fn claimable<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    purpose: &str,
    owner: Option<i64>,
) -> Result<Option<upload::Model>, AppError> {
    let row = upload::Entity::find_by_id(id).one(db).await?;
    Ok(row.filter(|u| {
        u.purpose == purpose && !u.claimed && (u.owner_account_id.is_none() || u.owner_account_id == owner)
    }))
}

pub async fn claim<C: ConnectionTrait>(db: &C, id: Uuid, owner: i64) -> Result<(), AppError> {
    upload::ActiveModel { id: Set(id), claimed: Set(true), owner_account_id: Set(Some(owner)), ..Default::default() }
        .update(db)
        .await?;
    Ok(())
}

#[derive(serde::Deserialize)]
pub struct UploadQuery {
    purpose: String,
}

/// `POST /upload?purpose=licence` (multipart, field `file`).
pub async fn upload_route(
    State(st): State<AppState>,
    Extension(session): Extension<CurrentSession>,
    Extension(ip): Extension<ClientIp>,
    Query(q): Query<UploadQuery>,
    mut multipart: Multipart,
) -> Response {
    let owner = session.0.as_ref().map(|s| s.account_id);
    match q.purpose.as_str() {
        PURPOSE_LICENCE => {}
        PURPOSE_ATTACHMENT if session.0.as_ref().is_some_and(|s| s.role == Role::Person) => {}
        PURPOSE_ATTACHMENT => return error_response(AppError::unauthenticated()),
        _ => return error_response(AppError::invalid("file", "不支持的上传用途")),
    }
    match rate_limit::hit(&st.db, &format!("upload:{}", ip.0), 60, 600, Utc::now()).await {
        Ok(true) => {}
        Ok(false) => return error_response(AppError::too_many("上传过于频繁，请稍后再试")),
        Err(e) => return error_response(e),
    }
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return error_response(AppError::invalid("file", "请选择要上传的文件")),
            Err(e) => {
                let too_big = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                return error_response(if too_big {
                    AppError::PayloadTooLarge { message: "文件超过 10MB，请压缩后重新上传".into() }
                } else {
                    AppError::invalid("file", "上传未完成，请重新选择文件")
                });
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("").to_owned();
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) => {
                let too_big = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                return error_response(if too_big {
                    AppError::PayloadTooLarge { message: "文件超过 10MB，请压缩后重新上传".into() }
                } else {
                    AppError::invalid("file", "上传未完成，请重新选择文件")
                });
            }
        };
        return match store(&st, owner, &q.purpose, &name, &bytes).await {
            Ok(file) => axum::Json(file).into_response(),
            Err(e) => error_response(e),
        };
    }
}

/// Whether the session may see this file. An unclaimed upload belongs to
/// whoever uploaded it; one made anonymously (during unit registration) is
/// a capability: knowing its random id is enough, for a short time.
async fn may_see(st: &AppState, session: &CurrentSession, row: &upload::Model) -> Result<bool, AppError> {
    let me = session.0.as_ref().map(|s| s.account_id);
    if !row.claimed {
        let fresh = row.created_at > Utc::now() - Duration::hours(UNCLAIMED_TTL_HOURS);
        return Ok(fresh && (row.owner_account_id.is_none() || me == row.owner_account_id));
    }
    let Some(s) = session.0.as_ref() else { return Ok(false) };
    Ok(match row.purpose.as_str() {
        // A licence: its unit, and the offices that review registrations.
        PURPOSE_LICENCE => match s.role {
            Role::Unit => row.owner_account_id == Some(s.account_id),
            Role::Office | Role::Admin => true,
            _ => false,
        },
        // An attachment: whoever may see its declaration.
        PURPOSE_ATTACHMENT => {
            use crate::server::entities::{declaration, declaration_attachment};
            let Some(link) = declaration_attachment::Entity::find()
                .filter(declaration_attachment::Column::UploadId.eq(row.id))
                .one(&st.db)
                .await?
            else {
                return Ok(me == row.owner_account_id);
            };
            let Some(d) = declaration::Entity::find_by_id(link.declaration_id).one(&st.db).await? else {
                return Ok(false);
            };
            let meta = crate::server::context::RequestMeta { ip: String::new(), session: session.0.clone() };
            match crate::declarations::service::viewer(st, &meta).await {
                Ok(v) => crate::declarations::service::may_see(v, &d),
                Err(_) => false,
            }
        }
        _ => false,
    })
}

/// `GET /files/{id}`: the file, inline, to whoever may see it.
pub async fn file_route(
    State(st): State<AppState>,
    Extension(session): Extension<CurrentSession>,
    Path(id): Path<String>,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "文件不存在或无权查看").into_response();
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    let row = match upload::Entity::find_by_id(id).one(&st.db).await {
        Ok(Some(row)) => row,
        Ok(None) => return not_found(),
        Err(e) => return error_response(e.into()),
    };
    match may_see(&st, &session, &row).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(e) => return error_response(e),
    }
    match st.storage.get(&row.storage_key).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, row.content_type.clone()),
                (header::CONTENT_DISPOSITION, "inline".to_owned()),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
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

/// Deletes uploads never claimed by a record.
pub async fn sweep_unclaimed(st: &AppState) -> Result<u64, sea_orm::DbErr> {
    let cutoff = Utc::now() - Duration::hours(UNCLAIMED_TTL_HOURS);
    let stale = upload::Entity::find()
        .filter(upload::Column::Claimed.eq(false))
        .filter(upload::Column::CreatedAt.lt(cutoff))
        .all(&st.db)
        .await?;
    for row in &stale {
        let _ = st.storage.delete(&row.storage_key).await;
        upload::Entity::delete_by_id(row.id).exec(&st.db).await?;
    }
    Ok(stale.len() as u64)
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
