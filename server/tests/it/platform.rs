//! What every request goes through: health, errors, limits, static files,
//! request ids, CSRF, start-up seeding and configuration checks.

use crate::harness::*;
use crate::on_both_databases;
use app::accounts::api::{ForgotPasswordStart, RegisterPerson, SignInOfficer};
use app::accounts::{ForgotStartInput, SignInOfficerInput};
use reqwest::StatusCode;
use serde_json::json;

on_both_databases!(
    health_reports_the_database,
    metrics_are_served_only_with_the_token,
    unknown_pages_get_the_chinese_404_page,
    calls_from_another_site_are_refused,
    every_response_carries_a_request_id,
    static_assets_are_compressed_and_cacheable,
    pages_are_compressed_and_tiny_answers_are_not,
    the_administrator_and_review_organisations_exist_after_first_start,
    malformed_calls_get_a_chinese_message_and_no_internals,
);

async fn health_reports_the_database(db: Db) {
    let app = TestApp::spawn(db).await;
    let res = reqwest::get(format!("{}/readyz", app.base)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.json::<serde_json::Value>().await.unwrap();
    assert_eq!((body["database"].as_str(), body["migrations"].as_str()), (Some("up"), Some("applied")), "{body}");
    let signed_in = app.client();
    app.signed_in_person(&signed_in).await;
    // Without a database: not ready, but alive (a restart would not help).
    app.state.db.clone().close().await.unwrap();
    let res = reqwest::get(format!("{}/readyz", app.base)).await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["database"], "down");
    let res = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // A server function answers 系统繁忙 (503, try again) at once: no hang,
    // no driver text.
    let started = std::time::Instant::now();
    let (s, body) = app.send(&app.client(), app::captcha::NewCaptcha {}).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(crate::harness::message_of(&body), "系统繁忙，请稍后再试", "{body}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // A signed-in caller is not told they are signed out (401) or sent to
    // the sign-in page: the database cannot say who they are, so 系统繁忙.
    let (s, body) = app.send(&signed_in, app::accounts::api::CurrentSessionUser {}).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(crate::harness::message_of(&body), "系统繁忙，请稍后再试", "{body}");
    let page = signed_in.get(format!("{}/person", app.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.headers()["retry-after"], "5");
    assert!(page.text().await.unwrap().contains("系统繁忙，请稍后再试"));
    app.stop().await;
}

/// `/metrics`: absent without a token configured, refused without the
/// token, and with it the Prometheus text of what happened.
async fn metrics_are_served_only_with_the_token(db: Db) {
    let app = TestApp::spawn(db).await;
    let res = reqwest::get(format!("{}/metrics", app.base)).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "no token configured: no metrics");
    app.stop().await;

    let app = TestApp::spawn_with(db, |c| c.metrics_token = Some("scrape-secret-2026".into())).await;
    let c = reqwest::Client::new();
    let url = format!("{}/metrics", app.base);
    for auth in ["", "Bearer wrong", "Bearer scrape-secret-2026x"] {
        let res = c.get(&url).header("authorization", auth).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{auth}");
    }
    // Something to count: a declaration moved, and pages asked for.
    let w = app.world().await;
    app.submitted(&w, "Junior").await;
    reqwest::get(format!("{}/login", app.base)).await.unwrap();
    let res = c.get(&url).bearer_auth("scrape-secret-2026").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    for needle in [
        "gxzc_http_requests_total{",
        "route=\"/login\"",
        "route=\"/api/declarations/submit_declaration\"",
        "gxzc_http_request_duration_seconds_bucket{",
        "gxzc_transitions_total{action=\"SubmitToUnit\"}",
        "gxzc_db_pool_connections{state=\"in_use\"}",
        "gxzc_db_pool_max_connections",
    ] {
        assert!(text.contains(needle), "{needle} in:\n{text}");
    }
    app.stop().await;
}

async fn unknown_pages_get_the_chinese_404_page(db: Db) {
    let app = TestApp::spawn(db).await;
    let res = reqwest::get(format!("{}/no/such/page", app.base)).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = res.text().await.unwrap();
    assert!(html.contains("您访问的页面不存在或已被移除"));
    app.stop().await;
}

async fn calls_from_another_site_are_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let p = NewPerson::random();
    let ticket = app.captcha(&c).await;
    let res = c
        .post(format!("{}/api/accounts/register_person", app.base))
        .header("origin", "https://evil.example")
        .json(&RegisterPerson { input: p.typed(&ticket) })
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM person").await, 0);
    // The same call from the portal's own origin works.
    let origin = app.base.clone();
    let ticket = app.captcha(&c).await;
    let res = c
        .post(format!("{}/api/accounts/register_person", app.base))
        .header("origin", origin)
        .json(&RegisterPerson { input: p.typed(&ticket) })
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    app.stop().await;
}

async fn every_response_carries_a_request_id(db: Db) {
    let app = TestApp::spawn(db).await;
    let mut seen = std::collections::HashSet::new();
    for path in ["/login", "/healthz", "/nope", "/healthz"] {
        let res = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
        let id = res.headers().get("x-request-id").expect(path).to_str().unwrap().to_owned();
        // This process's 16-hex-digit prefix, then the request's number.
        let (prefix, n) = id.split_once('-').expect(&id);
        assert!(prefix.len() == 16 && prefix.bytes().all(|b| b.is_ascii_hexdigit()), "{path}: {id}");
        assert!(!n.is_empty() && n.bytes().all(|b| b.is_ascii_hexdigit()), "{path}: {id}");
        assert!(seen.insert(id.clone()), "{path}: {id} given twice");
    }
    app.stop().await;
}

