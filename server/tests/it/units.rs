//! Units: registration with licence and staff, sign-in of units and staff,
//! the unit's own pages, staff management, the 职改办's review, files and
//! password recovery — every flow and bad input, on both databases.

use crate::harness::*;
use crate::on_both_databases;
use app::declarations::api::{LoadStaffHome, UnitBatches};
use app::units::api::{
    AddUnitStaff, LeaveUnit, ListUnitChanges, ListUnitContacts, ListUnitRegistrations, ListUnitRenames, ListUnitStaff,
    LoadUnitProfile, LookupStaffCandidate, MyUnits, RecoveryReset, RecoverySendCode, RecoveryStart, RegisterUnit,
    RemoveUnitContact, RemoveUnitStaff, ReviewUnitChange, ReviewUnitRegistration, SaveUnitContact, SearchUnits,
    SetUnitStaffEnabled, SignInUnit, UpdateUnitInfo,
};
use app::units::{
    ContactInput, RecoveryResetInput, RecoverySendInput, RecoveryStartInput, RegisterUnitInput, SignInUnitInput,
    UnitStatus, UpdateUnitInput,
};
use reqwest::StatusCode;
use serde_json::json;

/// An id the server gave, held as JSON.
fn id_of(v: &serde_json::Value) -> uuid::Uuid {
    uuid(v.as_str().expect("an id"))
}

on_both_databases!(
    a_unit_registers_with_licence_and_staff_and_waits_for_review,
    bad_credit_codes_are_refused_and_nothing_is_stored,
    a_credit_code_registers_only_once,
    licences_are_checked_by_content_and_size,
    the_unit_dropdown_needs_two_characters_and_offers_at_most_ten,
    a_unit_signs_in_only_with_the_credit_code_of_the_unit_it_picked,
    staff_are_added_by_id_number_of_an_existing_account,
    staff_lookups_are_limited_per_unit_and_address,
    only_enabled_staff_of_the_chosen_unit_sign_in,
    renaming_the_unit_writes_a_rename_record,
    contacts_can_be_added_edited_and_removed_by_their_unit_only,
    a_city_office_reviews_only_its_own_registrations,
    licence_files_are_shown_only_to_their_unit_and_the_offices,
    password_recovery_goes_through_a_code_sent_to_the_staff_member,
    recovery_without_enabled_staff_gives_the_manuals_advice,
    unit_and_staff_sessions_cannot_call_each_others_functions,
    a_person_sees_and_leaves_the_units_that_list_them,
    an_approved_units_name_and_city_change_waits_for_its_office,
    anonymous_licence_uploads_belong_to_their_browser_and_are_limited,
);

