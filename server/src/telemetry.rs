//! Logs (pretty or JSON, filtered by `RUST_LOG`) and the shutdown signal.

use app::server::config::LogFormat;
use tracing_subscriber::{fmt, EnvFilter};

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info"));
    let builder = fmt().with_env_filter(filter).with_target(false);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested; finishing requests under way");
}

/// The process's metrics recorder (installed once, on first use) and the
/// handle `/metrics` renders from.
pub fn metrics() -> &'static metrics_exporter_prometheus::PrometheusHandle {
    static HANDLE: std::sync::OnceLock<metrics_exporter_prometheus::PrometheusHandle> = std::sync::OnceLock::new();
    HANDLE.get_or_init(|| {
        use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};
        // Seconds: from a cached page to a long export (summaries without them).
        let buckets = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &buckets)
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder (a second server in the same test process) keeps its own.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Counts every request and its latency by route (the matched pattern, so
/// ids do not multiply the series), method and status.
pub async fn track(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let matched = req.extensions().get::<axum::extract::MatchedPath>().cloned();
    let route = match &matched {
        Some(p) => p.as_str(),
        None if req.uri().path().starts_with("/pkg/") => "/pkg",
        None => "other",
    };
    let method = method_label(req.method());
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    let (status, elapsed) = (res.status().as_u16(), started.elapsed().as_secs_f64());
    REQUEST_METRICS.with_borrow_mut(|series| series.record(route, method, status, elapsed));
    res
}

/// Methods outside the standard ones share one label: a client inventing
/// methods must not invent series.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

thread_local! {
    static REQUEST_METRICS: std::cell::RefCell<RequestSeries> = Default::default();
}

/// The request counter and latency histogram of each (route, method,
/// status) this thread has served. Finding them in the recorder takes
/// three label strings and two hashed lookups in its registry: that is
/// done once per series, and later requests count through the kept handles
/// into the same series.
#[derive(Default)]
struct RequestSeries {
    by_route: std::collections::HashMap<String, Vec<Handles>>,
}

struct Handles {
    method: &'static str,
    status: u16,
    requests: metrics::Counter,
    duration: metrics::Histogram,
}

impl RequestSeries {
    fn record(&mut self, route: &str, method: &'static str, status: u16, elapsed: f64) {
        if !self.by_route.contains_key(route) {
            self.by_route.insert(route.to_owned(), Vec::new());
        }
        let Some(kept) = self.by_route.get_mut(route) else { return };
        let handles = match kept.iter().position(|h| h.method == method && h.status == status) {
            Some(i) => &kept[i],
            None => {
                let labels =
                    [("route", route.to_owned()), ("method", method.to_owned()), ("status", status.to_string())];
                kept.push(Handles {
                    method,
                    status,
                    requests: metrics::counter!("gxzc_http_requests_total", &labels),
                    duration: metrics::histogram!("gxzc_http_request_duration_seconds", &labels),
                });
                &kept[kept.len() - 1]
            }
        };
        handles.requests.increment(1);
        handles.duration.record(elapsed);
    }
}
