//! The holes found by trying the portal as an attacker would, each closed
//! and shown closed here: headers, proxies and per-address limits, the
//! captcha before any count, one namespace for sign-in, one-time codes,
//! sessions, disabled accounts, files, the administrator's password,
//! settings refused in production.

use crate::harness::*;
use crate::on_both_databases;
use app::accounts::api::{
    CurrentSessionUser, ForgotPasswordReset, ForgotPasswordStart, RegisterPerson, SignInOfficer, SignInPerson,
};
use app::accounts::{ForgotResetInput, ForgotStartInput, SignInOfficerInput, SignInPersonInput};
use app::captcha::NewCaptcha;
use app::declarations::api::MyDeclarations;
use reqwest::StatusCode;
use std::time::Duration;

on_both_databases!(
    every_response_carries_the_security_headers,
    pages_allow_only_their_own_nonced_scripts,
    the_client_address_comes_from_the_right_of_x_forwarded_for_behind_a_trusted_proxy,
    a_wrong_captcha_counts_against_nothing_and_accounts_are_limited_before_addresses,
    an_id_number_cannot_take_the_shape_of_a_phone,
    parallel_guesses_of_a_code_get_no_more_than_five_tries,
    codes_are_kept_only_as_a_mac_and_go_when_used,
    forgot_password_answers_at_once_whatever_the_mail_server_does,
    a_session_ends_after_its_absolute_lifetime_however_active,
    a_disabled_account_is_signed_out_at_once_and_cannot_sign_in,
    an_officer_moved_to_another_organisation_loses_its_declarations_at_once,
    a_pdf_is_downloaded_sandboxed_never_shown_as_a_page,
    the_generated_administrator_password_goes_to_a_private_file,
);

