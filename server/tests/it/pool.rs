//! The connection pool with the patched sqlx-core (vendor/README.md): a
//! connection taken back without a ping must still come back clean — its
//! dropped transaction rolled back, a cancelled query's answer read to the
//! end — and one that broke in use must be replaced, not handed out again.
//! One connection per pool, so every statement reuses the one before it.

use crate::harness::{Db, PgDatabase, TestApp};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, TransactionTrait};
use std::time::Duration;

crate::on_both_databases!(a_dropped_transaction_is_rolled_back_before_the_connection_is_reused);

/// A pool of exactly one connection, and what keeps its database alive.
async fn one_connection(db: Db) -> (DatabaseConnection, Option<PgDatabase>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let pg = match db {
        Db::Sqlite => None,
        Db::Postgres => Some(PgDatabase::create().await),
    };
    let url = match &pg {
        Some(pg) => pg.url(),
        None => format!("sqlite://{}?mode=rwc", dir.path().join("pool.db").display()),
    };
    let mut opts = ConnectOptions::new(url);
    // As the portal's pool (app/src/server/db.rs) tests connections: only after a second idle.
    opts.max_connections(1)
        .min_connections(1)
        .sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(5))
        .test_before_acquire_if_idle_for(Duration::from_secs(1));
    (Database::connect(opts).await.expect("connect"), pg, dir)
}

/// The one 64-bit number `sql` selects.
async fn number<C: ConnectionTrait>(conn: &C, sql: &str) -> i64 {
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .expect("query")
        .expect("a row");
    row.try_get_by_index::<i64>(0).expect("a number")
}

async fn a_dropped_transaction_is_rolled_back_before_the_connection_is_reused(db: Db) {
    let (conn, pg, _dir) = one_connection(db).await;
    // A temporary table lives on its connection only: seeing it later
    // proves the same connection came back.
    conn.execute_unprepared("CREATE TEMPORARY TABLE kept (n INTEGER NOT NULL)").await.expect("temp table");
    conn.execute_unprepared("INSERT INTO kept (n) VALUES (1)").await.expect("insert");
    {
        let txn = conn.begin().await.expect("begin");
        txn.execute_unprepared("INSERT INTO kept (n) VALUES (2), (3)").await.expect("insert in txn");
        assert_eq!(number(&txn, "SELECT COUNT(*) FROM kept").await, 3);
        if let Some(pg) = &pg {
            txn.execute_unprepared("SELECT pg_advisory_xact_lock(4242)").await.expect("lock in txn");
            // Dropped without commit: sqlx queues a ROLLBACK that the release
            // must send at once, not leave for the connection's next user.
            drop(txn);
            let other = Database::connect(pg.url()).await.expect("second connection");
            let mut released = false;
            for _ in 0..40 {
                if number(&other, "SELECT pg_try_advisory_lock(4242)::int::int8").await == 1 {
                    released = true;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            assert!(released, "the dropped transaction's lock was released while its connection sat in the pool");
            other.close().await.ok();
        }
    }
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM kept").await, 1, "the dropped transaction's rows are gone");
    // And a new transaction starts cleanly on that connection (no "already in a transaction").
    let txn = conn.begin().await.expect("begin again");
    txn.execute_unprepared("INSERT INTO kept (n) VALUES (4)").await.expect("insert");
    txn.commit().await.expect("commit");
    assert_eq!(number(&conn, "SELECT COUNT(*) FROM kept").await, 2);
}

/// A request that gives up mid-query (a timeout, a client gone) drops the
/// statement's future while PostgreSQL is still answering; the next user
/// of that connection must get its own answer, not the stale one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_query_does_not_leak_its_answer_into_the_next() {
    let (conn, _pg, _dir) = one_connection(Db::Postgres).await;
    assert_eq!(conn.get_database_backend(), DbBackend::Postgres);
    let slow = number(&conn, "SELECT 7::bigint FROM pg_sleep(0.4)");
    assert!(tokio::time::timeout(Duration::from_millis(50), slow).await.is_err(), "the slow query was cut short");
    assert_eq!(number(&conn, "SELECT 8::bigint").await, 8);
    assert_eq!(number(&conn, "SELECT 9::bigint").await, 9);
}

/// A connection whose server process ends while it is in use fails its
/// statement and is closed at release; the pool opens a fresh one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_broken_in_use_is_replaced() {
    let (conn, _pg, _dir) = one_connection(Db::Postgres).await;
    let first = number(&conn, "SELECT pg_backend_pid()::bigint").await;
    let killed = conn.execute_unprepared("SELECT pg_terminate_backend(pg_backend_pid())").await;
    assert!(killed.is_err(), "the statement that ended its own connection fails");
    let mut second = None;
    // The pool may hand out the new connection only after the broken one is gone.
    for _ in 0..20 {
        match conn.query_one_raw(Statement::from_string(DbBackend::Postgres, "SELECT pg_backend_pid()::bigint")).await {
            Ok(Some(row)) => {
                second = row.try_get_by_index::<i64>(0).ok();
                break;
            }
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let second = second.expect("the pool recovered with a new connection");
    assert_ne!(first, second, "a new server process, not the dead one");
}

/// The portal reaches a PostgreSQL on this machine without TLS (it protects
/// nothing on loopback and cost 5 % of sign-in throughput); an sslmode the
/// URL states is kept. Needs a PostgreSQL that serves TLS (Debian's does).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loopback_database_is_reached_without_tls_unless_the_url_says() {
    const MINE: &str = "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
    let app = TestApp::spawn(Db::Postgres).await;
    assert_eq!(app.text("SHOW ssl").await, "on", "this test needs a PostgreSQL that serves TLS");
    assert_eq!(app.text(MINE).await, "false", "the portal's own connection is plain");
    app.stop().await;

    let app = TestApp::spawn_with(Db::Postgres, |c| {
        c.database_url = c.database_url.take().map(|u| format!("{u}?sslmode=require"));
    })
    .await;
    assert_eq!(app.text(MINE).await, "true", "a stated sslmode is kept");
    app.stop().await;
}
