//! Declarations and the unit's review: every transition of the state
//! machine through the real server, every bad input, on both databases.

use crate::harness::*;
use crate::on_both_databases;
use app::declarations::api::{
    CreateDeclaration, DecideDeclaration, ForwardDeclaration, ForwardTargets, LoadDeclarationOptions, MyDeclarations,
    MyMessages, OperationLog, OrgQueue, ReturnDeclaration, SaveRecommendation, SubmitDeclaration, TodoCount, TodoList,
    UnitBatches,
};
use app::declarations::form::Recommendation;
use app::declarations::{
    Action, Business, CreateDeclarationInput, DecideInput, ForwardInput, Level, OperationFilter, ReturnInput,
    TodoFilter,
};
use app::units::api::AddUnitStaff;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// An office's or a department's decision on the version `d` shows.
fn decide(id: &str, d: &Value, action: Action, reason: &str) -> DecideDeclaration {
    let version = d["version"].as_i64().unwrap() as i32;
    let approval = app::declarations::Approval {
        approval_no: "桂职改办〔2026〕1号".into(),
        qualified_on: "2026-11-01".into(),
    };
    DecideDeclaration { input: DecideInput { id: uuid(id), version, action, reason: reason.into(), approval } }
}

/// The 待办事项 of `status`, first page.
fn todo(status: &str) -> TodoList {
    TodoList { filter: TodoFilter { status: status.into(), page: 1, ..Default::default() } }
}

fn recommendation(id: &str, version: &Value, text: &str) -> SaveRecommendation {
    let version = version.as_i64().unwrap() as i32;
    SaveRecommendation { id: uuid(id), version, opinion: Recommendation { text: text.into() } }
}

on_both_databases!(
    a_recognition_goes_from_the_applicant_through_the_unit_to_the_office,
    a_returned_declaration_is_fixed_and_sent_again,
    a_rejected_declaration_can_no_longer_be_edited_or_sent,
    returns_and_refusals_need_a_reason,
    submitting_needs_the_commitment_and_every_required_section,
    submitting_outside_the_batch_is_refused_with_the_deadline,
    attachments_are_checked_and_must_be_the_applicants_own,
    another_units_staff_can_neither_see_nor_move_a_declaration,
    the_applicant_cannot_edit_while_the_unit_reviews,
    forwarding_names_the_missing_opinions_and_junior_needs_no_committee,
    two_staff_forwarding_at_once_succeed_only_once,
    submitting_twice_makes_one_step,
    reconfirmation_and_replacement_have_their_own_forms,
    the_todo_list_filters_pages_and_counts_in_the_database,
    the_operation_log_is_listed_and_exported_to_excel,
    conditions_of_recognition_warn_but_do_not_block,
    roles_call_only_their_own_declaration_functions,
    a_department_passes_a_declaration_to_its_office_and_returns_reach_the_unit,
    the_batch_follows_the_unit_and_another_offices_batch_is_refused,
    nobody_reviews_or_decides_their_own_declaration,
    an_opinion_saved_on_an_out_of_date_page_is_refused,
    two_staff_saving_the_same_opinion_at_once_and_a_save_racing_a_forward,
);