async fn every_response_carries_the_security_headers(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    for path in ["/login", "/healthz", "/no-such-page", "/pkg/gxzc.css"] {
        let res = c.get(format!("{}{path}", app.base)).send().await.unwrap();
        let h = res.headers();
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"), "{path}");
        assert!(!h.contains_key("strict-transport-security"), "no HSTS over plain HTTP: {path}");
    }
    let res = c.post(format!("{}/api/captcha/new", app.base)).json(&NewCaptcha {}).send().await.unwrap();
    assert!(res.headers()["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
    app.stop().await;

    let https = TestApp::spawn_with(db, |c| {
        c.cookie_secure = true;
        c.public_url = Some("https://zc.example.gov.cn".into());
    })
    .await;
    let res = https.client().get(format!("{}/login", https.base)).send().await.unwrap();
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    https.stop().await;
}

async fn pages_allow_only_their_own_nonced_scripts(db: Db) {
    let app = TestApp::spawn(db).await;
    let res = app.client().get(format!("{}/login", app.base)).send().await.unwrap();
    let policy = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let html = res.text().await.unwrap();
    let nonce = policy.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce").to_owned();
    assert!(policy.contains("'wasm-unsafe-eval'") && !policy.contains("unsafe-inline"), "{policy}");
    // Every inline script of the page carries that nonce; the next page another.
    let inline: Vec<&str> =
        html.split("<script").skip(1).filter(|s| !s.split('>').next().unwrap().contains("src=")).collect();
    assert!(!inline.is_empty());
    for s in inline {
        assert!(s.split('>').next().unwrap().contains(&format!("nonce=\"{nonce}\"")), "{s:.120}");
    }
    let again = app.client().get(format!("{}/login", app.base)).send().await.unwrap();
    assert!(!again.headers()["content-security-policy"].to_str().unwrap().contains(&nonce));
    app.stop().await;
}

async fn the_client_address_comes_from_the_right_of_x_forwarded_for_behind_a_trusted_proxy(db: Db) {
    // Not behind a trusted proxy: the header is ignored.
    let app = TestApp::spawn_with(db, |c| c.rate_sign_in = 2).await;
    let c = app.client();
    for spoof in ["1.1.1.1", "2.2.2.2", "3.3.3.3"] {
        let ticket = app.captcha(&c).await;
        let res = c
            .post(format!("{}/api/accounts/sign_in_person", app.base))
            .header("x-forwarded-for", spoof)
            .json(&wrong_sign_in(&ticket))
            .send()
            .await
            .unwrap();
        if spoof == "3.3.3.3" {
            assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "a new header is not a new address");
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE ip <> '127.0.0.1'").await, 0);
    app.stop().await;

    // Behind a trusted proxy: the rightmost address the proxy did not add itself.
    let app = TestApp::spawn_with(db, |c| c.trusted_proxies = "127.0.0.1".into()).await;
    let c = app.client();
    let ticket = app.captcha(&c).await;
    c.post(format!("{}/api/accounts/sign_in_person", app.base))
        .header("x-forwarded-for", "6.6.6.6, 198.51.100.7")
        .json(&wrong_sign_in(&ticket))
        .send()
        .await
        .unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE ip = '198.51.100.7'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE ip = '6.6.6.6'").await, 0);
    app.stop().await;
}

/// A sign-in of an account nobody has.
fn wrong_sign_in(ticket: &str) -> SignInPerson {
    let input = SignInPersonInput {
        account: "13900000009".into(),
        password: "Wrong@2026".into(),
        captcha_id: uuid(ticket),
        captcha: CAPTCHA.into(),
    };
    SignInPerson { input }
}

async fn a_wrong_captcha_counts_against_nothing_and_accounts_are_limited_before_addresses(db: Db) {
    let app = TestApp::spawn_with(db, |c| {
        c.rate_sign_in = 6;
        c.rate_sign_in_account = 3;
    })
    .await;
    let c = app.client();
    let p = NewPerson::random();
    app.register(&c, &p).await;
    // Ten wrong captchas: no budget spent.
    for _ in 0..10 {
        let ticket = app.captcha(&c).await;
        let input = SignInPersonInput {
            account: p.phone.clone(),
            password: p.password.clone(),
            captcha_id: uuid(&ticket),
            captcha: "NOPE".into(),
        };
        let (s, _) = app.send(&c, SignInPerson { input }).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(app.sign_in(&c, &p.phone, &p.password).await.0, StatusCode::OK);
    // The account's own budget runs out first…
    for _ in 0..2 {
        app.sign_in(&c, &p.phone, "Wrong@2026").await;
    }
    let (s, b) = app.sign_in(&c, &p.phone, "Wrong@2026").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(message_of(&b).starts_with("该账号登录尝试过于频繁"), "{b}");
    // …while others behind the same address still sign in.
    let other = NewPerson::random();
    app.register(&c, &other).await;
    assert_eq!(app.sign_in(&c, &other.phone, &other.password).await.0, StatusCode::OK);
    // Both windows are counted in one statement: the refused attempt
    // counted against the address too (1 + 2 + 1 + the other's 1).
    assert_eq!(app.count("SELECT SUM(hits) FROM rate_limit WHERE key LIKE 'sign_in:%'").await, 5);
    app.stop().await;
}

async fn an_id_number_cannot_take_the_shape_of_a_phone(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let owner = NewPerson::random();
    app.register(&c, &owner).await;
    // A passport written as someone's phone number.
    let mut p = NewPerson::random();
    p.id_type = "passport".into();
    p.id_number = owner.phone.clone();
    let ticket = app.captcha(&c).await;
    let mut input = p.typed(&ticket);
    input.birth_date = "1990-01-01".into();
    input.gender = "男".into();
    let (s, b) = app.send(&c, RegisterPerson { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(
        field_errors(&b)[0],
        ("id_number".into(), "证件号码不能与手机号码格式相同（11位、以13至19开头的数字）".into())
    );
    // Signing in with that number reaches the phone's owner, only them.
    let (s, me) = app.sign_in(&c, &owner.phone, &owner.password).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["name"], owner.name);
    app.stop().await;
}

async fn start_forgot(app: &TestApp, c: &reqwest::Client, account: &str) -> serde_json::Value {
    let ticket = app.captcha(c).await;
    let input = ForgotStartInput { account: account.into(), captcha_id: uuid(&ticket), captcha: CAPTCHA.into() };
    let (s, token) = app.send(c, ForgotPasswordStart { input }).await;
    assert_eq!(s, StatusCode::OK, "{token}");
    token
}

fn reset_body(token: &serde_json::Value, code: &str) -> ForgotPasswordReset {
    let input = ForgotResetInput {
        token: uuid(token.as_str().expect("a token")),
        code: code.into(),
        new_password: "Reset@2026".into(),
        new_password_confirm: "Reset@2026".into(),
    };
    ForgotPasswordReset { input }
}

async fn parallel_guesses_of_a_code_get_no_more_than_five_tries(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let p = NewPerson::random();
    app.register(&c, &p).await;
    let token = start_forgot(&app, &c, &p.phone).await;
    let code = latest_code(&app, &p.email).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let app = std::sync::Arc::new(app);
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let (app, token) = (app.clone(), token.clone());
        guesses.spawn(async move { app.send(&app.client(), reset_body(&token, wrong)).await });
    }
    let answers = guesses.join_all().await;
    let wrong_answers = answers.iter().filter(|(s, _)| *s == StatusCode::UNPROCESSABLE_ENTITY).count();
    let refused = answers.iter().filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((wrong_answers, refused), (5, 7), "{answers:?}");
    // Even the right code is refused now; the password is unchanged.
    let (s, _) = app.send(&c, reset_body(&token, &code)).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.sign_in(&app.client(), &p.phone, &p.password).await.0, StatusCode::OK);
    match std::sync::Arc::try_unwrap(app) {
        Ok(app) => app.stop().await,
        Err(_) => panic!("still shared"),
    }
}

async fn codes_are_kept_only_as_a_mac_and_go_when_used(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let p = NewPerson::random();
    app.register(&c, &p).await;
    let token = start_forgot(&app, &c, &p.id_number).await;
    let code = latest_code(&app, &p.email).await;
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM recovery_code WHERE code_mac LIKE '%{code}%'")).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM recovery_code WHERE LENGTH(code_mac) = 64").await, 1);
    let (s, b) = app.send(&c, reset_body(&token, &code)).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // Used: the flow and the message that carried its code are gone.
    assert_eq!(app.count("SELECT COUNT(*) FROM recovery_code").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 0);
    // Expired ones are swept with their messages.
    start_forgot(&app, &c, &p.id_number).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 1);
    app::server::recovery_code::sweep(app.db(), chrono::Utc::now() + chrono::Duration::hours(1)).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM recovery_code").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 0);
    app.stop().await;
}

