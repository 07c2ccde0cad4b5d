//! 表报下载: the 《评审表》, its 公示版, their zips and the electronic
//! certificate, downloaded through the real server on both databases and
//! read back with poppler (`pdftotext`, `pdftoppm`) and a QR decoder.

use crate::harness::*;
use crate::offices::good;
use crate::on_both_databases;
use app::certificates::api::MyCertificates;
use app::declarations::Action;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::io::Read;

on_both_databases!(
    the_review_form_prints_the_stored_declaration_and_the_public_version_masks_it,
    only_those_who_may_see_a_declaration_get_its_review_form,
    a_zip_holds_each_ticked_form_and_refuses_too_many_or_a_foreign_one,
    an_office_downloads_the_public_forms_of_its_query_in_one_zip,
    the_certificate_pdf_carries_its_verification_link_and_a_void_one_says_so,
);

/// The text of a PDF, as poppler extracts it, without white space (table
/// cells break lines wherever the layout does).
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

fn page_count(bytes: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdfinfo").arg(&file).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout).to_string();
    info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("a page count")
}

/// The QR codes on the first page, rendered by poppler and decoded.
fn qr_codes(bytes: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = dir.path().join("page");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&file)
        .arg(&out)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let pgm = std::fs::read(dir.path().join("page.pgm")).unwrap();
    // P5 <width> <height> <max>\n then one byte a pixel.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).to_string());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &pgm[at + 1..];
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    img.detect_grids().into_iter().filter_map(|g| g.decode().ok().map(|(_, text)| text)).collect()
}

async fn get(client: &Client, url: String) -> (StatusCode, String, Vec<u8>) {
    let res = client.get(url).send().await.unwrap();
    let status = res.status();
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, res.bytes().await.unwrap().to_vec())
}

fn form_url(app: &TestApp, id: &str, public: bool) -> String {
    format!("{}{}", app.base, app::documents::review_form_path(uuid(id), public))
}

fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().expect("a UTF-8 name").to_string(), bytes)
        })
        .collect()
}

async fn post_zip(app: &TestApp, client: &Client, ids: &[&str], public: bool) -> (StatusCode, String, Vec<u8>) {
    let mut form: Vec<(&str, &str)> = ids.iter().map(|id| ("ids", *id)).collect();
    if public {
        form.push(("public", "1"));
    }
    let res =
        client.post(format!("{}{}", app.base, app::documents::REVIEW_FORMS_ZIP)).form(&form).send().await.unwrap();
    let status = res.status();
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, res.bytes().await.unwrap().to_vec())
}

/// 5,000 characters with line breaks, rare characters and markup, stored
/// straight in the unit's opinion (the form caps new ones at 2,000).
async fn store_long_recommendation(app: &TestApp, id: &str) -> String {
    use app::server::entities::{declaration, unit_opinion};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let body = format!("<b>粗体</b>&lt; 𠀀龘 \"引号\"\n{}", "甲乙丙丁戊己庚辛壬癸".repeat(498));
    let d = declaration::Entity::find().filter(declaration::Column::PublicId.eq(uuid(id))).one(app.db()).await;
    let d = d.unwrap().expect("the declaration");
    let json = serde_json::json!({ "text": body }).to_string();
    let done = unit_opinion::Entity::update_many()
        .col_expr(unit_opinion::Column::Recommendation, Expr::value(json))
        .filter(unit_opinion::Column::DeclarationId.eq(d.id))
        .exec(app.db())
        .await
        .expect("stored");
    assert_eq!(done.rows_affected, 1);
    body
}

