//! The server's secret key: it keys the MACs of one-time codes (and the
//! encryption of personal data). From `APP_SECRET_KEY` (32 bytes, base64);
//! without it a key is generated once into `<data dir>/secret.key`,
//! readable by its owner only — fine for one machine; several servers
//! must share one configured key.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;

#[derive(Clone)]
pub struct Secrets {
    key: Arc<[u8; 32]>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

fn decode(s: &str) -> Result<[u8; 32], String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .map_err(|_| "APP_SECRET_KEY must be base64".to_string())?;
    bytes.try_into().map_err(|_| "APP_SECRET_KEY must be 32 bytes (44 base64 characters)".to_string())
}

impl Secrets {
    /// The configured key, or the one kept in the data folder (created once).
    pub fn load(config: &super::AppConfig) -> Result<Self, String> {
        if let Some(k) = config.secret_key.as_deref().filter(|k| !k.trim().is_empty()) {
            return Ok(Self { key: Arc::new(decode(k)?) });
        }
        let path = config.data_dir.join("secret.key");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            return Ok(Self { key: Arc::new(decode(&existing)?) });
        }
        let mut key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut key);
        let _ = std::fs::create_dir_all(&config.data_dir);
        super::files::write_private(&path, base64::engine::general_purpose::STANDARD.encode(key).as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        tracing::info!(path = %path.display(), "generated a secret key (set APP_SECRET_KEY when several servers share a database)");
        Ok(Self { key: Arc::new(key) })
    }

    /// A key for tests.
    pub fn fixed(key: [u8; 32]) -> Self {
        Self { key: Arc::new(key) }
    }

    fn hmac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as Mac>::new_from_slice(self.key.as_slice()).expect("HMAC takes any key length")
    }

    /// A 32-byte key for one purpose, derived from this one (HMAC of the
    /// label), so each use has its own key and the secret itself is used once.
    pub fn derive(&self, label: &str) -> [u8; 32] {
        let mut m = self.hmac();
        m.update(label.as_bytes());
        m.finalize().into_bytes().into()
    }

    /// The keys a rotation left behind (`APP_SECRET_KEY_PREVIOUS`, comma
    /// separated, newest first): sealed personal data still opens with them.
    pub fn previous(config: &super::AppConfig) -> Result<Vec<Self>, String> {
        config
            .secret_key_previous
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter(|k| !k.trim().is_empty())
            .map(|k| decode(k).map(|key| Self { key: Arc::new(key) }))
            .collect()
    }

    /// HMAC-SHA256 of `parts` joined by `:`, hex.
    pub fn mac(&self, parts: &[&str]) -> String {
        let mut m = self.hmac();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                m.update(b":");
            }
            m.update(p.as_bytes());
        }
        super::text::hex(&m.finalize().into_bytes())
    }

    /// Compares a MAC in constant time.
    pub fn verify(&self, parts: &[&str], expected: &str) -> bool {
        constant_time_eq(self.mac(parts).as_bytes(), expected.as_bytes())
    }
}

/// Whether two secrets (a MAC, a bearer token) are equal, in time that
/// does not depend on where they first differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_compare_whole() {
        assert!(super::constant_time_eq(b"scrape-2026", b"scrape-2026"));
        assert!(!super::constant_time_eq(b"scrape-2026", b"scrape-2027"));
        assert!(!super::constant_time_eq(b"scrape", b"scrape-2026"));
    }

    use super::*;

    #[test]
    fn macs_depend_on_key_and_every_part() {
        let a = Secrets::fixed([1; 32]);
        let b = Secrets::fixed([2; 32]);
        let m = a.mac(&["flow", "123456"]);
        assert!(a.verify(&["flow", "123456"], &m));
        assert!(!a.verify(&["flow", "123457"], &m));
        assert!(!b.verify(&["flow", "123456"], &m));
    }
}
