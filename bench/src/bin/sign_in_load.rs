//! The sign-in benchmark of the defects issue: the raw argon2id rate of this
//! machine (one hashing thread per core, the portal's parameters), then
//! `--concurrency` clients signing in for `--seconds` against a running
//! server, with that server's resident memory sampled throughout and after.
//!
//! `sign_in_load --base http://127.0.0.1:3400 --pid 1234 [--concurrency 64] [--seconds 30]`
//!
//! The server must run with `APP_ENV=test APP_CAPTCHA_FIXED=TEST` and per-address
//! limits raised (bench/sign_in.sh does this).

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::Argon2;
use bench::{arg, num, rss_mb};
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

#[tokio::main]
async fn main() {
    let base = arg("--base").unwrap_or_else(|| "http://127.0.0.1:3400".into());
    let pid: u32 = num("--pid", 0) as u32;
    let concurrency = num("--concurrency", 64);
    let seconds = num("--seconds", 30);
    let raw_secs = num("--raw-seconds", 10);

    println!(
        "raw argon2id rate ({} threads, {raw_secs} s)…",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
    );
    let raw = tokio::task::spawn_blocking(move || raw_argon2_rate(raw_secs)).await.expect("raw rate");

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

    println!("{concurrency} clients signing in for {seconds} s…");
    let ok = Arc::new(AtomicU64::new(0));
    let busy = Arc::new(AtomicU64::new(0));
    let other = Arc::new(AtomicU64::new(0));
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
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut latencies = Vec::new();
    let mut tasks = tokio::task::JoinSet::new();
    for phone in accounts {
        let (base, ok, busy, other) = (base.clone(), ok.clone(), busy.clone(), other.clone());
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
                    200 => ok.fetch_add(1, Ordering::Relaxed),
                    503 if body["message"] == "系统繁忙，请稍后再试" => busy.fetch_add(1, Ordering::Relaxed),
                    _ => {
                        eprintln!("unexpected answer {status}: {body}");
                        other.fetch_add(1, Ordering::Relaxed)
                    }
                };
            }
            times
        });
    }
    while let Some(t) = tasks.join_next().await {
        latencies.extend(t.unwrap_or_default());
    }
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.await;

    // Memory after the burst: sampled for 15 s of idle.
    let idle_started = Instant::now();
    let mut under_80_after = None;
    let mut at_10s = 0.0;
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

    // The raw rate again, the server idle: the machine's speed drifts, so
    // the ratio uses the mean of before and after.
    let raw_after = tokio::task::spawn_blocking(move || raw_argon2_rate(raw_secs)).await.expect("raw rate");
    let raw_before = raw;
    let raw = (raw_before + raw_after) / 2.0;

    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    };
    let rate = ok.load(Ordering::Relaxed) as f64 / elapsed;
    println!(
        "RESULT sign_ins={} busy={} other_errors={} rate={rate:.1}/s raw_argon2id={raw:.1}/s (before {raw_before:.1}, after {raw_after:.1}) \
         ratio={:.1}% p50={:.0}ms p95={:.0}ms \
         rss_before={before:.0}MB rss_peak={}MB rss_after_10s_idle={at_10s:.0}MB under_80MB_after={}",
        ok.load(Ordering::Relaxed),
        busy.load(Ordering::Relaxed),
        other.load(Ordering::Relaxed),
        rate / raw * 100.0,
        pct(0.5),
        pct(0.95),
        peak.load(Ordering::Relaxed),
        under_80_after.map(|s| format!("{s:.1}s")).unwrap_or_else(|| "never (15 s)".into()),
    );
}