async fn the_review_form_prints_the_stored_declaration_and_the_public_version_masks_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Intermediate").await;
    app.fill_opinions(&w.staff_client, &id, true).await;
    let long = store_long_recommendation(&app, &id).await;

    let (s, kind, pdf) = get(&w.staff_client, form_url(&app, &id, false)).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(kind, "application/pdf");
    assert!(pdf.starts_with(b"%PDF"));
    assert!(pdf.len() < 300 * 1024, "{} bytes", pdf.len());
    assert!(page_count(&pdf) >= 3, "the long opinion flows onto further pages");
    let text = pdf_text(&pdf);
    let (_, d) = app.detail(&w.staff_client, &id).await;
    for want in [
        "专业技术职称评审表",
        w.applicant.name.as_str(),
        w.applicant.id_number.as_str(),
        w.applicant.phone.as_str(),
        w.unit.name.as_str(),
        d["series"].as_str().unwrap(),
        d["specialty"].as_str().unwrap(),
        "广西大学",
        "计算机科学与技术",
        "继续教育公需科目",
        "单位审议小组审议推荐意见",
        "同意推荐",
        "2026-10-08至2026-10-14",
        "无异议",
        "任现职以来年度及任职期满考核结果",
        "2025优秀",
        "（单位盖章）",
        "年月日",
        "第1页共",
    ] {
        assert!(text.contains(want), "{want} missing from the 评审表");
    }
    // The opinion exactly as stored: every character, markup as text.
    // (Page footers come between its pages' parts: characters are counted.)
    let first_line: String = long.lines().next().unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains(&first_line), "{first_line}");
    for c in ['甲', '癸'] {
        assert_eq!(text.matches(c).count(), 498, "the 5,000-character opinion is whole");
    }
    assert!(text.contains(&format!("申报编号：{id}")), "the footer names the declaration");
    // A reviewer's copy shows the whole 证件号码: the download is audited.
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = '下载评审表（完整证件号码）'").await, 1);

    // 公示版: 证件号码, phone and e-mail masked; the rest the same.
    let (s, _, public) = get(&w.staff_client, form_url(&app, &id, true)).await;
    assert_eq!(s, StatusCode::OK);
    let text = pdf_text(&public);
    assert!(text.contains("专业技术职称评审表（公示版）"));
    assert!(text.contains(w.applicant.name.as_str()));
    assert!(!text.contains(&w.applicant.id_number), "证件号码 masked");
    assert!(!text.contains(&w.applicant.phone), "phone masked");
    assert!(!text.contains(&w.applicant.email), "e-mail masked");
    assert!(text.contains(d["id_number_masked"].as_str().unwrap()), "{}", d["id_number_masked"]);
    let birth = d["birth_date"].as_str().unwrap();
    assert!(!text.contains(birth) && text.contains(&format!("{}年", &birth[..4])), "only the birth year");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = '下载评审表（完整证件号码）'").await, 1);

    // The applicant downloads their own (no audit of their own number).
    let (s, _, own) = get(&w.applicant_client, form_url(&app, &id, false)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(pdf_text(&own).contains(&w.applicant.id_number));
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = '下载评审表（完整证件号码）'").await, 1);

    // A 初级 form has no 审议小组 table.
    let junior = app.submitted(&w, "Junior").await;
    app.fill_opinions(&w.staff_client, &junior, false).await;
    let (s, _, pdf) = get(&w.staff_client, form_url(&app, &junior, false)).await;
    assert_eq!(s, StatusCode::OK);
    let text = pdf_text(&pdf);
    assert!(text.contains("基层单位考核推荐意见") && !text.contains("单位审议小组审议推荐意见"));
    app.stop().await;
}