async fn a_unit_registers_with_licence_and_staff_and_waits_for_review(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let staff = app.signed_in_person(&app.client()).await;
    let unit = NewUnit::random();
    let (s, b) = app.register_unit(&c, &unit, &[&staff.id_number]).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    let (s, user) = app.sign_in_unit(&c, &unit).await;
    assert_eq!(s, StatusCode::OK, "{user}");
    assert_eq!(user["role"], "Unit");
    assert_eq!(user["name"], unit.name);
    let (_, profile) = app.send(&c, LoadUnitProfile {}).await;
    assert_eq!(profile["status"], "Pending");
    assert_eq!(profile["credit_code"], unit.credit_code);
    assert_eq!(profile["region_name"], "南宁市青秀区");
    assert_eq!(profile["licence_hint"], "《企业法人营业执照》");
    assert_eq!(profile["licence"]["content_type"], "image/png");
    // The staff are linked; the unit sees them once approved.
    assert_eq!(app.count("SELECT COUNT(*) FROM unit_staff").await, 1);
    let (s, _) = app.send(&c, ListUnitStaff {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.approve_unit(&unit.name).await;
    let (_, list) = app.send(&c, ListUnitStaff {}).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "测*");
    assert_eq!(list[0]["enabled"], true);
    assert_eq!(list[0]["phone"], format!("{}****{}", &staff.phone[..3], &staff.phone[7..]));
    assert_eq!(app.count("SELECT COUNT(*) FROM upload WHERE claimed = true").await, 1);
    app.stop().await;
}

async fn bad_credit_codes_are_refused_and_nothing_is_stored(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let good = new_credit_code();
    let wrong_check = format!("{}{}", &good[..17], if good.ends_with('0') { '1' } else { '0' });
    let cases = [
        (wrong_check, "统一社会信用代码校验位不正确，请对照营业执照核对"),
        (good[..17].to_string(), "统一社会信用代码应为18位"),
        (format!("91450100I{}", &good[9..]), "统一社会信用代码只能由数字和大写字母组成，且不含I、O、S、V、Z"),
        (format!("91450100Z{}", &good[9..]), "统一社会信用代码只能由数字和大写字母组成，且不含I、O、S、V、Z"),
    ];
    for (code, message) in cases {
        let unit = NewUnit { credit_code: code.clone(), ..NewUnit::random() };
        let (s, b) = app.register_unit(&c, &unit, &[]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        assert_eq!(field_errors(&b), vec![("credit_code".into(), message.into())], "{code}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM unit").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM account WHERE kind = 'unit'").await, 0);
    app.stop().await;
}

async fn a_credit_code_registers_only_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let unit = NewUnit::random();
    assert_eq!(app.register_unit(&c, &unit, &[]).await.0, StatusCode::OK);
    let again = NewUnit { name: "另一个名字的单位".into(), ..unit.clone() };
    let (s, b) = app.register_unit(&c, &again, &[]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b)[0].1, "该统一社会信用代码已注册，请直接登录或通过“忘记密码”找回");
    assert_eq!(app.count("SELECT COUNT(*) FROM unit").await, 1);
    app.stop().await;
}

async fn licences_are_checked_by_content_and_size(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    // Text renamed to look like an image.
    let (s, b) = app.upload(&c, "执照.png", b"just some text, not a picture".to_vec()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message_of(&b).contains("只能上传 JPG、PNG 或 PDF"), "{b}");
    // A real GIF: the wrong type.
    let (s, _) = app.upload(&c, "执照.gif", b"GIF89a\x01\0\x01\0\0\0\0;".to_vec()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Empty.
    let (s, _) = app.upload(&c, "执照.pdf", Vec::new()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Over 10 MB.
    let mut big = PNG.to_vec();
    big.resize(10 * 1024 * 1024 + 10, 0);
    let (s, b) = app.upload(&c, "执照.png", big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{b}");
    assert!(message_of(&b).contains("10MB") || message_of(&b).contains("过大"), "{b}");
    assert_eq!(app.count("SELECT COUNT(*) FROM upload").await, 0);
    // A PDF and a JPEG pass.
    assert_eq!(app.upload(&c, "a.pdf", b"%PDF-1.4\n%...".to_vec()).await.0, StatusCode::OK);
    let (s, b) = app.upload(&c, "a.bin", b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["content_type"], "image/jpeg");
    // Registration without a licence is refused.
    let unit = NewUnit::random();
    let ticket = app.captcha(&c).await;
    let (s, b) = app.send(&c, RegisterUnit { input: unit.typed(&ticket) }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b), vec![("licence".into(), "请上传营业执照彩色扫描件".into())]);
    app.stop().await;
}

async fn the_unit_dropdown_needs_two_characters_and_offers_at_most_ten(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    for i in 0..12 {
        let unit = NewUnit { name: format!("桂林漓江{i:02}号公司"), ..NewUnit::random() };
        assert_eq!(app.register_unit(&c, &unit, &[]).await.0, StatusCode::OK);
    }
    let (_, one) = app.send(&c, SearchUnits { keyword: "桂".into() }).await;
    assert_eq!(one.as_array().unwrap().len(), 0);
    let (_, many) = app.send(&c, SearchUnits { keyword: "漓江".into() }).await;
    assert_eq!(many.as_array().unwrap().len(), 10);
    let (_, exact) = app.send(&c, SearchUnits { keyword: "漓江07".into() }).await;
    assert_eq!(exact.as_array().unwrap().len(), 1);
    // LIKE wildcards are taken literally.
    let (_, none) = app.send(&c, SearchUnits { keyword: "%%".into() }).await;
    assert_eq!(none.as_array().unwrap().len(), 0);
    app.stop().await;
}

async fn a_unit_signs_in_only_with_the_credit_code_of_the_unit_it_picked(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let a = NewUnit::random();
    let b = NewUnit::random();
    app.register_unit(&c, &a, &[]).await;
    app.register_unit(&c, &b, &[]).await;
    // Picked A, typed B's code and password.
    let a_id = app.unit_id(&c, &a.name).await;
    let ticket = app.captcha(&c).await;
    let input = SignInUnitInput {
        unit_id: Some(id_of(&a_id)),
        credit_code: b.credit_code.clone(),
        password: b.password.clone(),
        captcha_id: uuid(&ticket),
        captcha: CAPTCHA.into(),
    };
    let (s, body) = app.send(&c, SignInUnit { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&body), "账号或密码错误");
    // Not picked at all.
    let ticket = app.captcha(&c).await;
    let input = SignInUnitInput {
        unit_id: None,
        credit_code: a.credit_code.clone(),
        password: a.password.clone(),
        captcha_id: uuid(&ticket),
        captcha: CAPTCHA.into(),
    };
    let (_, body) = app.send(&c, SignInUnit { input }).await;
    assert_eq!(field_errors(&body)[0].0, "unit");
    assert_eq!(app.sign_in_unit(&c, &a).await.0, StatusCode::OK);
    app.stop().await;
}

async fn staff_are_added_by_id_number_of_an_existing_account(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let person = app.signed_in_person(&app.client()).await;
    let unit = NewUnit::random();
    app.register_unit(&c, &unit, &[]).await;
    app.sign_in_unit(&c, &unit).await;

    // While 待审核 the unit may only see and correct its registration.
    let (s, b) = app.send(&c, LookupStaffCandidate { id_number: person.id_number.clone() }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(message_of(&b), "单位注册信息尚未通过职改办审核，暂只能查看和修改注册信息");
    let (s, _) = app.send(&c, AddUnitStaff { id_number: person.id_number.clone() }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM unit_staff").await, 0);
    let (s, _) = app.send(&c, LoadUnitProfile {}).await;
    assert_eq!(s, StatusCode::OK);
    app.approve_unit(&unit.name).await;

    // 查询 shows the person masked: the family name and one star, the e-mail's domain.
    let (s, found) = app.send(&c, LookupStaffCandidate { id_number: person.id_number.clone() }).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(found["name"], "测*");
    assert_eq!(found["email"], "@example.com");
    assert_eq!(found["phone"], "");
    // Nobody else may ask.
    let (s, _) = app.send(&app.client(), LookupStaffCandidate { id_number: person.id_number.clone() }).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    let unknown = with_check("45010219900101999");
    let (s, b) = app.send(&c, AddUnitStaff { id_number: unknown.clone() }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "工作人员必须在个人申报系统注册个人账户信息成功后方可关联");
    let (_, b) = app.send(&c, AddUnitStaff { id_number: "12345".into() }).await;
    assert_eq!(message_of(&b), "身份证号码应为18位");
    let (s, list) = app.send(&c, AddUnitStaff { id_number: person.id_number.clone() }).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (s, b) = app.send(&c, AddUnitStaff { id_number: person.id_number.clone() }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "该人员已是本单位工作人员");
    assert_eq!(app.count("SELECT COUNT(*) FROM unit_staff").await, 1);
    // Registration does not tell who is registered: an unknown staff ID is
    // passed over, a registered one is linked (the person can leave).
    let other = NewUnit::random();
    let (s, b) = app.register_unit(&c, &other, &[&unknown, &person.id_number]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(app.count("SELECT COUNT(*) FROM unit_staff").await, 2);
    let (s, b) = app.register_unit(&c, &NewUnit::random(), &["12345"]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b)[0].0, "staff");
    app.stop().await;
}

async fn staff_lookups_are_limited_per_unit_and_address(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let person = app.signed_in_person(&app.client()).await;
    let unit = NewUnit::random();
    app.register_unit(&c, &unit, &[]).await;
    app.sign_in_unit(&c, &unit).await;
    app.approve_unit(&unit.name).await;
    // 30 per unit in ten minutes, then a clear refusal.
    for _ in 0..30 {
        let (s, b) = app.send(&c, LookupStaffCandidate { id_number: person.id_number.clone() }).await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    let (s, b) = app.send(&c, LookupStaffCandidate { id_number: person.id_number.clone() }).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(message_of(&b), "查询过于频繁，请稍后再试");
    // Both windows count every lookup, in one statement.
    assert_eq!(app.count("SELECT SUM(hits) FROM rate_limit WHERE key LIKE 'staff_lookup_unit:%'").await, 31);
    assert_eq!(app.count("SELECT SUM(hits) FROM rate_limit WHERE key LIKE 'staff_lookup:%'").await, 31);
    app.stop().await;
}

async fn only_enabled_staff_of_the_chosen_unit_sign_in(db: Db) {
    let app = TestApp::spawn(db).await;
    let unit_client = app.client();
    let staff_client = app.client();
    let person = app.signed_in_person(&app.client()).await;
    let unit = NewUnit::random();
    let other = NewUnit::random();
    app.register_unit(&unit_client, &unit, &[&person.id_number]).await;
    app.register_unit(&unit_client, &other, &[]).await;
    app.sign_in_unit(&unit_client, &unit).await;

    // Not before the 职改办 approves the unit.
    let (s, b) = app.sign_in_staff(&app.client(), &unit.name, &person.phone, &person.password).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(message_of(&b), "本单位注册信息尚未通过职改办审核，审核通过后工作人员方可登录");
    app.approve_unit(&unit.name).await;
    app.approve_unit(&other.name).await;

    let (s, user) = app.sign_in_staff(&staff_client, &unit.name, &person.phone, &person.password).await;
    assert_eq!(s, StatusCode::OK, "{user}");
    assert_eq!(user["role"], "UnitStaff");
    assert_eq!(user["org_name"], unit.name);
    let (s, home) = app.send(&staff_client, LoadStaffHome {}).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(home["unit_name"], unit.name);
    assert_eq!(home["todo_count"], 0);

    // Not staff of the other unit.
    let (s, b) = app.sign_in_staff(&app.client(), &other.name, &person.phone, &person.password).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(message_of(&b).contains("不是所选单位的工作人员"));
    // A wrong password says nothing about staff status.
    let (s, b) = app.sign_in_staff(&app.client(), &other.name, &person.phone, "Wrong@2026").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "账号或密码错误");

    // Disabled: the running session loses access and a new sign-in is refused.
    let (_, list) = app.send(&unit_client, ListUnitStaff {}).await;
    let staff_id = list[0]["id"].clone();
    let (s, _) = app.send(&unit_client, SetUnitStaffEnabled { id: id_of(&staff_id), enabled: false }).await;
    assert_eq!(s, StatusCode::OK);
    // (the access layer reads the link on every request: the session is signed out)
    let (s, _) = app.send(&staff_client, LoadStaffHome {}).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, b) = app.sign_in_staff(&app.client(), &unit.name, &person.phone, &person.password).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(message_of(&b), "您在该单位的工作人员账号已停用，请联系单位启用");
    assert_eq!(app.count("SELECT COUNT(*) FROM login_log WHERE reason = '工作人员已停用'").await, 1);

    // Enabled again, then removed.
    app.send(&unit_client, SetUnitStaffEnabled { id: id_of(&staff_id), enabled: true }).await;
    assert_eq!(app.sign_in_staff(&app.client(), &unit.name, &person.phone, &person.password).await.0, StatusCode::OK);
    let (s, list) = app.send(&unit_client, RemoveUnitStaff { id: id_of(&staff_id) }).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 0);
    assert_eq!(
        app.sign_in_staff(&app.client(), &unit.name, &person.phone, &person.password).await.0,
        StatusCode::FORBIDDEN
    );
    app.stop().await;
}

async fn renaming_the_unit_writes_a_rename_record(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let unit = NewUnit::random();
    app.register_unit(&c, &unit, &[]).await;
    app.sign_in_unit(&c, &unit).await;
    let update = |name: &str, address: &str| UpdateUnitInfo {
        input: UpdateUnitInput {
            name: name.into(),
            legal_rep: "李法人".into(),
            kind: "国有企业".into(),
            industry: "C".into(),
            region_code: "450203".into(),
            address: address.into(),
            licence_id: None,
        },
    };
    let (s, b) = app.send(&c, update("", "")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = field_errors(&b).into_iter().map(|f| f.0).collect();
    assert_eq!(fields, ["name", "address"]);
    let (s, p) = app.send(&c, update("新名称有限公司", "城中路2号")).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["name"], "新名称有限公司");
    assert_eq!(p["region_name"], "柳州市鱼峰区");
    // Saving without a new name writes no rename.
    app.send(&c, update("新名称有限公司", "城中路3号")).await;
    let (_, renames) = app.send(&c, ListUnitRenames {}).await;
    assert_eq!(renames.as_array().unwrap().len(), 1);
    assert_eq!(renames[0]["old_name"], unit.name);
    assert_eq!(renames[0]["new_name"], "新名称有限公司");
    assert!(renames[0]["changed_by"].as_str().unwrap().contains(&unit.credit_code));
    app.stop().await;
}

async fn contacts_can_be_added_edited_and_removed_by_their_unit_only(db: Db) {
    let app = TestApp::spawn(db).await;
    let a = app.client();
    let b = app.client();
    let (ua, ub) = (NewUnit::random(), NewUnit::random());
    app.register_unit(&a, &ua, &[]).await;
    app.register_unit(&b, &ub, &[]).await;
    app.sign_in_unit(&a, &ua).await;
    app.sign_in_unit(&b, &ub).await;
    // Contacts are kept by approved units: a 待审核 one only corrects its registration.
    let (s, _) = app.send(&a, ListUnitContacts {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.approve_unit(&ua.name).await;
    app.approve_unit(&ub.name).await;
    let contact = |id: serde_json::Value, name: &str, phone: &str| SaveUnitContact {
        input: ContactInput {
            id: id.as_str().map(uuid),
            name: name.into(),
            phone: phone.into(),
            email: "hr@example.com".into(),
        },
    };

    let (s, e) = app.send(&a, contact(json!(null), "", "1")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&e).len(), 2);
    let (s, list) = app.send(&a, contact(json!(null), "人事处王老师", "13711112222")).await;
    assert_eq!(s, StatusCode::OK);
    let id = list[0]["id"].clone();
    let (_, list) = app.send(&a, contact(id.clone(), "人事处王主任", "13711112222")).await;
    assert_eq!(list[0]["name"], "人事处王主任");

    // Unit B cannot touch A's contact.
    let (s, _) = app.send(&b, contact(id.clone(), "篡改", "13700000000")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.send(&b, RemoveUnitContact { id: id_of(&id) }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM unit_contact WHERE name = '人事处王主任'").await, 1);

    let (s, list) = app.send(&a, RemoveUnitContact { id: id_of(&id) }).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 0);
    app.stop().await;
}

async fn a_city_office_reviews_only_its_own_registrations(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let unit = NewUnit::random();
    app.register_unit(&c, &unit, &[]).await;
    let nanning = app.client();
    let liuzhou = app.client();
    app.signed_in_officer(&nanning, "nn", "office", Some("ZGB-450100")).await;
    app.signed_in_officer(&liuzhou, "lz", "office", Some("ZGB-450200")).await;

    let (s, page) = app.send(&nanning, ListUnitRegistrations { status: Some(UnitStatus::Pending), page: 1 }).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(page["total"], 1);
    let id = page["rows"][0]["id"].clone();
    let (_, page) = app.send(&liuzhou, ListUnitRegistrations { status: None, page: 1 }).await;
    assert_eq!(page["total"], 0);
    let (s, _) = app.send(&liuzhou, ReviewUnitRegistration { id: id_of(&id), approve: true, note: "".into() }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // A person or a unit cannot review.
    let (s, _) = app.send(&c, ListUnitRegistrations { status: None, page: 1 }).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // Returning needs a reason; the unit sees it and its correction resubmits.
    let (s, b) = app.send(&nanning, ReviewUnitRegistration { id: id_of(&id), approve: false, note: "  ".into() }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "请填写退回原因");
    let (s, _) = app
        .send(&nanning, ReviewUnitRegistration { id: id_of(&id), approve: false, note: "营业执照不清晰".into() })
        .await;
    assert_eq!(s, StatusCode::OK);
    app.sign_in_unit(&c, &unit).await;
    let (_, p) = app.send(&c, LoadUnitProfile {}).await;
    assert_eq!(p["status"], "Returned");
    assert_eq!(p["review_note"], "营业执照不清晰");
    let (_, file) = app.upload(&c, "清晰执照.png", PNG.to_vec()).await;
    let input = UpdateUnitInput {
        name: unit.name.clone(),
        legal_rep: "张法人".into(),
        kind: "非公企业".into(),
        industry: "I".into(),
        region_code: "450103".into(),
        address: "民族大道1号".into(),
        licence_id: Some(id_of(&file["id"])),
    };
    let (s, p) = app.send(&c, UpdateUnitInfo { input }).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["status"], "Pending");
    assert_eq!(p["licence"]["name"], "清晰执照.png");

    // The region office (区职改办) approves; a second approval finds it changed.
    let region = app.client();
    app.signed_in_officer(&region, "qu", "office", Some("ZGB-450000")).await;
    let (s, _) = app.send(&region, ReviewUnitRegistration { id: id_of(&id), approve: true, note: "".into() }).await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = app.send(&nanning, ReviewUnitRegistration { id: id_of(&id), approve: true, note: "".into() }).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(message_of(&b).contains("已变化"));
    let (_, p) = app.send(&c, LoadUnitProfile {}).await;
    assert_eq!(p["status"], "Approved");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = '单位注册审核通过'").await, 1);
    app.stop().await;
}

async fn licence_files_are_shown_only_to_their_unit_and_the_offices(db: Db) {
    let app = TestApp::spawn(db).await;
    let a = app.client();
    let b = app.client();
    let (ua, ub) = (NewUnit::random(), NewUnit::random());
    app.register_unit(&a, &ua, &[]).await;
    app.register_unit(&b, &ub, &[]).await;
    app.sign_in_unit(&a, &ua).await;
    app.sign_in_unit(&b, &ub).await;
    let (_, p) = app.send(&a, LoadUnitProfile {}).await;
    let url = format!("{}/files/{}", app.base, p["licence"]["id"].as_str().unwrap());

    let res = a.get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(b.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(reqwest::get(&url).await.unwrap().status(), StatusCode::NOT_FOUND);
    let office = app.client();
    app.signed_in_officer(&office, "nn", "office", Some("ZGB-450100")).await;
    assert_eq!(office.get(&url).send().await.unwrap().status(), StatusCode::OK);
    // Another city's office does not review this unit: no licence for it.
    let other_office = app.client();
    app.signed_in_officer(&other_office, "lz", "office", Some("ZGB-450200")).await;
    assert_eq!(other_office.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn password_recovery_goes_through_a_code_sent_to_the_staff_member(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let staff = app.signed_in_person(&app.client()).await;
    let unit = NewUnit::random();
    app.register_unit(&c, &unit, &[&staff.id_number]).await;
    let unit_session = app.client();
    app.sign_in_unit(&unit_session, &unit).await;
    let unit_id = app.unit_id(&c, &unit.name).await;

    let start = |code: String| {
        let (app, c, unit_id) = (&app, &c, unit_id.clone());
        async move {
            let ticket = app.captcha(c).await;
            let input = RecoveryStartInput {
                unit_id: Some(id_of(&unit_id)),
                credit_code: code,
                captcha_id: uuid(&ticket),
                captcha: CAPTCHA.into(),
            };
            app.send(c, RecoveryStart { input }).await
        }
    };
    // 第一步: the code must belong to the unit picked.
    let (s, b) = start(new_credit_code()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "单位与社会统一代码不一致，请核对");
    let (s, started) = start(unit.credit_code.to_lowercase()).await;
    assert_eq!(s, StatusCode::OK, "{started}");
    let token = started["token"].clone();
    assert_eq!(started["staff"][0]["name"], "测*");
    let staff_id = started["staff"][0]["id"].clone();

    // 第二步: a wrong 身份证号 is counted and sends nothing.
    let input = RecoverySendInput {
        token: id_of(&token),
        staff_id: Some(id_of(&staff_id)),
        id_number: with_check("45010219900101888"),
    };
    let (s, b) = app.send(&c, RecoverySendCode { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message_of(&b).contains("还可尝试4次"), "{b}");
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 0);
    let input = RecoverySendInput {
        token: id_of(&token),
        staff_id: Some(id_of(&staff_id)),
        id_number: staff.id_number.clone(),
    };
    let (s, sent) = app.send(&c, RecoverySendCode { input }).await;
    assert_eq!(s, StatusCode::OK, "{sent}");
    assert!(sent["destination"].as_str().unwrap().ends_with("@example.com"));
    let body = outbox_body(&app, &staff.email).await;
    let code: String = body.split("验证码为 ").nth(1).unwrap().chars().take(6).collect();

    // 第三步: a wrong code, then the right one; then it is spent.
    let reset = |code: &str, pw: &str| RecoveryReset {
        input: RecoveryResetInput {
            token: id_of(&token),
            code: code.into(),
            new_password: pw.into(),
            new_password_confirm: pw.into(),
        },
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (s, b) = app.send(&c, reset(wrong, "Reset@2026")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message_of(&b).starts_with("验证码错误"), "{b}");
    let (s, b) = app.send(&c, reset(&code, "Reset@2026")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.send(&c, reset(&code, "Again@2026")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "找回密码流程已失效，请从第一步重新开始");

    // The old session is over; the new password works, the old does not.
    let (s, _) = app.send(&unit_session, LoadUnitProfile {}).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(app.sign_in_unit(&app.client(), &unit).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let renewed = NewUnit { password: "Reset@2026".into(), ..unit.clone() };
    assert_eq!(app.sign_in_unit(&app.client(), &renewed).await.0, StatusCode::OK);

    // An expired code is refused (time moved on by editing the flow).
    let (_, started) = start(unit.credit_code.clone()).await;
    let token2 = started["token"].clone();
    let input = RecoverySendInput {
        token: id_of(&token2),
        staff_id: Some(id_of(&staff_id)),
        id_number: staff.id_number.clone(),
    };
    app.send(&c, RecoverySendCode { input }).await;
    let body = outbox_body(&app, &staff.email).await;
    let code2: String = body.split("验证码为 ").nth(1).unwrap().chars().take(6).collect();
    {
        use app::server::entities::recovery_code as recovery;
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let id: uuid::Uuid = token2.as_str().unwrap().parse().unwrap();
        let past = chrono::Utc::now() - chrono::Duration::minutes(1);
        let moved = recovery::Entity::update_many()
            .col_expr(recovery::Column::CodeExpiresAt, Expr::value(Some(past)))
            .filter(recovery::Column::Id.eq(id))
            .exec(app.db())
            .await
            .unwrap();
        assert_eq!(moved.rows_affected, 1);
    }
    let input = RecoveryResetInput {
        token: id_of(&token2),
        code: code2,
        new_password: "Later@2026".into(),
        new_password_confirm: "Later@2026".into(),
    };
    let (s, b) = app.send(&c, RecoveryReset { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "验证码已过期，请返回第二步重新获取");
    assert!(app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE '找回单位密码%'").await >= 6);
    app.stop().await;
}

async fn outbox_body(app: &TestApp, recipient: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    app::server::entities::outbox::Entity::find()
        .filter(app::server::entities::outbox::Column::Recipient.eq(recipient))
        .order_by_desc(app::server::entities::outbox::Column::Id)
        .one(app.db())
        .await
        .unwrap()
        .expect("a message")
        .body
}

async fn recovery_without_enabled_staff_gives_the_manuals_advice(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let unit = NewUnit::random();
    app.register_unit(&c, &unit, &[]).await;
    let unit_id = app.unit_id(&c, &unit.name).await;
    let ticket = app.captcha(&c).await;
    let input = RecoveryStartInput {
        unit_id: Some(id_of(&unit_id)),
        credit_code: unit.credit_code.clone(),
        captcha_id: uuid(&ticket),
        captcha: CAPTCHA.into(),
    };
    let (s, b) = app.send(&c, RecoveryStart { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message_of(&b).contains("0771-5505013"), "{b}");
    app.stop().await;
}

async fn unit_and_staff_sessions_cannot_call_each_others_functions(db: Db) {
    let app = TestApp::spawn(db).await;
    let unit_client = app.client();
    let staff_client = app.client();
    let person_client = app.client();
    let person = app.signed_in_person(&person_client).await;
    let unit = NewUnit::random();
    app.register_unit(&unit_client, &unit, &[&person.id_number]).await;
    app.approve_unit(&unit.name).await;
    app.sign_in_unit(&unit_client, &unit).await;
    app.sign_in_staff(&staff_client, &unit.name, &person.id_number, &person.password).await;

    // Unit → staff-only.
    let (s, b) = app.send(&unit_client, LoadStaffHome {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(message_of(&b), "此功能仅限单位工作人员使用");
    // Staff and person → unit-only.
    async fn unit_only<F>(app: &TestApp, client: &reqwest::Client, who: &str, args: F)
    where
        F: leptos::server_fn::ServerFn + serde::Serialize,
    {
        let endpoint = F::PATH.trim_start_matches("/api/");
        let (s, b) = app.send(client, args).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who} {endpoint}: {b}");
        assert_eq!(message_of(&b), "此功能仅限单位账户使用");
    }
    for (client, who) in [(&staff_client, "staff"), (&person_client, "person")] {
        unit_only(&app, client, who, ListUnitStaff {}).await;
        unit_only(&app, client, who, AddUnitStaff { id_number: person.id_number.clone() }).await;
        unit_only(&app, client, who, LoadUnitProfile {}).await;
        unit_only(&app, client, who, ListUnitContacts {}).await;
    }
    // Nobody signed in.
    let (s, _) = app.send(&app.client(), ListUnitStaff {}).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("SELECT COUNT(*) FROM unit_staff").await, 1);
    app.stop().await;
}

/// A unit may list a person without asking: the person sees it under
/// 我所在的单位 and leaves; only their own links, and the staff sign-in ends.
async fn a_person_sees_and_leaves_the_units_that_list_them(db: Db) {
    let app = TestApp::spawn(db).await;
    let person_client = app.client();
    let person = app.signed_in_person(&person_client).await;
    let unit = NewUnit::random();
    let unit_client = app.client();
    app.register_unit(&unit_client, &unit, &[&person.id_number]).await;
    app.approve_unit(&unit.name).await;

    let (s, mine) = app.send(&person_client, MyUnits {}).await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["unit_name"], unit.name);
    let link = mine[0]["id"].clone();
    // Nobody else may see or remove it.
    let stranger = app.client();
    app.signed_in_person(&stranger).await;
    let (s, theirs) = app.send(&stranger, MyUnits {}).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(theirs.as_array().unwrap().len(), 0);
    let (s, b) = app.send(&stranger, LeaveUnit { id: id_of(&link) }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(message_of(&b), "只能退出本人所在的单位");
    let (s, _) = app.send(&app.client(), LeaveUnit { id: id_of(&link) }).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("SELECT COUNT(*) FROM unit_staff").await, 1);

    let (s, mine) = app.send(&person_client, LeaveUnit { id: id_of(&link) }).await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    assert_eq!(mine.as_array().unwrap().len(), 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM unit_staff").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = '退出单位'").await, 1);
    let (s, _) = app.sign_in_staff(&app.client(), &unit.name, &person.phone, &person.password).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.stop().await;
}

/// An approved unit's new name and 单位所在地 wait for the 职改办 of its
/// current city: the old values stay in force (and decide where its
/// declarations go) until approved; a return needs a reason.
async fn an_approved_units_name_and_city_change_waits_for_its_office(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let unit = NewUnit::random();
    app.register_unit(&c, &unit, &[]).await;
    app.approve_unit(&unit.name).await;
    app.sign_in_unit(&c, &unit).await;
    let update = |name: &str, legal_rep: &str| UpdateUnitInfo {
        input: UpdateUnitInput {
            name: name.into(),
            legal_rep: legal_rep.into(),
            kind: "非公企业".into(),
            industry: "I".into(),
            region_code: "450203".into(),
            address: "城中路9号".into(),
            licence_id: None,
        },
    };
    let (s, p) = app.send(&c, update("柳州新名有限公司", "新法人")).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["name"], unit.name, "the old name stays in force");
    assert_eq!(p["region_name"], "南宁市青秀区");
    assert_eq!(p["legal_rep"], "新法人", "other fields apply at once");
    assert_eq!(p["change"]["status"], "pending");
    assert_eq!(p["change"]["name"], "柳州新名有限公司");
    // Declarations still go to 南宁.
    let applicant = app.client();
    app.signed_in_person(&applicant).await;
    let unit_id = app.unit_id(&applicant, &unit.name).await;
    let (_, batches) = app.send(&applicant, UnitBatches { unit_id: id_of(&unit_id) }).await;
    assert!(batches[0]["office_name"].as_str().unwrap().starts_with("南宁"), "{batches}");

    // 柳州's office does not see it; 南宁's does.
    let lz = app.client();
    app.signed_in_officer(&lz, "lz_c", "office", Some("ZGB-450200")).await;
    let (_, none) = app.send(&lz, ListUnitChanges {}).await;
    assert_eq!(none.as_array().unwrap().len(), 0);
    let nn = app.client();
    app.signed_in_officer(&nn, "nn_c", "office", Some("ZGB-450100")).await;
    let (_, list) = app.send(&nn, ListUnitChanges {}).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let change = list[0]["change"]["id"].clone();
    let (s, _) = app.send(&lz, ReviewUnitChange { id: id_of(&change), approve: true, note: "".into() }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, b) = app.send(&nn, ReviewUnitChange { id: id_of(&change), approve: false, note: " ".into() }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "请填写退回原因");
    let (s, _) = app
        .send(&nn, ReviewUnitChange { id: id_of(&change), approve: false, note: "请上传更名后的营业执照".into() })
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, p) = app.send(&c, LoadUnitProfile {}).await;
    assert_eq!(p["change"]["status"], "returned");
    assert_eq!(p["change"]["note"], "请上传更名后的营业执照");
    assert_eq!(p["name"], unit.name);

    // Submitted again and approved: in force, in 更名记录, in 柳州.
    app.send(&c, update("柳州新名有限公司", "新法人")).await;
    let (_, list) = app.send(&nn, ListUnitChanges {}).await;
    let change = list[0]["change"]["id"].clone();
    let (s, b) = app.send(&nn, ReviewUnitChange { id: id_of(&change), approve: true, note: "".into() }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // Decided once (and the unit is 柳州's now, no longer 南宁's to decide).
    let (s, _) = app.send(&nn, ReviewUnitChange { id: id_of(&change), approve: true, note: "".into() }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, p) = app.send(&c, LoadUnitProfile {}).await;
    assert_eq!(p["name"], "柳州新名有限公司");
    assert_eq!(p["region_name"], "柳州市鱼峰区");
    assert!(p["change"].is_null(), "{p}");
    let (_, renames) = app.send(&c, ListUnitRenames {}).await;
    assert_eq!(renames[0]["new_name"], "柳州新名有限公司");
    assert_eq!(renames[0]["changed_by"], "职改办审核通过");
    app.stop().await;
}

/// An anonymous licence belongs to the browser that uploaded it (its
/// upload cookie): nobody else sees or claims it; a browser holds at most
/// five; bytes are counted per address and day; orphans go within the hour.
async fn anonymous_licence_uploads_belong_to_their_browser_and_are_limited(db: Db) {
    let app = TestApp::spawn(db).await;
    let mine = app.client();
    let (s, file) = app.upload(&mine, "执照.png", PNG.to_vec()).await;
    assert_eq!(s, StatusCode::OK, "{file}");
    let url = format!("{}/files/{}", app.base, file["id"].as_str().unwrap());
    assert_eq!(mine.get(&url).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(app.client().get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    // Another browser cannot register with it.
    let other = app.client();
    let unit = NewUnit::random();
    let ticket = app.captcha(&other).await;
    let input = RegisterUnitInput { licence_id: Some(id_of(&file["id"])), ..unit.typed(&ticket) };
    let (s, b) = app.send(&other, RegisterUnit { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "营业执照文件已失效，请重新上传");
    // Five unclaimed at most.
    for _ in 0..4 {
        assert_eq!(app.upload(&mine, "执照.png", PNG.to_vec()).await.0, StatusCode::OK);
    }
    let (s, b) = app.upload(&mine, "执照.png", PNG.to_vec()).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{b}");
    // Orphans older than an hour are swept, files and rows.
    {
        use app::server::entities::upload;
        use sea_orm::sea_query::Expr;
        use sea_orm::EntityTrait;
        let old = chrono::Utc::now() - chrono::Duration::minutes(61);
        upload::Entity::update_many()
            .col_expr(upload::Column::CreatedAt, Expr::value(old))
            .exec(app.db())
            .await
            .unwrap();
    }
    assert_eq!(app::uploads::service::sweep_unclaimed(&app.state).await.unwrap(), 5);
    assert_eq!(app.count("SELECT COUNT(*) FROM upload").await, 0);
    app.stop().await;

    // The daily byte quota of an address.
    let app = TestApp::spawn_with(db, |c| c.upload_bytes_per_day = PNG.len() as u64 + 10).await;
    let c = app.client();
    assert_eq!(app.upload(&c, "执照.png", PNG.to_vec()).await.0, StatusCode::OK);
    let (s, b) = app.upload(&app.client(), "执照.png", PNG.to_vec()).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(message_of(&b), "今日上传量已达上限，请明天再试");
    app.stop().await;
}
