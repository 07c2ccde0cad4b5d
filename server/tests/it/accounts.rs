//! Personal accounts: registration, sign-in, lock-out, captcha, sessions,
//! profile and password — every rule and every bad input, on both databases.

use crate::harness::*;
use crate::on_both_databases;
use app::accounts::api::{
    ChangePassword, CurrentSessionUser, ForgotPasswordReset, ForgotPasswordStart, LoadPersonProfile, RegisterPerson,
    SignInPerson, SignOut, UpdateContact,
};
use app::accounts::{ChangePasswordInput, ForgotResetInput, ForgotStartInput, SignInPersonInput, UpdateContactInput};
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

on_both_databases!(
    registers_and_signs_in_by_id_number_and_by_phone,
    unknown_account_and_wrong_password_get_the_same_answer,
    five_wrong_passwords_lock_the_account_until_the_lock_ends,
    a_captcha_is_single_use_case_insensitive_and_expires,
    signing_out_ends_the_session_for_good,
    an_idle_session_expires,
    signing_in_issues_a_new_session_id,
    bad_id_numbers_are_refused_and_nothing_is_stored,
    taken_id_phone_and_email_are_refused,
    weak_or_mismatched_passwords_are_refused,
    markup_in_the_name_is_stored_as_text_and_shown_escaped,
    an_oversized_body_is_refused_with_413,
    profile_calls_need_a_session_and_the_callers_own_id,
    changing_the_password_needs_the_old_one_and_ends_other_sessions,
    contact_details_can_be_changed_but_not_to_someone_elses,
    sign_in_attempts_are_limited_per_address,
    a_wrong_captcha_is_not_counted_as_a_sign_in_attempt,
    captcha_tickets_are_limited_per_address,
    registrations_are_limited_per_address,
    other_kinds_of_id_need_birth_date_and_sex,
    a_forgotten_password_is_reset_with_a_code_sent_to_the_registered_email,
    sixty_four_sign_ins_at_once_each_succeed_or_are_told_the_system_is_busy,
);

async fn registers_and_signs_in_by_id_number_and_by_phone(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let mut p = NewPerson::random();
    p.id_number = p.id_number.replace('X', "x");
    let (s, b) = app.register(&c, &p).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    // By ID number (lower-case x is the same number), then by phone.
    let (s, b) = app.sign_in(&c, &p.id_number.to_lowercase(), &p.password).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["role"], "Person");
    assert_eq!(b["name"], p.name);
    let (s, me) = app.send(&c, CurrentSessionUser {}).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["name"], p.name);

    let c2 = app.client();
    let (s, _) = app.sign_in(&c2, &p.phone, &p.password).await;
    assert_eq!(s, StatusCode::OK);
    let person_id = uuid(me["public_id"].as_str().unwrap());
    let (_, profile) = app.send(&c2, LoadPersonProfile { person_id }).await;
    assert_eq!(profile["phone"], p.phone);
    let stored = p.id_number.to_uppercase();
    assert_eq!(profile["id_number_masked"], format!("{}**********{}", &stored[..4], &stored[14..]));
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE success = true").await, 2);
    app.stop().await;
}