async fn forgot_password_answers_at_once_whatever_the_mail_server_does(db: Db) {
    // A mail server that accepts the connection and never says a word.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = silent.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = silent.accept().await {
            held.push(sock);
        }
    });
    let app = TestApp::spawn_with(db, |c| {
        c.smtp = Some(app::server::notifier::SmtpConfig {
            host: "127.0.0.1".into(),
            port: Some(port),
            user: None,
            password: None,
            from: "noreply@example.com".into(),
            ..Default::default()
        })
    })
    .await;
    let c = app.client();
    let p = NewPerson::random();
    app.register(&c, &p).await;
    for account in [p.phone.clone(), "13900000008".to_owned()] {
        let started = std::time::Instant::now();
        let ticket = app.captcha(&c).await;
        let input = ForgotStartInput { account, captcha_id: uuid(&ticket), captcha: CAPTCHA.into() };
        let call = app.send(&c, ForgotPasswordStart { input });
        let (s, _) =
            tokio::time::timeout(Duration::from_secs(3), call).await.expect("answered without waiting for mail");
        assert_eq!(s, StatusCode::OK);
        assert!(started.elapsed() < Duration::from_secs(3));
    }
    app.stop().await;
}

async fn a_session_ends_after_its_absolute_lifetime_however_active(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.session_absolute_secs = 2).await;
    let c = app.client();
    app.signed_in_person(&c).await;
    for _ in 0..3 {
        let (_, me) = app.send(&c, CurrentSessionUser {}).await;
        assert!(!me.is_null());
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let (_, me) = app.send(&c, CurrentSessionUser {}).await;
    assert!(me.is_null(), "{me}");
    app.stop().await;
}

async fn a_disabled_account_is_signed_out_at_once_and_cannot_sign_in(db: Db) {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let p = app.signed_in_person(&c).await;
    let (s, _) = app.send(&c, MyDeclarations {}).await;
    assert_eq!(s, StatusCode::OK);
    app.db()
        .execute_unprepared(&format!(
            "UPDATE account SET disabled_at = updated_at WHERE id = (SELECT account_id FROM person WHERE phone_hash = '{}')",
            app.state.vault.hash(&p.phone)
        ))
        .await
        .unwrap();
    let (s, _) = app.send(&c, MyDeclarations {}).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, b) = app.sign_in(&app.client(), &p.phone, &p.password).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(message_of(&b), "该账号已停用，请联系系统管理员");
    app.stop().await;
}

async fn an_officer_moved_to_another_organisation_loses_its_declarations_at_once(db: Db) {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Junior").await;
    app.fill_opinions(&w.staff_client, &id, false).await;
    app.forward(&w.staff_client, &id, "ZGB-450100").await;
    let office = app.client();
    app.signed_in_officer(&office, "nn_moved", "office", Some("ZGB-450100")).await;
    assert_eq!(app.detail(&office, &id).await.0, StatusCode::OK);
    app.db()
        .execute_unprepared(
            "UPDATE officer SET org_id = (SELECT id FROM org WHERE code = 'ZGB-450200') WHERE username = 'nn_moved'",
        )
        .await
        .unwrap();
    assert_eq!(app.detail(&office, &id).await.0, StatusCode::FORBIDDEN);
    app.stop().await;
}

async fn a_pdf_is_downloaded_sandboxed_never_shown_as_a_page(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    app.signed_in_person(&c).await;
    let file = app.upload_attachment(&c).await;
    let res = c.get(format!("{}/files/{}", app.base, file["id"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert!(h["content-disposition"].to_str().unwrap().starts_with("attachment;"), "{h:?}");
    assert!(h["content-security-policy"].to_str().unwrap().starts_with("sandbox"), "{h:?}");
    app.stop().await;
}

async fn the_generated_administrator_password_goes_to_a_private_file(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.admin_password = None).await;
    let path = app.state.config.data_dir.join("admin-password.txt");
    let text = std::fs::read_to_string(&path).expect("the password file");
    let password = text.lines().nth(1).expect("a password line").to_owned();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let c = app.client();
    let ticket = app.captcha(&c).await;
    let input =
        SignInOfficerInput { username: "admin".into(), password, captcha_id: uuid(&ticket), captcha: CAPTCHA.into() };
    let (s, b) = app.send(&c, SignInOfficer { input }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    app.stop().await;
}
