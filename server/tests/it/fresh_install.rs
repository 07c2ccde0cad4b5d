//! A fresh installation without `DEMO=1`, run only through what the
//! administrator and the offices can do: the administrator gives 南宁 a
//! 主管部门, staffs it and the 市职改办, opens the 申报年度 and adds a 专业
//! with its own 资格名称; the 职改办 approves a unit; a declaration goes all
//! the way to a certificate; the statistics count it.

use crate::harness::*;
use crate::offices::good;
use crate::on_both_databases;
use app::accounts::api::ChangePassword;
use app::accounts::ChangePasswordInput;
use app::admin::api::{CreateOfficer, CreateOrg, ListBatches, OrgTree, SetBatchDates};
use app::admin::{BatchDatesInput, NewOfficerInput, NewOrgInput};
use app::certificates::api::MyCertificates;
use app::declarations::api::{CreateDeclaration, ForwardTargets, LoadDeclarationOptions};
use app::declarations::workflow::Action;
use app::declarations::{Business, CreateDeclarationInput, Level};
use app::dictionaries::api::{ListSeries, SaveSpecialty, SaveSpecialtyName};
use app::dictionaries::{SpecialtyInput, SpecialtyNameInput};
use app::statistics::api::LoadStatistics;
use app::units::api::{ListUnitRegistrations, ReviewUnitRegistration};
use app::units::UnitStatus;
use chrono::{Duration, FixedOffset, Utc};
use reqwest::{Client, StatusCode};
use serde_json::Value;

on_both_databases!(a_fresh_installation_is_set_up_by_the_administrator_and_runs_to_a_certificate);

const INITIAL: &str = "Init@2026";
const OWN: &str = "Mine#2027x";

impl TestApp {
    /// An officer made by the administrator, signed in with the initial
    /// password and having chosen their own.
    async fn first_sign_in(&self, admin: &Client, org_id: i64, username: &str) -> Client {
        let input = NewOfficerInput {
            org_id,
            username: username.into(),
            name: "新同事".into(),
            password: INITIAL.into(),
            password_confirm: INITIAL.into(),
            id_number: String::new(),
        };
        let (s, b) = self.send(admin, CreateOfficer { input }).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let c = self.client();
        let (s, b) = self.officer_sign_in(&c, username, INITIAL).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let input = ChangePasswordInput {
            old_password: INITIAL.into(),
            new_password: OWN.into(),
            new_password_confirm: OWN.into(),
        };
        let (s, b) = self.send(&c, ChangePassword { input }).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        c
    }
}

fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .and_then(|rows| rows.iter().find(|r| r[key] == value))
        .unwrap_or_else(|| panic!("{key} = {value} in {list}"))
}

