//! Where uploaded bytes live. One interface for the whole portal: a local
//! folder by default (one machine), or an S3-compatible object store that
//! several machines share (`APP_STORAGE__KIND=s3`).

use object_store::aws::AmazonS3Builder;
use object_store::{ClientOptions, ObjectStore, PutPayload, RetryConfig};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    #[default]
    Local,
    S3,
}

/// `APP_STORAGE__KIND`, `APP_STORAGE__ENDPOINT`, `APP_STORAGE__BUCKET`,
/// `APP_STORAGE__REGION`, `APP_STORAGE__ACCESS_KEY_ID`,
/// `APP_STORAGE__SECRET_ACCESS_KEY`. Only `kind` matters for the local folder.
#[derive(Clone, Deserialize)]
#[serde(default)]
pub struct StorageConfig {
    pub kind: StorageKind,
    /// The S3 service's address (e.g. `https://oss-cn-nanning.example.com`);
    /// unset means AWS itself. Requests go path-style (`<endpoint>/<bucket>/<key>`).
    pub endpoint: Option<String>,
    pub bucket: String,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            kind: StorageKind::Local,
            endpoint: None,
            bucket: String::new(),
            region: "us-east-1".into(),
            access_key_id: None,
            secret_access_key: None,
        }
    }
}

// Written by hand: the configuration may be logged, the secret never.
impl std::fmt::Debug for StorageConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StorageConfig")
            .field("kind", &self.kind)
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key.as_ref().map(|_| "***"))
            .finish()
    }
}

#[derive(Debug, Clone)]
pub enum Storage {
    /// Files under a folder (`<data_dir>/uploads`).
    Local { root: PathBuf },
    /// Objects in a bucket, named by the same keys.
    Object { store: Arc<dyn ObjectStore>, name: String },
}

impl Storage {
    pub fn local(root: impl Into<PathBuf>) -> Self {
        Storage::Local { root: root.into() }
    }

    /// The storage `config` names; `local_root` is the folder of the default.
    pub fn from_config(config: &StorageConfig, local_root: PathBuf) -> Result<Self, String> {
        match config.kind {
            StorageKind::Local => Ok(Self::local(local_root)),
            StorageKind::S3 => {
                if config.bucket.trim().is_empty() {
                    return Err("APP_STORAGE__BUCKET must be set with APP_STORAGE__KIND=s3".into());
                }
                // A store that is down answers within seconds (the crate's
                // default retries for up to three minutes, holding the request).
                let retry = RetryConfig {
                    max_retries: 2,
                    retry_timeout: std::time::Duration::from_secs(10),
                    ..Default::default()
                };
                let client = ClientOptions::new()
                    .with_connect_timeout(std::time::Duration::from_secs(5))
                    .with_timeout(std::time::Duration::from_secs(30));
                let mut builder = AmazonS3Builder::new()
                    .with_bucket_name(config.bucket.trim())
                    .with_region(config.region.trim())
                    .with_retry(retry)
                    .with_client_options(client);
                if let Some(endpoint) = config.endpoint.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                    // An intranet store without TLS is the operator's choice, made by the address.
                    builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
                }
                if let (Some(id), Some(secret)) = (&config.access_key_id, &config.secret_access_key) {
                    builder = builder.with_access_key_id(id).with_secret_access_key(secret);
                }
                let store = builder.build().map_err(|e| format!("object storage: {e}"))?;
                Ok(Storage::Object { store: Arc::new(store), name: format!("s3://{}", config.bucket.trim()) })
            }
        }
    }

    /// At start-up: a store that cannot be reached, has no such bucket or
    /// refuses the credentials stops the server with a clear message,
    /// rather than the first upload failing. Writes and removes a probe.
    pub async fn check(&self) -> Result<(), String> {
        const PROBE: &str = "gxzc-start-up-check";
        match self {
            Storage::Local { .. } => Ok(()),
            Storage::Object { name, .. } => {
                let probe = async {
                    self.put(PROBE, b"ok").await?;
                    self.delete(PROBE).await
                };
                probe.await.map_err(|e| format!("object storage {name} cannot be used: {e}"))
            }
        }
    }

    /// Keys are generated by the portal (`yyyy/mm/<uuid>.<ext>`); anything
    /// else is refused rather than resolved, on every backend.
    fn checked(key: &str) -> std::io::Result<&str> {
        let ok = !key.is_empty()
            && key.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
            && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '.' | '_'));
        if ok {
            Ok(key)
        } else {
            Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "bad storage key"))
        }
    }

    fn path(root: &Path, key: &str) -> std::io::Result<PathBuf> {
        Ok(root.join(Self::checked(key)?))
    }

    fn object(key: &str) -> std::io::Result<object_store::path::Path> {
        Ok(object_store::path::Path::from(Self::checked(key)?))
    }

    pub async fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Storage::Local { root } => {
                let path = Self::path(root, key)?;
                if let Some(parent) = path.parent() {
                    tokio::fs::create_dir_all(parent).await?;
                }
                // Write then rename: a reader never sees half a file.
                let tmp = path.with_extension("part");
                tokio::fs::write(&tmp, bytes).await?;
                tokio::fs::rename(&tmp, &path).await
            }
            // One PUT: the object appears whole or not at all.
            Storage::Object { store, .. } => {
                store.put(&Self::object(key)?, PutPayload::from(bytes.to_vec())).await.map(|_| ()).map_err(io_error)
            }
        }
    }

    pub async fn get(&self, key: &str) -> std::io::Result<Vec<u8>> {
        match self {
            Storage::Local { root } => tokio::fs::read(Self::path(root, key)?).await,
            Storage::Object { store, .. } => {
                let found = store.get(&Self::object(key)?).await.map_err(io_error)?;
                found.bytes().await.map(|b| b.to_vec()).map_err(io_error)
            }
        }
    }

    /// Deleting what is not there is not an error.
    pub async fn delete(&self, key: &str) -> std::io::Result<()> {
        let gone = match self {
            Storage::Local { root } => tokio::fs::remove_file(Self::path(root, key)?).await,
            Storage::Object { store, .. } => store.delete(&Self::object(key)?).await.map_err(io_error),
        };
        match gone {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}

fn io_error(e: object_store::Error) -> std::io::Error {
    match e {
        object_store::Error::NotFound { .. } => std::io::Error::new(std::io::ErrorKind::NotFound, e),
        other => std::io::Error::other(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_escape_the_folder() {
        let root = Path::new("/data/uploads");
        assert!(Storage::path(root, "2026/11/abc.png").is_ok());
        for bad in ["../etc/passwd", "2026/../../x", "/abs", "a//b", "a b", ""] {
            assert!(Storage::path(root, bad).is_err(), "{bad}");
            assert!(Storage::object(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn s3_needs_a_bucket_and_hides_its_secret() {
        let config = StorageConfig {
            kind: StorageKind::S3,
            secret_access_key: Some("very-secret".into()),
            ..Default::default()
        };
        assert!(Storage::from_config(&config, PathBuf::from("x")).unwrap_err().contains("APP_STORAGE__BUCKET"));
        assert!(!format!("{config:?}").contains("very-secret"));
    }
}
