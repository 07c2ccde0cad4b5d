//! Dictionaries through the real server on both databases: 系列, 专业 and
//! 资格名称 kept by the administrator, with new declarations and new
//! certificates following them and what exists untouched; 单位行业 for
//! units; the qualification rules; and bad input that changes nothing.

use crate::harness::*;
use crate::offices::good;
use crate::on_both_databases;
use app::certificates::api::MyCertificates;
use app::declarations::api::{CreateDeclaration, LoadDeclarationOptions, MyDeclarations};
use app::declarations::rules::Rule;
use app::declarations::workflow::Action;
use app::declarations::{Business, CreateDeclarationInput, Level};
use app::dictionaries::api::{
    ListIndustries, ListSeries, LoadRules, LoadSeries, SaveIndustry, SaveRules, SaveSeries, SaveSpecialty,
    SaveSpecialtyName, SetIndustryEnabled, SetQualificationNameEnabled, SetSeriesEnabled, SetSpecialtyEnabled,
};
use app::dictionaries::{IndustryInput, SeriesInput, SpecialtyInput, SpecialtyNameInput};
use app::units::api::{IndustryOptions, LoadUnitProfile, RegisterUnit, UpdateUnitInfo};
use app::units::UpdateUnitInput;
use reqwest::{Client, StatusCode};
use serde_json::Value;

on_both_databases!(
    series_and_specialties_are_kept_and_new_declarations_follow_them,
    a_specialty_name_goes_on_new_certificates,
    industries_follow_units_and_bad_input_changes_nothing,
    the_rules_are_replaced_whole_or_not_at_all,
);

fn series_id(list: &Value, name: &str) -> i64 {
    list.as_array()
        .and_then(|rows| rows.iter().find(|s| s["name"] == name))
        .and_then(|s| s["id"].as_i64())
        .unwrap_or_else(|| panic!("{name} in {list}"))
}

fn specialty_of(options: &Value, series: &str, specialty: &str) -> Option<(i64, i64)> {
    let s = options["series"].as_array()?.iter().find(|s| s["name"] == series)?;
    let p = s["specialties"].as_array()?.iter().find(|p| p[1] == specialty)?;
    Some((s["id"].as_i64()?, p[0].as_i64()?))
}

impl TestApp {
    /// A new 职称认定 draft of the world's applicant in (系列, 专业).
    async fn create_in(&self, w: &World, series: i64, specialty: i64) -> (StatusCode, Value) {
        let unit_id = self.unit_id(&w.applicant_client, &w.unit.name).await;
        let (batch, _, _) = self.choices(&w.applicant_client, &unit_id).await;
        let input = CreateDeclarationInput {
            business: Some(Business::Recognition),
            batch_id: Some(batch),
            unit_id: Some(uuid(unit_id.as_str().unwrap())),
            series_id: Some(series),
            specialty_id: Some(specialty),
            level: Some(Level::Junior),
        };
        self.send(&w.applicant_client, CreateDeclaration { input }).await
    }
}

async fn options(app: &TestApp, c: &Client, choosable: bool) -> Value {
    let (s, o) = app.send(c, LoadDeclarationOptions { choosable }).await;
    assert_eq!(s, StatusCode::OK, "{o}");
    o
}