async fn a_fresh_installation_is_set_up_by_the_administrator_and_runs_to_a_certificate(db: Db) {
    let app = TestApp::spawn(db).await;
    // Nothing but the administrator: no officer belongs to an organisation.
    assert_eq!(app.count("SELECT COUNT(*) FROM officer WHERE org_id IS NOT NULL").await, 0);
    let admin = app.signed_in_admin().await;

    // Organisations and staff.
    let (_, tree) = app.send(&admin, OrgTree {}).await;
    let office_id = find(&tree, "name", "南宁市职称改革工作领导小组办公室")["id"].as_i64().unwrap();
    let input = NewOrgInput { parent_id: office_id, name: "南宁市数据局".into(), short_name: String::new() };
    let (s, dept) = app.send(&admin, CreateOrg { input }).await;
    assert_eq!(s, StatusCode::OK, "{dept}");
    let office = app.first_sign_in(&admin, office_id, "nn_zgb01").await;
    let department = app.first_sign_in(&admin, dept["id"].as_i64().unwrap(), "nn_sjj01").await;

    // The 申报年度: this year's, opened from yesterday for a month.
    let china = FixedOffset::east_opt(8 * 3600).unwrap();
    let today = Utc::now().with_timezone(&china).date_naive();
    let (_, batches) = app.send(&admin, ListBatches {}).await;
    let batch = batches
        .as_array()
        .unwrap()
        .iter()
        .find(|b| {
            b["office_name"] == "南宁市职称改革工作领导小组办公室"
                && b["year"] == today.format("%Y").to_string().parse::<i64>().unwrap()
        })
        .unwrap_or_else(|| panic!("this year's batch of 南宁: {batches}"));
    let input = BatchDatesInput {
        id: batch["id"].as_i64().unwrap(),
        opens_on: (today - Duration::days(1)).to_string(),
        closes_on: (today + Duration::days(30)).to_string(),
    };
    let (s, b) = app.send(&admin, SetBatchDates { input }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["state"], "申报中");

    // Dictionaries: a 专业 under 工程系列 with its own 中级 资格名称.
    let (_, series) = app.send(&admin, ListSeries {}).await;
    let gc = find(&series, "name", "工程系列")["id"].as_i64().unwrap();
    let input = SpecialtyInput { series_id: gc, id: None, name: "数据科学与大数据".into() };
    let (s, sp) = app.send(&admin, SaveSpecialty { input }).await;
    assert_eq!(s, StatusCode::OK, "{sp}");
    let sp = sp["id"].as_i64().unwrap();
    let input = SpecialtyNameInput { specialty_id: sp, level: Level::Intermediate, name: "数据工程师".into() };
    let (s, b) = app.send(&admin, SaveSpecialtyName { input }).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    // A unit registers with its staff member; the 职改办's new officer approves it.
    let staff_client = app.client();
    let staff = app.signed_in_person(&app.client()).await;
    let unit = NewUnit::random();
    let unit_client = app.client();
    let (s, b) = app.register_unit(&unit_client, &unit, &[&staff.id_number]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, page) = app.send(&office, ListUnitRegistrations { status: Some(UnitStatus::Pending), page: 1 }).await;
    let row = find(&page["rows"], "name", &unit.name);
    let id = uuid(row["id"].as_str().unwrap());
    let (s, b) = app.send(&office, ReviewUnitRegistration { id, approve: true, note: String::new() }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.sign_in_staff(&staff_client, &unit.name, &staff.phone, &staff.password).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    // An applicant declares 中级 in the new 专业.
    let applicant = app.client();
    app.signed_in_person(&applicant).await;
    let (_, options) = app.send(&applicant, LoadDeclarationOptions { choosable: true }).await;
    let offered = options["series"][0]["specialties"].as_array().unwrap();
    assert!(offered.iter().any(|p| p[0] == sp), "{options}");
    let unit_id = app.unit_id(&applicant, &unit.name).await;
    let input = CreateDeclarationInput {
        business: Some(Business::Recognition),
        batch_id: batch["id"].as_i64(),
        unit_id: Some(uuid(unit_id.as_str().unwrap())),
        series_id: Some(gc),
        specialty_id: Some(sp),
        level: Some(Level::Intermediate),
    };
    let (s, id) = app.send(&applicant, CreateDeclaration { input }).await;
    assert_eq!(s, StatusCode::OK, "{id}");
    let id = id.as_str().unwrap().to_owned();
    let file = app.upload_attachment(&applicant).await;
    let (s, b) = app.save(&applicant, &id, recognition_form(), true, vec![file["id"].clone()]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.submit(&applicant, &id).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    // The unit's staff send it to the new 主管部门, which passes it to the 职改办.
    app.fill_opinions(&staff_client, &id, true).await;
    let (_, targets) = app.send(&staff_client, ForwardTargets { id: uuid(&id) }).await;
    let target = find(&targets, "name", "南宁市数据局")["code"].as_str().unwrap().to_owned();
    let (s, b) = app.forward(&staff_client, &id, &target).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, d) = app.decide_as(&department, &id, Action::DepartmentApprove, "", Default::default()).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (s, d) = app.decide_as(&office, &id, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "Approved");

    // The certificate prints the 专业's 资格名称; both offices count it.
    let (_, mine) = app.send(&applicant, MyCertificates {}).await;
    assert_eq!(mine[0]["qualification"], "数据工程师", "{mine}");
    for who in [&office, &department, &admin] {
        let (s, st) = app.send(who, LoadStatistics { filter: Default::default() }).await;
        assert_eq!(s, StatusCode::OK, "{st}");
        assert_eq!(st["total"], 1, "{st}");
        assert_eq!(find(&st["by_status"], "label", "审核通过")["n"], 1, "{st}");
    }
    app.stop().await;
}