async fn unknown_account_and_wrong_password_get_the_same_answer(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let p = NewPerson::random();
    app.register(&c, &p).await;

    let (s1, b1) = app.sign_in(&c, &p.phone, "Wrong@2026").await;
    let (s2, b2) = app.sign_in(&c, "13900000000", "Wrong@2026").await;
    assert_eq!(s1, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((s1, &b1), (s2, &b2), "the answer must not tell whether the account exists");
    assert_eq!(field_errors(&b1), vec![("password".into(), "账号或密码错误".into())]);
    // Both attempts are in the 登录日志 with their reasons; no session exists.
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE success = false AND reason = '密码错误'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE success = false AND reason = '账号不存在'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM session").await, 0);
    // The log masks what was typed.
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE account = '139****0000'").await, 1);
    app.stop().await;
}

async fn five_wrong_passwords_lock_the_account_until_the_lock_ends(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.lock_secs = 3).await;
    let c = app.client();
    let p = NewPerson::random();
    app.register(&c, &p).await;
    for i in 1..=4 {
        let (s, _) = app.sign_in(&c, &p.phone, "Wrong@2026").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
    }
    let (s, b) = app.sign_in(&c, &p.phone, "Wrong@2026").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(message_of(&b).contains("账号已锁定"), "{b}");
    // Even the right password is refused while locked, saying how long remains.
    let (s, b) = app.sign_in(&c, &p.phone, &p.password).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(message_of(&b).contains("分钟后再试"), "{b}");
    assert_eq!(app.count("SELECT COUNT(*) FROM session").await, 0);

    tokio::time::sleep(Duration::from_millis(3200)).await;
    let (s, b) = app.sign_in(&c, &p.phone, &p.password).await;
    assert_eq!(s, StatusCode::OK, "after the lock ends: {b}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM account WHERE locked_until IS NULL AND failed_logins = 0 AND id > 1").await,
        1
    );
    app.stop().await;
}

async fn a_captcha_is_single_use_case_insensitive_and_expires(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.captcha_ttl_secs = 1).await;
    let c = app.client();
    let p = NewPerson::random();
    let sign_in = |ticket: String, answer: &'static str| {
        let input = SignInPersonInput {
            account: p.phone.clone(),
            password: p.password.clone(),
            captcha_id: uuid(&ticket),
            captcha: answer.into(),
        };
        let app = &app;
        let c = &c;
        async move { app.send(c, SignInPerson { input }).await }
    };
    let (s, _) = app.register(&c, &p).await;
    assert_eq!(s, StatusCode::OK);

    // The picture is a PNG, served without caching.
    let ticket = app.captcha(&c).await;
    let img = c.get(format!("{}/captcha/{ticket}", app.base)).send().await.unwrap();
    assert_eq!(img.headers()["content-type"], "image/png");
    assert_eq!(img.headers()["cache-control"], "no-store");
    assert_eq!(&img.bytes().await.unwrap()[1..4], b"PNG");

    // Wrong answer: refused, and the ticket is spent.
    let (s, b) = sign_in(ticket.clone(), "NOPE").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b), vec![("captcha".into(), "验证码错误，请重新输入".into())]);
    let (_, b) = sign_in(ticket, "TEST").await;
    assert_eq!(field_errors(&b)[0].1, "验证码已失效，请点击图片更换后重新输入");

    // Right answer in lower case works once; the same ticket again does not.
    let ticket = app.captcha(&c).await;
    let (s, _) = sign_in(ticket.clone(), "test").await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = sign_in(ticket, "TEST").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b)[0].0, "captcha");

    // Expired after its lifetime.
    let ticket = app.captcha(&c).await;
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let (s, b) = sign_in(ticket.clone(), "TEST").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b)[0].1, "验证码已过期，请点击图片更换后重新输入");
    let img = c.get(format!("{}/captcha/{ticket}", app.base)).send().await.unwrap();
    assert_eq!(img.status(), StatusCode::NOT_FOUND);
    // Only the one good attempt signed in.
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE success = true").await, 1);
    app.stop().await;
}

