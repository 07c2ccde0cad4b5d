//! The upload storage: one suite run against the local folder and against
//! a real S3-compatible server (moto), then the portal's uploads on S3.

use crate::harness::{Db, TestApp, PNG};
use crate::services::S3Server;
use app::server::storage::{Storage, StorageConfig, StorageKind};
use reqwest::StatusCode;
use std::io::ErrorKind;

fn key() -> String {
    format!("2026/11/{}.png", uuid::Uuid::new_v4().simple())
}

/// What every backend must do alike.
async fn suite(storage: &Storage) {
    let k = key();
    assert_eq!(storage.get(&k).await.unwrap_err().kind(), ErrorKind::NotFound, "missing is NotFound");
    storage.put(&k, b"first").await.expect("put");
    assert_eq!(storage.get(&k).await.expect("get"), b"first");
    storage.put(&k, b"second").await.expect("overwrite");
    assert_eq!(storage.get(&k).await.expect("get"), b"second");
    storage.delete(&k).await.expect("delete");
    assert_eq!(storage.get(&k).await.unwrap_err().kind(), ErrorKind::NotFound, "gone after delete");
    storage.delete(&k).await.expect("deleting what is gone is not an error");

    // Keys the portal did not make are refused before any I/O.
    for bad in ["../secret.key", "2026/../../x", "/abs", "a//b", "a b", ""] {
        assert_eq!(storage.put(bad, b"x").await.unwrap_err().kind(), ErrorKind::InvalidInput, "{bad}");
        assert_eq!(storage.get(bad).await.unwrap_err().kind(), ErrorKind::InvalidInput, "{bad}");
        assert_eq!(storage.delete(bad).await.unwrap_err().kind(), ErrorKind::InvalidInput, "{bad}");
    }

    // A 10 MB file (the upload limit) and many at once come back whole.
    let big: Vec<u8> = (0..10 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    let k = key();
    storage.put(&k, &big).await.expect("big put");
    assert!(storage.get(&k).await.expect("big get") == big);
    let keys: Vec<String> = (0..16).map(|_| key()).collect();
    futures::future::join_all(keys.iter().map(|k| storage.put(k, k.as_bytes()))).await.into_iter().for_each(|r| {
        r.expect("concurrent put");
    });
    for k in &keys {
        assert_eq!(storage.get(k).await.expect("concurrent get"), k.as_bytes());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_folder_passes_the_storage_suite() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::local(dir.path().join("uploads"));
    storage.check().await.expect("local is always usable");
    suite(&storage).await;
    // Nothing is left half-written beside the files.
    let leftovers = walk(dir.path()).into_iter().filter(|p| p.ends_with(".part")).count();
    assert_eq!(leftovers, 0);
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path.display().to_string());
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_s3_compatible_server_passes_the_storage_suite() {
    let s3 = S3Server::start().await;
    let storage = Storage::from_config(&s3.config(), "unused".into()).expect("s3 storage");
    storage.check().await.expect("the bucket is usable");
    suite(&storage).await;

    // A bucket that does not exist, or a server that does not answer, stops the start-up.
    let missing = StorageConfig { bucket: "no-such-bucket".into(), ..s3.config() };
    let err = Storage::from_config(&missing, "unused".into()).unwrap().check().await.unwrap_err();
    assert!(err.contains("s3://no-such-bucket"), "{err}");
    let down =
        StorageConfig { endpoint: Some(format!("http://127.0.0.1:{}", crate::services::free_port())), ..s3.config() };
    assert!(Storage::from_config(&down, "unused".into()).unwrap().check().await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_live_in_the_bucket_when_s3_is_configured() {
    let s3 = S3Server::start().await;
    let app = TestApp::spawn_with(Db::Sqlite, |c| c.storage = s3.config()).await;
    let c = app.client();
    let (s, file) = app.upload(&c, "执照.png", PNG.to_vec()).await;
    assert_eq!(s, StatusCode::OK, "{file}");
    let res = c.get(format!("{}/files/{}", app.base, file["id"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    assert!(!app.state.config.uploads_dir().exists(), "nothing written to the local folder");
    let key = app.text("SELECT storage_key FROM upload").await;
    assert_eq!(app.state.storage.get(&key).await.unwrap(), PNG);
    app.stop().await;

    // A server configured with a missing bucket refuses to start, saying why.
    let dir = tempfile::tempdir().unwrap();
    let config = app::server::AppConfig {
        env: app::server::AppEnv::Test,
        data_dir: dir.path().join("data"),
        storage: StorageConfig { kind: StorageKind::S3, bucket: "absent".into(), ..s3.config() },
        ..Default::default()
    };
    let err = server::prepare(config).await.err().expect("refused");
    assert!(err.contains("object storage s3://absent cannot be used"), "{err}");
}