async fn a_recognition_goes_from_the_applicant_through_the_unit_to_the_office(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let (_, count) = app.send(&w.staff_client, TodoCount {}).await;
    assert_eq!(count, 0);
    let id = app.submitted(&w, "Intermediate").await;
    assert_eq!(app.status(&w.applicant_client, &id).await, "UnitReview");
    let (_, count) = app.send(&w.staff_client, TodoCount {}).await;
    assert_eq!(count, 1);
    let (_, list) = app.send(&w.staff_client, todo("")).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["applicant_name"], w.applicant.name);
    assert!(list["rows"][0]["id_number_masked"].as_str().unwrap().contains("**********"));

    app.fill_opinions(&w.staff_client, &id, true).await;
    let (s, d) = app.forward(&w.staff_client, &id, "ZGB-450100").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "OfficeReview");
    assert_eq!(d["target_org"], "南宁市职称改革工作领导小组办公室");
    let (_, count) = app.send(&w.staff_client, TodoCount {}).await;
    assert_eq!(count, 0);

    // The 操作记录 lists every step in order, in the manual's words.
    let filter = OperationFilter { year: None, keyword: "".into(), page: 1 };
    let (_, log) = app.send(&w.staff_client, OperationLog { filter }).await;
    let actions: Vec<String> =
        log["rows"].as_array().unwrap().iter().rev().map(|r| r["action"].as_str().unwrap().to_owned()).collect();
    assert_eq!(
        actions,
        [
            "个人报送单位",
            "单位填写基层单位考核推荐意见",
            "单位填写任职期满聘任职称考核结果",
            "单位填写公示情况",
            "单位填写单位会议小组审议推荐意见",
            "单位审核报送"
        ]
    );
    assert!(log["rows"][0]["id_number_masked"].as_str().unwrap().contains("**********"));
    // Each row carries the detail it opens to: for whom, where to, when to the second.
    let forwarded = &log["rows"][0];
    assert_eq!(forwarded["target"], "南宁市职称改革工作领导小组办公室");
    assert_eq!(forwarded["operator_org"], w.unit.name);
    assert_eq!(forwarded["at"].as_str().unwrap().len(), "2026-11-28 09:30:15".len(), "{forwarded}");
    let submitted = &log["rows"][5];
    assert_eq!(submitted["operator_org"], "申报人");
    assert_eq!(submitted["target"], w.unit.name);

    // The office sees it and approves it; the applicant is told each time.
    let office = app.client();
    app.signed_in_officer(&office, "nnzgb_t", "office", Some("ZGB-450100")).await;
    let (_, queue) =
        app.send(&office, OrgQueue { filter: app::declarations::OfficeFilter { page: 1, ..Default::default() } }).await;
    assert_eq!(queue["total"], 1);
    let (_, d) = app.detail(&office, &id).await;
    let (s, d) = app.send(&office, decide(&id, &d, Action::OfficeApprove, "")).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "Approved");
    let (_, messages) = app.send(&w.applicant_client, MyMessages {}).await;
    let titles: Vec<&str> = messages.as_array().unwrap().iter().map(|m| m["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["申报状态变更：审核通过", "申报状态变更：待职改办审核", "申报状态变更：待单位审核"]);
    // Another office cannot see it.
    let other = app.client();
    app.signed_in_officer(&other, "lzzgb_t", "office", Some("ZGB-450200")).await;
    assert_eq!(app.detail(&other, &id).await.0, StatusCode::FORBIDDEN);
    app.stop().await;
}

async fn a_returned_declaration_is_fixed_and_sent_again(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Assistant").await;
    let (s, d) = app.send_back(&w.staff_client, &id, false, "请补充学历证书扫描件").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "ReturnedToApplicant");
    let (_, mine) = app.detail(&w.applicant_client, &id).await;
    assert_eq!(mine["editable"], true);
    let last = mine["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "单位退回个人修改");
    assert_eq!(last["reason"], "请补充学历证书扫描件");
    let filter = OperationFilter { year: None, keyword: "退回".into(), page: 1 };
    let (_, log) = app.send(&w.staff_client, OperationLog { filter }).await;
    assert_eq!(log["rows"][0]["reason"], "请补充学历证书扫描件");
    let (_, messages) = app.send(&w.applicant_client, MyMessages {}).await;
    assert!(messages[0]["body"].as_str().unwrap().contains("原因：请补充学历证书扫描件"));

    let extra = app.upload_attachment(&w.applicant_client).await;
    let mut files: Vec<_> = mine["attachments"].as_array().unwrap().iter().map(|a| a["id"].clone()).collect();
    files.push(extra["id"].clone());
    let (s, _) = app.save(&w.applicant_client, &id, recognition_form(), true, files).await;
    assert_eq!(s, StatusCode::OK);
    let (s, d) = app.submit(&w.applicant_client, &id).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "UnitReview");
    assert_eq!(d["attachments"].as_array().unwrap().len(), 2);
    let (_, count) = app.send(&w.staff_client, TodoCount {}).await;
    assert_eq!(count, 1);
    app.stop().await;
}

async fn a_rejected_declaration_can_no_longer_be_edited_or_sent(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Junior").await;
    let (s, d) = app.send_back(&w.staff_client, &id, true, "不符合申报条件").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "Rejected");
    let (s, b) = app.save(&w.applicant_client, &id, recognition_form(), true, vec![]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(message_of(&b), "该申报审核不通过，不能再编辑");
    let (s, b) = app.submit(&w.applicant_client, &id).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(message_of(&b), "申报当前状态为“审核不通过”，不能执行“个人报送单位”");
    // Nor can the unit move it any more.
    let (s, _) = app.send_back(&w.staff_client, &id, false, "再看看").await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(app.status(&w.applicant_client, &id).await, "Rejected");
    app.stop().await;
}

async fn returns_and_refusals_need_a_reason(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Junior").await;
    for reject in [false, true] {
        let (s, b) = app.send_back(&w.staff_client, &id, reject, "   ").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_errors(&b), vec![("reason".into(), "请填写原因".into())]);
    }
    assert_eq!(app.status(&w.applicant_client, &id).await, "UnitReview");
    assert_eq!(app.count("SELECT COUNT(*) FROM operation_log").await, 1);
    app.stop().await;
}

async fn submitting_needs_the_commitment_and_every_required_section(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.draft(&w, "Recognition", "Junior").await;
    // Nothing filled, nothing agreed.
    let (s, b) = app.submit(&w.applicant_client, &id).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = field_errors(&b).into_iter().map(|f| f.0).collect();
    assert_eq!(
        fields,
        ["work_start", "current_post", "education", "experience", "appraisals", "attachments", "commitment"]
    );
    // Complete, but without the 个人承诺书.
    let file = app.upload_attachment(&w.applicant_client).await;
    app.save(&w.applicant_client, &id, recognition_form(), false, vec![file["id"].clone()]).await;
    let (s, b) = app.submit(&w.applicant_client, &id).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b), vec![("commitment".into(), "请阅读并同意个人承诺书后再报送".into())]);
    assert_eq!(app.status(&w.applicant_client, &id).await, "Draft");
    assert_eq!(app.count("SELECT COUNT(*) FROM operation_log").await, 0);
    app.stop().await;
}

