//! The mixed load of the scale-out issue. `--users` virtual unit staff, one
//! per seeded unit (bench_seed --opinions), each from an address of its own
//! (`X-Forwarded-For`, the servers trust 127.0.0.1 as their proxy):
//! signs in (unit search, captcha, 单位工作人员登录), then round after round
//! opens 待办事项, opens the first waiting declaration, saves its 推荐意见
//! and 审核报送 it to a 职改办 the dialog offers, pausing `--think-ms` between steps; signs out and in
//! again every `--rounds-per-session`. Every `--upload-every` rounds it also
//! uploads a scan as a new browser would (单位注册's licence).
//!
//! At the end it reads back every upload a server answered 200, byte for
//! byte, and writes the ids of the 报送 answered 200 to `--journal` (the
//! script checks them in the database); then prints per step the count, errors by status, p50/p95/p99, the
//! peak resident memory of `--pids`, and with `--watch-ready` how `/readyz`
//! answered over time.
//!
//! `mixed_load --base http://127.0.0.1:3500[,http://…] --pids 1,2 [--users 200] [--seconds 300]`

use bench::{arg, num, rss_mb};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Bench@2026";
const CAPTCHA: &str = "TEST";
/// A request that takes longer than this has hung.
const HUNG: Duration = Duration::from_secs(20);
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// What every step recorded: latencies (µs) of answers, and failures by
/// status (0: no answer; 999: hung).
#[derive(Default)]
struct Record {
    latencies: BTreeMap<&'static str, Vec<u64>>,
    failures: BTreeMap<(&'static str, u16), u64>,
    /// One answer of each kind of failure, to say what went wrong.
    samples: BTreeMap<(&'static str, u16), String>,
    busy_messages: u64,
    forwarded: Vec<String>,
    uploads: Vec<(reqwest::Client, String, String)>,
}

type Shared = Arc<Mutex<Record>>;

struct User {
    client: reqwest::Client,
    /// This user's own address, sent on each of its browsers' requests.
    client_headers: reqwest::header::HeaderMap,
    base: String,
    record: Shared,
}

impl User {
    /// One server function call, timed and recorded under `step`.
    async fn call(&self, step: &'static str, endpoint: &str, body: Value) -> Option<Value> {
        let started = Instant::now();
        let sent = self.client.post(format!("{}/api/{endpoint}", self.base)).json(&body).send();
        let answer = match tokio::time::timeout(HUNG, sent).await {
            Err(_) => Err((999, String::new())),
            Ok(Err(e)) => Err((0, e.to_string())),
            Ok(Ok(res)) => {
                let status = res.status().as_u16();
                let value: Value = res.json().await.unwrap_or(Value::Null);
                if status == 200 {
                    Ok(value)
                } else {
                    if status == 503 && value.to_string().contains("系统繁忙") {
                        self.record.lock().unwrap().busy_messages += 1;
                    }
                    Err((status, value.to_string()))
                }
            }
        };
        let mut record = self.record.lock().unwrap();
        match answer {
            Ok(value) => {
                record.latencies.entry(step).or_default().push(started.elapsed().as_micros() as u64);
                Some(value)
            }
            Err((status, answer)) => {
                *record.failures.entry((step, status)).or_default() += 1;
                record.samples.entry((step, status)).or_insert(answer);
                None
            }
        }
    }

    async fn sign_in(&self, unit: u64) -> bool {
        let name = format!("压测单位{unit:04}");
        let started = Instant::now();
        let Some(units) = self.call("sign_in", "units/search_units", json!({ "keyword": name })).await else {
            return false;
        };
        let Some(unit_id) =
            units.as_array().and_then(|a| a.iter().find(|u| u["name"] == name)).map(|u| u["id"].clone())
        else {
            return false;
        };
        let Some(ticket) = self.call("sign_in", "captcha/new", json!({})).await else { return false };
        let input = json!({ "input": { "unit_id": unit_id, "account": format!("1770{:07}", unit * 2),
            "password": PASSWORD, "captcha_id": ticket, "captcha": CAPTCHA } });
        let ok = self.call("sign_in", "units/sign_in_staff", input).await.is_some();
        if ok {
            // The three requests of a sign-in count as one step.
            let mut record = self.record.lock().unwrap();
            let steps = record.latencies.entry("sign_in").or_default();
            steps.truncate(steps.len().saturating_sub(3));
            steps.push(started.elapsed().as_micros() as u64);
        }
        ok
    }

    /// 待办事项 → the first waiting declaration → 推荐意见 → 审核报送.
    async fn round(&self, think: Duration) {
        let filter = json!({ "filter": { "status": "pending", "page": 1 } });
        let Some(page) = self.call("todo_list", "declarations/todo_list", filter).await else { return };
        let Some(id) = page["rows"].get(0).and_then(|r| r["id"].as_str()).map(str::to_owned) else { return };
        tokio::time::sleep(think).await;
        let Some(detail) = self.call("open", "declarations/load_declaration", json!({ "id": id })).await else {
            return;
        };
        tokio::time::sleep(think).await;
        let body = json!({ "id": id, "version": detail["version"],
            "opinion": { "text": "该同志工作认真负责，业务能力强，同意推荐。" } });
        let Some(saved) = self.call("opinion", "declarations/save_recommendation", body).await else { return };
        tokio::time::sleep(think).await;
        // The 审核报送 dialog lists where this declaration may go; a 职改办 is chosen.
        let Some(targets) = self.call("targets", "declarations/forward_targets", json!({ "id": id })).await else {
            return;
        };
        let codes: Vec<&str> = targets.as_array().into_iter().flatten().filter_map(|t| t["code"].as_str()).collect();
        let Some(target) = codes.iter().find(|c| c.starts_with("ZGB-")).or(codes.first()) else { return };
        let body =
            json!({ "input": { "id": id, "version": saved["version"], "unit_leader": "王负责", "target": target } });
        if self.call("forward", "declarations/forward_declaration", body).await.is_some() {
            self.record.lock().unwrap().forwarded.push(id);
        }
    }

    /// A licence scan uploaded by a new browser; kept to be read back.
    async fn upload(&self, n: u64) {
        let browser = reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(self.address_header())
            .build()
            .expect("client");
        let bytes: Vec<u8> = PNG.iter().copied().chain(n.to_le_bytes()).collect();
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes.clone()).file_name("执照.png"));
        let started = Instant::now();
        let sent = browser.post(format!("{}/upload?purpose=licence", self.base)).multipart(form).send();
        let status = match tokio::time::timeout(HUNG, sent).await {
            Err(_) => 999,
            Ok(Err(_)) => 0,
            Ok(Ok(res)) if res.status().as_u16() == 200 => {
                let file: Value = res.json().await.unwrap_or(Value::Null);
                let mut record = self.record.lock().unwrap();
                record.latencies.entry("upload").or_default().push(started.elapsed().as_micros() as u64);
                let id = file["id"].as_str().unwrap_or_default().to_owned();
                record.uploads.push((browser, id, bytes.iter().map(|b| format!("{b:02x}")).collect()));
                return;
            }
            Ok(Ok(res)) => {
                let status = res.status().as_u16();
                // Told 系统繁忙 like the server functions: counted with them.
                if status == 503 && res.text().await.unwrap_or_default().contains("系统繁忙") {
                    self.record.lock().unwrap().busy_messages += 1;
                }
                status
            }
        };
        *self.record.lock().unwrap().failures.entry(("upload", status)).or_default() += 1;
    }

