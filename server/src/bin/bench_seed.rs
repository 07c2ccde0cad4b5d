//! Fills a database for the 待办事项 benchmark: `--units` approved units
//! with one staff member each and `--declarations` declarations spread over
//! them (a fifth waiting for the unit), then prints a session cookie of the
//! first unit's staff member for the load tool. Uses the server's own
//! configuration (`DATABASE_URL`, `APP_DATA_DIR`) and migrations.
//!
//! With `--office`, every declaration was forwarded to the 南宁市职改办
//! instead (a fifth waiting for it): the cookie is then one of its
//! officers', and `batch.json` in `APP_DATA_DIR` holds a 批量审核通过 of
//! 1,000 waiting declarations for the certificates benchmark.
//!
//! With `--opinions`, the declarations waiting for their unit carry the
//! unit's four opinions (ready to 报送).
//!
//! `cargo run --release -p server --bin bench_seed -- --units 1000 --declarations 100000 [--office] [--opinions]`

use app::accounts::Role;
use app::server::entities::{account, declaration, person, unit, unit_staff};
use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn id_number(n: usize) -> String {
    let body = format!("4501021980{:02}{:02}{:03}", n / 28_000 % 12 + 1, n % 28 + 1, n / 28 % 1000);
    format!("{body}{}", app::domain::id_number::check_char(body.as_bytes()))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let units = arg("--units", 1000);
    let declarations = arg("--declarations", 100_000);
    // 统计分析: declarations spread over the fourteen cities (and the office mode's session).
    let stats = std::env::args().any(|a| a == "--stats");
    let office_mode = stats || std::env::args().any(|a| a == "--office");
    // Whole 职称认定 forms and the unit's four opinions (a 3-page 评审表 each).
    let forms = std::env::args().any(|a| a == "--forms");
    // The unit's four opinions on every declaration waiting for it (new or
    // returned), so a
    // load tool can 报送 them (bench/mixed.sh).
    let opinions_for_waiting = std::env::args().any(|a| a == "--opinions");
    let config = server::config::load()?;
    let state = server::prepare(config).await?;
    let db = &state.db;
    let vault = &state.vault;
    let started = std::time::Instant::now();
    let hash = app::server::hashing::hash_once("Bench@2026".into()).await.ok_or("hashing failed")?;
    let batch = app::server::entities::batch::Entity::find().one(db).await?.ok_or("no batch")?;
    let now = Utc::now();
    let office = app::server::entities::org::Entity::find()
        .filter(app::server::entities::org::Column::Code.eq("ZGB-450100"))
        .one(db)
        .await?
        .ok_or("no 南宁市职改办")?;
    let txn = db.begin().await?;

    // Accounts: per unit one unit account, one staff person, one applicant.
    let base = account::Entity::find().all(&txn).await?.len() as i64;
    let mut accounts = Vec::new();
    for i in 0..units * 3 {
        accounts.push(account::ActiveModel {
            public_id: Set(uuid::Uuid::new_v4()),
            kind: Set(if i % 3 == 0 { "unit" } else { "person" }.into()),
            password_hash: Set(hash.clone()),
            failed_logins: Set(0),
            last_failed_at: Set(None),
            locked_until: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    for chunk in accounts.chunks(500) {
        account::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    let all = account::Entity::find().all(&txn).await?;
    let ids: Vec<i64> = all.iter().skip(base as usize).map(|a| a.id).collect();
    let mut units_rows = Vec::new();
    let mut people = Vec::new();
    let mut links = Vec::new();
    for u in 0..units {
        let (unit_id, staff_id, applicant_id) = (ids[u * 3], ids[u * 3 + 1], ids[u * 3 + 2]);
        let code_body = format!("91450100B{:08}", u);
        let code = format!("{code_body}{}", app::domain::credit_code::check_char(code_body.as_bytes()).unwrap_or('0'));
        units_rows.push(unit::ActiveModel {
            account_id: Set(unit_id),
            credit_code: Set(code),
            name: Set(format!("压测单位{u:04}")),
            legal_rep: Set("压测".into()),
            kind: Set("非公企业".into()),
            industry: Set("I".into()),
            region_code: Set("450103".into()),
            city_code: Set("450100".into()),
            address: Set("压测路".into()),
            licence_id: Set(None),
            status: Set("approved".into()),
            review_note: Set(String::new()),
            reviewed_by: Set(None),
            reviewed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        });
        for (k, pid) in [(0, staff_id), (1, applicant_id)] {
            let n = u * 2 + k;
            people.push(person::ActiveModel {
                account_id: Set(pid),
                name: Set(format!("压测人员{n:05}")),
                id_type: Set("resident".into()),
                id_number: Set(vault.seal(&id_number(n))),
                id_number_hash: Set(Some(vault.hash(&id_number(n)))),
                birth_date: Set(chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap_or_default()),
                gender: Set("男".into()),
                phone: Set(vault.seal(&format!("1770{n:07}"))),
                phone_hash: Set(Some(vault.hash(&format!("1770{n:07}")))),
                email: Set(format!("bench{n}@example.com")),
            });
        }
        links.push(unit_staff::ActiveModel {
            public_id: Set(uuid::Uuid::new_v4()),
            unit_id: Set(unit_id),
            person_id: Set(staff_id),
            enabled: Set(true),
            created_at: Set(now),
            ..Default::default()
        });
    }
    for chunk in units_rows.chunks(500) {
        unit::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    for chunk in people.chunks(500) {
        person::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    for chunk in links.chunks(500) {
        unit_staff::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    const STATUSES: [&str; 5] = ["unit_review", "office_review", "approved", "returned_to_unit", "rejected"];
    let mut batch_rows = Vec::with_capacity(1000);
    for d in 0..declarations {
        let u = d % units;
        let at = now - Duration::minutes((declarations - d) as i64);
        batch_rows.push(declaration::ActiveModel {
            public_id: Set(uuid::Uuid::new_v4()),
            person_id: Set(ids[u * 3 + 2]),
            unit_id: Set(ids[u * 3]),
            batch_id: Set(batch.id),
            batch_year: Set(batch.year),
            // Whole forms are 职称认定 at 中级: the longest 评审表.
            business: Set(
                if forms { "recognition" } else { ["recognition", "reconfirmation", "replacement"][d % 3] }.into()
            ),
            series_id: Set(1),
            specialty_id: Set(1),
            level: Set(if forms { "intermediate" } else { ["junior", "assistant", "intermediate"][d / 3 % 3] }.into()),
            status: Set(STATUSES[d / 7 % 5].into()),
            city_code: Set(office_mode.then(|| {
                if stats {
                    format!("45{:02}00", d % 14 + 1)
                } else {
                    "450100".to_owned()
                }
            })),
            forwarded_at: Set(office_mode.then_some(at)),
            version: Set(1),
            applicant_name: Set(format!("申报人{d:06}")),
            applicant_id_number: Set(vault.seal(&id_number(units * 2 + d))),
            applicant_id_hash: Set(Some(vault.hash(&id_number(units * 2 + d)))),
            applicant_id_masked: Set(Some(app::domain::mask::id_number(&id_number(units * 2 + d)))),
            form: Set(if forms { full_form() } else { "{}".into() }),
            commitment: Set(true),
            target_org_id: Set(office_mode.then_some(office.id)),
            unit_leader: Set(String::new()),
            submitted_at: Set(Some(at)),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        });
        if batch_rows.len() == 1000 {
            declaration::Entity::insert_many(std::mem::take(&mut batch_rows)).exec(&txn).await?;
        }
    }
    if !batch_rows.is_empty() {
        declaration::Entity::insert_many(batch_rows).exec(&txn).await?;
    }
    if forms || opinions_for_waiting {
        let mut query = declaration::Entity::find().select_only().column(declaration::Column::Id);
        if !forms {
            // 待审核 at the unit: new, and returned to it by an office.
            query = query.filter(declaration::Column::Status.is_in(["unit_review", "returned_to_unit"]));
        }
        let declaration_ids: Vec<i64> = query.into_tuple().all(&txn).await?;
        let [recommendation, appraisal, publicity, committee] = opinions();
        for chunk in declaration_ids.chunks(1000) {
            let rows = chunk.iter().map(|id| app::server::entities::unit_opinion::ActiveModel {
                declaration_id: Set(*id),
                recommendation: Set(Some(recommendation.clone())),
                appraisal: Set(Some(appraisal.clone())),
                publicity: Set(Some(publicity.clone())),
                committee: Set(Some(committee.clone())),
                updated_at: Set(now),
            });
            app::server::entities::unit_opinion::Entity::insert_many(rows).exec(&txn).await?;
        }
    }
    txn.commit().await?;
    // The red counts of what was loaded behind the portal's back.
    sea_orm::ConnectionTrait::execute_unprepared(db, "DELETE FROM org_todo").await?;
    sea_orm::ConnectionTrait::execute_unprepared(db, migration::BACKFILL_TODO).await?;
    // 统计分析's counters, as the portal keeps them for each move.
    app::declarations::counters::recount(db).await?;
    let identity = if office_mode {
        app::server::seed::ensure_officer(
            db,
            "bench_office",
            "压测职改办人员",
            "office",
            Some("ZGB-450100"),
            "Bench@2026",
        )
        .await?;
        let officer = app::server::entities::officer::Entity::find()
            .filter(app::server::entities::officer::Column::Username.eq("bench_office"))
            .one(db)
            .await?
            .ok_or("no officer")?;
        write_batch(db, &state.config.data_dir, office.id).await?;
        app::server::session::Identity { account_id: officer.account_id, role: Role::Office, unit_id: None }
    } else {
        app::server::session::Identity { account_id: ids[1], role: Role::UnitStaff, unit_id: Some(ids[0]) }
    };
    if stats {
        // The 区职改办's session too: the region's statistics.
        app::server::seed::ensure_officer(
            db,
            "bench_region",
            "压测区职改办人员",
            "office",
            Some("ZGB-450000"),
            "Bench@2026",
        )
        .await?;
        let region = app::server::entities::officer::Entity::find()
            .filter(app::server::entities::officer::Column::Username.eq("bench_region"))
            .one(db)
            .await?
            .ok_or("no officer")?;
        let who = app::server::session::Identity { account_id: region.account_id, role: Role::Office, unit_id: None };
        let cookie = app::server::session::start(db, &state.config, None, who, "127.0.0.1", Utc::now(), None).await?;
        std::fs::write(state.config.data_dir.join("region_cookie"), cookie.split(';').next().unwrap_or_default())?;
    }
    if office_mode {
        // The first unit's applicant: holds certificates once the batch is approved.
        let holder = app::server::session::Identity { account_id: ids[2], role: Role::Person, unit_id: None };
        let cookie =
            app::server::session::start(db, &state.config, None, holder, "127.0.0.1", Utc::now(), None).await?;
        std::fs::write(state.config.data_dir.join("holder_cookie"), cookie.split(';').next().unwrap_or_default())?;
    }
    let cookie = app::server::session::start(db, &state.config, None, identity, "127.0.0.1", Utc::now(), None).await?;
    eprintln!("seeded {units} units and {declarations} declarations in {:.1}s", started.elapsed().as_secs_f64());
    println!("{}", cookie.split(';').next().unwrap_or_default());
    Ok(())
}

/// The body of a 批量审核通过 of the first 1,000 declarations waiting for the office.
async fn write_batch(
    db: &sea_orm::DatabaseConnection,
    dir: &std::path::Path,
    office: i64,
) -> Result<(), Box<dyn std::error::Error>> {
    let waiting = declaration::Entity::find()
        .filter(declaration::Column::TargetOrgId.eq(office))
        .filter(declaration::Column::Status.eq("office_review"))
        .order_by_asc(declaration::Column::Id)
        .limit(1000)
        .all(db)
        .await?;
    let items: Vec<_> =
        waiting.iter().map(|d| serde_json::json!({ "id": d.public_id, "version": d.version })).collect();
    let body = serde_json::json!({ "input": {
        "items": items, "action": "OfficeApprove", "reason": "",
        "approval": { "approval_no": "桂职改办〔2026〕100号", "qualified_on": "2026-11-01" } } });
    std::fs::write(dir.join("batch.json"), body.to_string())?;
    Ok(())
}

/// A 职称认定 form as a full one looks: three schools and posts, training,
/// achievements and papers with a paragraph each.
fn full_form() -> String {
    let para = "负责单位信息化系统的需求分析、架构设计与开发实施，主持完成多个重点项目，取得良好的经济效益和社会效益。";
    let rows = |n: usize, f: &dyn Fn(usize) -> serde_json::Value| (0..n).map(f).collect::<Vec<_>>();
    serde_json::json!({
        "work_start": "2012-07", "current_post": "高级软件开发工程师",
        "education": rows(3, &|i| serde_json::json!({ "start": format!("{}-09", 2005 + i * 3), "end": format!("{}-07", 2008 + i * 3),
            "school": "广西大学", "major": "计算机科学与技术", "education": "本科" })),
        "experience": rows(4, &|i| serde_json::json!({ "start": format!("{}-07", 2012 + i * 3), "end": format!("{}-06", 2015 + i * 3),
            "employer": "南宁市某信息技术有限公司", "position": "软件工程师" })),
        "training": rows(4, &|i| serde_json::json!({ "year": format!("{}", 2021 + i), "content": "专业技术人员继续教育公需科目及专业科目", "hours": "90" })),
        "achievements": rows(4, &|i| serde_json::json!({ "year": format!("{}", 2020 + i), "title": "智慧政务平台建设项目",
            "detail": para.repeat(3) })),
        "papers": rows(3, &|i| serde_json::json!({ "year": format!("{}", 2021 + i), "title": "基于微服务架构的政务系统设计与实现",
            "detail": "发表于《计算机应用与软件》，第一作者" })),
        "appraisals": rows(3, &|i| serde_json::json!({ "year": format!("{}", 2023 + i), "result": "合格" })),
    })
    .to_string()
}

/// The unit's four opinions, as saved (JSON per column).
fn opinions() -> [String; 4] {
    [
        serde_json::json!({ "text": "该同志政治立场坚定，业务能力突出，工作认真负责。".repeat(12) }).to_string(),
        serde_json::json!({ "rows": [{ "year": "2023", "result": "合格" }, { "year": "2024", "result": "优秀" }, { "year": "2025", "result": "合格" }],
            "term_result": "合格" }).to_string(),
        serde_json::json!({ "start": "2026-10-08", "end": "2026-10-14", "result": "无异议", "explanation": "" }).to_string(),
        serde_json::json!({ "meeting_date": "2026-10-20", "members": 7, "votes_for": 7, "votes_against": 0, "votes_abstain": 0,
            "opinion": "经单位审议小组审议，同意推荐。" }).to_string(),
    ]
}
