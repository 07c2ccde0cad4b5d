//! Administration: organisations and their officers, through the real
//! server on both databases — the tree by who asks, 新增主管部门 and its
//! officer who must choose their own password, reach (a 职改办 manages only
//! the 主管部门 under it), and closing what still has work refused.

use crate::harness::*;
use crate::on_both_databases;
use app::accounts::api::{ChangePassword, CurrentSessionUser, SignInOfficer};
use app::accounts::{ChangePasswordInput, SignInOfficerInput};
use app::admin::api::{AuditKinds, AuditLog, CloseBatch, CreateBatch, ListBatches, LoginLog, SetBatchDates};
use app::admin::api::{
    CreateOfficer, CreateOrg, OrgOfficers, OrgTree, RenameOrg, ResetOfficerPassword, SetOfficerEnabled, SetOrgEnabled,
};
use app::admin::{
    BatchDatesInput, LogFilter, NewBatchInput, NewOfficerInput, NewOrgInput, RenameOrgInput, ResetPasswordInput,
};
use app::declarations::api::{ForwardTargets, LoadOfficeHome, OrgQueue};
use app::declarations::OfficeFilter;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use uuid::Uuid;

on_both_databases!(
    the_administrator_sets_up_a_department_whose_officer_chooses_their_own_password,
    an_office_manages_only_the_departments_under_it,
    an_organisation_with_waiting_declarations_cannot_be_closed,
    bad_input_to_organisations_and_officers_changes_nothing,
    an_officer_given_their_id_number_cannot_decide_their_own_declaration,
    a_batch_is_opened_closed_and_extended_by_its_office_and_submitting_follows_it,
    the_logs_are_filtered_paged_exported_and_nobody_can_change_them,
    a_department_opened_while_its_office_closes_is_never_stranded,
);

const INITIAL: &str = "Init@2026";
const OWN: &str = "Mine#2027x";

impl TestApp {
    pub(crate) async fn signed_in_admin(&self) -> Client {
        let c = self.client();
        let (s, b) = self.officer_sign_in(&c, "admin", ADMIN_PASSWORD).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        c
    }

    pub(crate) async fn officer_sign_in(&self, c: &Client, username: &str, password: &str) -> (StatusCode, Value) {
        let ticket = self.captcha(c).await;
        let input = SignInOfficerInput {
            username: username.into(),
            password: password.into(),
            captcha_id: uuid(&ticket),
            captcha: CAPTCHA.into(),
        };
        self.send(c, SignInOfficer { input }).await
    }

    pub(crate) async fn org_id(&self, code: &str) -> i64 {
        self.count(&format!("SELECT id FROM org WHERE code = '{code}'")).await
    }
}

fn node<'a>(tree: &'a Value, name: &str) -> &'a Value {
    tree.as_array()
        .and_then(|rows| rows.iter().find(|o| o["name"] == name))
        .unwrap_or_else(|| panic!("{name} in the tree: {tree}"))
}

fn officer_input(org_id: i64, username: &str) -> NewOfficerInput {
    NewOfficerInput {
        org_id,
        username: username.into(),
        name: "王五".into(),
        password: INITIAL.into(),
        password_confirm: INITIAL.into(),
        id_number: String::new(),
    }
}