    fn address_header(&self) -> reqwest::header::HeaderMap {
        self.client_headers.clone()
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

#[tokio::main]
async fn main() {
    let bases: Vec<String> = arg("--base")
        .unwrap_or_else(|| "http://127.0.0.1:3500".into())
        .split(',')
        .map(|s| s.trim().trim_end_matches('/').to_owned())
        .collect();
    let pids: Vec<u32> = arg("--pids").unwrap_or_default().split(',').filter_map(|p| p.trim().parse().ok()).collect();
    let users = num("--users", 200);
    let seconds = num("--seconds", 300);
    let think = Duration::from_millis(num("--think-ms", 500));
    let per_session = num("--rounds-per-session", 20);
    let upload_every = num("--upload-every", 10);
    let ramp = Duration::from_secs(num("--ramp-seconds", 20));
    let watch_ready = std::env::args().any(|a| a == "--watch-ready");

    let record: Shared = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    // A server restarted during the run writes its pid here (bench/mixed.sh kill).
    let pid_file = arg("--pid-file");
    let sampler = {
        let (peak, stop, pids) = (peak.clone(), stop.clone(), pids.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let restarted = pid_file.as_ref().and_then(|f| std::fs::read_to_string(f).ok()?.trim().parse().ok());
                for pid in pids.iter().copied().chain(restarted) {
                    peak.fetch_max(rss_mb(pid) as u64, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    // `/readyz` of every base, every 200 ms: its answers as runs ("200×41 503×12 200×80").
    let readiness = {
        let (stop, bases) = (stop.clone(), bases.clone());
        tokio::spawn(async move {
            let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().expect("client");
            let mut runs: Vec<(String, u16, u64)> = Vec::new();
            while watch_ready && !stop.load(Ordering::Relaxed) {
                for base in &bases {
                    let status =
                        client.get(format!("{base}/readyz")).send().await.map(|r| r.status().as_u16()).unwrap_or(0);
                    match runs.iter_mut().rev().find(|r| &r.0 == base) {
                        Some(last) if last.1 == status => last.2 += 1,
                        _ => runs.push((base.clone(), status, 1)),
                    }
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            runs
        })
    };

    println!("{users} users for {seconds} s over {} server(s), think {think:?}", bases.len());
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for v in 0..users {
        let mut headers = reqwest::header::HeaderMap::new();
        let address = format!("10.{}.{}.{}", 1 + v / 65536, v / 256 % 256, v % 256);
        headers.insert("x-forwarded-for", address.parse().expect("header"));
        let user = User {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .default_headers(headers.clone())
                .build()
                .expect("client"),
            client_headers: headers,
            base: bases[v as usize % bases.len()].clone(),
            record: record.clone(),
        };
        let delay = ramp.mul_f64(v as f64 / users as f64);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let mut rounds = 0u64;
            while Instant::now() < deadline {
                if !user.sign_in(v).await {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
                for _ in 0..per_session {
                    if Instant::now() >= deadline {
                        break;
                    }
                    user.round(think).await;
                    rounds += 1;
                    if upload_every > 0 && rounds.is_multiple_of(upload_every) {
                        user.upload(v * 1_000_000 + rounds).await;
                    }
                    tokio::time::sleep(think).await;
                }
                user.call("sign_out", "accounts/sign_out", json!({})).await;
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.await;
    let runs = readiness.await.unwrap_or_default();

    // What was acknowledged must be there (after any crash and restart).
    let mut record = std::mem::take(&mut *record.lock().unwrap());
    let mut lost_uploads = 0;
    for (browser, id, hex) in &record.uploads {
        let base = &bases[0];
        let got = browser.get(format!("{base}/files/{id}")).send().await;
        let same = match got {
            Ok(res) if res.status().is_success() => {
                let body = res.bytes().await.unwrap_or_default();
                body.iter().map(|b| format!("{b:02x}")).collect::<String>() == *hex
            }
            _ => false,
        };
        lost_uploads += u64::from(!same);
    }

    let mut total = 0;
    println!("step         count   errors            p50 ms   p95 ms   p99 ms");
    for (step, lat) in record.latencies.iter_mut() {
        lat.sort_unstable();
        total += lat.len();
        let errors: Vec<String> = record
            .failures
            .iter()
            .filter(|((s, _), _)| s == step)
            .map(|((_, status), n)| format!("{n}×{status}"))
            .collect();
        println!(
            "RESULT step={step:<10} count={:<7} errors={:<12} p50={:.1} p95={:.1} p99={:.1}",
            lat.len(),
            if errors.is_empty() { "0".to_owned() } else { errors.join(",") },
            percentile(lat, 0.50),
            percentile(lat, 0.95),
            percentile(lat, 0.99),
        );
    }
    let failures: u64 = record.failures.values().sum();
    let hung: u64 = record.failures.iter().filter(|((_, s), _)| *s == 999).map(|(_, n)| n).sum();
    println!(
        "RESULT total answered={total} ({:.0}/s) failed={failures} (503 系统繁忙: {}, hung: {hung}) forwarded={} uploads={} lost_uploads={lost_uploads} peak_rss_mb={}",
        total as f64 / elapsed,
        record.busy_messages,
        record.forwarded.len(),
        record.uploads.len(),
        peak.load(Ordering::Relaxed),
    );
    for ((step, status), answer) in &record.samples {
        println!("FAILURE {step} {status}: {}", answer.chars().take(300).collect::<String>());
    }
    if watch_ready {
        let runs: Vec<String> = runs.iter().map(|(b, s, n)| format!("{b}:{s}×{n}")).collect();
        println!("RESULT readyz {}", runs.join(" "));
    }
    // The acknowledged 报送 ids, for the script's database check.
    if let Some(path) = arg("--journal") {
        std::fs::write(path, record.forwarded.join("\n")).expect("journal");
    }
}
