//! The offices finish the job: 待办事项, 已办事项 and 申报查询 by
//! jurisdiction, decisions and 批量审核, certificates (numbering, 补发 and
//! 作废), 我的证书, the unit's messages and the public verification — on
//! both databases, through the real server.

use crate::harness::*;
use crate::on_both_databases;
use app::certificates::api::VerifyLink;
use app::certificates::api::{LosableCertificates, MyCertificate, MyCertificates, UnitCertificates, VerifyCertificate};
use app::certificates::VerifyInput;
use app::declarations::api::{
    DecideDeclaration, DecideMany, LoadOfficeHome, OrgDecided, OrgQueue, OrgSearch, UnitMessages,
};
use app::declarations::{Action, Approval, BatchDecideInput, BatchItem, DecideInput, OfficeFilter, Status};
use app::server::entities::declaration;
use reqwest::{Client, StatusCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::{json, Value};

on_both_databases!(
    every_office_path_ends_in_a_certificate_or_a_refusal,
    decisions_need_their_reason_and_a_valid_approval,
    offices_decide_only_what_waits_for_them_and_see_their_jurisdiction,
    two_officers_deciding_at_once_make_one_log_line_and_one_certificate,
    fifty_approvals_at_once_take_fifty_consecutive_numbers,
    a_batch_decision_reports_the_rows_that_changed_meanwhile,
    a_lost_certificate_is_reissued_and_the_original_voided,
    verification_masks_logs_and_is_rate_limited,
    decisions_are_emailed_through_the_notifier_when_smtp_is_configured,
);

fn approval(no: &str, on: &str) -> Approval {
    Approval { approval_no: no.into(), qualified_on: on.into() }
}

pub(crate) fn good() -> Approval {
    approval("桂职改办〔2026〕12号", "2026-11-01")
}

fn version(d: &Value) -> i32 {
    d["version"].as_i64().expect("a version") as i32
}

fn filter() -> OfficeFilter {
    OfficeFilter { page: 1, ..Default::default() }
}

impl TestApp {
    /// A 职称认定 (or `business`) submitted, reviewed and forwarded to `target`.
    pub(crate) async fn forwarded(&self, w: &World, business: &str, target: &str) -> String {
        let id = match business {
            "Recognition" => self.submitted(w, "Intermediate").await,
            _ => {
                let id = self.draft(w, business, "Intermediate").await;
                let file = self.upload_attachment(&w.applicant_client).await;
                let (s, b) =
                    self.save(&w.applicant_client, &id, original_form(business), true, vec![file["id"].clone()]).await;
                assert_eq!(s, StatusCode::OK, "{b}");
                let (s, b) = self.submit(&w.applicant_client, &id).await;
                assert_eq!(s, StatusCode::OK, "{b}");
                id
            }
        };
        self.fill_opinions(&w.staff_client, &id, true).await;
        let (s, b) = self.forward(&w.staff_client, &id, target).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        id
    }

    pub(crate) async fn decide_as(
        &self,
        client: &Client,
        id: &str,
        action: Action,
        reason: &str,
        approval: Approval,
    ) -> (StatusCode, Value) {
        let (_, d) = self.detail(client, id).await;
        let input = DecideInput { id: uuid(id), version: version(&d), action, reason: reason.into(), approval };
        self.send(client, DecideDeclaration { input }).await
    }

    pub(crate) async fn officer(&self, username: &str, role: &str, org: &str) -> Client {
        let c = self.client();
        self.signed_in_officer(&c, username, role, Some(org)).await;
        c
    }
}

/// A 重新确认 or 证书遗失补办 form with an external original.
pub(crate) fn original_form(business: &str) -> Value {
    let mut form = recognition_form();
    form["original"] = json!({
        "title": "工程师", "series": "工程系列", "date": "2015-06-30",
        "authority": "广东省人力资源和社会保障厅", "certificate_number": "粤A2015-0001"
    });
    form["reason"] = json!("调入广西工作");
    if business == "Replacement" {
        form["loss_statement"] = json!("2026年10月8日于广西日报刊登遗失声明");
    }
    form
}

async fn every_office_path_ends_in_a_certificate_or_a_refusal(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let dept = app.officer("nn_dept", "department", "ZGBM-450100-1").await;
    let office = app.officer("nn_office", "office", "ZGB-450100").await;

    // 职称认定 through the 主管部门 to the 南宁市职改办: a certificate.
    let id = app.forwarded(&w, "Recognition", "ZGBM-450100-1").await;
    let (_, home) = app.send(&dept, LoadOfficeHome {}).await;
    assert_eq!(home["todo_count"], 1, "{home}");
    assert_eq!(home["is_office"], false);
    let (s, d) = app.decide_as(&dept, &id, Action::DepartmentApprove, "", Approval::default()).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "OfficeReview");
    assert_eq!(app.send(&dept, LoadOfficeHome {}).await.1["todo_count"], 0);
    // The 主管部门 still finds what it passed on, in 申报查询 and 已办事项.
    let (_, found) = app.send(&dept, OrgSearch { filter: filter() }).await;
    assert_eq!(found["total"], 1, "{found}");
    let (_, done) = app.send(&dept, OrgDecided { page: 1 }).await;
    assert_eq!(done["rows"][0]["decision"], "主管部门审核通过", "{done}");
    assert_eq!(done["rows"][0]["declaration"]["status"], "OfficeReview");

    let (_, queue) = app.send(&office, OrgQueue { filter: filter() }).await;
    assert_eq!(queue["total"], 1, "{queue}");
    let (_, d) = app.detail(&office, &id).await;
    // The unit's opinions, leader, attachments and timeline come with it.
    assert_eq!(d["unit_leader"], "王负责");
    assert!(!d["opinions"]["recommendation"].is_null(), "{d}");
    assert_eq!(d["attachments"].as_array().unwrap().len(), 1);
    let (s, d) = app.decide_as(&office, &id, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "Approved");
    let (_, mine) = app.send(&w.applicant_client, MyCertificates {}).await;
    let c = &mine[0];
    assert_eq!(c["status"], "Valid", "{mine}");
    assert_eq!(c["number"], format!("450100-{}-000001", chrono::Utc::now().format("%Y")));
    assert_eq!(c["holder_name"], w.applicant.name);
    assert_eq!(c["approval_no"], "桂职改办〔2026〕12号");
    assert_eq!(c["qualified_on"], "2026-11-01");
    assert_eq!(c["level"], "中级");
    assert_eq!(c["office_name"], "南宁市职称改革工作领导小组办公室");
    assert!(c["id_number_masked"].as_str().unwrap().contains("****"));
    assert_eq!(c["verify_code"].as_str().unwrap().len(), 24);
    // The certificate's 证件号码 is sealed at rest like every other.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM certificate WHERE holder_id_number LIKE '%{}%'",
            w.applicant.id_number
        ))
        .await,
        0
    );
    // The unit's staff see their people's certificates and the offices' messages.
    let (_, list) = app.send(&w.staff_client, UnitCertificates { keyword: w.applicant.name.clone(), page: 1 }).await;
    assert_eq!(list["total"], 1, "{list}");
    assert!(list["rows"][0]["verify_code"].is_null(), "only the holder gets the link");
    let (_, msgs) = app.send(&w.staff_client, UnitMessages {}).await;
    let titles: Vec<&str> = msgs.as_array().unwrap().iter().map(|m| m["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["申报状态变更：审核通过", "申报状态变更：待职改办审核"]);
    let (_, done) = app.send(&office, OrgDecided { page: 1 }).await;
    assert_eq!(done["rows"][0]["decision"], "职改办审核通过");

    // 重新确认 straight to the office: a certificate too; a refusal: none.
    let id2 = app.forwarded(&w, "Reconfirmation", "ZGB-450100").await;
    let (s, d) = app.decide_as(&office, &id2, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let id3 = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    let (s, d) = app.decide_as(&office, &id3, Action::OfficeReject, "业绩材料不足", good()).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "Rejected");
    let (_, mine) = app.send(&w.applicant_client, MyCertificates {}).await;
    assert_eq!(mine.as_array().unwrap().len(), 2, "{mine}");
    let (_, msgs) = app.send(&w.staff_client, UnitMessages {}).await;
    assert!(msgs[0]["body"].as_str().unwrap().contains("原因：业绩材料不足"), "{msgs}");
    // 申报查询 filters by status and by a whole name or 证件号码.
    let f = OfficeFilter { status: Some(Status::Approved), ..filter() };
    assert_eq!(app.send(&office, OrgSearch { filter: f }).await.1["total"], 2);
    let f = OfficeFilter { keyword: w.applicant.id_number.clone(), ..filter() };
    assert_eq!(app.send(&office, OrgSearch { filter: f }).await.1["total"], 3);
    let f = OfficeFilter { keyword: "无此人".into(), ..filter() };
    assert_eq!(app.send(&office, OrgSearch { filter: f }).await.1["total"], 0);
    let f = OfficeFilter {
        unit: w.unit.name.clone(),
        business: Some(app::declarations::Business::Reconfirmation),
        ..filter()
    };
    assert_eq!(app.send(&office, OrgSearch { filter: f }).await.1["total"], 1);
    // …and the same query downloads as Excel.
    let res = office.get(format!("{}/exports/declarations.xlsx?status=approved", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK");
    app.stop().await;
}

async fn decisions_need_their_reason_and_a_valid_approval(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    let id = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    let before = app.count("SELECT COUNT(*) FROM operation_log").await;
    for (action, a, field) in [
        (Action::OfficeApprove, approval("", "2026-11-01"), "approval_no"),
        (Action::OfficeApprove, approval("桂职改办〔2026〕12号", ""), "qualified_on"),
        (Action::OfficeApprove, approval("桂职改办〔2026〕12号", "2099-01-01"), "qualified_on"),
        (Action::OfficeApprove, approval("桂职改办〔2026〕12号", "2026-02-30"), "qualified_on"),
        (Action::OfficeReturn, Approval::default(), "reason"),
        (Action::OfficeReject, Approval::default(), "reason"),
    ] {
        let (s, b) = app.decide_as(&office, &id, action, "", a).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{action:?}: {b}");
        assert!(field_errors(&b).iter().any(|(f, _)| f == field), "{action:?}: {b}");
    }
    assert_eq!(app.status(&office, &id).await, "OfficeReview");
    assert_eq!(app.count("SELECT COUNT(*) FROM operation_log").await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM certificate").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM certificate_counter").await, 0);
    app.stop().await;
}

async fn offices_decide_only_what_waits_for_them_and_see_their_jurisdiction(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let nanning = app.officer("nn_office", "office", "ZGB-450100").await;
    let liuzhou = app.officer("lz_office", "office", "ZGB-450200").await;
    let region = app.officer("qu_office", "office", "ZGB-450000").await;
    let dept = app.officer("nn_dept", "department", "ZGBM-450100-1").await;
    let to_dept = app.forwarded(&w, "Recognition", "ZGBM-450100-1").await;
    let to_office = app.forwarded(&w, "Recognition", "ZGB-450100").await;

    // Another city's office sees neither; the region's sees both but decides neither.
    assert_eq!(app.detail(&liuzhou, &to_office).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.send(&liuzhou, OrgSearch { filter: filter() }).await.1["total"], 0);
    assert_eq!(app.send(&region, OrgSearch { filter: filter() }).await.1["total"], 2);
    assert_eq!(app.send(&region, OrgQueue { filter: filter() }).await.1["total"], 0);
    let (s, b) = app.decide_as(&region, &to_office, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    // The city's office sees what went to its 主管部门, but cannot decide it yet.
    assert_eq!(app.send(&nanning, OrgSearch { filter: filter() }).await.1["total"], 2);
    let (s, b) = app.decide_as(&nanning, &to_dept, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    // A 主管部门 sees only what was sent to it, and takes no office decision.
    assert_eq!(app.detail(&dept, &to_office).await.0, StatusCode::FORBIDDEN);
    let (s, _) = app.decide_as(&dept, &to_dept, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Unit staff and applicants take no office decision at all.
    let (s, _) = app.decide_as(&w.staff_client, &to_office, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(app.status(&nanning, &to_office).await, "OfficeReview");
    assert_eq!(app.status(&nanning, &to_dept).await, "DepartmentReview");
    assert_eq!(app.count("SELECT COUNT(*) FROM certificate").await, 0);
    app.stop().await;
}

async fn two_officers_deciding_at_once_make_one_log_line_and_one_certificate(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let a = app.officer("nn_a", "office", "ZGB-450100").await;
    let b = app.officer("nn_b", "office", "ZGB-450100").await;
    let id = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    let (_, d) = app.detail(&a, &id).await;
    let input = |who: &str| DecideInput {
        id: uuid(&id),
        version: version(&d),
        action: Action::OfficeApprove,
        reason: String::new(),
        approval: approval(&format!("桂职改办〔2026〕{who}号"), "2026-11-01"),
    };
    let (ra, rb) = tokio::join!(
        app.send(&a, DecideDeclaration { input: input("1") }),
        app.send(&b, DecideDeclaration { input: input("2") })
    );
    let mut codes = [ra.0, rb.0];
    codes.sort();
    assert_eq!(codes, [StatusCode::OK, StatusCode::CONFLICT], "{} / {}", ra.1, rb.1);
    let loser = if ra.0 == StatusCode::CONFLICT { ra.1 } else { rb.1 };
    // Told it changed meanwhile: by the version, or by the status it now has.
    let told = message_of(&loser);
    assert!(told.contains("已被他人处理") || told.contains("当前状态为“审核通过”"), "{loser}");
    assert_eq!(app.count("SELECT COUNT(*) FROM operation_log WHERE action = '职改办审核通过'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM certificate").await, 1);
    assert_eq!(
        app.count("SELECT CAST(MAX(last) AS BIGINT) FROM certificate_counter").await,
        1,
        "the loser's number is not used up"
    );
    app.stop().await;
}

async fn fifty_approvals_at_once_take_fifty_consecutive_numbers(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    let id = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    // 49 more like it, waiting for the same office.
    let first = declaration::Entity::find()
        .filter(declaration::Column::PublicId.eq(uuid(&id)))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut ids = vec![(uuid(&id), first.version)];
    for _ in 0..49 {
        let mut copy: declaration::ActiveModel = first.clone().into();
        copy.id = sea_orm::ActiveValue::NotSet;
        let public = uuid::Uuid::new_v4();
        copy.public_id = Set(public);
        copy.insert(app.db()).await.unwrap();
        ids.push((public, first.version));
    }
    // Rows made behind the portal's back: recount what waits, as after a bulk load.
    app.db().execute_unprepared("DELETE FROM org_todo").await.unwrap();
    app.db().execute_unprepared(migration::BACKFILL_TODO).await.unwrap();
    assert_eq!(app.send(&office, LoadOfficeHome {}).await.1["todo_count"], 50);
    let calls = ids.iter().map(|(id, v)| {
        let input = DecideInput {
            id: *id,
            version: *v,
            action: Action::OfficeApprove,
            reason: String::new(),
            approval: good(),
        };
        app.send(&office, DecideDeclaration { input })
    });
    let results = futures::future::join_all(calls).await;
    for (s, b) in &results {
        assert_eq!(*s, StatusCode::OK, "{b}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM certificate").await, 50);
    assert_eq!(app.count("SELECT COUNT(DISTINCT number) FROM certificate").await, 50);
    assert_eq!(app.count("SELECT CAST(MIN(seq) AS BIGINT) FROM certificate").await, 1);
    assert_eq!(app.count("SELECT CAST(MAX(seq) AS BIGINT) FROM certificate").await, 50);
    assert_eq!(app.count("SELECT CAST(MAX(last) AS BIGINT) FROM certificate_counter").await, 50);
    assert_eq!(app.send(&office, LoadOfficeHome {}).await.1["todo_count"], 0);
    app.stop().await;
}

async fn a_batch_decision_reports_the_rows_that_changed_meanwhile(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    let mut items = vec![];
    for _ in 0..3 {
        let id = app.forwarded(&w, "Recognition", "ZGB-450100").await;
        let (_, d) = app.detail(&office, &id).await;
        items.push(BatchItem { id: uuid(&id), version: version(&d) });
    }
    // Someone returns the second meanwhile.
    let (s, b) =
        app.decide_as(&office, &items[1].id.to_string(), Action::OfficeReturn, "请补充材料", Approval::default()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // Without the approval, a batch 审核通过 is refused as a whole.
    let input = BatchDecideInput {
        items: items.clone(),
        action: Action::OfficeApprove,
        reason: String::new(),
        approval: approval("", "2026-11-01"),
    };
    let (s, b) = app.send(&office, DecideMany { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(app.count("SELECT COUNT(*) FROM certificate").await, 0);
    let input = BatchDecideInput {
        items: items.clone(),
        action: Action::OfficeApprove,
        reason: String::new(),
        approval: good(),
    };
    let (s, out) = app.send(&office, DecideMany { input }).await;
    assert_eq!(s, StatusCode::OK, "{out}");
    let ok: Vec<bool> = out.as_array().unwrap().iter().map(|o| o["ok"].as_bool().unwrap()).collect();
    assert_eq!(ok, [true, false, true], "{out}");
    assert!(out[1]["message"].as_str().unwrap().contains("当前状态为“退回单位修改”"), "{out}");
    assert!(out[0]["message"].as_str().unwrap().starts_with("已发证书"), "{out}");
    assert_eq!(app.count("SELECT COUNT(*) FROM certificate").await, 2);
    // The red count, kept by each move, is what a count of the rows says.
    let waiting = app.count("SELECT COUNT(*) FROM declaration WHERE status = 'office_review'").await;
    assert_eq!(app.send(&office, LoadOfficeHome {}).await.1["todo_count"], waiting);
    assert_eq!(app.send(&office, OrgQueue { filter: filter() }).await.1["total"], waiting);
    // Too many rows, or none, are refused before anything moves.
    let input =
        BatchDecideInput { items: vec![], action: Action::OfficeApprove, reason: String::new(), approval: good() };
    assert_eq!(app.send(&office, DecideMany { input }).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let many = vec![items[0].clone(); 1001];
    let input =
        BatchDecideInput { items: many, action: Action::OfficeApprove, reason: String::new(), approval: good() };
    assert_eq!(app.send(&office, DecideMany { input }).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}

async fn a_lost_certificate_is_reissued_and_the_original_voided(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    let id = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    let (s, b) = app.decide_as(&office, &id, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, losable) = app.send(&w.applicant_client, LosableCertificates {}).await;
    let original = losable[0].clone();

    // Someone else cannot declare it lost.
    let other = app.world().await;
    let theirs = app.draft(&other, "Replacement", "Intermediate").await;
    let mut form = original_form("Replacement");
    form["original"]["certificate"] = original["id"].clone();
    let (s, b) = app.save(&other.applicant_client, &theirs, form.clone(), true, vec![]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(field_errors(&b).iter().any(|(f, _)| f == "original.certificate"), "{b}");

    // The holder declares it lost; the form takes the certificate's data.
    let lost = app.draft(&w, "Replacement", "Intermediate").await;
    let file = app.upload_attachment(&w.applicant_client).await;
    let (s, d) = app.save(&w.applicant_client, &lost, form, true, vec![file["id"].clone()]).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["form"]["original"]["certificate_number"], original["number"]);
    assert_eq!(d["form"]["original"]["authority"], "南宁市职称改革工作领导小组办公室");
    let (s, b) = app.submit(&w.applicant_client, &lost).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    app.fill_opinions(&w.staff_client, &lost, true).await;
    let (s, b) = app.forward(&w.staff_client, &lost, "ZGB-450100").await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // A 补发 of a certificate issued here needs no new 批准文号.
    let (s, d) = app.decide_as(&office, &lost, Action::OfficeApprove, "", Approval::default()).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (_, mine) = app.send(&w.applicant_client, MyCertificates {}).await;
    let statuses: Vec<&str> = mine.as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["Reissued", "Void"], "{mine}");
    let (new, old) = (mine[0].clone(), mine[1].clone());
    assert_eq!(new["replaces_number"], original["number"]);
    assert_eq!(new["approval_no"], "桂职改办〔2026〕12号", "the 补发 keeps the original's approval");
    assert_eq!(old["replaced_by_number"], new["number"]);
    assert!(old["void_reason"].as_str().unwrap().contains("证书遗失补办"), "{old}");
    assert!(!old["voided_at"].as_str().unwrap().is_empty());
    // A voided certificate cannot be declared lost again.
    assert_eq!(app.send(&w.applicant_client, LosableCertificates {}).await.1.as_array().unwrap().len(), 1);
    let again = app.draft(&w, "Replacement", "Intermediate").await;
    let mut form = original_form("Replacement");
    form["original"]["certificate"] = original["id"].clone();
    let (s, b) = app.save(&w.applicant_client, &again, form, true, vec![]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(message_of(&b).contains("已作废"), "{b}");
    // 补办 of an external original: the office gives the approval.
    let ext = app.forwarded(&w, "Replacement", "ZGB-450100").await;
    let (s, b) = app.decide_as(&office, &ext, Action::OfficeApprove, "", Approval::default()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, b) =
        app.decide_as(&office, &ext, Action::OfficeApprove, "", approval("粤人社〔2015〕3号", "2015-06-30")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, mine) = app.send(&w.applicant_client, MyCertificates {}).await;
    assert_eq!(mine[0]["replaces_number"], "粤A2015-0001");
    assert_eq!(mine[0]["status"], "Reissued");
    assert_eq!(app.count("SELECT COUNT(*) FROM certificate").await, 3, "nothing deleted");
    // Anyone verifying the voided original is told so, and what replaced it.
    let (s, v) = app.send(&app.client(), VerifyLink { code: old["verify_code"].as_str().unwrap().into() }).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "Void");
    assert_eq!(v["replaced_by_number"], new["number"]);
    app.stop().await;
}

async fn verification_masks_logs_and_is_rate_limited(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.rate_verify = 6).await;
    let w = app.world().await;
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    let id = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    let (s, b) = app.decide_as(&office, &id, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, mine) = app.send(&w.applicant_client, MyCertificates {}).await;
    let (number, code) =
        (mine[0]["number"].as_str().unwrap().to_owned(), mine[0]["verify_code"].as_str().unwrap().to_owned());

    let stranger = app.client();
    let verify = |number: &str, name: &str, ticket: String| VerifyCertificate {
        input: VerifyInput {
            number: number.into(),
            name: name.into(),
            captcha_id: uuid(&ticket),
            captcha: CAPTCHA.into(),
        },
    };
    let (s, v) = app.send(&stranger, verify(&number, &w.applicant.name, app.captcha(&stranger).await)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "Valid");
    assert_ne!(v["holder_name_masked"], w.applicant.name);
    assert!(v["id_number_masked"].as_str().unwrap().contains("****"));
    assert!(!v.to_string().contains(&w.applicant.id_number));
    // A wrong name answers exactly as an unknown number.
    let (s1, wrong_name) = app.send(&stranger, verify(&number, "张冒名", app.captcha(&stranger).await)).await;
    let (s2, unknown) =
        app.send(&stranger, verify("450100-2026-999999", &w.applicant.name, app.captcha(&stranger).await)).await;
    assert_eq!((s1, s2), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(wrong_name, unknown);
    // A wrong captcha is refused before anything is looked up.
    let (s, b) = app
        .send(
            &stranger,
            VerifyCertificate {
                input: VerifyInput {
                    number: number.clone(),
                    name: w.applicant.name.clone(),
                    captcha_id: uuid(&app.captcha(&stranger).await),
                    captcha: "XXXX".into(),
                },
            },
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    // The link's code works without the name; an office looking is named.
    let (s, v) = app.send(&office, VerifyLink { code: code.clone() }).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, detail) = app.send(&w.applicant_client, MyCertificate { id: uuid(mine[0]["id"].as_str().unwrap()) }).await;
    let viewers: Vec<&str> =
        detail["lookups"].as_array().unwrap().iter().map(|l| l["viewer"].as_str().unwrap()).collect();
    assert_eq!(viewers, ["南宁市职称改革工作领导小组办公室", "匿名查询"], "{detail}");
    // Someone else's certificate is not theirs to open.
    let someone = app.client();
    app.signed_in_person(&someone).await;
    let (s, _) = app.send(&someone, MyCertificate { id: uuid(mine[0]["id"].as_str().unwrap()) }).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Past the limit (6 per window per address): told to wait.
    let mut last = StatusCode::OK;
    for _ in 0..4 {
        last = app.send(&stranger, VerifyLink { code: code.clone() }).await.0;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    app.stop().await;
}

async fn decisions_are_emailed_through_the_notifier_when_smtp_is_configured(db: Db) {
    // Nothing listens on port 1: the message is written to the outbox and
    // the sender's delivery fails there, after the decision has committed.
    let app = TestApp::spawn_with(db, |c| {
        c.smtp = Some(app::server::notifier::SmtpConfig {
            host: "127.0.0.1".into(),
            port: Some(1),
            user: None,
            password: None,
            from: "noreply@example.com".into(),
            ..Default::default()
        })
    })
    .await;
    let w = app.world().await;
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    let id = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    let (s, b) = app.decide_as(&office, &id, Action::OfficeReturn, "请补充公示材料", Approval::default()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let sql = format!(
        "SELECT COUNT(*) FROM outbox WHERE recipient = '{}' AND subject = '申报状态变更：退回单位修改'",
        w.applicant.email
    );
    assert_eq!(app.count(&sql).await, 1);
    assert_eq!(app.status(&office, &id).await, "ReturnedToUnit");
    // The failure is recorded on the message, to be tried again later.
    let failed = format!("{sql} AND sent_at IS NULL AND attempts >= 1 AND error <> '' AND claimed_until IS NOT NULL");
    let waiting = std::time::Instant::now();
    while app.count(&failed).await != 1 {
        assert!(waiting.elapsed() < std::time::Duration::from_secs(20), "the delivery was not tried");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.stop().await;
}
