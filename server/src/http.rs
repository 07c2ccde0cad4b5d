//! The router and the middleware around it.

use app::domain::file_kind::MAX_SCAN_BYTES;
use app::error::AppError;
use app::server::{access, db, session, AppState};
use app::{shell, App};
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::extract::{FromRef, State};
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Router state: the app's shared state plus Leptos' options.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub app: AppState,
    pub leptos_options: LeptosOptions,
}

pub fn router(state: AppState, leptos_options: LeptosOptions) -> Router {
    // The recorder before the first request, so nothing counted is lost.
    crate::telemetry::metrics();
    let routes = generate_route_list(App);
    let server_state = ServerState { app: state.clone(), leptos_options: leptos_options.clone() };
    // Pages, server functions and the 404 fallback all get the same context.
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let pkg_dir = format!("{}/{}", leptos_options.site_root, leptos_options.site_pkg_dir);
    // Hashed file names never change content; otherwise revalidate briefly.
    let pkg_cache =
        if leptos_options.hash_files { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    let pkg = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(pkg_cache)))
        .service(ServeDir::new(pkg_dir).precompressed_gzip().precompressed_br());

    // Pages and server functions: small bodies only.
    let pages = Router::new()
        .leptos_routes_with_context(&server_state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .route("/captcha/{ticket}", get(app::captcha::service::image))
        .route("/files/{id}", get(app::uploads::service::file_route))
        .route("/exports/operation-log.xlsx", get(app::declarations::export::operation_log_xlsx))
        .route("/exports/declarations.xlsx", get(app::declarations::search::declarations_xlsx))
        .route("/exports/statistics.xlsx", get(app::statistics::export::statistics_xlsx))
        .route("/exports/login-log.xlsx", get(app::admin::logs::login_log_xlsx))
        .route("/exports/audit-log.xlsx", get(app::admin::logs::audit_log_xlsx))
        .route("/documents/declarations/{id}/review-form.pdf", get(app::documents::service::review_form_route))
        .route("/documents/certificates/{file}", get(app::documents::service::certificate_route))
        .route(app::documents::PUBLIC_REVIEW_FORMS_ZIP, get(app::documents::service::public_review_forms_zip))
        .route(app::documents::REVIEW_FORMS_ZIP, post(app::documents::service::review_forms_zip))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .layer(RequestBodyLimitLayer::new(state.config.max_body_bytes));
    // Scans up to 10 MB, plus the multipart framing.
    let uploads = Router::new()
        .route("/upload", post(app::uploads::service::upload_route))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(MAX_SCAN_BYTES + 64 * 1024));
    let mut router = pages.merge(uploads);
    if state.config.expose_outbox {
        router = router.route("/__test/outbox", get(test_outbox));
    }

    router
        .nest_service("/pkg", pkg)
        .fallback(file_and_error_handler_with_context::<ServerState, _>(context, shell))
        .layer(middleware::from_fn(crate::telemetry::track))
        .layer(middleware::from_fn(access::layer))
        .layer(middleware::from_fn_with_state(state.clone(), session::layer))
        .layer(middleware::from_fn(api_guard))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(ProcessSequence))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|req: &Request<Body>| {
                            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                        })
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(CatchPanicLayer::custom(internal_error_page))
                .layer(CompressionLayer::new().compress_when(worth_compressing())),
        )
        // Outermost: even the 500 page of a panic gets the headers.
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .with_state(server_state)
}

/// Smallest answer worth compressing. Most server functions answer a few
/// dozen bytes (a captcha ticket, a count, a saved flag); setting up a
/// brotli or gzip encoder for them cost a tenth of `captcha/new`'s
/// throughput (6,790 → 6,024 req/s with a browser's `Accept-Encoding`)
/// to save nothing: below a kilobyte the answer fits one packet either way.
const MIN_COMPRESSED_BYTES: u16 = 1024;

/// tower-http's default rule (no gRPC, images or event streams) with a
/// higher size floor, and not for PDFs and zips (compressed already).
/// Answers of unknown length (streamed pages) are still compressed.
fn worth_compressing() -> impl Predicate {
    SizeAbove::new(MIN_COMPRESSED_BYTES)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE)
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/zip"))
}

/// Request ids: a random prefix drawn once per process, then a counter.
/// As unique across the servers behind one balancer as a random UUID per
/// request, without a `getrandom` system call on every request.
#[derive(Clone, Copy)]
struct ProcessSequence;

impl MakeRequestId for ProcessSequence {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static PREFIX: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let prefix = PREFIX.get_or_init(|| uuid::Uuid::new_v4().as_u64_pair().0);
        let id = format!("{prefix:016x}-{:x}", NEXT.fetch_add(1, Ordering::Relaxed));
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// `/healthz` (liveness): the process answers requests. It stays 200 while
/// the database is away, so an orchestrator does not restart a portal that
/// would only have to wait for the database again.
async fn healthz() -> Response {
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], axum::Json(serde_json::json!({ "status": "ok" })))
        .into_response()
}