async fn signing_out_ends_the_session_for_good(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let p = NewPerson::random();
    app.register(&c, &p).await;
    let ticket = app.captcha(&c).await;
    let res = c
        .post(format!("{}/api/accounts/sign_in_person", app.base))
        .json(&SignInPerson {
            input: SignInPersonInput {
                account: p.phone.clone(),
                password: p.password.clone(),
                captcha_id: uuid(&ticket),
                captcha: CAPTCHA.into(),
            },
        })
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let token = cookie.split(';').next().unwrap().to_owned();

    let (s, _) = app.send(&c, SignOut {}).await;
    assert_eq!(s, StatusCode::OK);
    let (_, me) = app.send(&c, CurrentSessionUser {}).await;
    assert!(me.is_null(), "{me}");
    assert_eq!(app.count("SELECT COUNT(*) FROM session").await, 0);

    // Replaying the old cookie gets nowhere.
    let bare = reqwest::Client::new();
    let res = bare
        .post(format!("{}/api/accounts/change_password", app.base))
        .header("cookie", token)
        .json(&ChangePassword {
            input: ChangePasswordInput {
                old_password: p.password.clone(),
                new_password: "Other@2026".into(),
                new_password_confirm: "Other@2026".into(),
            },
        })
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // And a signed-out visitor of /person is sent to sign in.
    let no_redirect = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = no_redirect.get(format!("{}/person", app.base)).header("accept", "text/html").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/login"));
    app.stop().await;
}

async fn an_idle_session_expires(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.session_idle_secs = 2).await;
    let c = app.client();
    app.signed_in_person(&c).await;
    // Activity keeps it alive…
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let (_, me) = app.send(&c, CurrentSessionUser {}).await;
        assert!(!me.is_null(), "session ended while in use");
    }
    // …idleness ends it.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (_, me) = app.send(&c, CurrentSessionUser {}).await;
    assert!(me.is_null(), "{me}");
    let input =
        ChangePasswordInput { old_password: "a".into(), new_password: "b".into(), new_password_confirm: "b".into() };
    let (s, b) = app.send(&c, ChangePassword { input }).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(message_of(&b), "请先登录，或登录已超时，请重新登录");
    app.stop().await;
}

async fn signing_in_issues_a_new_session_id(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let p = app.signed_in_person(&c).await;
    let first: Vec<String> = session_ids(&app).await;
    let (s, _) = app.sign_in(&c, &p.phone, &p.password).await;
    assert_eq!(s, StatusCode::OK);
    let second = session_ids(&app).await;
    assert_eq!(first.len(), 1);
    assert_eq!(second.len(), 1, "the old session is ended at sign-in");
    assert_ne!(first, second);
    app.stop().await;
}

async fn session_ids(app: &TestApp) -> Vec<String> {
    use sea_orm::EntityTrait;
    app::server::entities::session::Entity::find().all(app.db()).await.unwrap().into_iter().map(|s| s.id).collect()
}

async fn bad_id_numbers_are_refused_and_nothing_is_stored(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let good = NewPerson::random();
    let wrong_check = {
        let body = &good.id_number[..17];
        let right = app::domain::id_number::check_char(body.as_bytes());
        let wrong = if right == '0' { '1' } else { '0' };
        format!("{body}{wrong}")
    };
    let feb30 = with_check("45010219850230123");
    let inputs = [
        ("4501021985010112".to_string(), "身份证号码应为18位"),
        (wrong_check, "身份证号码校验位不正确，请核对后重新输入"),
        (feb30, "身份证号码中的出生日期不存在或不合理"),
        ("4501021985010112AX".to_string(), "身份证号码前17位应为数字，最后一位为数字或X"),
    ];
    for (id, message) in inputs {
        let p = NewPerson { id_number: id.clone(), ..NewPerson::random() };
        let (s, b) = app.register(&c, &p).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{id}");
        assert_eq!(field_errors(&b), vec![("id_number".into(), message.into())], "{id}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM person").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM account WHERE kind = 'person'").await, 0);
    app.stop().await;
}

async fn taken_id_phone_and_email_are_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let first = NewPerson::random();
    assert_eq!(app.register(&c, &first).await.0, StatusCode::OK);

    let same_id = NewPerson { id_number: first.id_number.clone(), ..NewPerson::random() };
    let (s, b) = app.register(&c, &same_id).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b), vec![("id_number".into(), "该证件号码已注册，请直接登录或找回密码".into())]);

    let same_phone = NewPerson { phone: first.phone.clone(), ..NewPerson::random() };
    let (_, b) = app.register(&c, &same_phone).await;
    assert_eq!(field_errors(&b), vec![("phone".into(), "该手机号已被其他账户使用".into())]);

    let same_email = NewPerson { email: first.email.to_uppercase(), ..NewPerson::random() };
    let (_, b) = app.register(&c, &same_email).await;
    assert_eq!(field_errors(&b), vec![("email".into(), "该邮箱已被其他账户使用".into())]);

    assert_eq!(app.count("SELECT COUNT(*) FROM person").await, 1);
    app.stop().await;
}