async fn the_administrator_sets_up_a_department_whose_officer_chooses_their_own_password(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.signed_in_admin().await;

    // The whole tree: the 区职改办 first, the 市职改办 under it, each with its 主管部门.
    let (s, tree) = app.send(&admin, OrgTree {}).await;
    assert_eq!(s, StatusCode::OK, "{tree}");
    let rows = tree.as_array().unwrap();
    assert_eq!(rows[0]["short_name"], "区职改办");
    assert_eq!(rows[0]["depth"], 0);
    let nanning = node(&tree, "南宁市职称改革工作领导小组办公室");
    assert_eq!((nanning["depth"].as_u64(), nanning["may_add_department"].as_bool()), (Some(1), Some(true)));
    assert_eq!(rows.len() as i64, app.count("SELECT COUNT(*) FROM org").await);

    // 新增主管部门 under 南宁.
    let parent_id = nanning["id"].as_i64().unwrap();
    let input = NewOrgInput {
        parent_id, name: "南宁市人力资源和社会保障局".into(), short_name: "南宁市人社局".into()
    };
    let (s, made) = app.send(&admin, CreateOrg { input: input.clone() }).await;
    assert_eq!(s, StatusCode::OK, "{made}");
    assert_eq!((made["kind_label"].as_str(), made["region_name"].as_str()), (Some("主管部门"), Some("南宁市")));
    let dept = made["id"].as_i64().unwrap();
    assert_eq!(app.count(&format!("SELECT parent_id FROM org WHERE id = {dept}")).await, parent_id);
    let (_, tree) = app.send(&admin, OrgTree {}).await;
    assert_eq!(node(&tree, "南宁市人力资源和社会保障局")["depth"], 2);

    // Its officer, with an initial password.
    let (s, row) = app.send(&admin, CreateOfficer { input: officer_input(dept, "nn_rsj01") }).await;
    assert_eq!(s, StatusCode::OK, "{row}");
    assert_eq!((row["role_label"].as_str(), row["must_change_password"].as_bool()), (Some("主管部门"), Some(true)));
    let (s, list) = app.send(&admin, OrgOfficers { org_id: dept }).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list["rows"].as_array().unwrap().len(), 1);
    assert_eq!(list["org"]["officers"], 1);

    // The officer signs in and may do nothing but choose a password.
    let officer = app.client();
    let (s, me) = app.officer_sign_in(&officer, "nn_rsj01", INITIAL).await;
    assert_eq!(s, StatusCode::OK, "{me}");
    assert_eq!((me["role"].as_str(), me["must_change_password"].as_bool()), (Some("Department"), Some(true)));
    let (s, b) = app.send(&officer, LoadOfficeHome {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    assert_eq!(message_of(&b), "请先修改初始密码，再办理其他业务");
    let (s, b) = app.send(&officer, OrgQueue { filter: OfficeFilter { page: 1, ..Default::default() } }).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let (_, me) = app.send(&officer, CurrentSessionUser {}).await;
    assert_eq!(me["must_change_password"], true, "{me}");
    let change = |old: &str, new: &str| ChangePassword {
        input: ChangePasswordInput {
            old_password: old.into(),
            new_password: new.into(),
            new_password_confirm: new.into(),
        },
    };
    let (s, b) = app.send(&officer, change(INITIAL, OWN)).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, home) = app.send(&officer, LoadOfficeHome {}).await;
    assert_eq!(s, StatusCode::OK, "{home}");
    assert_eq!(home["org_name"], "南宁市人力资源和社会保障局");
    let (_, me) = app.send(&officer, CurrentSessionUser {}).await;
    assert_eq!(me["must_change_password"], false, "{me}");

    // A reset ends the officer's session; the next sign-in must choose again.
    let id = Uuid::parse_str(row["id"].as_str().unwrap()).unwrap();
    let reset = ResetPasswordInput { id, password: "Reset@2026".into(), password_confirm: "Reset@2026".into() };
    let (s, b) = app.send(&admin, ResetOfficerPassword { input: reset }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, me) = app.send(&officer, CurrentSessionUser {}).await;
    assert_eq!(me, Value::Null, "signed out by the reset");
    let (s, _) = app.officer_sign_in(&officer, "nn_rsj01", OWN).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the old password no longer works");
    let (s, me) = app.officer_sign_in(&officer, "nn_rsj01", "Reset@2026").await;
    assert_eq!((s, me["must_change_password"].as_bool()), (StatusCode::OK, Some(true)), "{me}");

    // 停用: signed out at once, and refused at sign-in.
    let (s, b) = app.send(&admin, SetOfficerEnabled { id, enabled: false }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, me) = app.send(&officer, CurrentSessionUser {}).await;
    assert_eq!(me, Value::Null);
    let (s, b) = app.officer_sign_in(&officer, "nn_rsj01", "Reset@2026").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    assert!(message_of(&b).contains("已停用"), "{b}");

    // Each change is in the audit log, by the administrator.
    for action in ["新增主管部门", "新增工作人员", "重置工作人员密码", "停用工作人员"] {
        let n = app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")).await;
        assert_eq!(n, 1, "{action}");
    }
    app.stop().await;
}

