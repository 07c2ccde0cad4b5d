//! Real services a test starts beside the portal, and stops when dropped:
//! an S3-compatible server (moto), nginx as the load balancer, an SMTP
//! server that records what it receives, and the portal's own binary as a
//! separate process. `make test` installs moto and nginx.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// Waits until `url` answers 200, or panics with `log`'s contents.
async fn wait_ready(url: &str, log: &Path, what: &str, child: &mut Child) {
    wait_answer(url, log, what, child, |s| s.is_success()).await
}

/// Waits until `url` gives an answer that `good` accepts.
async fn wait_answer(url: &str, log: &Path, what: &str, child: &mut Child, good: fn(reqwest::StatusCode) -> bool) {
    let client = reqwest::Client::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited with {status}:\n{}", std::fs::read_to_string(log).unwrap_or_default());
        }
        if let Ok(res) = client.get(url).send().await {
            if good(res.status()) {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{what} did not become ready:\n{}", std::fs::read_to_string(log).unwrap_or_default());
}

fn logged(cmd: &mut Command, log: &Path) -> Child {
    let out = std::fs::File::create(log).expect("log file");
    let err = out.try_clone().expect("log file");
    cmd.stdin(Stdio::null()).stdout(out).stderr(err).spawn().unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"))
}

/// moto's S3 server with one empty bucket.
pub struct S3Server {
    pub endpoint: String,
    pub bucket: String,
    child: Child,
    _dir: TempDir,
}

impl S3Server {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let log = dir.path().join("moto.log");
        let mut child = logged(
            Command::new("python3").args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()]),
            &log,
        );
        let endpoint = format!("http://127.0.0.1:{port}");
        wait_ready(
            &format!("{endpoint}/moto-api/"),
            &log,
            "moto (pip install 'moto[server]'; make test does)",
            &mut child,
        )
        .await;
        let bucket = "gxzc-uploads".to_owned();
        let made = reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.expect("create bucket");
        assert!(made.status().is_success(), "create bucket: {}", made.status());
        Self { endpoint, bucket, child, _dir: dir }
    }

    pub fn config(&self) -> app::server::storage::StorageConfig {
        app::server::storage::StorageConfig {
            kind: app::server::storage::StorageKind::S3,
            endpoint: Some(self.endpoint.clone()),
            bucket: self.bucket.clone(),
            access_key_id: Some("testing".into()),
            secret_access_key: Some("testing".into()),
            ..Default::default()
        }
    }

    /// The same settings as environment variables, for a server process.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("APP_STORAGE__KIND", "s3"),
            ("APP_STORAGE__ENDPOINT", &self.endpoint),
            ("APP_STORAGE__BUCKET", &self.bucket),
            ("APP_STORAGE__ACCESS_KEY_ID", "testing"),
            ("APP_STORAGE__SECRET_ACCESS_KEY", "testing"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The portal's binary, started as its own process.
pub struct PortalProcess {
    pub base: String,
    child: Child,
    log: PathBuf,
    _dir: TempDir,
}

impl PortalProcess {
    /// Starts the server with the test settings plus `env`; [`Self::ready`]
    /// waits for it (two processes start at once).
    pub fn spawn(env: &[(String, String)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("pkg")).expect("site dir");
        let port = free_port();
        let log = dir.path().join("server.log");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("RUST_LOG", "warn")
            .env("APP_ENV", "test")
            .env("APP_CAPTCHA_FIXED", super::harness::CAPTCHA)
            .env("APP_ADMIN_PASSWORD", super::harness::ADMIN_PASSWORD)
            .env("APP_DATA_DIR", dir.path().join("data"))
            .env("APP_LISTEN", format!("127.0.0.1:{port}"))
            .env("LEPTOS_OUTPUT_NAME", "gxzc")
            .env("LEPTOS_SITE_ROOT", &site)
            .env("LEPTOS_SITE_PKG_DIR", "pkg");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = logged(&mut cmd, &log);
        Self { base: format!("http://127.0.0.1:{port}"), child, log, _dir: dir }
    }

    /// Returns once `/healthz` answers; panics with the log if the process
    /// exits or does not answer within two minutes.
    pub async fn ready(&mut self) {
        let url = format!("{}/healthz", self.base);
        wait_ready(&url, &self.log, "the server process", &mut self.child).await;
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for PortalProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// nginx balancing round-robin over `backends`, believed by them as a proxy.
pub struct Nginx {
    pub base: String,
    child: Child,
    _dir: TempDir,
}

impl Nginx {
    /// In front of `backends`, once they answer through it.
    pub async fn start(backends: &[&str]) -> Self {
        Self::launch(backends, |s| s.is_success()).await
    }

    /// In front of `backends` that may all be gone: ready once nginx answers at all.
    pub async fn start_any(backends: &[&str]) -> Self {
        Self::launch(backends, |_| true).await
    }

    async fn launch(backends: &[&str], good: fn(reqwest::StatusCode) -> bool) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let p = dir.path().display();
        // The shipped configuration (deploy/), as an office would include it.
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nginx-portal.conf").display().to_string();
        let servers: String =
            backends.iter().map(|b| format!("server {};\n", b.trim_start_matches("http://"))).collect();
        let conf = format!(
            "daemon off;\nmaster_process off;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n access_log off;\n client_body_temp_path {p}/body;\n proxy_temp_path {p}/proxy;\n\
             fastcgi_temp_path {p}/fastcgi;\n uwsgi_temp_path {p}/uwsgi;\n scgi_temp_path {p}/scgi;\n\
             upstream portal {{\n{servers}}}\n\
             server {{\n listen 127.0.0.1:{port};\n include {shipped};\n }}\n}}\n"
        );
        let conf_path = dir.path().join("nginx.conf");
        std::fs::write(&conf_path, conf).expect("nginx.conf");
        let nginx = if Path::new("/usr/sbin/nginx").exists() { "/usr/sbin/nginx" } else { "nginx" };
        let log = dir.path().join("stderr.log");
        let mut child = logged(
            Command::new(nginx).arg("-p").arg(dir.path()).arg("-c").arg(&conf_path).args(["-e", "stderr"]),
            &log,
        );
        let base = format!("http://127.0.0.1:{port}");
        let what = "nginx (apt-get install nginx-light; make test does)";
        wait_answer(&format!("{base}/healthz"), &log, what, &mut child, good).await;
        Self { base, child, _dir: dir }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An SMTP server that accepts every message and records its recipients.
pub struct SmtpSink {
    pub port: u16,
    pub received: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let record = received.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                tokio::spawn(Self::session(sock, record.clone()));
            }
        });
        Self { port, received }
    }

    async fn session(sock: tokio::net::TcpStream, record: Arc<Mutex<Vec<String>>>) {
        let (read, mut write) = sock.into_split();
        let mut lines = BufReader::new(read).lines();
        let _ = write.write_all(b"220 sink ESMTP\r\n").await;
        let mut to = Vec::new();
        while let Ok(Some(line)) = lines.next_line().await {
            let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250 sink\r\n",
                "RCPT" => {
                    to.push(line.split(['<', '>']).nth(1).unwrap_or_default().to_owned());
                    b"250 OK\r\n"
                }
                "DATA" => {
                    let _ = write.write_all(b"354 go on\r\n").await;
                    while let Ok(Some(l)) = lines.next_line().await {
                        if l == "." {
                            break;
                        }
                    }
                    record.lock().expect("sink").append(&mut to);
                    b"250 queued\r\n"
                }
                "QUIT" => {
                    let _ = write.write_all(b"221 bye\r\n").await;
                    return;
                }
                _ => b"250 OK\r\n",
            };
            if write.write_all(reply).await.is_err() {
                return;
            }
        }
    }
}