async fn only_those_who_may_see_a_declaration_get_its_review_form(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Intermediate").await;
    let other = app.world().await;
    // Another unit's staff, another applicant, the unit account, nobody.
    for (who, client) in [
        ("other staff", &other.staff_client),
        ("other applicant", &other.applicant_client),
        ("unit account", &w.unit_client),
        ("anonymous", &app.client()),
    ] {
        let (s, kind, body) = get(client, form_url(&app, &id, false)).await;
        assert!(matches!(s, StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED), "{who}: {s}");
        assert!(!kind.contains("pdf") && !body.starts_with(b"%PDF"), "{who}: nothing produced");
    }
    // Started from another site's page: refused even for its reviewer.
    let res =
        w.staff_client.get(form_url(&app, &id, false)).header("sec-fetch-site", "cross-site").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A draft: refused with a message, nothing to print yet.
    let draft = app.draft(&w, "Recognition", "Intermediate").await;
    let (s, _, body) = get(&w.applicant_client, form_url(&app, &draft, false)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let message = String::from_utf8(body).unwrap();
    assert!(message.contains("草稿") && message.contains("暂无评审表"), "{message}");
    // A malformed or unknown id.
    let (s, _, _) = get(&w.staff_client, format!("{}/documents/declarations/x/review-form.pdf", app.base)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let unknown = uuid::Uuid::new_v4().to_string();
    let (s, _, _) = get(&w.staff_client, form_url(&app, &unknown, false)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = '下载评审表（完整证件号码）'").await, 0);
    app.stop().await;
}

async fn a_zip_holds_each_ticked_form_and_refuses_too_many_or_a_foreign_one(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.max_zip_documents = 3).await;
    let w = app.world().await;
    let mut ids = Vec::new();
    for level in ["Intermediate", "Junior", "Assistant"] {
        let id = app.submitted(&w, level).await;
        app.fill_opinions(&w.staff_client, &id, level == "Intermediate").await;
        ids.push(id);
    }
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (s, kind, zip) = post_zip(&app, &w.staff_client, &refs, false).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&zip));
    assert_eq!(kind, "application/zip");
    let files = entries(&zip);
    assert_eq!(files.len(), 3);
    for (name, pdf) in &files {
        assert!(name.ends_with(".pdf") && name.contains("评审表"), "{name}");
        let text = pdf_text(pdf);
        assert!(text.contains(&w.applicant.id_number), "{name}");
    }
    // Every declaration's own footer: one file each.
    for id in &ids {
        assert_eq!(files.iter().filter(|(_, pdf)| pdf_text(pdf).contains(id.as_str())).count(), 1);
    }
    // 公示版 zip: masked.
    let (s, _, zip) = post_zip(&app, &w.staff_client, &refs[..1], true).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!pdf_text(&entries(&zip)[0].1).contains(&w.applicant.id_number));

    // More than the configured maximum: refused, nothing produced.
    let fourth = app.submitted(&w, "Junior").await;
    let mut four = refs.clone();
    four.push(&fourth);
    let (s, kind, body) = post_zip(&app, &w.staff_client, &four, false).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!kind.contains("zip"));
    assert!(String::from_utf8(body).unwrap().contains("一次最多下载 3 份"));
    // One declaration of another unit among the ticks: nothing at all.
    let other = app.world().await;
    let foreign = app.submitted(&other, "Junior").await;
    let (s, kind, _) = post_zip(&app, &w.staff_client, &[refs[0], foreign.as_str()], false).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(!kind.contains("zip"));
    // A draft among them, or none ticked.
    let draft = app.draft(&w, "Recognition", "Junior").await;
    let (s, _, _) = post_zip(&app, &w.applicant_client, &[draft.as_str()], false).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _, body) = post_zip(&app, &w.staff_client, &[], false).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8(body).unwrap().contains("请先勾选"));
    app.stop().await;
}