async fn an_office_manages_only_the_departments_under_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let office = app.client();
    app.signed_in_officer(&office, "nn_office", "office", Some("ZGB-450100")).await;
    let (s, tree) = app.send(&office, OrgTree {}).await;
    assert_eq!(s, StatusCode::OK, "{tree}");
    let rows = tree.as_array().unwrap();
    // Itself (not manageable by itself) and its two 主管部门.
    assert_eq!(rows.len(), 3, "{tree}");
    assert_eq!((rows[0]["short_name"].as_str(), rows[0]["manageable"].as_bool()), (Some("南宁市职改办"), Some(false)));
    assert!(rows[1..].iter().all(|o| o["manageable"] == true && o["depth"] == 1), "{tree}");

    let liuzhou = app.org_id("ZGB-450200").await;
    let liuzhou_dept = app.org_id("ZGBM-450200-1").await;
    let own_office = app.org_id("ZGB-450100").await;
    let own_dept = app.org_id("ZGBM-450100-1").await;
    let other = app.client();
    app.signed_in_officer(&other, "lz_dept", "department", Some("ZGBM-450200-1")).await;
    let (_, lz) = app.send(&other, CurrentSessionUser {}).await;
    let before = (app.count("SELECT COUNT(*) FROM org").await, app.count("SELECT COUNT(*) FROM officer").await);

    let elsewhere = NewOrgInput { parent_id: liuzhou, name: "柳州市某局".into(), short_name: String::new() };
    let (s, b) = app.send(&office, CreateOrg { input: elsewhere }).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let rename =
        |id| RenameOrg { input: RenameOrgInput { id, name: "改名后的机构".into(), short_name: String::new() } };
    for id in [liuzhou_dept, own_office, liuzhou] {
        let (s, b) = app.send(&office, rename(id)).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "rename {id}: {b}");
        let (s, b) = app.send(&office, SetOrgEnabled { id, enabled: false }).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "close {id}: {b}");
        let (s, b) = app.send(&office, OrgOfficers { org_id: id }).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "officers of {id}: {b}");
        let (s, b) = app.send(&office, CreateOfficer { input: officer_input(id, "intruder") }).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "officer in {id}: {b}");
    }
    // Another city's officer is out of reach.
    let lz_id = Uuid::parse_str(lz["public_id"].as_str().unwrap()).unwrap();
    let (s, b) = app.send(&office, SetOfficerEnabled { id: lz_id, enabled: false }).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let reset = ResetPasswordInput { id: lz_id, password: "Reset@2026".into(), password_confirm: "Reset@2026".into() };
    let (s, b) = app.send(&office, ResetOfficerPassword { input: reset }).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let (s, _) = app.send(&other, LoadOfficeHome {}).await;
    assert_eq!(s, StatusCode::OK, "the other officer is untouched");
    // Nor does a 主管部门 manage anything.
    let (s, b) = app.send(&other, OrgTree {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let after = (app.count("SELECT COUNT(*) FROM org").await, app.count("SELECT COUNT(*) FROM officer").await);
    assert_eq!(before, after);

    // Under its own: allowed.
    let (s, b) = app.send(&office, rename(own_dept)).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let mine = NewOrgInput {
        parent_id: own_office, name: "南宁市住房和城乡建设局".into(), short_name: String::new()
    };
    let (s, made) = app.send(&office, CreateOrg { input: mine }).await;
    assert_eq!(s, StatusCode::OK, "{made}");
    assert_eq!(made["short_name"], "南宁市住房和城乡建设局", "the 简称 defaults to the name");
    let (s, b) =
        app.send(&office, CreateOfficer { input: officer_input(made["id"].as_i64().unwrap(), "nn_zjj") }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    app.stop().await;
}

async fn an_organisation_with_waiting_declarations_cannot_be_closed(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.signed_in_admin().await;
    let w = app.world().await;
    let waiting = app.org_id("ZGBM-450100-1").await;
    let empty = app.org_id("ZGBM-450100-2").await;
    let nanning = app.org_id("ZGB-450100").await;
    app.forwarded(&w, "Recognition", "ZGBM-450100-1").await;

    let (s, b) = app.send(&admin, SetOrgEnabled { id: waiting, enabled: false }).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(message_of(&b), "该机构还有1件申报待审核，请办结后再停用");
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM org WHERE id = {waiting} AND disabled_at IS NULL")).await, 1);

    // An empty one closes: its officer is signed out and refused, units no longer see it.
    let officer = app.client();
    app.signed_in_officer(&officer, "nn_wjw", "department", Some("ZGBM-450100-2")).await;
    let (s, b) = app.send(&admin, SetOrgEnabled { id: empty, enabled: false }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, _) = app.send(&officer, LoadOfficeHome {}).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, b) = app.officer_sign_in(&officer, "nn_wjw", "Officer@2026").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    assert_eq!(message_of(&b), "所在机构已停用，请联系上级职改办或系统管理员");
    let id = app.submitted(&w, "Intermediate").await;
    let (s, targets) = app.send(&w.staff_client, ForwardTargets { id: uuid(&id) }).await;
    assert_eq!(s, StatusCode::OK, "{targets}");
    let names: Vec<&str> = targets.as_array().unwrap().iter().filter_map(|t| t["code"].as_str()).collect();
    assert!(names.contains(&"ZGBM-450100-1") && !names.contains(&"ZGBM-450100-2"), "{names:?}");
    app.fill_opinions(&w.staff_client, &id, true).await;
    let (s, b) = app.forward(&w.staff_client, &id, "ZGBM-450100-2").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a closed 主管部门 takes nothing: {b}");

    // A 职改办 with an open 主管部门 under it stays open; a 主管部门 under a
    // closed 职改办 cannot be opened.
    let (s, b) = app.send(&admin, SetOrgEnabled { id: nanning, enabled: false }).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    let (_, tree) = app.send(&admin, OrgTree {}).await;
    assert_eq!(node(&tree, "南宁市卫生健康委员会")["disabled"], true);
    let (s, b) = app.send(&admin, SetOrgEnabled { id: empty, enabled: true }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.officer_sign_in(&officer, "nn_wjw", "Officer@2026").await;
    assert_eq!(s, StatusCode::OK, "open again: {b}");
    for action in ["停用机构", "启用机构"] {
        let n = app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")).await;
        assert_eq!(n, 1, "{action}");
    }
    app.stop().await;
}

async fn bad_input_to_organisations_and_officers_changes_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.signed_in_admin().await;
    let nanning = app.org_id("ZGB-450100").await;
    let dept = app.org_id("ZGBM-450100-1").await;
    let counts = || async {
        (
            app.count("SELECT COUNT(*) FROM org").await,
            app.count("SELECT COUNT(*) FROM officer").await,
            app.count("SELECT COUNT(*) FROM account").await,
        )
    };
    let before = counts().await;

    let cases = [
        (NewOrgInput { parent_id: nanning, name: String::new(), short_name: String::new() }, "name", "请填写机构名称"),
        (
            NewOrgInput { parent_id: nanning, name: "南宁市教育局".into(), short_name: String::new() },
            "name",
            "已有同名机构，请核对机构名称",
        ),
        (
            NewOrgInput { parent_id: nanning, name: "机".repeat(51), short_name: String::new() },
            "name",
            "机构名称不能超过50个字",
        ),
        (
            NewOrgInput { parent_id: nanning, name: "南宁市某局".into(), short_name: "简".repeat(21) },
            "short_name",
            "简称不能超过20个字",
        ),
        (
            NewOrgInput { parent_id: 0, name: "南宁市某局".into(), short_name: String::new() },
            "parent_id",
            "请选择上级职改办",
        ),
    ];
    for (input, field, message) in cases {
        let (s, b) = app.send(&admin, CreateOrg { input }).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert!(field_errors(&b).contains(&(field.into(), message.into())), "{b}");
    }
    // Under a 主管部门: not a 职改办.
    let (s, b) = app
        .send(
            &admin,
            CreateOrg { input: NewOrgInput { parent_id: dept, name: "下级部门".into(), ..Default::default() } },
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");

    let (s, b) = app.send(&admin, CreateOfficer { input: officer_input(dept, "ab") }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(field_errors(&b).contains(&("username".into(), "登录名为4至32个字符".into())), "{b}");
    let mismatch = NewOfficerInput { password_confirm: "Other@2026".into(), ..officer_input(dept, "nn_abcd") };
    let (s, b) = app.send(&admin, CreateOfficer { input: mismatch }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(field_errors(&b).contains(&("password_confirm".into(), "两次输入的密码不一致".into())), "{b}");
    let weak = NewOfficerInput {
        password: "12345678".into(),
        password_confirm: "12345678".into(),
        ..officer_input(dept, "nn_abcd")
    };
    let (s, b) = app.send(&admin, CreateOfficer { input: weak }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, b) = app.send(&admin, CreateOfficer { input: officer_input(dept, "admin") }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(field_errors(&b).contains(&("username".into(), "该登录名已被使用".into())), "{b}");
    let bad_id = NewOfficerInput { id_number: "450102199001010011".into(), ..officer_input(dept, "nn_abcd") };
    let (s, b) = app.send(&admin, CreateOfficer { input: bad_id }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(field_errors(&b).iter().any(|(f, _)| f == "id_number"), "a wrong check digit: {b}");
    let (s, b) = app.send(&admin, CreateOfficer { input: officer_input(999_999, "nn_abcd") }).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
    assert_eq!(counts().await, before, "nothing made by bad input");

    // The administrator's own account is nobody's to manage here.
    let (_, me) = app.send(&admin, CurrentSessionUser {}).await;
    let me = Uuid::parse_str(me["public_id"].as_str().unwrap()).unwrap();
    let (s, b) = app.send(&admin, SetOfficerEnabled { id: me, enabled: false }).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let (s, b) = app.send(&admin, SetOfficerEnabled { id: Uuid::new_v4(), enabled: false }).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE target LIKE 'org:%' OR target LIKE 'officer:%'";
    assert_eq!(app.count(audited).await, 0, "refusals write nothing");
    app.stop().await;
}

async fn a_batch_is_opened_closed_and_extended_by_its_office_and_submitting_follows_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let office = app.client();
    app.signed_in_officer(&office, "nn_batches", "office", Some("ZGB-450100")).await;
    let (s, list) = app.send(&office, ListBatches {}).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 1, "its own only: {list}");
    assert_eq!(rows[0]["state"], "申报中");
    let current = rows[0]["id"].as_i64().unwrap();
    let year = rows[0]["year"].as_i64().unwrap() as i32;
    let batches = || async { app.count("SELECT COUNT(*) FROM batch").await };
    let before = batches().await;

    // Bad input, each refused beside its field, nothing made.
    let new = |year, opens: &str, closes: &str| CreateBatch {
        input: NewBatchInput { office_id: 0, year, opens_on: opens.into(), closes_on: closes.into() },
    };
    for (call, field, message) in [
        (new(2027, "2027-03-31", "2027-03-01"), "closes_on", "截止日期不能早于开始日期"),
        (new(2027, "2027-02-30", "2027-03-01"), "opens_on", "开始日期格式应为 YYYY-MM-DD"),
        (new(2027, "2027-03-01", ""), "closes_on", "请选择截止日期"),
        (new(1999, "1999-03-01", "1999-03-31"), "year", "申报年度应为2000至2100之间的年份"),
        (
            new(year, "2027-03-01", "2027-03-31"),
            "year",
            &format!("南宁市职称改革工作领导小组办公室已有{year}年度的申报年度，请修改其日期"),
        ),
    ] {
        let (s, b) = app.send(&office, call).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert!(field_errors(&b).contains(&(field.into(), message.to_string())), "{field}: {b}");
    }
    assert_eq!(batches().await, before);
    let (s, made) =
        app.send(&office, new(year + 1, &format!("{}-03-01", year + 1), &format!("{}-04-30", year + 1))).await;
    assert_eq!(s, StatusCode::OK, "{made}");
    assert_eq!(made["name"], format!("{}年度（南宁市职称改革工作领导小组办公室）", year + 1));
    assert_eq!(
        (made["state"].as_str(), made["opens_on"].as_str()),
        (Some("未开始"), Some(&*format!("{}-03-01", year + 1)))
    );

    // Another city's office and a 主管部门 keep none of it.
    let other = app.client();
    app.signed_in_officer(&other, "lz_batches", "office", Some("ZGB-450200")).await;
    let (s, b) = app.send(&other, CloseBatch { id: current }).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let dates = |opens: &str, closes: &str| SetBatchDates {
        input: BatchDatesInput { id: current, opens_on: opens.into(), closes_on: closes.into() },
    };
    let (s, b) = app.send(&other, dates("2020-01-01", "2099-12-31")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let dept = app.client();
    app.signed_in_officer(&dept, "nn_dept_b", "department", Some("ZGBM-450100-1")).await;
    let (s, b) = app.send(&dept, ListBatches {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");

    // A draft made while open cannot be sent after 立即截止 …
    let w = app.world().await;
    let id = app.draft(&w, "Recognition", "Intermediate").await;
    let file = app.upload_attachment(&w.applicant_client).await;
    let (s, b) = app.save(&w.applicant_client, &id, recognition_form(), true, vec![file["id"].clone()]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, closed) = app.send(&office, CloseBatch { id: current }).await;
    assert_eq!(s, StatusCode::OK, "{closed}");
    assert_eq!(closed["state"], "已截止");
    let (s, b) = app.send(&office, CloseBatch { id: current }).await;
    assert_eq!(s, StatusCode::CONFLICT, "closing twice: {b}");
    let (s, b) = app.submit(&w.applicant_client, &id).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let said = message_of(&b);
    assert!(said.contains("截止申报，不能报送") && said.contains(closed["closes_at"].as_str().unwrap()), "{said}");
    let unit_id = uuid(app.unit_id(&w.applicant_client, &w.unit.name).await.as_str().unwrap());
    let (_, open) = app.send(&w.applicant_client, app::declarations::api::UnitBatches { unit_id }).await;
    assert_eq!(open, serde_json::json!([]), "nothing open to choose");
    let (_, home) = app.send(&w.staff_client, app::declarations::api::LoadStaffHome {}).await;
    assert_eq!(home["open_batches"], serde_json::json!([]), "the unit's page says so too");

    // … and can once the deadline is extended.
    let (s, b) = app.send(&office, dates(&format!("{year}-01-01"), &format!("{}-12-31", year + 5))).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.send(&office, dates(&format!("{year}-01-01"), &format!("{}-12-31", year - 1))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a deadline before the opening: {b}");
    let (_, open) = app.send(&w.applicant_client, app::declarations::api::UnitBatches { unit_id }).await;
    assert_eq!(open[0]["closes_at"], format!("{}-12-31 23:59:59", year + 5), "{open}");
    let (_, home) = app.send(&w.staff_client, app::declarations::api::LoadStaffHome {}).await;
    assert_eq!(home["open_batches"][0]["closes_at"], open[0]["closes_at"], "{home}");
    let (s, b) = app.submit(&w.applicant_client, &id).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    for action in ["新增申报年度", "截止申报年度", "修改申报年度日期"] {
        let n = app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")).await;
        assert_eq!(n, 1, "{action}");
    }
    app.stop().await;
}

/// Every row of both logs, as text: what must never change but by appending.
async fn logs_snapshot(app: &TestApp) -> Vec<String> {
    use app::server::entities::{audit_log, login_log};
    use sea_orm::{EntityTrait, QueryOrder};
    let mut out: Vec<String> = login_log::Entity::find()
        .order_by_asc(login_log::Column::Id)
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            format!("login {} {} {} {} {} {}", r.id, r.at.timestamp_micros(), r.channel, r.account, r.success, r.reason)
        })
        .collect();
    out.extend(
        audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(app.db()).await.unwrap().into_iter().map(
            |r| {
                format!(
                    "audit {} {} {:?} {} {} {}",
                    r.id,
                    r.at.timestamp_micros(),
                    r.actor_account_id,
                    r.action,
                    r.target,
                    r.detail
                )
            },
        ),
    );
    out
}

async fn the_logs_are_filtered_paged_exported_and_nobody_can_change_them(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.signed_in_admin().await;
    app::server::seed::ensure_officer(app.db(), "lg_user", "日志测试员", "office", Some("ZGB-450100"), "Officer@2026")
        .await
        .unwrap();
    let c = app.client();
    for _ in 0..3 {
        let (s, _) = app.officer_sign_in(&c, "lg_user", "Wrong@2026").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (s, _) = app.officer_sign_in(&c, "lg_user", "Officer@2026").await;
    assert_eq!(s, StatusCode::OK);
    let today = app::server::text::today_cn().format("%Y-%m-%d").to_string();
    let f = |account: &str, kind: &str, result: &str| LogFilter {
        from: today.clone(),
        to: today.clone(),
        account: account.into(),
        kind: kind.into(),
        result: result.into(),
        source: String::new(),
        page: 1,
    };

    let (s, mine) = app.send(&admin, LoginLog { filter: f("lg_user", "", "") }).await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    assert_eq!(mine["total"], 4, "{mine}");
    let (_, failed) = app.send(&admin, LoginLog { filter: f("lg_user", "officer", "failure") }).await;
    assert_eq!(failed["total"], 3, "{failed}");
    assert!(failed["rows"].as_array().unwrap().iter().all(|r| r["success"] == false && r["channel"] == "管理端"));
    let (_, ok) = app.send(&admin, LoginLog { filter: f("lg_user", "", "success") }).await;
    assert_eq!(ok["total"], 1);
    let (_, none) = app.send(&admin, LoginLog { filter: f("lg_user", "person", "") }).await;
    assert_eq!(none["total"], 0);
    let bad = LogFilter { from: today.clone(), to: "2000-01-01".into(), ..Default::default() };
    let (s, b) = app.send(&admin, LoginLog { filter: bad }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(field_errors(&b).contains(&("to".into(), "结束日期不能早于开始日期".into())), "{b}");
    let (s, b) = app.send(&admin, LoginLog { filter: f("", "", "maybe") }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");

    // Paged in the database: 25 failures make two pages of 20.
    for _ in 0..21 {
        let log = app::server::sign_in::LoginLog { channel: "person", typed: "13900000000", ip: "10.0.0.9" };
        log.record(app.db(), None, false, "密码错误").await;
    }
    let (_, p1) = app.send(&admin, LoginLog { filter: f("", "person", "failure") }).await;
    assert_eq!((p1["total"].as_u64(), p1["rows"].as_array().unwrap().len()), (Some(21), 20));
    let (_, p2) = app.send(&admin, LoginLog { filter: LogFilter { page: 2, ..f("", "person", "failure") } }).await;
    assert_eq!(p2["rows"].as_array().unwrap().len(), 1);

    // 操作日志: an administrator's change, by whom, by kind.
    let nanning = app.org_id("ZGB-450100").await;
    let input = NewOrgInput { parent_id: nanning, name: "南宁市日志测试局".into(), short_name: String::new() };
    let (s, _) = app.send(&admin, CreateOrg { input }).await;
    assert_eq!(s, StatusCode::OK);
    let (s, kinds) = app.send(&admin, AuditKinds { transitions: false }).await;
    assert_eq!(s, StatusCode::OK);
    assert!(kinds.as_array().unwrap().iter().any(|k| k == "新增主管部门"), "{kinds}");
    let (s, audits) = app.send(&admin, AuditLog { filter: f("admin", "新增主管部门", "") }).await;
    assert_eq!(s, StatusCode::OK, "{audits}");
    assert_eq!(audits["total"], 1, "{audits}");
    assert_eq!(audits["rows"][0]["actor"], "系统管理员（admin）");
    assert_eq!(audits["rows"][0]["detail"], "南宁市日志测试局");
    let (_, nobody) = app.send(&admin, AuditLog { filter: f("nobody_such", "", "") }).await;
    assert_eq!(nobody["total"], 0, "an unknown account finds nothing");

    // 申报流转: every move of every declaration, by its operator.
    let w = app.world().await;
    app.submitted(&w, "Junior").await;
    let moves = LogFilter { source: "transitions".into(), ..f("", "个人报送单位", "") };
    let (s, moved) = app.send(&admin, AuditLog { filter: moves }).await;
    assert_eq!(s, StatusCode::OK, "{moved}");
    assert_eq!(moved["total"], 1, "{moved}");
    assert!(moved["rows"][0]["actor"].as_str().unwrap().contains("申报人"), "{moved}");
    let (_, kinds) = app.send(&admin, AuditKinds { transitions: true }).await;
    assert_eq!(kinds.as_array().unwrap().len(), 9, "{kinds}");
    let (s, b) =
        app.send(&admin, AuditLog { filter: LogFilter { source: "other".into(), ..LogFilter::default() } }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");

    // The Excel downloads, for the administrator only.
    for path in ["/exports/login-log.xlsx?result=failure", "/exports/audit-log.xlsx"] {
        let res = admin.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(&res.bytes().await.unwrap()[..2], b"PK");
        let res = c.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "an office officer: {path}");
    }
    let (s, _) = app.send(&c, LoginLog { filter: LogFilter::default() }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Append-only: no server function changes or removes a log row. The
    // administrator calls every administration function there is (with
    // arguments aimed at the logs' own ids where an id is taken); every row
    // that was there is there unchanged.
    let before = logs_snapshot(&app).await;
    let admin_fns: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p)
        .filter(|p| p.starts_with("/api/admin/") || p.starts_with("/api/statistics/"))
        .collect();
    assert!(admin_fns.len() >= 16, "{admin_fns:?}");
    assert!(
        admin_fns.iter().all(|p| !p.contains("log") || matches!(*p, "/api/admin/login_log" | "/api/admin/audit_log")),
        "only reading functions name the logs: {admin_fns:?}"
    );
    for path in &admin_fns {
        for body in [
            serde_json::json!({}),
            serde_json::json!({ "id": 1, "enabled": false }),
            serde_json::json!({ "input": { "id": 1 } }),
        ] {
            let res = admin.post(format!("{}{path}", app.base)).json(&body).send().await.unwrap();
            assert!(res.status() != StatusCode::INTERNAL_SERVER_ERROR, "{path} {body}");
        }
    }
    let after = logs_snapshot(&app).await;
    assert!(after.len() >= before.len());
    for row in &before {
        assert!(after.contains(row), "a log row changed or went: {row}");
    }

    // Housekeeping prunes only what is older than the retention (never under 180 days).
    let old = chrono::Utc::now() - chrono::Duration::days(181);
    let recent = chrono::Utc::now() - chrono::Duration::days(179);
    for at in [old, recent] {
        use sea_orm::{ActiveModelTrait, Set};
        app::server::entities::audit_log::ActiveModel {
            at: Set(at),
            actor_account_id: Set(None),
            action: Set("保留期测试".into()),
            target: Set(String::new()),
            ip: Set(String::new()),
            detail: Set(String::new()),
            ..Default::default()
        }
        .insert(app.db())
        .await
        .unwrap();
    }
    let pruned = app::server::housekeeping::prune_logs(app.db(), 30, chrono::Utc::now()).await.unwrap();
    assert_eq!(pruned, 1, "30 days is read as 180");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = '保留期测试'").await, 1);
    app.stop().await;
}

async fn an_officer_given_their_id_number_cannot_decide_their_own_declaration(db: Db) {
    use app::declarations::{Action, Approval};
    let app = TestApp::spawn(db).await;
    let admin = app.signed_in_admin().await;
    let w = app.world().await;
    let dept = app.org_id("ZGBM-450100-1").await;
    // The applicant also works at the 主管部门: their account there carries their 证件号码.
    let input = NewOfficerInput { id_number: w.applicant.id_number.clone(), ..officer_input(dept, "nn_self") };
    let (s, b) = app.send(&admin, CreateOfficer { input }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM officer WHERE id_number_hash IS NOT NULL AND username = 'nn_self'").await,
        1
    );
    let id = app.forwarded(&w, "Recognition", "ZGBM-450100-1").await;
    let me = app.client();
    let (s, _) = app.officer_sign_in(&me, "nn_self", INITIAL).await;
    assert_eq!(s, StatusCode::OK);
    let input = ChangePasswordInput {
        old_password: INITIAL.into(),
        new_password: OWN.into(),
        new_password_confirm: OWN.into(),
    };
    let (s, b) = app.send(&me, ChangePassword { input }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.decide_as(&me, &id, Action::DepartmentApprove, "", Approval::default()).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    assert_eq!(message_of(&b), "不能审核本人的申报，请由单位（或本机构）其他工作人员办理");
    let (_, d) = app.detail(&w.applicant_client, &id).await;
    assert_eq!(d["status"], "DepartmentReview", "{d}");
    app.stop().await;
}

/// 新增主管部门 racing 停用 of its 职改办: either the 主管部门 is made and
/// the closing refused (it would strand it), or the closing wins and the
/// making is refused — never an open 主管部门 under a closed 职改办.
async fn a_department_opened_while_its_office_closes_is_never_stranded(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.signed_in_admin().await;
    let beihai = app.org_id("ZGB-450500").await;
    let open_under = || async {
        app.count(&format!("SELECT COUNT(*) FROM org WHERE parent_id = {beihai} AND disabled_at IS NULL")).await
    };
    // Empty the office first: every 主管部门 under it closed.
    let (_, tree) = app.send(&admin, OrgTree {}).await;
    for o in tree.as_array().unwrap() {
        let id = o["id"].as_i64().unwrap();
        if app.count(&format!("SELECT COUNT(*) FROM org WHERE id = {id} AND parent_id = {beihai}")).await == 1 {
            let (s, b) = app.send(&admin, SetOrgEnabled { id, enabled: false }).await;
            assert_eq!(s, StatusCode::OK, "{b}");
        }
    }
    assert_eq!(open_under().await, 0);
    for round in 0..4 {
        let input =
            NewOrgInput { parent_id: beihai, name: format!("北海市测试局{round}"), short_name: String::new() };
        let (made, closed) = tokio::join!(
            app.send(&admin, CreateOrg { input }),
            app.send(&admin, SetOrgEnabled { id: beihai, enabled: false })
        );
        let office_closed =
            app.count(&format!("SELECT COUNT(*) FROM org WHERE id = {beihai} AND disabled_at IS NOT NULL")).await == 1;
        assert!(!(office_closed && open_under().await > 0), "stranded: {made:?} {closed:?}");
        assert!(
            made.0 == StatusCode::OK || closed.0 == StatusCode::OK,
            "one of them goes through: {made:?} {closed:?}"
        );
        assert!(made.0 != StatusCode::OK || closed.0 != StatusCode::OK, "not both: {made:?} {closed:?}");
        // Back to an open, empty office for the next round.
        if office_closed {
            let (s, b) = app.send(&admin, SetOrgEnabled { id: beihai, enabled: true }).await;
            assert_eq!(s, StatusCode::OK, "{b}");
        } else {
            let id = made.1["id"].as_i64().unwrap();
            let (s, b) = app.send(&admin, SetOrgEnabled { id, enabled: false }).await;
            assert_eq!(s, StatusCode::OK, "{b}");
        }
    }
    app.stop().await;
}
