//! 统计分析 through the real server on both databases: its numbers equal
//! 申报查询's counts with the same filters for every organisation, the
//! counters survive a full recount unchanged, a range over ten years and
//! callers outside the offices are refused, and the Excel download works.

use crate::harness::*;
use crate::offices::good;
use crate::on_both_databases;
use app::declarations::api::OrgSearch;
use app::declarations::{Action, Approval, Business, Level, OfficeFilter, Status};
use app::statistics::api::LoadStatistics;
use app::statistics::StatsFilter;
use chrono::Datelike;
use reqwest::{Client, StatusCode};
use serde_json::Value;

on_both_databases!(
    the_statistics_equal_the_list_counts_for_every_organisation,
    statistics_refuse_bad_ranges_and_other_callers,
);

fn this_year() -> i32 {
    app::server::text::today_cn().year()
}

fn year(y: i32) -> StatsFilter {
    StatsFilter { from_year: y, to_year: y, ..Default::default() }
}

async fn listed(app: &TestApp, c: &Client, f: OfficeFilter) -> u64 {
    let (s, b) = app.send(c, OrgSearch { filter: OfficeFilter { page: 1, ..f } }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["total"].as_u64().unwrap()
}

fn count(list: &Value, code: &str) -> u64 {
    list.as_array()
        .and_then(|rows| rows.iter().find(|c| c["code"] == code))
        .map(|c| c["n"].as_u64().unwrap())
        .unwrap_or_else(|| panic!("{code} in {list}"))
}

/// Every number of `who`'s statistics against 申报查询 with the same filter.
async fn agree(app: &TestApp, who: &Client, label: &str) -> Value {
    let y = this_year();
    let (s, st) = app.send(who, LoadStatistics { filter: year(y) }).await;
    assert_eq!(s, StatusCode::OK, "{label}: {st}");
    let all = OfficeFilter { year: Some(y), ..Default::default() };
    assert_eq!(st["total"].as_u64().unwrap(), listed(app, who, all.clone()).await, "{label}: total");
    for status in Status::ALL.into_iter().filter(|s| *s != Status::Draft) {
        let n = listed(app, who, OfficeFilter { status: Some(status), ..all.clone() }).await;
        assert_eq!(count(&st["by_status"], status.code()), n, "{label}: {}", status.label());
    }
    for b in Business::ALL {
        let n = listed(app, who, OfficeFilter { business: Some(b), ..all.clone() }).await;
        assert_eq!(count(&st["by_business"], b.code()), n, "{label}: {}", b.label());
    }
    for l in Level::ALL {
        let n = listed(app, who, OfficeFilter { level: Some(l), ..all.clone() }).await;
        assert_eq!(count(&st["by_level"], l.code()), n, "{label}: {}", l.label());
    }
    // A narrower filter on the statistics agrees as well.
    let (_, narrow) =
        app.send(who, LoadStatistics { filter: StatsFilter { level: Some(Level::Intermediate), ..year(y) } }).await;
    let n = listed(app, who, OfficeFilter { level: Some(Level::Intermediate), ..all.clone() }).await;
    assert_eq!(narrow["total"].as_u64().unwrap(), n, "{label}: 中级 only");
    let months: u64 = st["by_month"].as_array().unwrap().iter().map(|m| m["n"].as_u64().unwrap()).sum();
    assert_eq!(months, st["total"].as_u64().unwrap(), "{label}: months add up");
    let cities: u64 = st["by_city"].as_array().unwrap().iter().map(|c| c["total"].as_u64().unwrap()).sum();
    assert_eq!(cities, st["total"].as_u64().unwrap(), "{label}: cities add up");
    assert!(st["city_chart"].as_str().unwrap().starts_with("<svg"), "{label}: a chart");
    st
}

async fn the_statistics_equal_the_list_counts_for_every_organisation(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let dept = app.officer("st_dept", "department", "ZGBM-450100-1").await;
    let office = app.officer("st_office", "office", "ZGB-450100").await;
    let region = app.officer("st_region", "office", "ZGB-450000").await;
    let admin = app.signed_in_admin().await;

    // Through the 主管部门 to the office and approved; one returned by the
    // office, one sent back by the 主管部门, one waiting at the office, a
    // 重新确认 waiting at the 主管部门, and one never forwarded.
    let approved = app.forwarded(&w, "Recognition", "ZGBM-450100-1").await;
    let (s, b) = app.decide_as(&dept, &approved, Action::DepartmentApprove, "", Approval::default()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.decide_as(&office, &approved, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let returned = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    let (s, b) = app.decide_as(&office, &returned, Action::OfficeReturn, "材料不全", Approval::default()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let sent_back = app.forwarded(&w, "Recognition", "ZGBM-450100-1").await;
    let (s, b) = app.decide_as(&dept, &sent_back, Action::DepartmentReturn, "请补充材料", Approval::default()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    app.forwarded(&w, "Recognition", "ZGB-450100").await;
    app.forwarded(&w, "Reconfirmation", "ZGBM-450100-1").await;
    app.submitted(&w, "Junior").await;

    let st = agree(&app, &office, "南宁市职改办").await;
    assert_eq!(st["total"], 5, "the unsent one is nobody's yet: {st}");
    assert_eq!(count(&st["by_status"], Status::Approved.code()), 1);
    let nanning = st["by_city"].as_array().unwrap().iter().find(|c| c["code"] == "450100").unwrap();
    assert_eq!(nanning["total"], 5);
    let st = agree(&app, &dept, "南宁市教育局").await;
    assert_eq!(st["total"], 3, "what was sent to it: {st}");
    let region_st = agree(&app, &region, "区职改办").await;
    assert_eq!(region_st["by_city"].as_array().unwrap().len(), 14, "every city, also the empty ones");
    // The administrator sees the region's numbers.
    let (s, st) = app.send(&admin, LoadStatistics { filter: year(this_year()) }).await;
    assert_eq!(s, StatusCode::OK, "{st}");
    assert_eq!((&st["total"], &st["by_status"]), (&region_st["total"], &region_st["by_status"]));

    // Counting everything again gives the same counters.
    let before = app.count("SELECT CAST(SUM(n) AS BIGINT) FROM declaration_stat").await;
    let rows = app.count("SELECT COUNT(*) FROM declaration_stat WHERE n <> 0").await;
    let counted = app::declarations::counters::recount(app.db()).await.expect("recount");
    assert_eq!(counted as i64, before);
    assert_eq!(app.count("SELECT CAST(SUM(n) AS BIGINT) FROM declaration_stat").await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM declaration_stat").await, rows);
    agree(&app, &office, "南宁市职改办 after a recount").await;
    // The administrator's 重新统计 does the same through the server; nobody else may.
    let (s, n) = app.send(&admin, app::statistics::api::RecountStatistics {}).await;
    assert_eq!((s, n.as_i64()), (StatusCode::OK, Some(before)), "{n}");
    let (s, _) = app.send(&office, app::statistics::api::RecountStatistics {}).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = '重新统计'").await, 1);
    agree(&app, &region, "区职改办 after 重新统计").await;

    // The Excel download of the same reading.
    let res = office
        .get(format!("{}/exports/statistics.xlsx?from_year={}&to_year={}", app.base, this_year(), this_year()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    app.stop().await;
}

async fn statistics_refuse_bad_ranges_and_other_callers(db: Db) {
    let app = TestApp::spawn(db).await;
    let office = app.officer("st_office2", "office", "ZGB-450100").await;
    let y = this_year();
    let (s, b) = app
        .send(&office, LoadStatistics { filter: StatsFilter { from_year: y - 10, to_year: y, ..Default::default() } })
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(field_errors(&b).contains(&("to_year".into(), "统计范围不能超过10年，请缩小年度范围".into())), "{b}");
    let (s, b) = app
        .send(&office, LoadStatistics { filter: StatsFilter { from_year: y, to_year: y - 1, ..Default::default() } })
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, _) = app
        .send(&office, LoadStatistics { filter: StatsFilter { from_year: y - 9, to_year: y, ..Default::default() } })
        .await;
    assert_eq!(s, StatusCode::OK, "ten years are allowed");
    let res =
        office.get(format!("{}/exports/statistics.xlsx?from_year=1990&to_year=2026", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let w = app.world().await;
    for (who, c) in [("applicant", &w.applicant_client), ("staff", &w.staff_client), ("unit", &w.unit_client)] {
        let (s, b) = app.send(c, LoadStatistics { filter: year(y) }).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}: {b}");
        let res = c.get(format!("{}/exports/statistics.xlsx", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
    }
    let (s, _) = app.send(&app.client(), LoadStatistics { filter: year(y) }).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    app.stop().await;
}
