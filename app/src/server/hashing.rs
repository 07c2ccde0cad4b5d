//! Password hashing with argon2id on a fixed set of worker threads.
//!
//! One argon2id hash holds 19 MiB. Run on tokio's blocking pool, memory
//! grew with the sign-ins in flight (2 GB for 16 at once) and was not given
//! back. Here `workers` threads (one per core by default) each own one block
//! buffer that every hash reuses, fed from a queue of at most `queue` jobs.
//! A full queue, or a job that waited longer than `wait`, is answered
//! 系统繁忙 at once instead of piling up. A worker idle for `idle` frees its
//! buffer and asks the allocator to hand freed memory back to the system.

use crate::error::AppError;
use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::RngCore;
use serde::Deserialize;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// How many hashes run at once and how many may wait (`APP_HASHING__*`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct HashingConfig {
    /// Hashes computed at once; 0 means one per core.
    pub workers: usize,
    /// Hashes waiting for a worker before new ones are refused.
    pub queue: usize,
    /// Longest wait for a worker, in milliseconds, before 系统繁忙.
    pub wait_ms: u64,
    /// A worker idle this long (ms) frees its 19 MiB buffer.
    pub idle_ms: u64,
}

impl Default for HashingConfig {
    fn default() -> Self {
        Self { workers: 0, queue: 256, wait_ms: 5_000, idle_ms: 2_000 }
    }
}

enum Task {
    Hash(String),
    Verify { password: String, hash: String },
}

enum Reply {
    Hashed(Option<String>),
    Verified(bool),
    /// Waited past the deadline: not computed.
    Expired,
}

struct Job {
    task: Task,
    deadline: Instant,
    reply: oneshot::Sender<Reply>,
}

/// The handle every request uses; cheap to clone.
#[derive(Clone)]
pub struct HashPool {
    jobs: flume::Sender<Job>,
    wait: Duration,
}

impl HashPool {
    /// Starts the workers. They end when the last handle is dropped.
    pub fn start(config: &HashingConfig) -> Self {
        let workers = match config.workers {
            0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            n => n,
        };
        let (tx, rx) = flume::bounded::<Job>(config.queue);
        let idle = Duration::from_millis(config.idle_ms.max(1));
        for i in 0..workers {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || work(rx, idle));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a hashing worker");
            }
        }
        Self { jobs: tx, wait: Duration::from_millis(config.wait_ms) }
    }

    async fn run(&self, task: Task) -> Result<Reply, AppError> {
        let (reply, answer) = oneshot::channel();
        let job = Job { task, deadline: Instant::now() + self.wait, reply };
        if self.jobs.try_send(job).is_err() {
            tracing::warn!("hashing queue full");
            return Err(AppError::busy());
        }
        match answer.await {
            Ok(Reply::Expired) => {
                tracing::warn!("hashing job waited too long");
                Err(AppError::busy())
            }
            Ok(r) => Ok(r),
            Err(_) => {
                tracing::error!("hashing worker dropped a job");
                Err(AppError::internal())
            }
        }
    }

    /// A new PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) for `password`.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        match self.run(Task::Hash(password)).await? {
            Reply::Hashed(Some(h)) => Ok(h),
            _ => Err(AppError::internal()),
        }
    }

    /// Whether `password` matches the stored `hash`. `Err` only when busy.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, AppError> {
        match self.run(Task::Verify { password, hash }).await? {
            Reply::Verified(ok) => Ok(ok),
            _ => Ok(false),
        }
    }
}

/// One worker: takes jobs, reuses its buffer, frees it when idle.
fn work(jobs: flume::Receiver<Job>, idle: Duration) {
    let mut memory: Vec<Block> = Vec::new();
    loop {
        let job = match jobs.recv_timeout(idle) {
            Ok(job) => job,
            Err(flume::RecvTimeoutError::Timeout) => {
                if !memory.is_empty() {
                    memory = Vec::new();
                    release_free_memory();
                }
                continue;
            }
            Err(flume::RecvTimeoutError::Disconnected) => return,
        };
        let reply = if Instant::now() > job.deadline {
            Reply::Expired
        } else {
            match job.task {
                Task::Hash(password) => Reply::Hashed(hash_with(&password, &mut memory)),
                Task::Verify { password, hash } => Reply::Verified(verify_with(&password, &hash, &mut memory)),
            }
        };
        // The caller may have gone (request cancelled): nothing to do then.
        let _ = job.reply.send(reply);
    }
}