async fn weak_or_mismatched_passwords_are_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let cases = [
        ("abc123", "abc123", "password", "密码长度不能少于8位"),
        ("abcdefgh1", "abcdefgh1", "password", "密码须包含大写字母、小写字母、数字、符号中的至少三种"),
        ("Start@2026", "Start@2027", "password_confirm", "两次输入的密码不一致"),
    ];
    for (pw, confirm, field, message) in cases {
        let p = NewPerson { password: pw.into(), password_confirm: confirm.into(), ..NewPerson::random() };
        let (s, b) = app.register(&c, &p).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_errors(&b), vec![(field.to_string(), message.to_string())], "{pw}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM person").await, 0);
    app.stop().await;
}

async fn markup_in_the_name_is_stored_as_text_and_shown_escaped(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let p = NewPerson { name: "<script>alert(1)</script>".into(), ..NewPerson::random() };
    assert_eq!(app.register(&c, &p).await.0, StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM person WHERE name = '<script>alert(1)</script>'").await, 1);
    app.sign_in(&c, &p.phone, &p.password).await;
    let html = c.get(format!("{}/person", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name must appear escaped");
    assert!(!html.contains("<script>alert(1)</script>"), "the name must never be markup");
    app.stop().await;
}

async fn an_oversized_body_is_refused_with_413(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let mut p = NewPerson::random();
    p.name = "长".repeat(40_000);
    let ticket = app.captcha(&c).await;
    // Kept as raw JSON on purpose: the test is about the body's size, not its type.
    let (s, b) = app.call(&c, "accounts/register_person", json!({ "input": p.input(&ticket) })).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(message_of(&b), "提交的内容过大，请精简后重新提交");
    assert_eq!(app.count("SELECT COUNT(*) FROM person").await, 0);
    app.stop().await;
}

async fn profile_calls_need_a_session_and_the_callers_own_id(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.client();
    let bob = app.client();
    let a = app.signed_in_person(&alice).await;
    app.signed_in_person(&bob).await;
    let (_, a_me) = app.send(&alice, CurrentSessionUser {}).await;
    let a_id = uuid(a_me["public_id"].as_str().unwrap());
    let update_a = || UpdateContact {
        input: UpdateContactInput { person_id: a_id, phone: "13700000000".into(), email: "x@example.com".into() },
    };

    // No session at all.
    let anon = app.client();
    let (s, _) = app.send(&anon, LoadPersonProfile { person_id: a_id }).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = app.send(&anon, update_a()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // Bob names Alice's id.
    let (s, b) = app.send(&bob, LoadPersonProfile { person_id: a_id }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(message_of(&b), "无权查看或修改他人的账户信息");
    let (s, _) = app.send(&bob, update_a()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let phone_sql = format!("SELECT COUNT(*) FROM person WHERE phone_hash = '{}'", app.state.vault.hash(&a.phone));
    assert_eq!(app.count(&phone_sql).await, 1, "Alice's phone is unchanged");
    app.stop().await;
}

async fn changing_the_password_needs_the_old_one_and_ends_other_sessions(db: Db) {
    let app = TestApp::spawn(db).await;
    let laptop = app.client();
    let phone = app.client();
    let p = app.signed_in_person(&laptop).await;
    app.sign_in(&phone, &p.id_number, &p.password).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM session").await, 2);

    let change = |old: &str, new: &str, confirm: &str| ChangePassword {
        input: ChangePasswordInput {
            old_password: old.into(),
            new_password: new.into(),
            new_password_confirm: confirm.into(),
        },
    };
    let (s, b) = app.send(&laptop, change("Wrong@2026", "Next#2026", "Next#2026")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b), vec![("old_password".into(), "原密码不正确".into())]);
    let (_, b) = app.send(&laptop, change(&p.password, "weakweak", "weakweak")).await;
    assert_eq!(field_errors(&b)[0].0, "new_password");
    let (_, b) = app.send(&laptop, change(&p.password, "Next#2026", "Next#2027")).await;
    assert_eq!(field_errors(&b), vec![("new_password_confirm".into(), "两次输入的新密码不一致".into())]);
    assert_eq!(app.count("SELECT COUNT(*) FROM session").await, 2, "failed attempts change nothing");

    let (s, _) = app.send(&laptop, change(&p.password, "Next#2026", "Next#2026")).await;
    assert_eq!(s, StatusCode::OK);
    let (_, me) = app.send(&phone, CurrentSessionUser {}).await;
    assert!(me.is_null(), "the other browser is signed out");
    let (_, me) = app.send(&laptop, CurrentSessionUser {}).await;
    assert!(!me.is_null(), "this browser stays signed in");
    assert_eq!(app.sign_in(&phone, &p.phone, &p.password).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.sign_in(&phone, &p.phone, "Next#2026").await.0, StatusCode::OK);
    app.stop().await;
}

async fn contact_details_can_be_changed_but_not_to_someone_elses(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let other = app.client();
    let o = app.signed_in_person(&other).await;
    app.signed_in_person(&c).await;
    let (_, me) = app.send(&c, CurrentSessionUser {}).await;
    let person_id = uuid(me["public_id"].as_str().unwrap());
    let update = |phone: &str, email: &str| UpdateContact {
        input: UpdateContactInput { person_id, phone: phone.into(), email: email.into() },
    };

    let (s, b) = app.send(&c, update("12345", "bad")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = field_errors(&b).into_iter().map(|f| f.0).collect();
    assert_eq!(fields, ["phone", "email"]);
    let (_, b) = app.send(&c, update(&o.phone, &o.email)).await;
    assert_eq!(
        field_errors(&b),
        vec![("phone".into(), "该手机号已被其他账户使用".into()), ("email".into(), "该邮箱已被其他账户使用".into())]
    );
    let (s, b) = app.send(&c, update("13712345678", "New@Example.com")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["phone"], "13712345678");
    assert_eq!(b["email"], "new@example.com");
    app.stop().await;
}

async fn sign_in_attempts_are_limited_per_address(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.rate_sign_in = 3).await;
    let c = app.client();
    for _ in 0..3 {
        assert_eq!(app.sign_in(&c, "13900000000", "Wrong@2026").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (s, b) = app.sign_in(&c, "13900000000", "Wrong@2026").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(message_of(&b).starts_with("登录尝试过于频繁"), "{b}");
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE reason = '同一地址尝试过于频繁'").await, 1);
    app.stop().await;
}

async fn a_wrong_captcha_is_not_counted_as_a_sign_in_attempt(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.rate_sign_in = 2).await;
    let c = app.client();
    let attempt = |answer: &'static str| {
        let (app, c) = (&app, &c);
        async move {
            let ticket = app.captcha(c).await;
            let input = SignInPersonInput {
                account: "13900000000".into(),
                password: "Wrong@2026".into(),
                captcha_id: uuid(&ticket),
                captcha: answer.into(),
            };
            app.send(c, SignInPerson { input }).await
        }
    };
    // A wrong answer is turned away before anything is counted.
    for _ in 0..3 {
        let (s, b) = attempt("NOPE").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_errors(&b), vec![("captcha".into(), "验证码错误，请重新输入".into())]);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM rate_limit WHERE key LIKE 'sign_in%'").await, 0);
    // Two counted attempts are allowed, the third is not.
    for _ in 0..2 {
        let (s, b) = attempt("test").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert_eq!(field_errors(&b), vec![("password".into(), "账号或密码错误".into())]);
    }
    assert_eq!(app.count("SELECT SUM(hits) FROM rate_limit WHERE key LIKE 'sign_in:%'").await, 2);
    assert_eq!(app.count("SELECT SUM(hits) FROM rate_limit WHERE key LIKE 'sign_in_account:%'").await, 2);
    let (s, b) = attempt("TEST").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(message_of(&b).starts_with("登录尝试过于频繁"), "{b}");
    // Every attempt spent its ticket and was logged.
    assert_eq!(app.count("SELECT COUNT(*) FROM captcha").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE reason = '验证码错误'").await, 3);
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE reason = '账号不存在'").await, 2);
    app.stop().await;
}

async fn captcha_tickets_are_limited_per_address(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.rate_captcha = 3).await;
    let c = app.client();
    for _ in 0..3 {
        app.captcha(&c).await;
    }
    let (s, b) = app.send(&c, app::captcha::NewCaptcha {}).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(message_of(&b), "获取验证码过于频繁，请稍后再试");
    // The refused request stored no ticket; its hit was counted.
    assert_eq!(app.count("SELECT COUNT(*) FROM captcha").await, 3);
    assert_eq!(app.count("SELECT SUM(hits) FROM rate_limit WHERE key LIKE 'captcha:%'").await, 4);
    app.stop().await;
}

async fn registrations_are_limited_per_address(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.rate_register = 2).await;
    let c = app.client();
    assert_eq!(app.register(&c, &NewPerson::random()).await.0, StatusCode::OK);
    assert_eq!(app.register(&c, &NewPerson::random()).await.0, StatusCode::OK);
    let (s, b) = app.register(&c, &NewPerson::random()).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(message_of(&b), "注册过于频繁，请稍后再试");
    assert_eq!(app.count("SELECT COUNT(*) FROM person").await, 2);
    app.stop().await;
}

async fn other_kinds_of_id_need_birth_date_and_sex(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let p = NewPerson::random();
    let ticket = app.captcha(&c).await;
    let mut input = p.typed(&ticket);
    input.id_type = "passport".into();
    input.id_number = "e1234567".into();
    let (s, b) = app.send(&c, RegisterPerson { input: input.clone() }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = field_errors(&b).into_iter().map(|f| f.0).collect();
    assert_eq!(fields, ["birth_date", "gender"]);
    input.captcha_id = uuid(&app.captcha(&c).await);
    input.birth_date = "1988-08-08".into();
    input.gender = "男".into();
    let (s, b) = app.send(&c, RegisterPerson { input }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let sql = format!(
        "SELECT COUNT(*) FROM person WHERE id_number_hash = '{}' AND gender = '男'",
        app.state.vault.hash("E1234567")
    );
    assert_eq!(app.count(&sql).await, 1);
    app.stop().await;
}

async fn a_forgotten_password_is_reset_with_a_code_sent_to_the_registered_email(db: Db) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let p = NewPerson::random();
    app.register(&c, &p).await;
    let signed_in = app.client();
    app.sign_in(&signed_in, &p.phone, &p.password).await;
    let start = |account: String| {
        let (app, c) = (&app, &c);
        async move {
            let ticket = app.captcha(c).await;
            let input = ForgotStartInput { account, captcha_id: uuid(&ticket), captcha: CAPTCHA.into() };
            app.send(c, ForgotPasswordStart { input }).await
        }
    };
    // An unknown account gets the same answer and no message.
    let (s, unknown) = start("13900000000".into()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 0);
    let reset = |token: &serde_json::Value, code: &str, pw: &str| ForgotPasswordReset {
        input: ForgotResetInput {
            token: uuid(token.as_str().unwrap()),
            code: code.into(),
            new_password: pw.into(),
            new_password_confirm: pw.into(),
        },
    };
    let (s, b) = app.send(&c, reset(&unknown, "123456", "Reset@2026")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message_of(&b).starts_with("验证码错误"), "{b}");

    let (s, token) = start(p.id_number.clone()).await;
    assert_eq!(s, StatusCode::OK);
    let body = app::server::entities::outbox::Entity::find()
        .filter(app::server::entities::outbox::Column::Recipient.eq(p.email.clone()))
        .order_by_desc(app::server::entities::outbox::Column::Id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
        .body;
    let code: String = body.split("验证码为 ").nth(1).unwrap().chars().take(6).collect();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (s, _) = app.send(&c, reset(&token, wrong, "Reset@2026")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, b) = app.send(&c, reset(&token, &code, "weak")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b)[0].0, "new_password");
    let (s, b) = app.send(&c, reset(&token, &code, "Reset@2026")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // Spent; other sessions ended; the new password works.
    let (s, b) = app.send(&c, reset(&token, &code, "Again@2026")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "找回密码流程已失效，请从第一步重新开始");
    let (_, me) = app.send(&signed_in, CurrentSessionUser {}).await;
    assert!(me.is_null());
    assert_eq!(app.sign_in(&c, &p.phone, "Reset@2026").await.0, StatusCode::OK);
    app.stop().await;
}

/// 64 sign-ins fired at once at a pool of 2 hashing workers with room for 4
/// waiting: every answer is a success or 503 系统繁忙 (none hangs, none fails
/// otherwise), and each is in the 登录日志 as what it was.
async fn sixty_four_sign_ins_at_once_each_succeed_or_are_told_the_system_is_busy(db: Db) {
    let app = TestApp::spawn_with(db, |c| {
        c.rate_sign_in = 10_000;
        c.rate_sign_in_account = 10_000;
        c.rate_captcha = 10_000;
        c.hashing.workers = 2;
        c.hashing.queue = 4;
    })
    .await;
    let p = NewPerson::random();
    let (s, b) = app.register(&app.client(), &p).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    // Tickets first, so the 64 requests leave together.
    let mut ready = Vec::new();
    for _ in 0..64 {
        let c = app.client();
        let ticket = app.captcha(&c).await;
        ready.push((c, ticket));
    }
    let app = std::sync::Arc::new(app);
    let mut calls = tokio::task::JoinSet::new();
    for (c, ticket) in ready {
        let (app, account, password) = (app.clone(), p.phone.clone(), p.password.clone());
        calls.spawn(async move {
            let input = SignInPersonInput { account, password, captcha_id: uuid(&ticket), captcha: CAPTCHA.into() };
            tokio::time::timeout(Duration::from_secs(60), app.send(&c, SignInPerson { input })).await
        });
    }
    let (mut ok, mut busy) = (0i64, 0i64);
    for answer in calls.join_all().await {
        let (status, body) = answer.expect("no sign-in hangs");
        match status {
            StatusCode::OK => ok += 1,
            StatusCode::SERVICE_UNAVAILABLE => {
                assert_eq!(body["message"], "系统繁忙，请稍后再试", "{body}");
                busy += 1;
            }
            other => panic!("unexpected answer {other}: {body}"),
        }
    }
    assert_eq!(ok + busy, 64);
    assert!(ok >= 2, "the workers computed at least their own jobs: {ok} ok, {busy} busy");
    assert!(busy >= 1, "a queue of 4 cannot hold 64 at once: {ok} ok, {busy} busy");
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE success = true").await, ok);
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE reason = '系统繁忙'").await, busy);
    match std::sync::Arc::try_unwrap(app) {
        Ok(app) => app.stop().await,
        Err(_) => panic!("the calls still hold the app"),
    }
}
