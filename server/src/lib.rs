//! The portal's HTTP server: configuration, database start-up, the router
//! (pages, server functions, captcha pictures, static files, health) and
//! the middleware around it.

#![recursion_limit = "512"]

pub mod config;
pub mod http;
pub mod telemetry;

use app::server::{db, personal, seed, AppConfig, AppState};
use leptos::config::LeptosOptions;
use migration::MigratorTrait;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Connects, migrates, creates the administrator (and the demo world when
/// configured). Everything the server needs before it takes requests.
pub async fn prepare(config: AppConfig) -> Result<AppState, String> {
    config.check()?;
    let lock = db::start_lock(&config).await.map_err(|e| format!("cannot open the database: {e}"))?;
    let prepared = prepare_locked(config).await;
    lock.release().await;
    // Outside the lock: a slow object store must not hold the other servers' start-up.
    let state = prepared?;
    state.storage.check().await?;
    Ok(state)
}

async fn prepare_locked(config: AppConfig) -> Result<AppState, String> {
    let conn = db::connect(&config).await.map_err(|e| format!("cannot open the database: {e}"))?;
    migration::Migrator::up(&conn, None).await.map_err(|e| format!("migration failed: {e}"))?;
    seed::ensure_admin(&conn, &config).await.map_err(|e| format!("seeding the administrator failed: {e}"))?;
    seed::ensure_current_batches(&conn).await.map_err(|e| format!("seeding the batches failed: {e}"))?;
    app::declarations::counters::ensure(&conn).await.map_err(|e| format!("counting the statistics failed: {e}"))?;
    let demo = config.demo;
    let state = AppState::new(conn, config)?;
    // Before the demo: it looks its people up by their hashes.
    personal::reseal(&state.db, &state.vault).await.map_err(|e| format!("sealing personal data failed: {e}"))?;
    if demo {
        seed::demo(&state.db, &state.vault).await.map_err(|e| format!("seeding the demo failed: {e}"))?;
    }
    Ok(state)
}

/// Serves until `shutdown` resolves, then finishes the requests under way.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    leptos_options: LeptosOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = http::router(state, leptos_options);
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// The background work of this process: housekeeping (deletes expired
/// sessions, captchas, rate-limit windows, unclaimed uploads and old logs)
/// every `housekeeping_secs`, run by whichever process takes its lease, so
/// once per period however many processes share the database; and the
/// e-mail sender (`notifier::run_sender`), which claims each message.
pub fn spawn_background(state: AppState) -> Vec<tokio::task::JoinHandle<()>> {
    let sender = tokio::spawn(app::server::notifier::run_sender(state.db.clone(), state.config.clone()));
    let sweeper = tokio::spawn(async move {
        let period = state.config.housekeeping_secs;
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(period));
        let holder = app::server::jobs::process_name();
        loop {
            tick.tick().await;
            let now = match app::server::jobs::db_now(&state.db).await {
                Ok(now) => now,
                Err(e) => {
                    tracing::warn!(error = %e, "reading the database's clock failed");
                    continue;
                }
            };
            match app::server::jobs::try_lease(
                &state.db,
                "housekeeping",
                holder,
                app::server::jobs::hold_for(period),
                now,
            )
            .await
            {
                Ok(true) => {}
                Ok(false) => continue, // another process runs it this period
                Err(e) => {
                    tracing::warn!(error = %e, "taking the housekeeping lease failed");
                    continue;
                }
            }
            let result = match app::server::housekeeping::sweep(&state).await {
                Ok(()) => "ok",
                Err(e) => {
                    tracing::warn!(error = %e, "housekeeping failed");
                    "error"
                }
            };
            metrics::counter!("gxzc_housekeeping_runs_total", "result" => result).increment(1);
            if let Err(e) = app::uploads::service::sweep_unclaimed(&state).await {
                tracing::warn!(error = %e, "sweeping unclaimed uploads failed");
            }
        }
    });
    vec![sender, sweeper]
}