async fn submitting_outside_the_batch_is_refused_with_the_deadline(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.draft(&w, "Recognition", "Junior").await;
    let file = app.upload_attachment(&w.applicant_client).await;
    app.save(&w.applicant_client, &id, recognition_form(), true, vec![file["id"].clone()]).await;
    {
        use app::server::entities::batch;
        use sea_orm::sea_query::Expr;
        use sea_orm::EntityTrait;
        let past = chrono::Utc::now() - chrono::Duration::days(1);
        batch::Entity::update_many().col_expr(batch::Column::ClosesAt, Expr::value(past)).exec(app.db()).await.unwrap();
    }
    let (s, b) = app.submit(&w.applicant_client, &id).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let m = message_of(&b);
    assert!(m.contains("截止申报，不能报送") && m.contains("年度"), "{m}");
    assert_eq!(app.status(&w.applicant_client, &id).await, "Draft");
    app.stop().await;
}

async fn attachments_are_checked_and_must_be_the_applicants_own(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.draft(&w, "Recognition", "Junior").await;
    let upload = |bytes: Vec<u8>| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("证书.jpg");
        let form = reqwest::multipart::Form::new().part("file", part);
        w.applicant_client.post(format!("{}/upload?purpose=attachment", app.base)).multipart(form).send()
    };
    let res = upload(b"MZ\x90\0 an executable".to_vec()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut big = b"%PDF-".to_vec();
    big.resize(10 * 1024 * 1024 + 1, b'x');
    assert_eq!(upload(big).await.unwrap().status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Not signed in as a person: no attachment uploads.
    let part = reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec()).file_name("a.pdf");
    let res = w
        .staff_client
        .post(format!("{}/upload?purpose=attachment", app.base))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Someone else's upload cannot be attached.
    let stranger = app.client();
    app.signed_in_person(&stranger).await;
    let theirs = app.upload_attachment(&stranger).await;
    let (s, b) = app.save(&w.applicant_client, &id, recognition_form(), true, vec![theirs["id"].clone()]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "附件已失效，请重新上传");
    assert_eq!(app.count("SELECT COUNT(*) FROM declaration_attachment").await, 0);
    // Own upload: attached, then visible to the unit's staff after 报送, not to strangers.
    let mine = app.upload_attachment(&w.applicant_client).await;
    app.save(&w.applicant_client, &id, recognition_form(), true, vec![mine["id"].clone()]).await;
    let url = format!("{}/files/{}", app.base, mine["id"].as_str().unwrap());
    assert_eq!(w.staff_client.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    app.submit(&w.applicant_client, &id).await;
    assert_eq!(w.applicant_client.get(&url).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(w.staff_client.get(&url).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(stranger.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn another_units_staff_can_neither_see_nor_move_a_declaration(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let other = app.world().await;
    let id = app.submitted(&w, "Intermediate").await;
    let (s, b) = app.detail(&other.staff_client, &id).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(message_of(&b), "无权查看或办理该申报");
    let (s, _) = app.send(&other.staff_client, recommendation(&id, &json!(1), "篡改")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let input = ForwardInput { id: uuid(&id), version: 1, unit_leader: "x".into(), target: "ZGB-450100".into() };
    let (s, _) = app.send(&other.staff_client, ForwardDeclaration { input }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let input = ReturnInput { id: uuid(&id), version: 1, reject: true, reason: "x".into() };
    let (s, _) = app.send(&other.staff_client, ReturnDeclaration { input }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, list) = app.send(&other.staff_client, todo("all")).await;
    assert_eq!(list["total"], 0);
    // Another applicant neither.
    assert_eq!(app.detail(&other.applicant_client, &id).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.status(&w.applicant_client, &id).await, "UnitReview");
    assert_eq!(app.count("SELECT COUNT(*) FROM unit_opinion").await, 0);
    app.stop().await;
}

async fn the_applicant_cannot_edit_while_the_unit_reviews(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Junior").await;
    let (s, b) = app.save(&w.applicant_client, &id, recognition_form(), true, vec![]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(message_of(&b), "申报当前状态为“待单位审核”，正在审核中，不能修改");
    let (_, d) = app.detail(&w.applicant_client, &id).await;
    assert_eq!(d["attachments"].as_array().unwrap().len(), 1, "nothing half-saved");
    app.stop().await;
}

async fn forwarding_names_the_missing_opinions_and_junior_needs_no_committee(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let mid = app.submitted(&w, "Intermediate").await;
    app.save_opinion(&w.staff_client, &mid, "declarations/save_recommendation", json!({ "text": "同意" })).await;
    let (s, b) = app.forward(&w.staff_client, &mid, "ZGB-450100").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_errors(&b),
        vec![("opinions".into(), "请先填写：任职期满聘任职称考核结果、公示情况、单位审议小组审议推荐意见".into())]
    );
    // Bad opinions are refused field by field.
    let (s, b) = app
        .save_opinion(
            &w.staff_client,
            &mid,
            "declarations/save_publicity",
            json!({ "start": "2026-10-10", "end": "2026-10-01", "result": "有异议", "explanation": "" }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = field_errors(&b).into_iter().map(|f| f.0).collect();
    assert_eq!(fields, ["publicity_period", "publicity_explanation"]);
    // Without 单位负责人 or a target.
    app.fill_opinions(&w.staff_client, &mid, true).await;
    let (_, d) = app.detail(&w.staff_client, &mid).await;
    let version = d["version"].as_i64().unwrap() as i32;
    let input = ForwardInput { id: uuid(&mid), version, unit_leader: " ".into(), target: "nowhere".into() };
    let (s, b) = app.send(&w.staff_client, ForwardDeclaration { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = field_errors(&b).into_iter().map(|f| f.0).collect();
    assert_eq!(fields, ["unit_leader", "target"]);

    let junior = app.submitted(&w, "Junior").await;
    let (s, b) = app.save_opinion(&w.staff_client, &junior, "declarations/save_committee", json!({ "meeting_date": "2026-10-20", "members": 5, "votes_for": 5, "votes_against": 0, "votes_abstain": 0, "opinion": "同意" })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "初级职称申报不需要填写单位审议小组审议推荐意见");
    app.fill_opinions(&w.staff_client, &junior, false).await;
    let (s, d) = app.forward(&w.staff_client, &junior, "ZGB-450000").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "OfficeReview");
    app.stop().await;
}

async fn two_staff_forwarding_at_once_succeed_only_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    // A second staff member of the same unit.
    let second = app.signed_in_person(&app.client()).await;
    app.send(&w.unit_client, AddUnitStaff { id_number: second.id_number.clone() }).await;
    let second_client = app.client();
    assert_eq!(
        app.sign_in_staff(&second_client, &w.unit.name, &second.phone, &second.password).await.0,
        StatusCode::OK
    );
    let id = app.submitted(&w, "Junior").await;
    app.fill_opinions(&w.staff_client, &id, false).await;
    let (_, d) = app.detail(&w.staff_client, &id).await;
    let body = |target: &str| ForwardDeclaration {
        input: ForwardInput {
            id: uuid(&id),
            version: d["version"].as_i64().unwrap() as i32,
            unit_leader: "王负责".into(),
            target: target.into(),
        },
    };
    let (a, b) =
        tokio::join!(app.send(&w.staff_client, body("ZGB-450100")), app.send(&second_client, body("ZGB-450000")),);
    let statuses = [a.0, b.0];
    assert!(statuses.contains(&StatusCode::OK), "{statuses:?}");
    assert!(statuses.contains(&StatusCode::CONFLICT), "{statuses:?}");
    let loser = if a.0 == StatusCode::CONFLICT { &a.1 } else { &b.1 };
    assert!(message_of(loser).contains("已被他人处理"), "{loser}");
    assert_eq!(app.count("SELECT COUNT(*) FROM operation_log WHERE action = '单位审核报送'").await, 1);
    app.stop().await;
}

async fn submitting_twice_makes_one_step(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.draft(&w, "Recognition", "Junior").await;
    let file = app.upload_attachment(&w.applicant_client).await;
    app.save(&w.applicant_client, &id, recognition_form(), true, vec![file["id"].clone()]).await;
    let (_, d) = app.detail(&w.applicant_client, &id).await;
    let body = || SubmitDeclaration { id: uuid(&id), version: d["version"].as_i64().unwrap() as i32 };
    let (a, b) = tokio::join!(app.send(&w.applicant_client, body()), app.send(&w.applicant_client, body()));
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let (s, _) = app.send(&w.applicant_client, body()).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(app.count("SELECT COUNT(*) FROM operation_log WHERE action = '个人报送单位'").await, 1);
    app.stop().await;
}

async fn reconfirmation_and_replacement_have_their_own_forms(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let original = json!({ "title": "助理工程师", "series": "工程系列", "date": "2015-12-01", "authority": "湖南省人力资源和社会保障厅", "certificate_number": "HN2015-001" });

    let re = app.draft(&w, "Reconfirmation", "Assistant").await;
    let (s, b) = app.submit(&w.applicant_client, &re).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = field_errors(&b).into_iter().map(|f| f.0).collect();
    assert!(fields.contains(&"original.title".to_string()) && fields.contains(&"reason".to_string()), "{fields:?}");
    app.save(&w.applicant_client, &re, json!({ "original": original, "reason": "由区外调入" }), true, vec![]).await;
    let (s, d) = app.submit(&w.applicant_client, &re).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["business"], "Reconfirmation");

    let lost = app.draft(&w, "Replacement", "Assistant").await;
    app.save(
        &w.applicant_client,
        &lost,
        json!({ "original": original, "loss_statement": "2026年10月8日刊登于广西日报" }),
        true,
        vec![],
    )
    .await;
    let (s, b) = app.submit(&w.applicant_client, &lost).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&b), vec![("attachments".into(), "附件：请上传遗失声明（如登报声明）的扫描件".into())]);
    let file = app.upload_attachment(&w.applicant_client).await;
    app.save(
        &w.applicant_client,
        &lost,
        json!({ "original": original, "loss_statement": "2026年10月8日刊登于广西日报" }),
        true,
        vec![file["id"].clone()],
    )
    .await;
    let (s, d) = app.submit(&w.applicant_client, &lost).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["form"]["loss_statement"], "2026年10月8日刊登于广西日报");
    let (_, count) = app.send(&w.staff_client, TodoCount {}).await;
    assert_eq!(count, 2);
    app.stop().await;
}

async fn the_todo_list_filters_pages_and_counts_in_the_database(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    // 32 declarations of every kind written straight to the database (set-up).
    let base = app.submitted(&w, "Junior").await;
    let unit_id = app
        .count(&format!("SELECT unit_id FROM declaration WHERE applicant_name = '{}' LIMIT 1", w.applicant.name))
        .await;
    let person_id = app
        .count(&format!("SELECT person_id FROM declaration WHERE applicant_name = '{}' LIMIT 1", w.applicant.name))
        .await;
    let batch_id = app.count("SELECT batch_id FROM declaration LIMIT 1").await;
    {
        use app::server::entities::declaration;
        use sea_orm::{ActiveModelTrait, Set};
        for i in 0..32 {
            let (status, business, level) = match i % 4 {
                0 => ("unit_review", "recognition", "junior"),
                1 => ("returned_to_unit", "reconfirmation", "assistant"),
                2 => ("office_review", "recognition", "intermediate"),
                _ => ("draft", "replacement", "junior"),
            };
            let at = chrono::Utc::now() - chrono::Duration::minutes(100 - i);
            let idn = with_check(&format!("450102199001{:02}{:03}", i % 28 + 1, i));
            declaration::ActiveModel {
                public_id: Set(uuid::Uuid::new_v4()),
                person_id: Set(person_id),
                unit_id: Set(unit_id),
                batch_id: Set(batch_id),
                batch_year: Set(if i < 28 { 2026 } else { 2025 }),
                business: Set(business.into()),
                series_id: Set(1),
                specialty_id: Set(1),
                level: Set(level.into()),
                status: Set(status.into()),
                version: Set(1),
                applicant_name: Set(format!("批量{i:02}")),
                applicant_id_number: Set(app.state.vault.seal(&idn)),
                applicant_id_hash: Set(Some(app.state.vault.hash(&idn))),
                applicant_id_masked: Set(Some(app::domain::mask::id_number(&idn))),
                form: Set("{}".into()),
                commitment: Set(true),
                target_org_id: Set(None),
                unit_leader: Set(String::new()),
                submitted_at: Set(if status == "draft" { None } else { Some(at) }),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
            .insert(app.db())
            .await
            .unwrap();
        }
    }
    let list = |filter: TodoFilter| {
        let (app, c) = (&app, &w.staff_client);
        async move { app.send(c, TodoList { filter }).await.1 }
    };
    // Pending: 1 real + 8 unit_review + 8 returned_to_unit = 17; the count agrees.
    let pending = list(TodoFilter { status: "pending".into(), page: 1, ..Default::default() }).await;
    assert_eq!(pending["total"], 17);
    let (_, count) = app.send(&w.staff_client, TodoCount {}).await;
    assert_eq!(count, 17);
    // 全部 leaves out the 8 drafts: 25, in pages of 20.
    let all = list(TodoFilter { status: "all".into(), page: 1, ..Default::default() }).await;
    assert_eq!(all["total"], 25);
    assert_eq!(all["rows"].as_array().unwrap().len(), 20);
    // The size comes with the page's rows; past the last page it is still told.
    let second = list(TodoFilter { status: "all".into(), page: 2, ..Default::default() }).await;
    assert_eq!(second["rows"].as_array().unwrap().len(), 5);
    assert_eq!(second["total"], 25);
    let beyond = list(TodoFilter { status: "all".into(), page: 3, ..Default::default() }).await;
    assert_eq!(beyond["rows"].as_array().unwrap().len(), 0);
    assert_eq!(beyond["total"], 25);
    assert_eq!(beyond["page"], 3);
    assert_eq!(list(TodoFilter { status: "office_review".into(), page: 1, ..Default::default() }).await["total"], 8);
    assert_eq!(
        list(TodoFilter { status: "all".into(), year: Some(2025), page: 1, ..Default::default() }).await["total"],
        3
    );
    assert_eq!(
        list(TodoFilter {
            status: "all".into(),
            business: Some(Business::Reconfirmation),
            page: 1,
            ..Default::default()
        })
        .await["total"],
        8
    );
    assert_eq!(
        list(TodoFilter { status: "all".into(), level: Some(Level::Intermediate), page: 1, ..Default::default() })
            .await["total"],
        8
    );
    assert_eq!(
        list(TodoFilter { status: "all".into(), keyword: "批量0".into(), page: 1, ..Default::default() }).await
            ["total"],
        8
    );
    let by_id = with_check(&format!("450102199001{:02}{:03}", 6, 5));
    assert_eq!(
        list(TodoFilter { status: "all".into(), keyword: by_id, page: 1, ..Default::default() }).await["total"],
        1
    );
    assert_eq!(list(TodoFilter { status: "draft".into(), page: 1, ..Default::default() }).await["kind"], "invalid");
    // Newest first by default, oldest first on request.
    let newest = list(TodoFilter { status: "pending".into(), page: 1, ..Default::default() }).await;
    assert_eq!(newest["rows"][0]["id"], base);
    let oldest = list(TodoFilter { status: "pending".into(), oldest_first: true, page: 1, ..Default::default() }).await;
    assert_eq!(oldest["rows"][0]["applicant_name"], "批量00");
    assert_eq!(all["per_page"], 20);
    app.stop().await;
}

async fn the_operation_log_is_listed_and_exported_to_excel(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Junior").await;
    app.fill_opinions(&w.staff_client, &id, false).await;
    let filter = OperationFilter { year: None, keyword: "公示".into(), page: 1 };
    let (_, log) = app.send(&w.staff_client, OperationLog { filter }).await;
    assert_eq!(log["total"], 1);
    assert_eq!(log["rows"][0]["action"], "单位填写公示情况");
    assert_eq!(log["rows"][0]["operator"], w.staff.name);
    let res = w.staff_client.get(format!("{}/exports/operation-log.xlsx", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    // Only the unit's staff may export it.
    let res = w.applicant_client.get(format!("{}/exports/operation-log.xlsx", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = w.unit_client.get(format!("{}/exports/operation-log.xlsx", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}

async fn conditions_of_recognition_warn_but_do_not_block(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.draft(&w, "Recognition", "Intermediate").await;
    let file = app.upload_attachment(&w.applicant_client).await;
    let (s, d) = app.save(&w.applicant_client, &id, recognition_form(), true, vec![file["id"].clone()]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["warnings"][0], "按常用条件，本科学历不能直接申报中级");
    let (s, d) = app.submit(&w.applicant_client, &id).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "UnitReview");
    app.stop().await;
}

async fn roles_call_only_their_own_declaration_functions(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let (s, b) = app.send(&w.unit_client, todo("")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let (s, _) = app.send(&w.applicant_client, TodoCount {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.send(&w.staff_client, MyDeclarations {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.send(&app.client(), MyDeclarations {}).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // An applicant cannot take a unit's or an office's step.
    let id = app.submitted(&w, "Junior").await;
    let (s, _) = app.send_back(&w.applicant_client, &id, false, "自己退回").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, d) = app.detail(&w.applicant_client, &id).await;
    let (s, _) = app.send(&w.applicant_client, decide(&id, &d, Action::OfficeApprove, "")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // A draft of an unapproved unit cannot even be created.
    let pending = NewUnit::random();
    app.register_unit(&app.client(), &pending, &[]).await;
    let unit_id = app.unit_id(&w.applicant_client, &pending.name).await;
    let (batch, series, specialty) = app.choices(&w.applicant_client, &unit_id).await;
    let input = CreateDeclarationInput {
        business: Some(Business::Recognition),
        batch_id: Some(batch),
        unit_id: Some(uuid(unit_id.as_str().unwrap())),
        series_id: Some(series),
        specialty_id: Some(specialty),
        level: Some(Level::Junior),
    };
    let (s, b) = app.send(&w.applicant_client, CreateDeclaration { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message_of(&b), "所选单位尚未通过职改办审核，暂不能接收申报");
    assert_eq!(app.status(&w.applicant_client, &id).await, "UnitReview");
    app.stop().await;
}

async fn a_department_passes_a_declaration_to_its_office_and_returns_reach_the_unit(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Junior").await;
    app.fill_opinions(&w.staff_client, &id, false).await;
    let (_, targets) = app.send(&w.staff_client, ForwardTargets { id: uuid(&id) }).await;
    let names: Vec<&str> = targets.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(
        names.contains(&"南宁市教育局") && names.contains(&"广西壮族自治区职称改革工作领导小组办公室"),
        "{names:?}"
    );
    let (s, d) = app.forward(&w.staff_client, &id, "ZGBM-450100-1").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "DepartmentReview");

    let dept = app.client();
    app.signed_in_officer(&dept, "nnjyj_t", "department", Some("ZGBM-450100-1")).await;
    let (_, d) = app.detail(&dept, &id).await;
    // A department cannot take an office's decision.
    let (s, _) = app.send(&dept, decide(&id, &d, Action::OfficeApprove, "")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, d) = app.send(&dept, decide(&id, &d, Action::DepartmentApprove, "")).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "OfficeReview");
    assert_eq!(d["target_org"], "南宁市职称改革工作领导小组办公室");

    let office = app.client();
    app.signed_in_officer(&office, "nn_office_t", "office", Some("ZGB-450100")).await;
    let (_, d) = app.detail(&office, &id).await;
    let (s, b) = app.send(&office, decide(&id, &d, Action::OfficeReturn, "")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, d) = app.send(&office, decide(&id, &d, Action::OfficeReturn, "公示期不足")).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "ReturnedToUnit");
    // Back in the unit's 待办事项; the unit fixes and forwards again.
    let (_, count) = app.send(&w.staff_client, TodoCount {}).await;
    assert_eq!(count, 1);
    let (s, _) = app
        .save_opinion(
            &w.staff_client,
            &id,
            "declarations/save_publicity",
            json!({ "start": "2026-10-01", "end": "2026-10-15", "result": "无异议", "explanation": "" }),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, d) = app.forward(&w.staff_client, &id, "ZGB-450100").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "OfficeReview");
    let (_, d) = app.detail(&office, &id).await;
    let (s, d) = app.send(&office, decide(&id, &d, Action::OfficeReject, "不符合条件")).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "Rejected");
    let actions: Vec<String> =
        d["timeline"].as_array().unwrap().iter().map(|t| t["action"].as_str().unwrap().to_owned()).collect();
    assert!(
        actions.ends_with(&[
            "主管部门审核通过".into(),
            "职改办退回单位".into(),
            "单位填写公示情况".into(),
            "单位审核报送".into(),
            "职改办审核不通过".into()
        ]),
        "{actions:?}"
    );
    app.stop().await;
}

async fn the_batch_follows_the_unit_and_another_offices_batch_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let unit_id = app.unit_id(&w.applicant_client, &w.unit.name).await;
    // The unit is in 南宁: the 南宁市职改办's open batch, by its full name.
    let unit_uuid = uuid(unit_id.as_str().unwrap());
    let (s, batches) = app.send(&w.applicant_client, UnitBatches { unit_id: unit_uuid }).await;
    assert_eq!(s, StatusCode::OK, "{batches}");
    let list = batches.as_array().unwrap();
    assert_eq!(list.len(), 1, "{batches}");
    assert_eq!(list[0]["office_name"], "南宁市职称改革工作领导小组办公室");
    assert!(list[0]["name"].as_str().unwrap().ends_with("年度（南宁市职称改革工作领导小组办公室）"), "{batches}");
    // Another office's batch is refused, naming the right one; nothing is created.
    let region_batch =
        app.count("SELECT b.id FROM batch b JOIN org o ON o.id = b.office_id WHERE o.code = 'ZGB-450000'").await;
    let (_, o) = app.send(&w.applicant_client, LoadDeclarationOptions { choosable: true }).await;
    let (series, specialty) = (o["series"][0]["id"].clone(), o["series"][0]["specialties"][0][0].clone());
    let input = CreateDeclarationInput {
        business: Some(Business::Recognition),
        batch_id: Some(region_batch),
        unit_id: Some(uuid(unit_id.as_str().unwrap())),
        series_id: series.as_i64(),
        specialty_id: specialty.as_i64(),
        level: Some(Level::Junior),
    };
    let (s, b) = app.send(&w.applicant_client, CreateDeclaration { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(b["errors"][0]["field"], "batch");
    assert_eq!(message_of(&b), format!("所选申报年度不适用于该单位，请选择{}", list[0]["name"].as_str().unwrap()));
    assert_eq!(app.count("SELECT COUNT(*) FROM declaration").await, 0);
    // Only an applicant asks, and only for a unit that exists.
    let (s, _) = app.send(&w.staff_client, UnitBatches { unit_id: unit_uuid }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.send(&w.applicant_client, UnitBatches { unit_id: uuid::Uuid::new_v4() }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}

/// A staff member declares to their own unit: they cannot fill its
/// opinions, forward or return it; a colleague can. An officer whose 证件号码
/// is the applicant's cannot decide it.
async fn nobody_reviews_or_decides_their_own_declaration(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    // The staff member, signed in as a person, is the applicant.
    let own_client = app.client();
    let (s, b) = app.sign_in(&own_client, &w.staff.phone, &w.staff.password).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let own = World {
        unit: w.unit.clone(),
        unit_client: app.client(),
        staff: w.staff.clone(),
        staff_client: app.client(),
        applicant: w.staff.clone(),
        applicant_client: own_client,
    };
    let id = app.submitted(&own, "Junior").await;
    let refused = "不能审核本人的申报，请由单位（或本机构）其他工作人员办理";
    let (s, b) =
        app.save_opinion(&w.staff_client, &id, "declarations/save_recommendation", json!({ "text": "自荐" })).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    assert_eq!(message_of(&b), refused);
    let (s, b) = app.forward(&w.staff_client, &id, "ZGB-450100").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let (s, b) = app.send_back(&w.staff_client, &id, false, "自己退回").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    assert_eq!(message_of(&b), refused);
    assert_eq!(app.count("SELECT COUNT(*) FROM operation_log").await, 1, "only 个人报送单位");
    assert_eq!(app.count("SELECT COUNT(*) FROM unit_opinion").await, 0);
    // A colleague of the same unit reviews and forwards it.
    let colleague = app.signed_in_person(&app.client()).await;
    let (s, b) = app.send(&w.unit_client, AddUnitStaff { id_number: colleague.id_number.clone() }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let colleague_client = app.client();
    let (s, b) = app.sign_in_staff(&colleague_client, &w.unit.name, &colleague.phone, &colleague.password).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    app.fill_opinions(&colleague_client, &id, false).await;
    let (s, d) = app.forward(&colleague_client, &id, "ZGB-450100").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    // An officer of that office who is the applicant cannot decide it.
    use sea_orm::ConnectionTrait;
    let office = app.client();
    app.signed_in_officer(&office, "nn_self", "office", Some("ZGB-450100")).await;
    app.db()
        .execute_unprepared(&format!(
            "UPDATE officer SET id_number = '{}', id_number_hash = '{}' WHERE username = 'nn_self'",
            app.state.vault.seal(&w.staff.id_number),
            app.state.vault.hash(&w.staff.id_number)
        ))
        .await
        .unwrap();
    let (_, d) = app.detail(&office, &id).await;
    let (s, b) = app.send(&office, decide(&id, &d, Action::OfficeApprove, "")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    assert_eq!(message_of(&b), refused);
    assert_eq!(app.status(&own.applicant_client, &id).await, "OfficeReview");
    app.stop().await;
}

/// Opinion saves carry the declaration's version: a save made on a page
/// loaded before another save is refused, and none lands after 审核报送.
async fn an_opinion_saved_on_an_out_of_date_page_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Junior").await;
    let (_, d) = app.detail(&w.staff_client, &id).await;
    let seen = d["version"].clone();
    let save = |version: serde_json::Value, text: &'static str| {
        let (app, c, id) = (&app, &w.staff_client, id.clone());
        async move { app.send(c, recommendation(&id, &version, text)).await }
    };
    let (s, first) = save(seen.clone(), "第一次保存").await;
    assert_eq!(s, StatusCode::OK, "{first}");
    assert_eq!(first["version"], seen.as_i64().unwrap() + 1);
    let (s, b) = save(seen.clone(), "旧页面上的保存").await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert!(message_of(&b).contains("已被他人处理或内容已变化"), "{b}");
    let (_, d) = app.detail(&w.staff_client, &id).await;
    assert_eq!(d["opinions"]["recommendation"]["text"], "第一次保存");
    // After 审核报送 no opinion is saved, whatever version it carries.
    app.fill_opinions(&w.staff_client, &id, false).await;
    let (s, d) = app.forward(&w.staff_client, &id, "ZGB-450100").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (s, _) = save(d["version"].clone(), "报送之后").await;
    assert_eq!(s, StatusCode::CONFLICT);
    let last = app.count("SELECT MAX(id) FROM operation_log").await;
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM operation_log WHERE id = {last} AND action = '单位审核报送'")).await,
        1
    );
    app.stop().await;
}

/// Two staff save the same opinion at once, and a save races a forward:
/// exactly one of each pair wins, the other is told it changed meanwhile,
/// and the 操作记录 never shows a save after 单位审核报送.
async fn two_staff_saving_the_same_opinion_at_once_and_a_save_racing_a_forward(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let second = app.signed_in_person(&app.client()).await;
    app.send(&w.unit_client, AddUnitStaff { id_number: second.id_number.clone() }).await;
    let second_client = app.client();
    app.sign_in_staff(&second_client, &w.unit.name, &second.phone, &second.password).await;

    let id = app.submitted(&w, "Junior").await;
    let (_, d) = app.detail(&w.staff_client, &id).await;
    let body = |text: &str| recommendation(&id, &d["version"], text);
    let (a, b) = tokio::join!(app.send(&w.staff_client, body("甲的意见")), app.send(&second_client, body("乙的意见")),);
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{a:?} {b:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM operation_log WHERE action = '单位填写基层单位考核推荐意见'").await, 1);

    // A save and a forward sent on the same version.
    app.fill_opinions(&w.staff_client, &id, false).await;
    let (_, d) = app.detail(&w.staff_client, &id).await;
    let version = d["version"].as_i64().unwrap() as i32;
    let forward = ForwardDeclaration {
        input: ForwardInput { id: uuid(&id), version, unit_leader: "王负责".into(), target: "ZGB-450100".into() },
    };
    let save = recommendation(&id, &d["version"], "最后一刻的修改");
    let (f, s) = tokio::join!(app.send(&w.staff_client, forward), app.send(&second_client, save));
    let mut statuses = [f.0, s.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{f:?} {s:?}");
    // Whichever won, nothing follows 单位审核报送.
    let forwarded_at = app.count("SELECT COALESCE(MAX(id), 0) FROM operation_log WHERE action = '单位审核报送'").await;
    if f.0 == StatusCode::OK {
        let after = app
            .count(&format!("SELECT COUNT(*) FROM operation_log WHERE id > {forwarded_at} AND action LIKE '单位填写%'"))
            .await;
        assert_eq!(after, 0);
    } else {
        assert_eq!(forwarded_at, 0);
        assert_eq!(app.status(&w.applicant_client, &id).await, "UnitReview");
    }
    app.stop().await;
}