async fn static_assets_are_compressed_and_cacheable(db: Db) {
    let app = TestApp::spawn(db).await;
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let res = raw.get(format!("{}/pkg/gxzc.css", app.base)).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("max-age="));
    assert!(res.bytes().await.unwrap().len() < 1000, "compressed well below the 5 kB original");
    app.stop().await;
}

async fn pages_are_compressed_and_tiny_answers_are_not(db: Db) {
    let app = TestApp::spawn(db).await;
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let page = raw.get(format!("{}/", app.base)).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["content-encoding"], "gzip");
    // A captcha ticket (a quoted UUID) is sent as it is, whatever the browser accepts.
    let ticket = raw
        .post(format!("{}/api/captcha/new", app.base))
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(ticket.status(), StatusCode::OK);
    assert!(ticket.headers().get("content-encoding").is_none(), "{:?}", ticket.headers());
    let body = ticket.text().await.unwrap();
    assert!(body.starts_with('"') && body.len() == 38, "{body}");
    app.stop().await;
}

async fn the_administrator_and_review_organisations_exist_after_first_start(db: Db) {
    let app = TestApp::spawn(db).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM org WHERE kind = 'office'").await, 15);
    assert_eq!(app.count("SELECT COUNT(*) FROM org WHERE kind = 'office' AND short_name = '区职改办'").await, 1);
    // Every 职改办 has at least one 主管部门 under it.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM org o WHERE o.kind = 'office' AND NOT EXISTS (SELECT 1 FROM org d WHERE d.parent_id = o.id)").await,
        0
    );
    let c = app.client();
    let ticket = app.captcha(&c).await;
    let input = SignInOfficerInput {
        username: "admin".into(),
        password: ADMIN_PASSWORD.into(),
        captcha_id: uuid(&ticket),
        captcha: CAPTCHA.into(),
    };
    let (s, b) = app.send(&c, SignInOfficer { input }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["role"], "Admin");
    // A second start does not create another administrator.
    server::prepare(app.state.config.as_ref().clone()).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM officer WHERE role = 'admin'").await, 1);
    app.stop().await;
}

async fn malformed_calls_get_a_chinese_message_and_no_internals(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    // Malformed on purpose: a number where a name is expected, fields missing.
    let (s, b) = app.call(&c, "accounts/register_person", json!({ "input": { "name": 5 } })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "提交的数据格式不正确，请检查后重新提交");
    let text = b.to_string();
    assert!(!text.contains("invalid type") && !text.contains("serde"), "{text}");
    app.stop().await;
}

#[tokio::test]
async fn a_fixed_captcha_is_refused_outside_test_mode() {
    let config = app::server::AppConfig {
        env: app::server::AppEnv::Production,
        captcha_fixed: Some("TEST".into()),
        ..Default::default()
    };
    let err = server::prepare(config).await.err().expect("refused");
    assert!(err.contains("APP_CAPTCHA_FIXED"), "{err}");
    let config =
        app::server::AppConfig { env: app::server::AppEnv::Development, expose_outbox: true, ..Default::default() };
    let err = server::prepare(config).await.err().expect("refused");
    assert!(err.contains("APP_EXPOSE_OUTBOX"), "{err}");
}

#[tokio::test]
async fn the_demo_world_and_bad_proxy_lists_are_refused_in_production() {
    let dir = tempfile::tempdir().unwrap();
    let config = app::server::AppConfig {
        env: app::server::AppEnv::Production,
        demo: true,
        data_dir: dir.path().to_owned(),
        ..Default::default()
    };
    let err = server::prepare(config).await.err().expect("refused");
    assert!(err.contains("DEMO=1"), "{err}");
    assert!(!dir.path().join("gxzc.db").exists(), "refused before the database is touched");
    let config = app::server::AppConfig { trusted_proxies: "10.0.0.1, not-an-address".into(), ..Default::default() };
    let err = server::prepare(config).await.err().expect("refused");
    assert!(err.contains("APP_TRUSTED_PROXIES"), "{err}");
}

#[tokio::test]
async fn the_outbox_page_exists_only_when_asked_for_in_test_mode() {
    // A message for a new person (a password-recovery code), then the page.
    async fn outbox_status(app: &TestApp) -> StatusCode {
        let c = app.client();
        let p = NewPerson::random();
        app.register(&c, &p).await;
        let ticket = app.captcha(&c).await;
        let input = ForgotStartInput { account: p.phone.clone(), captcha_id: uuid(&ticket), captcha: CAPTCHA.into() };
        app.send(&c, ForgotPasswordStart { input }).await;
        reqwest::get(format!("{}/__test/outbox?recipient={}", app.base, p.email)).await.unwrap().status()
    }
    let hidden = TestApp::spawn(Db::Sqlite).await;
    assert_eq!(outbox_status(&hidden).await, StatusCode::NOT_FOUND);
    hidden.stop().await;
    let shown = TestApp::spawn_with(Db::Sqlite, |c| c.expose_outbox = true).await;
    assert_eq!(outbox_status(&shown).await, StatusCode::OK);
    shown.stop().await;
}
