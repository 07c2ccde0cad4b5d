//! The sign-in benchmark of the defects issue: `--concurrency` clients
//! signing in for `--seconds` against a running server, in `--rounds`
//! bursts, beside the raw argon2id rate of this machine (one hashing thread
//! per core, the portal's parameters) measured before the first burst and
//! after each one, with the server idle. The machine's speed drifts by a
//! fifth within minutes, so each burst is compared with the raw rates just
//! before and after it. The server's resident memory is sampled throughout
//! and after. Each burst also reports how the machine's busy CPU time was
//! shared: the portal's hashing threads, its other threads, and the rest
//! (PostgreSQL, this client, the system) — the ratio cannot pass the hashing
//! threads' share by much, whatever the machine's speed.
//!
//! `sign_in_load --base http://127.0.0.1:3400 --pid 1234 [--concurrency 64] [--seconds 30] [--rounds 3]`
//!
//! The server must run with `APP_ENV=test APP_CAPTCHA_FIXED=TEST` and per-address
//! limits raised (bench/sign_in.sh does this).

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::Argon2;
use bench::{arg, num, rss_mb, CpuTicks};
use rand::RngCore;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "Bench@2026x";
const CAPTCHA: &str = "TEST";

/// Hashes per second with one thread per core for `secs` seconds.
fn raw_argon2_rate(secs: u64) -> f64 {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (stop, done) = (stop.clone(), done.clone());
            std::thread::spawn(move || {
                let argon2 = Argon2::default();
                while !stop.load(Ordering::Relaxed) {
                    let mut salt = [0u8; 16];
                    rand::rng().fill_bytes(&mut salt);
                    let salt = SaltString::encode_b64(&salt).expect("salt");
                    argon2.hash_password(PASSWORD.as_bytes(), &salt).expect("hash");
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(secs));
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        let _ = h.join();
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// A valid 居民身份证号 for bench person `n`.
fn id_number(n: u64) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("45010219{:02}{:02}{:02}{:03}", 70 + n % 30, n % 12 + 1, n % 28 + 1, 100 + n % 900);
    let sum: u32 = body.bytes().zip(W).map(|(b, w)| (b - b'0') as u32 * w).sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

async fn call(client: &reqwest::Client, base: &str, endpoint: &str, body: Value) -> (u16, Value) {
    match client.post(format!("{base}/api/{endpoint}")).json(&body).send().await {
        Ok(res) => {
            let status = res.status().as_u16();
            (status, res.json().await.unwrap_or(Value::Null))
        }
        Err(_) => (0, Value::Null),
    }
}

async fn ticket(client: &reqwest::Client, base: &str) -> Value {
    call(client, base, "captcha/new", json!({})).await.1
}

/// The answers of every burst.
#[derive(Default)]
struct Counts {
    ok: AtomicU64,
    busy: AtomicU64,
    other: AtomicU64,
}

/// Every account signs in over and over for `secs`; returns each sign-in's time.
async fn burst(base: &str, accounts: &[String], secs: u64, counts: &Arc<Counts>) -> Vec<Duration> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tasks = tokio::task::JoinSet::new();
    for phone in accounts {
        let (base, counts, phone) = (base.to_owned(), counts.clone(), phone.clone());
        tasks.spawn(async move {
            let client = reqwest::Client::new();
            let mut times = Vec::new();
            while Instant::now() < deadline {
                let t = ticket(&client, &base).await;
                let began = Instant::now();
                let (status, body) = call(
                    &client,
                    &base,
                    "accounts/sign_in_person",
                    json!({ "input": {
                    "account": phone, "password": PASSWORD, "captcha_id": t, "captcha": CAPTCHA,
                } }),
                )
                .await;
                times.push(began.elapsed());
                match status {
                    200 => counts.ok.fetch_add(1, Ordering::Relaxed),
                    503 if body["message"] == "系统繁忙，请稍后再试" => {
                        counts.busy.fetch_add(1, Ordering::Relaxed)
                    }
                    _ => {
                        eprintln!("unexpected answer {status}: {body}");
                        counts.other.fetch_add(1, Ordering::Relaxed)
                    }
                };
            }
            times
        });
    }
    let mut latencies = Vec::new();
    while let Some(t) = tasks.join_next().await {
        latencies.extend(t.unwrap_or_default());
    }
    latencies
}

/// The busy CPU time's shares: hashing threads, the server's other threads, the rest.
fn shares(used: CpuTicks) -> String {
    let pct = |n: u64| n as f64 * 100.0 / used.machine.max(1) as f64;
    format!(
        "cpu_hashing={:.1}% cpu_server_other={:.1}% cpu_rest={:.1}%",
        pct(used.named),
        pct(used.process.saturating_sub(used.named)),
        pct(used.machine.saturating_sub(used.process))
    )
}

async fn raw_rate(secs: u64) -> f64 {
    tokio::task::spawn_blocking(move || raw_argon2_rate(secs)).await.expect("raw rate")
}

#[tokio::main]
async fn main() {
    let base = arg("--base").unwrap_or_else(|| "http://127.0.0.1:3400".into());
    let pid: u32 = num("--pid", 0) as u32;
    let concurrency = num("--concurrency", 64);
    let seconds = num("--seconds", 30);
    let rounds = num("--rounds", 3).max(1);
    let raw_secs = num("--raw-seconds", 10);

    println!(
        "raw argon2id rate ({} threads, {raw_secs} s)…",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
    );
    let mut raws = vec![raw_rate(raw_secs).await];

    // One account per client, registered through the portal.
    let client = reqwest::Client::new();
    let mut accounts = Vec::new();
    for n in 0..concurrency {
        let phone = format!("137{:08}", 10_000_000 + n);
        let t = ticket(&client, &base).await;
        let (status, body) = call(&client, &base, "accounts/register_person", json!({ "input": {
            "name": format!("压测{n}"), "id_type": "resident", "id_number": id_number(n), "birth_date": "", "gender": "",
            "phone": phone, "email": format!("{phone}@example.com"), "password": PASSWORD, "password_confirm": PASSWORD,
            "captcha_id": t, "captcha": CAPTCHA,
        } })).await;
        assert!(status == 200, "registering a bench account failed: {status} {body}");
        accounts.push(phone);
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let before = rss_mb(pid);

    let counts = Arc::new(Counts::default());
    let peak = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, stop) = (peak.clone(), stop.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(rss_mb(pid) as u64, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let burst_secs = seconds.div_ceil(rounds);
    let mut latencies = Vec::new();
    let (mut signed_in, mut expected, mut in_bursts) = (0u64, 0.0, 0.0);
    let mut at_10s = 0.0;
    let mut under_80_after = None;
    let mut cpu = CpuTicks::default();
    for round in 1..=rounds {
        println!("round {round}: {concurrency} clients signing in for {burst_secs} s…");
        let ok_before = counts.ok.load(Ordering::Relaxed);
        let started = Instant::now();
        let cpu_before = CpuTicks::now(pid, "argon2");
        latencies.extend(burst(&base, &accounts, burst_secs, &counts).await);
        let used = CpuTicks::now(pid, "argon2").since(cpu_before);
        let elapsed = started.elapsed().as_secs_f64();
        cpu = CpuTicks {
            machine: cpu.machine + used.machine,
            named: cpu.named + used.named,
            process: cpu.process + used.process,
        };
        let ok = counts.ok.load(Ordering::Relaxed) - ok_before;
        if round == rounds {
            // Memory after the last burst: sampled for 15 s of idle.
            stop.store(true, Ordering::Relaxed);
            let idle_started = Instant::now();
            while idle_started.elapsed() < Duration::from_secs(15) {
                let now = rss_mb(pid);
                if under_80_after.is_none() && now < 80.0 {
                    under_80_after = Some(idle_started.elapsed().as_secs_f64());
                }
                if idle_started.elapsed() >= Duration::from_secs(10) && at_10s == 0.0 {
                    at_10s = now;
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
        // The raw rate again, the server idle; this burst is compared with
        // the mean of the raw rates just before and after it.
        raws.push(raw_rate(raw_secs).await);
        let raw = (raws[raws.len() - 2] + raws[raws.len() - 1]) / 2.0;
        let rate = ok as f64 / elapsed;
        println!(
            "RESULT round {round} rate={rate:.1}/s raw_argon2id={raw:.1}/s ratio={:.1}% {}",
            rate / raw * 100.0,
            shares(used)
        );
        signed_in += ok;
        expected += raw * elapsed;
        in_bursts += elapsed;
    }
    let _ = sampler.await;

    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    };
    let raws: Vec<String> = raws.iter().map(|r| format!("{r:.1}")).collect();
    println!("RESULT cpu during the bursts: {}", shares(cpu));
    println!(
        "RESULT sign_ins={signed_in} busy={} other_errors={} rate={:.1}/s raw_argon2id={:.1}/s (measured {}) \
         ratio={:.1}% p50={:.0}ms p95={:.0}ms \
         rss_before={before:.0}MB rss_peak={}MB rss_after_10s_idle={at_10s:.0}MB under_80MB_after={}",
        counts.busy.load(Ordering::Relaxed),
        counts.other.load(Ordering::Relaxed),
        signed_in as f64 / in_bursts,
        expected / in_bursts,
        raws.join(", "),
        signed_in as f64 / expected * 100.0,
        pct(0.5),
        pct(0.95),
        peak.load(Ordering::Relaxed),
        under_80_after.map(|s| format!("{s:.1}s")).unwrap_or_else(|| "never (15 s)".into()),
    );
}