/// How this process hands freed memory back to the system; set once at
/// start by the binary that chose the allocator. Unset: glibc's `malloc_trim`.
static RELEASE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets how freed memory goes back to the system (see [`RELEASE`]).
pub fn set_memory_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Gives memory freed by the allocator back to the system (allocators keep
/// it for reuse; an idle worker's 19 MiB would stay resident).
fn release_free_memory() {
    if let Some(release) = RELEASE.get() {
        return release();
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn argon2_for(params: Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// `memory` resized to what `params` need (kept across calls).
fn buffer<'a>(memory: &'a mut Vec<Block>, params: &Params) -> &'a mut [Block] {
    if memory.len() != params.block_count() {
        *memory = vec![Block::default(); params.block_count()];
    }
    memory.as_mut_slice()
}

fn hash_with(password: &str, memory: &mut Vec<Block>) -> Option<String> {
    let params = Params::default();
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let argon2 = argon2_for(params.clone());
    if let Err(e) = argon2.hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, buffer(memory, &params))
    {
        tracing::error!(error = %e, "password hashing failed");
        return None;
    }
    let salt = SaltString::encode_b64(&salt).ok()?;
    let out = Output::new(&out).ok()?;
    Some(format!(
        "$argon2id$v=19$m={},t={},p={}${}${}",
        params.m_cost(),
        params.t_cost(),
        params.p_cost(),
        salt.as_str(),
        out
    ))
}

fn verify_with(password: &str, phc: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    let (Ok(Algorithm::Argon2id), Some(expected), Some(salt)) =
        (Algorithm::try_from(parsed.algorithm), parsed.hash, parsed.salt)
    else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else { return false };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    if argon2.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, buffer(memory, &params)).is_err() {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|o| o == expected)
}

/// One hash outside the pool, for start-up seeding (before any request).
pub async fn hash_once(password: String) -> Option<String> {
    tokio::task::spawn_blocking(move || hash_with(&password, &mut Vec::new())).await.ok().flatten()
}

/// A hash of a random password, verified against when an account does not
/// exist so that the answer takes as long as for a real one.
pub fn dummy_hash() -> String {
    let mut pw = [0u8; 24];
    rand::rng().fill_bytes(&mut pw);
    hash_with(&format!("{pw:?}"), &mut Vec::new()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    #[test]
    fn our_hashes_are_standard_argon2id_phc_strings() {
        let mut mem = Vec::new();
        let h = hash_with("Secret12!", &mut mem).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        // The library's own verifier accepts it…
        let parsed = PasswordHash::new(&h).unwrap();
        assert!(Argon2::default().verify_password(b"Secret12!", &parsed).is_ok());
        // …and ours, with the buffer reused, accepts the library's hashes.
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let theirs = Argon2::default().hash_password(b"Other34?", &salt).unwrap().to_string();
        assert!(verify_with("Other34?", &theirs, &mut mem));
        assert!(verify_with("Secret12!", &h, &mut mem));
        assert!(!verify_with("Secret12?", &h, &mut mem));
        assert!(!verify_with("Secret12!", "not a hash", &mut mem));
    }

    #[tokio::test]
    async fn a_full_queue_answers_busy_and_the_rest_are_computed() {
        let pool = HashPool::start(&HashingConfig { workers: 1, queue: 1, wait_ms: 60_000, idle_ms: 100 });
        let h = pool.hash("Secret12!".into()).await.unwrap();
        // Spawned together: all are queued (or refused) before one finishes.
        let mut tries = tokio::task::JoinSet::new();
        for _ in 0..6 {
            let (pool, h) = (pool.clone(), h.clone());
            tries.spawn(async move { pool.verify("Secret12!".into(), h).await });
        }
        let results = tries.join_all().await;
        let ok = results.iter().filter(|r| matches!(r, Ok(true))).count();
        let busy = results.iter().filter(|r| matches!(r, Err(AppError::Busy { .. }))).count();
        assert!(ok >= 1, "{results:?}");
        assert!(busy >= 1, "{results:?}");
        assert_eq!(ok + busy, 6, "{results:?}");
    }

    #[tokio::test]
    async fn a_job_that_waited_too_long_is_not_computed() {
        let pool = HashPool::start(&HashingConfig { workers: 1, queue: 8, wait_ms: 0, idle_ms: 100 });
        assert!(matches!(pool.hash("Secret12!".into()).await, Err(AppError::Busy { .. })));
    }
}
