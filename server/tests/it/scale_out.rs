//! Several server processes on one PostgreSQL act as one: two processes of
//! the real binary, started together on a fresh database (they migrate one
//! after the other), with separate data folders, uploads on an S3-compatible
//! store, behind nginx. What is done through one is seen through the other;
//! background work runs once across them.

use crate::harness::{uuid, NewPerson, PgDatabase, TestApp, CAPTCHA};
use crate::services::{Nginx, PortalProcess, S3Server, SmtpSink};
use app::accounts::api::{CurrentSessionUser, SignInPerson};
use app::accounts::SignInPersonInput;
use app::certificates::api::VerifyLink;
use app::declarations::api::ForwardDeclaration;
use app::declarations::ForwardInput;
use leptos::server_fn::ServerFn;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::time::{Duration, Instant};

/// The key both processes (and the set-up server) share, as the README asks.
const SECRET: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
const METRICS_TOKEN: &str = "scale-out-metrics";

/// A server function called on one process.
async fn post<F: ServerFn + serde::Serialize>(base: &str, client: &Client, args: F) -> (StatusCode, Value) {
    let res = client.post(format!("{base}{}", F::PATH)).json(&args).send().await.expect("request");
    let status = res.status();
    let text = res.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn metrics(base: &str) -> String {
    let res = Client::new().get(format!("{base}/metrics")).bearer_auth(METRICS_TOKEN).send().await.expect("metrics");
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.expect("metrics text")
}

/// The sum of a counter's series in a Prometheus text page.
fn counter_sum(page: &str, name: &str, with: &str) -> f64 {
    page.lines()
        .filter(|l| l.starts_with(name) && l.contains(with))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_postgres_act_as_one() {
    let s3 = S3Server::start().await;
    let sink = SmtpSink::start().await;
    let pg = PgDatabase::create().await;
    let mut env = s3.env();
    for (k, v) in [
        ("DATABASE_URL", pg.url()),
        ("APP_SECRET_KEY", SECRET.into()),
        ("APP_TRUSTED_PROXIES", "127.0.0.1".into()),
        ("APP_HOUSEKEEPING_SECS", "1".into()),
        ("APP_RATE_VERIFY", "4".into()),
        ("APP_METRICS_TOKEN", METRICS_TOKEN.into()),
        ("APP_SMTP__HOST", "127.0.0.1".into()),
        ("APP_SMTP__PORT", sink.port.to_string()),
        ("APP_SMTP__TLS", "none".into()),
        ("APP_SMTP__FROM", "noreply@example.com".into()),
        ("APP_SMTP__POLL_SECS", "1".into()),
    ] {
        env.push((k.to_owned(), v));
    }
    // Both start at once on the empty database.
    let (mut a, mut b) = (PortalProcess::spawn(&env), PortalProcess::spawn(&env));
    futures::join!(a.ready(), b.ready());
    let started = Instant::now();
    let lb = Nginx::start(&[&a.base, &b.base]).await;

    // A third, in-process server on the same database and store builds the
    // world; every helper of the harness goes to `app.base`.
    let mut app = TestApp::spawn_with(crate::harness::Db::Sqlite, |c| {
        c.database_url = Some(pg.url());
        c.secret_key = Some(SECRET.into());
        c.storage = s3.config();
    })
    .await;
    let own_base = app.base.clone();

    // A session and a captcha: registered and signed in through A, the
    // session is good on B; a captcha taken on A is answered on B, once.
    app.base = a.base.clone();
    let c = app.client();
    let p = app.signed_in_person(&c).await;
    let (s, me) = post(&b.base, &c, CurrentSessionUser {}).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["name"], p.name, "{me}");
    let other = app.client();
    let ticket = app.captcha(&other).await;
    let input = SignInPersonInput {
        account: p.phone.clone(),
        password: p.password.clone(),
        captcha_id: uuid(&ticket),
        captcha: CAPTCHA.into(),
    };
    let (s, body) = post(&b.base, &other, SignInPerson { input: input.clone() }).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (s, _) = post(&a.base, &Client::new(), SignInPerson { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a captcha is used once, whichever process saw it");

    // A lock-out: five wrong passwords, alternating, lock the account on both.
    let victim = NewPerson::random();
    app.register(&app.client(), &victim).await;
    let mut last = (StatusCode::OK, Value::Null);
    for i in 0..5 {
        app.base = if i % 2 == 0 { a.base.clone() } else { b.base.clone() };
        last = app.sign_in(&app.client(), &victim.phone, "Wrong@2026").await;
    }
    assert_eq!(last.0, StatusCode::TOO_MANY_REQUESTS, "{}", last.1);
    app.base = a.base.clone();
    let (s, body) = app.sign_in(&app.client(), &victim.phone, &victim.password).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "locked on A too: {body}");

    // An upload: stored through A, read through B (separate data folders:
    // the bytes are in the bucket, not on either machine).
    app.base = a.base.clone();
    let file = app.upload_attachment(&c).await;
    let id = file["id"].as_str().expect("a file id").to_owned();
    let res = c.get(format!("{}/files/{id}", b.base)).send().await.expect("download");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"%PDF-1.4\n%scan");
    let key = app.text(&format!("SELECT storage_key FROM upload WHERE id = '{id}'")).await;
    let bucket = app::server::storage::Storage::from_config(&s3.config(), "unused".into()).unwrap();
    assert_eq!(bucket.get(&key).await.expect("in the bucket"), b"%PDF-1.4\n%scan");

    // A transition: the same 报送 sent to A and B at once moves the
    // declaration once; B shows the move made through either.
    app.base = own_base.clone();
    let w = app.world().await;
    let decl = app.submitted(&w, "Intermediate").await;
    app.fill_opinions(&w.staff_client, &decl, true).await;
    let (_, d) = app.detail(&w.staff_client, &decl).await;
    let forward = || ForwardInput {
        id: uuid(&decl),
        version: d["version"].as_i64().unwrap() as i32,
        unit_leader: "王负责".into(),
        target: "ZGB-450100".into(),
    };
    let logged_before = app.count("SELECT COUNT(*) FROM operation_log").await;
    let (ra, rb) = futures::join!(
        post(&a.base, &w.staff_client, ForwardDeclaration { input: forward() }),
        post(&b.base, &w.staff_client, ForwardDeclaration { input: forward() }),
    );
    let mut statuses = [ra.0, rb.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "A: {} B: {}", ra.1, rb.1);
    assert_eq!(app.count("SELECT COUNT(*) FROM operation_log").await, logged_before + 1);
    app.base = b.base.clone();
    assert_eq!(app.status(&w.applicant_client, &decl).await, "OfficeReview");

    // Through the balancer: requests alternate between the processes, the
    // rate limit counts the client's own address (from X-Forwarded-For)
    // across both, and a sign-in's captcha and password land on different ones.
    let stranger = Client::builder()
        .default_headers([("x-forwarded-for".parse().unwrap(), "203.0.113.7".parse().unwrap())].into_iter().collect())
        .build()
        .unwrap();
    let mut answers = Vec::new();
    for _ in 0..5 {
        answers.push(post(&lb.base, &stranger, VerifyLink { code: "no-such-code".into() }).await.0);
    }
    assert_eq!(answers[..4], [StatusCode::NOT_FOUND; 4], "{answers:?}");
    assert_eq!(answers[4], StatusCode::TOO_MANY_REQUESTS);
    let (s, _) = post(&a.base, &Client::new(), VerifyLink { code: "no-such-code".into() }).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "another address is not limited");
    for base in [&a.base, &b.base] {
        let served = counter_sum(&metrics(base).await, "gxzc_http_requests_total", "verify_link");
        assert!(served >= 2.0, "the balancer sent {base} {served} look-ups");
    }
    app.base = lb.base.clone();
    let c = app.client();
    let (s, body) = app.sign_in(&c, &p.phone, &p.password).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    for _ in 0..2 {
        let (_, me) = post(&lb.base, &c, CurrentSessionUser {}).await;
        assert_eq!(me["name"], p.name, "{me}");
    }

    // E-mail: messages written once are sent once, though both processes'
    // senders look at the outbox every second.
    let now = chrono::Utc::now();
    for i in 0..20 {
        use sea_orm::{ActiveModelTrait, Set};
        app::server::entities::outbox::ActiveModel {
            created_at: Set(now),
            channel: Set("email".into()),
            recipient: Set(format!("person{i}@example.com")),
            subject: Set("申报状态变更".into()),
            body: Set("您的申报已报送。".into()),
            sent_at: Set(None),
            error: Set(String::new()),
            ref_id: Set(None),
            purge_after: Set(None),
            attempts: Set(0),
            claimed_until: Set(None),
            claimed_by: Set(None),
            ..Default::default()
        }
        .insert(app.db())
        .await
        .expect("outbox row");
    }
    let waiting = Instant::now();
    while app.count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE 'person%' AND sent_at IS NOT NULL").await < 20 {
        assert!(waiting.elapsed() < Duration::from_secs(30), "the outbox was not delivered");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut received: Vec<String> =
        sink.received.lock().unwrap().iter().filter(|r| r.starts_with("person")).cloned().collect();
    received.sort();
    let before = received.len();
    received.dedup();
    assert_eq!((before, received.len()), (20, 20), "each message sent exactly once");

    // Housekeeping: one run per period across both processes (each ticks
    // every second; without the lease there would be two runs a second).
    let elapsed = started.elapsed().as_secs_f64();
    let runs = app.count("SELECT runs FROM job_lease WHERE name = 'housekeeping'").await as f64;
    assert!(runs >= 2.0 && runs <= elapsed / 0.9 + 2.0, "{runs} runs in {elapsed:.1} s");
    let counted: f64 = [metrics(&a.base).await, metrics(&b.base).await]
        .iter()
        .map(|page| counter_sum(page, "gxzc_housekeeping_runs_total", "result=\"ok\""))
        .sum();
    assert!((counted - runs).abs() <= 1.0, "the processes counted {counted} runs, the lease {runs}");

    for process in [&a, &b] {
        assert!(!process.log().contains("panicked"), "{}", process.log());
    }
    app.base = own_base;
    app.stop().await;
    drop((lb, a, b));
    drop(pg);
}

/// With every process gone (or the one a request was on dying mid-way),
/// the shipped nginx configuration answers the portal's own 系统繁忙: JSON
/// for a server function, a page for a page, never nginx's 502.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gone_process_is_answered_busy_by_the_load_balancer() {
    let gone = format!("http://127.0.0.1:{}", crate::services::free_port());
    let nginx = Nginx::start_any(&[gone.as_str()]).await;
    let res = Client::new().post(format!("{}/api/captcha/new", nginx.base)).json(&()).send().await.expect("api");
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = res.json().await.expect("JSON");
    let busy: app::error::AppError = serde_json::from_value(body).expect("the portal's error shape");
    assert_eq!(busy, app::error::AppError::busy());

    let res = Client::new().get(format!("{}/login", nginx.base)).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.headers()["content-type"].to_str().unwrap_or("").starts_with("text/html"));
    assert!(res.text().await.expect("page").contains("系统繁忙，请稍后再试"));
}
