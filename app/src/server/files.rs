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