/// `/readyz` (readiness): 200 when the database answers and every
/// migration is applied, 503 otherwise — a load balancer sends no
/// requests here meanwhile, and it comes back on its own.
async fn readyz(State(state): State<AppState>) -> Response {
    use migration::MigratorTrait;
    let check = async {
        if !db::ping(&state.db).await {
            return (false, "down", "unknown");
        }
        match migration::Migrator::get_pending_migrations(&state.db).await {
            Ok(pending) if pending.is_empty() => (true, "up", "applied"),
            Ok(_) => (false, "up", "pending"),
            Err(_) => (false, "down", "unknown"),
        }
    };
    let (ready, database, migrations) =
        tokio::time::timeout(Duration::from_secs(3), check).await.unwrap_or((false, "down", "unknown"));
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = serde_json::json!({
        "status": if ready { "ready" } else { "unavailable" },
        "database": database,
        "migrations": migrations,
    });
    (status, [(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response()
}

/// `/metrics` in the Prometheus text format, for a scraper holding
/// `APP_METRICS_TOKEN` (Bearer); without the token configured it does not
/// exist (404), with a wrong one it is refused (401).
async fn metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    let Some(token) = state.config.metrics_token.as_deref().filter(|t| !t.is_empty()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let expected = format!("Bearer {token}");
    if !app::server::secrets::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    }
    db::record_pool_metrics(&state.db);
    let text = crate::telemetry::metrics().render();
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; version=0.0.4"), (header::CACHE_CONTROL, "no-store")], text)
        .into_response()
}

/// Test mode only (`APP_EXPOSE_OUTBOX`): the newest outbox message for a
/// recipient, so end-to-end tests can read a one-time code.
async fn test_outbox(
    State(state): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    use app::server::entities::outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let recipient = q.get("recipient").cloned().unwrap_or_default();
    match outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(recipient))
        .order_by_desc(outbox::Column::Id)
        .one(&state.db)
        .await
    {
        Ok(Some(m)) => axum::Json(serde_json::json!({ "subject": m.subject, "body": m.body })).into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// CSP, frame refusal, nosniff, referrer policy and (over HTTPS) HSTS on
/// every response, including static files and errors.
async fn security_headers(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    app::server::security::apply(res.headers_mut(), state.config.cookie_secure);
    res
}

/// An [`AppError`] as a server function's client decodes it.
fn error_response(err: &AppError) -> Response {
    let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(err).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Around every server function (`/api/…`; leptos_axum registers each one
/// as its own route, so this runs as router-wide middleware) and uploads:
/// - refuses state-changing calls from other sites (server functions have no
///   CSRF token; the session cookie is `SameSite=Lax` and this checks `Origin`);
/// - gives a failed call the status of its [`AppError`] (the framework
///   answers 500 for all of them);
/// - answers an oversized body with a Chinese 413 the page can show.
async fn api_guard(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path();
    if !(path.starts_with("/api/") || path == "/upload") {
        return next.run(req).await;
    }
    if req.method() != Method::GET && is_cross_site(&req) {
        return error_response(&AppError::forbidden("请求来源不被允许，请从本系统页面操作"));
    }
    let res = next.run(req).await;
    let is_json =
        res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json {
        return error_response(&AppError::PayloadTooLarge {
            message: "提交的内容过大，请精简后重新提交".into()
        });
    }
    if !res.headers().contains_key("serverfnerror") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 1024 * 1024).await.unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn is_cross_site(req: &Request<Body>) -> bool {
    let h = req.headers();
    if h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    match (h.get(header::ORIGIN).and_then(|v| v.to_str().ok()), h.get(header::HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
            origin_host.trim_end_matches('/') != host
        }
        (Some(_), None) => true,
        _ => false,
    }
}

/// The 500 page: what a user sees when something broke inside.
fn internal_error_page(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    let html = r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>系统繁忙</title><style>body{font-family:system-ui,sans-serif;text-align:center;padding:3rem 1rem;color:#1f2933}h1{color:#1d5fa8;font-size:3rem;margin:0}a{color:#1d5fa8}</style></head><body><main><section><h1>500</h1><p>系统繁忙，请稍后再试。如问题持续，请致电 0771-5505013。</p><p><a class="btn" href="/">返回首页</a></p></section></main></body></html>"#;
    // Its one inline style is allowed for this page only.
    let policy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_SECURITY_POLICY, policy)],
        html,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(origin: Option<&str>, host: &str, site: Option<&str>) -> Request<Body> {
        let mut b = Request::post("/api/x").header(header::HOST, host);
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        if let Some(s) = site {
            b = b.header("sec-fetch-site", s);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn same_origin_and_originless_calls_pass() {
        assert!(!is_cross_site(&req(Some("http://127.0.0.1:3000"), "127.0.0.1:3000", Some("same-origin"))));
        assert!(!is_cross_site(&req(None, "127.0.0.1:3000", None)));
    }

    #[test]
    fn other_sites_are_refused() {
        assert!(is_cross_site(&req(Some("https://evil.example"), "127.0.0.1:3000", None)));
        assert!(is_cross_site(&req(None, "127.0.0.1:3000", Some("cross-site"))));
        assert!(is_cross_site(&req(Some("null"), "127.0.0.1:3000", None)));
    }
}
