//! Uploaded files as records see them: the reference pages show, and
//! claiming a fresh upload for a record (a unit's licence, a declaration's
//! attachment). The upload and download routes are in `uploads`.

use super::entities::upload;
use crate::error::AppError;
use crate::uploads::FileRef;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

pub fn file_ref(row: &upload::Model) -> FileRef {
    FileRef { id: row.id, name: row.original_name.clone(), content_type: row.content_type.clone(), size: row.size }
}

/// Who made an upload: a signed-in account, or an anonymous browser known
/// by its upload cookie (during 单位注册).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uploader {
    Account(i64),
    /// The hash of the browser's upload cookie.
    Browser(String),
}

impl Uploader {
    /// Whether `u` was made by this uploader.
    pub fn made(&self, u: &upload::Model) -> bool {
        match self {
            Uploader::Account(id) => u.owner_account_id == Some(*id),
            Uploader::Browser(token) => {
                u.owner_account_id.is_none() && u.owner_token.as_deref() == Some(token.as_str())
            }
        }
    }
}

/// The cookie that ties anonymous uploads to their browser.
pub const UPLOAD_COOKIE: &str = "gxzc_upl";

/// The hash of the request's upload cookie, if it carries a well-formed one.
pub fn browser_token(headers: &axum::http::HeaderMap) -> Option<String> {
    use sha2::{Digest, Sha256};
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == UPLOAD_COOKIE)
        .map(|(_, v)| v)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|v| super::text::hex(&Sha256::digest(v.as_bytes())))
}

/// A new upload cookie: (its hash, the `Set-Cookie` value). It lives an hour,
/// as long as an anonymous upload does.
pub fn new_browser_cookie(secure: bool) -> (String, String) {
    use rand::RngCore;
    use sha2::{Digest, Sha256};
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = super::text::hex(&bytes);
    let hash = super::text::hex(&Sha256::digest(token.as_bytes()));
    let secure = if secure { "; Secure" } else { "" };
    (hash, format!("{UPLOAD_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600{secure}"))
}

/// An upload that a new record may take: it exists, has the purpose, is not
/// taken yet, and was made by `uploader`.
pub async fn claimable<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    purpose: &str,
    uploader: &Uploader,
) -> Result<Option<upload::Model>, AppError> {
    let row = upload::Entity::find_by_id(id).one(db).await?;
    Ok(row.filter(|u| u.purpose == purpose && !u.claimed && uploader.made(u)))
}

pub async fn claim<C: ConnectionTrait>(db: &C, id: Uuid, owner: i64) -> Result<(), AppError> {
    upload::ActiveModel {
        id: Set(id),
        claimed: Set(true),
        owner_account_id: Set(Some(owner)),
        owner_token: Set(None),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Writes a file only its owner may read (the secret key, the generated
/// administrator password).
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(bytes)
}
