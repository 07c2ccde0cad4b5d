//! Opening the database: SQLite (embedded default) or PostgreSQL.

use super::AppConfig;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

pub async fn connect(config: &AppConfig) -> Result<DatabaseConnection, DbErr> {
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        // The folder must exist before SQLite can create its file.
        let _ = std::fs::create_dir_all(&config.data_dir);
    }
    let mut opts = ConnectOptions::new(url.clone());
    // A request waits at most five seconds for a connection: while the
    // database restarts, callers get 系统繁忙 (503) promptly instead of hanging.
    opts.sqlx_logging(false).connect_timeout(Duration::from_secs(3)).acquire_timeout(Duration::from_secs(5));
    // sqlx pings a pooled connection each time it is handed out: a round
    // trip per statement, which doubled the 待办事项 list's database time.
    // Only a connection idle long enough to have been dropped (a restarted
    // database, a proxy's timeout) is pinged now; a dead one that slips
    // through fails its statement with an I/O error, answered 系统繁忙, and
    // sqlx discards it. sqlx also pinged every connection given back; the
    // patched sqlx-core in vendor/ does not, and hands out the connection
    // used last rather than the one idle longest (vendor/README.md says why).
    opts.test_before_acquire_if_idle_for(Duration::from_secs(1));
    if url.starts_with("sqlite:") {
        use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
        // WAL lets readers run beside the one writer; the busy timeout makes
        // concurrent writers wait instead of failing.
        opts.max_connections(8).min_connections(1).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    } else {
        opts.max_connections(20).min_connections(1);
        plain_when_local(&mut opts, &url);
    }
    Database::connect(opts).await
}

/// Every PostgreSQL connection of the portal (the pool, the start lock):
/// without TLS when [`plain_on_loopback`] says so.
fn plain_when_local(opts: &mut ConnectOptions, url: &str) {
    if plain_on_loopback(url, std::env::var_os("PGSSLMODE").is_some()) {
        use sea_orm::sqlx::postgres::PgSslMode;
        opts.map_sqlx_postgres_opts(|o| o.ssl_mode(PgSslMode::Disable));
    }
}

/// Whether to reach PostgreSQL without TLS: its host is this machine and
/// neither the URL nor `PGSSLMODE` (`env_mode`) names an sslmode. sqlx
/// otherwise *prefers* TLS, which on loopback protects nothing and cost 5 %
/// of sign-in throughput (records sealed and opened on both ends of every
/// statement). A database on another host keeps sqlx's default.
fn plain_on_loopback(url: &str, env_mode: bool) -> bool {
    use sea_orm::sqlx::postgres::PgConnectOptions;
    if env_mode || url.contains("sslmode=") || url.contains("ssl-mode=") {
        return false;
    }
    let Ok(opts) = url.parse::<PgConnectOptions>() else { return false };
    let host = opts.get_host().trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Held while one process sets the database up at start (migrations, the
/// administrator, the demo): several processes started together on one
/// PostgreSQL do it one after another instead of racing to create the same
/// tables. A PostgreSQL advisory lock on a connection of its own, so it is
/// released even if the process dies; SQLite needs none (one process).
pub struct StartLock(Option<DatabaseConnection>);

const START_LOCK_KEY: i64 = 0x6778_7a63_0001; // "gxzc", 1

pub async fn start_lock(config: &AppConfig) -> Result<StartLock, DbErr> {
    use sea_orm::ConnectionTrait;
    let url = config.database_url();
    if !url.starts_with("postgres") {
        return Ok(StartLock(None));
    }
    let mut opts = ConnectOptions::new(url.clone());
    plain_when_local(&mut opts, &url);
    opts.sqlx_logging(false).max_connections(1).min_connections(1).connect_timeout(Duration::from_secs(5));
    let conn = Database::connect(opts).await?;
    conn.execute_unprepared(&format!("SELECT pg_advisory_lock({START_LOCK_KEY})")).await?;
    Ok(StartLock(Some(conn)))
}

impl StartLock {
    pub async fn release(self) {
        use sea_orm::ConnectionTrait;
        if let Some(conn) = self.0 {
            let _ = conn.execute_unprepared(&format!("SELECT pg_advisory_unlock({START_LOCK_KEY})")).await;
            let _ = conn.close().await;
        }
    }
}

/// Whether the database answers (for `/readyz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

/// The pool's connections in use and idle, and its ceiling, as gauges (set
/// when `/metrics` is read). sqlx does not expose how many requests wait
/// for a connection; in-use at the ceiling is that signal.
pub fn record_pool_metrics(db: &DatabaseConnection) {
    let (size, idle, max) = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let p = db.get_postgres_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
        sea_orm::DbBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
        _ => return,
    };
    let in_use = f64::from(size) - idle as f64;
    metrics::gauge!("gxzc_db_pool_connections", "state" => "in_use").set(in_use.max(0.0));
    metrics::gauge!("gxzc_db_pool_connections", "state" => "idle").set(idle as f64);
    metrics::gauge!("gxzc_db_pool_max_connections").set(f64::from(max));
}

#[cfg(test)]
mod tests {
    use super::plain_on_loopback;

    #[test]
    fn loopback_databases_go_without_tls_unless_told() {
        assert!(plain_on_loopback("postgres://postgres@127.0.0.1:5432/gxzc", false));
        assert!(plain_on_loopback("postgres://u:p@localhost/gxzc", false));
        assert!(plain_on_loopback("postgres://u@[::1]:5432/gxzc", false));
        // Another host, a stated sslmode (URL or PGSSLMODE), SQLite: unchanged.
        assert!(!plain_on_loopback("postgres://u@db.example.gov.cn/gxzc", false));
        assert!(!plain_on_loopback("postgres://u@10.0.0.5/gxzc", false));
        assert!(!plain_on_loopback("postgres://u@127.0.0.1/gxzc?sslmode=require", false));
        assert!(!plain_on_loopback("postgres://u@127.0.0.1/gxzc?ssl-mode=require", false));
        assert!(!plain_on_loopback("postgres://u@127.0.0.1/gxzc", true));
        assert!(!plain_on_loopback("sqlite://data/gxzc.db?mode=rwc", false));
    }
}
