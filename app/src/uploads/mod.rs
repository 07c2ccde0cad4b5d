//! Uploaded files: scans of licences and attachments. Uploading and
//! viewing are plain axum routes (`POST /upload`, `GET /files/{id}`) that
//! reuse the session; the browser side is `components::upload`.

#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A stored file as pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub id: Uuid,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

impl FileRef {
    pub fn url(&self) -> String {
        format!("/files/{}", self.id)
    }
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }
}

/// What an upload is for; decides who may see it afterwards.
pub const PURPOSE_LICENCE: &str = "licence";
/// 附件 of a declaration; only a signed-in applicant uploads them.
pub const PURPOSE_ATTACHMENT: &str = "attachment";