async fn series_and_specialties_are_kept_and_new_declarations_follow_them(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.signed_in_admin().await;
    let w = app.world().await;
    let (s, list) = app.send(&admin, ListSeries {}).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 10, "{list}");
    let gc = series_id(&list, "工程系列");
    let row = list.as_array().unwrap().iter().find(|s| s["id"] == gc).unwrap();
    assert_eq!(row["names"], serde_json::json!(["技术员", "助理工程师", "工程师"]));

    // 新增专业, then the applicant can pick it.
    let add = |name: &str| SaveSpecialty { input: SpecialtyInput { series_id: gc, id: None, name: name.into() } };
    let (s, p) = app.send(&admin, add("软件工程")).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let (s, b) = app.send(&admin, add(" 软件工程 ")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(field_errors(&b), [("name".to_owned(), "工程系列下已有“软件工程”专业".to_owned())]);
    let (s, b) = app.send(&admin, add("")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    // Only the administrator keeps dictionaries.
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    let (s, _) = app.send(&office, add("网络安全")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.send(&w.applicant_client, ListSeries {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Two saves of one new name at once: one wins, the other is told; one row.
    let (a, b) = tokio::join!(app.send(&admin, add("并发专业")), app.send(&admin, add("并发专业")));
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses[0], StatusCode::OK, "{a:?} {b:?}");
    assert!([StatusCode::CONFLICT, StatusCode::UNPROCESSABLE_ENTITY].contains(&statuses[1]), "{a:?} {b:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM specialty WHERE name = '并发专业'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM specialty WHERE name = '软件工程'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM specialty WHERE name = '网络安全'").await, 0);

    let (se, sp) = specialty_of(&options(&app, &w.applicant_client, true).await, "工程系列", "软件工程").unwrap();
    let (s, draft) = app.create_in(&w, se, sp).await;
    assert_eq!(s, StatusCode::OK, "{draft}");

    // 停用: no longer offered nor accepted for a new declaration; the draft keeps it.
    let (s, b) = app.send(&admin, SetSpecialtyEnabled { id: sp, enabled: false }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(specialty_of(&options(&app, &w.applicant_client, true).await, "工程系列", "软件工程").is_none());
    assert!(specialty_of(&options(&app, &w.applicant_client, false).await, "工程系列", "软件工程").is_some());
    let before = app.count("SELECT COUNT(*) FROM declaration").await;
    let (s, b) = app.create_in(&w, se, sp).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(
        field_errors(&b),
        [("specialty".to_owned(), "软件工程专业已停用，不能用于新的申报，请选择其他专业".to_owned())]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM declaration").await, before, "nothing created");
    let (_, mine) = app.send(&w.applicant_client, MyDeclarations {}).await;
    assert_eq!(mine[0]["series"], "工程系列/软件工程", "{mine}");
    let file = app.upload_attachment(&w.applicant_client).await;
    let id = draft.as_str().unwrap();
    let (s, b) = app.save(&w.applicant_client, id, recognition_form(), true, vec![file["id"].clone()]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.submit(&w.applicant_client, id).await;
    assert_eq!(s, StatusCode::OK, "the disabled 专业 stays valid for its declaration: {b}");

    // A disabled 系列 takes all its 专业 out of new declarations.
    let (s, _) = app.send(&admin, SetSeriesEnabled { id: gc, enabled: false }).await;
    assert_eq!(s, StatusCode::OK);
    assert!(specialty_of(&options(&app, &w.applicant_client, true).await, "工程系列", "机械工程").is_none());
    let other = app.count("SELECT id FROM specialty WHERE name = '机械工程'").await;
    let (s, b) = app.create_in(&w, gc, other).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(field_errors(&b)[0].1, "工程系列已停用，不能用于新的申报，请选择其他系列");
    let (s, _) = app.send(&admin, SetSeriesEnabled { id: gc, enabled: true }).await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = app.create_in(&w, gc, other).await;
    assert_eq!(s, StatusCode::OK, "enabled again: {b}");

    // 新增系列 with its three names; a taken code or name is a field error.
    let new = |code: &str, name: &str| SaveSeries {
        input: SeriesInput {
            id: None,
            code: code.into(),
            name: name.into(),
            names: vec!["技术员".into(), "助理工程技术人员".into(), "工程技术人员".into()],
        },
    };
    let (s, b) = app.send(&admin, new("SZ", "数字技术系列")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.send(&admin, new("SZ", "另一个系列")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(field_errors(&b), [("code".to_owned(), "系列代码SZ已被使用".to_owned())]);
    let (s, b) = app.send(&admin, new("SX", "工程系列")).await;
    assert_eq!(field_errors(&b), [("name".to_owned(), "已有名为“工程系列”的系列".to_owned())], "{s}");
    let (s, b) = app
        .send(
            &admin,
            SaveSeries { input: SeriesInput { id: None, code: "sx".into(), name: "X系列".into(), names: vec![] } },
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = field_errors(&b).into_iter().map(|f| f.0).collect();
    assert_eq!(fields, ["code", "names.0", "names.1", "names.2"], "every field at once: {b}");
    assert_eq!(app.count("SELECT COUNT(*) FROM series").await, 11);
    assert_eq!(app.count("SELECT COUNT(*) FROM qualification_name WHERE specialty_id IS NULL").await, 33);
    let actions = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action IN ('新增专业', '停用专业', '停用系列', '启用系列', '新增系列')")
        .await;
    assert_eq!(actions, 6, "two 专业 added, one disabled, the 系列 off and on, one added");
    app.stop().await;
}

async fn a_specialty_name_goes_on_new_certificates(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.signed_in_admin().await;
    let w = app.world().await;
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    // The test declarations are in the first 系列's first 专业 (工程系列 电子信息工程).
    let sp = app.count("SELECT id FROM specialty WHERE name = '电子信息工程'").await;
    let named = |name: &str| SaveSpecialtyName {
        input: SpecialtyNameInput { specialty_id: sp, level: Level::Intermediate, name: name.into() },
    };
    let (s, b) = app.send(&admin, named("电子工程师")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let first = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    let (s, d) = app.decide_as(&office, &first, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (_, mine) = app.send(&w.applicant_client, MyCertificates {}).await;
    assert_eq!(mine[0]["qualification"], "电子工程师", "{mine}");

    // The 系列's own names are renamed, never disabled.
    let general = app
        .count("SELECT id FROM qualification_name WHERE specialty_id IS NULL AND level = 'intermediate' AND name = '工程师'")
        .await;
    let (s, b) = app.send(&admin, SetQualificationNameEnabled { id: general, enabled: false }).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(message_of(&b), "系列通用的资格名称不能停用，可在修改系列时更改名称");
    // Disabled, the 专业's name gives way to the 系列's; issued certificates keep theirs.
    let own = app.count("SELECT id FROM qualification_name WHERE name = '电子工程师'").await;
    let (s, _) = app.send(&admin, SetQualificationNameEnabled { id: own, enabled: false }).await;
    assert_eq!(s, StatusCode::OK);
    let gc = app.count(&format!("SELECT series_id FROM specialty WHERE id = {sp}")).await;
    let (s, detail) = app.send(&admin, LoadSeries { id: gc }).await;
    assert_eq!(s, StatusCode::OK, "{detail}");
    let names = detail["names"].as_array().unwrap();
    assert_eq!(names.len(), 4, "three of the 系列, one of the 专业: {detail}");
    assert_eq!(names[0]["specialty"], "本系列通用");
    let mine_row = names.iter().find(|n| n["name"] == "电子工程师").unwrap();
    assert_eq!((mine_row["specialty"].as_str(), mine_row["enabled"].as_bool()), (Some("电子信息工程"), Some(false)));
    let (_, mine) = app.send(&w.applicant_client, MyCertificates {}).await;
    assert_eq!(mine[0]["qualification"], "电子工程师", "issued certificates keep their name: {mine}");
    // Another's 专业 name for a 专业 that does not exist: not found, nothing added.
    let (s, _) = app
        .send(
            &admin,
            SaveSpecialtyName {
                input: SpecialtyNameInput { specialty_id: 999_999, level: Level::Junior, name: "某".into() },
            },
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(app.count("SELECT COUNT(*) FROM qualification_name").await, 30 + 12 + 1);
    app.stop().await;
}

async fn industries_follow_units_and_bad_input_changes_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.signed_in_admin().await;
    let (s, list) = app.send(&admin, ListIndustries {}).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 20);
    let add = |code: &str, name: &str| SaveIndustry {
        input: IndustryInput { id: None, code: code.into(), name: name.into() },
    };
    let (s, u) = app.send(&admin, add("U", "数字经济")).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    let (s, b) = app.send(&admin, add("U", "数字经济二")).await;
    assert_eq!(field_errors(&b), [("code".to_owned(), "行业代码U已被使用".to_owned())], "{s}");
    let (s, b) = app.send(&admin, add("u-1", "")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = field_errors(&b).into_iter().map(|f| f.0).collect();
    assert_eq!(fields, ["name", "code"], "{b}");
    let (s, b) = app.send(&admin, add("V", "制造业")).await;
    assert_eq!(field_errors(&b), [("name".to_owned(), "已有名为“制造业”的单位行业".to_owned())], "{s}");
    assert_eq!(app.count("SELECT COUNT(*) FROM industry").await, 21);

    // Public options: enabled ones, and a unit's own even when disabled.
    let anyone = app.client();
    let (_, o) = app.send(&anyone, IndustryOptions { current: String::new() }).await;
    assert!(o.as_array().unwrap().iter().any(|i| i[0] == "U"), "{o}");
    let (s, _) = app.send(&admin, SetIndustryEnabled { id: u["id"].as_i64().unwrap(), enabled: false }).await;
    assert_eq!(s, StatusCode::OK);
    let (_, o) = app.send(&anyone, IndustryOptions { current: String::new() }).await;
    assert!(!o.as_array().unwrap().iter().any(|i| i[0] == "U"), "{o}");
    let (_, o) = app.send(&anyone, IndustryOptions { current: "U".into() }).await;
    assert!(o.as_array().unwrap().iter().any(|i| i[0] == "U" && i[1] == "U 数字经济（已停用）"), "{o}");

    // A new unit cannot pick a disabled 行业; nothing is registered.
    let unit = NewUnit::random();
    let c = app.client();
    let ticket = app.captcha(&c).await;
    let input = app::units::RegisterUnitInput { industry: "U".into(), ..unit.typed(&ticket) };
    let (s, b) = app.send(&c, RegisterUnit { input }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(
        field_errors(&b).contains(&("industry".to_owned(), "所选单位行业已停用或不存在，请重新选择".to_owned())),
        "{b}"
    );
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM unit WHERE name = '{}'", unit.name)).await, 0);

    // A unit whose 行业 is disabled since keeps it when it saves its 单位信息.
    let w = app.world().await;
    let i = app.count("SELECT id FROM industry WHERE code = 'I'").await;
    let (s, _) = app.send(&admin, SetIndustryEnabled { id: i, enabled: false }).await;
    assert_eq!(s, StatusCode::OK);
    let update = |industry: &str| UpdateUnitInfo {
        input: UpdateUnitInput {
            name: w.unit.name.clone(),
            legal_rep: "张法人".into(),
            kind: "非公企业".into(),
            industry: industry.into(),
            region_code: "450103".into(),
            address: "民族大道2号".into(),
            licence_id: None,
        },
    };
    let (s, p) = app.send(&w.unit_client, update("I")).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["industry_name"], "信息传输、软件和信息技术服务业");
    let (s, b) = app.send(&w.unit_client, update("U")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "another disabled one is refused: {b}");
    let (_, p) = app.send(&w.unit_client, LoadUnitProfile {}).await;
    assert_eq!(p["industry"], "I", "{p}");
    app.stop().await;
}

async fn the_rules_are_replaced_whole_or_not_at_all(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.signed_in_admin().await;
    let (s, rules) = app.send(&admin, LoadRules {}).await;
    assert_eq!(s, StatusCode::OK, "{rules}");
    assert_eq!(rules.as_array().unwrap().len(), 7);
    let rule = |e: &str, level: Level, y: i32| Rule { education: e.into(), level, min_years: y };
    // Bad input: a negative year and a doubled cell; nothing changes.
    let (s, b) = app
        .send(
            &admin,
            SaveRules {
                rules: vec![
                    rule("本科", Level::Assistant, -1),
                    rule("硕士", Level::Intermediate, 3),
                    rule("硕士", Level::Intermediate, 2),
                ],
            },
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(
        field_errors(&b),
        [
            ("years.本科.assistant".to_owned(), "年限应为0至40年".to_owned()),
            ("years.硕士.intermediate".to_owned(), "同一学历和级别只能设置一条条件".to_owned()),
        ]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM qualification_rule").await, 7);
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    let (s, _) = app.send(&office, SaveRules { rules: vec![rule("本科", Level::Assistant, 2)] }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.send(&office, LoadRules {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM qualification_rule").await, 7);

    // A whole new set replaces the old one, in order, audited.
    let (s, saved) = app
        .send(
            &admin,
            SaveRules { rules: vec![rule("博士", Level::Intermediate, 0), rule("本科", Level::Assistant, 2)] },
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    assert_eq!(saved.as_array().unwrap().len(), 2);
    assert_eq!(saved[0]["education"], "本科", "ordered by 学历: {saved}");
    assert_eq!(saved[0]["min_years"], 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = '修改申报条件'").await, 1);
    app.stop().await;
}