async fn an_office_downloads_the_public_forms_of_its_query_in_one_zip(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    let a = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    let b = app.forwarded(&w, "Reconfirmation", "ZGB-450100").await;
    let url = format!("{}{}?business=reconfirmation", app.base, app::documents::PUBLIC_REVIEW_FORMS_ZIP);
    let (s, kind, zip) = get(&office, url).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&zip));
    assert_eq!(kind, "application/zip");
    let files = entries(&zip);
    assert_eq!(files.len(), 1, "the filter holds");
    let text = pdf_text(&files[0].1);
    assert!(text.contains("公示版") && text.contains(&b) && !text.contains(&a));
    assert!(text.contains("重新确认原因") && text.contains("调入广西工作"));
    assert!(!text.contains(&w.applicant.id_number) && !text.contains(&w.applicant.phone));
    // Everything of the query: both.
    let (s, _, zip) = get(&office, format!("{}{}", app.base, app::documents::PUBLIC_REVIEW_FORMS_ZIP)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(entries(&zip).len(), 2);
    // The office's detail page offers each form too, whole and public.
    let (s, _, pdf) = get(&office, form_url(&app, &a, false)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(pdf_text(&pdf).contains(&w.applicant.id_number));
    // An office of another city finds nothing of it.
    let other = app.officer("gl_office", "office", "ZGB-450300").await;
    let (s, _, _) = get(&other, form_url(&app, &a, true)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, _) = get(&other, format!("{}{}", app.base, app::documents::PUBLIC_REVIEW_FORMS_ZIP)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn the_certificate_pdf_carries_its_verification_link_and_a_void_one_says_so(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let office = app.officer("nn_office", "office", "ZGB-450100").await;
    let id = app.forwarded(&w, "Recognition", "ZGB-450100").await;
    let (s, b) = app.decide_as(&office, &id, Action::OfficeApprove, "", good()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, mine) = app.send(&w.applicant_client, MyCertificates {}).await;
    let c: Value = mine[0].clone();
    let cert_url = format!("{}{}", app.base, app::documents::certificate_path(uuid(c["id"].as_str().unwrap())));
    let (s, kind, pdf) = get(&w.applicant_client, cert_url.clone()).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(kind, "application/pdf");
    assert!(pdf.len() < 300 * 1024);
    let text = pdf_text(&pdf);
    for key in ["number", "holder_name", "approval_no", "office_name", "qualification", "qualified_on"] {
        assert!(text.contains(c[key].as_str().unwrap()), "{key} missing");
    }
    assert!(!text.contains(&w.applicant.id_number), "the 证件号码 is masked on the certificate");
    assert!(!text.contains("作废"));
    let link = format!("{}/verify/{}", app.base, c["verify_code"].as_str().unwrap());
    assert_eq!(qr_codes(&pdf), vec![link.clone()], "the QR code opens the verification link");
    // The link works for anyone.
    let (s, _, _) = get(&app.client(), link).await;
    assert_eq!(s, StatusCode::OK);
    // Only the holder downloads it.
    for client in [&w.staff_client, &office, &app.client()] {
        let (s, _, body) = get(client, cert_url.clone()).await;
        assert!(s.is_client_error(), "{s}");
        assert!(!body.starts_with(b"%PDF"));
    }

    // Declared lost and reissued: the original's PDF says 作废 across it.
    let lost = app.draft(&w, "Replacement", "Intermediate").await;
    let mut form = crate::offices::original_form("Replacement");
    form["original"]["certificate"] = c["id"].clone();
    let file = app.upload_attachment(&w.applicant_client).await;
    let (s, b) = app.save(&w.applicant_client, &lost, form, true, vec![file["id"].clone()]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    app.submit(&w.applicant_client, &lost).await;
    app.fill_opinions(&w.staff_client, &lost, true).await;
    app.forward(&w.staff_client, &lost, "ZGB-450100").await;
    let (s, b) = app.decide_as(&office, &lost, Action::OfficeApprove, "", Default::default()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, _, pdf) = get(&w.applicant_client, cert_url).await;
    assert_eq!(s, StatusCode::OK);
    let text = pdf_text(&pdf);
    assert!(text.contains("作废") && text.contains("本证书已于"), "the void certificate says so");
    let (_, mine) = app.send(&w.applicant_client, MyCertificates {}).await;
    let new = &mine[0];
    assert!(text.contains(new["number"].as_str().unwrap()), "and names its replacement");
    app.stop().await;
}

/// Never a silent fallback to empty boxes: a missing font stops the start.
#[tokio::test]
async fn a_missing_font_stops_the_start_up_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = app::server::AppConfig {
        env: app::server::AppEnv::Test,
        data_dir: dir.path().join("data"),
        font_sans: "/nonexistent/NotoSansCJK-Bold.ttc".into(),
        admin_password: Some("Admin@Docs2026".into()),
        ..Default::default()
    };
    let err = server::prepare(config).await.err().expect("refused");
    assert!(err.contains("/nonexistent/NotoSansCJK-Bold.ttc") && err.contains("APP_FONT_SANS"), "{err}");
    assert!(err.contains("fonts-noto-cjk"), "{err}");
}
