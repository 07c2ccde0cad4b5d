//! 证件号码 and phone numbers at rest: sealed with AES-256-GCM, with a
//! keyed hash (HMAC-SHA256) beside each for look-ups and uniqueness, so a
//! copy of the database alone gives away neither.
//!
//! Both keys are derived from the server's secret key (`secrets.rs`). A
//! sealed value reads `v1.<key id>.<base64 nonce‖ciphertext>`; the key id
//! tells which secret sealed it, so after a rotation (new `APP_SECRET_KEY`,
//! the old one in `APP_SECRET_KEY_PREVIOUS`) old values still open, and
//! `reseal` re-encrypts them and recomputes their hashes at start-up.

use super::entities::{certificate, declaration, officer, person, unit_contact};
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::sync::Arc;

const PREFIX: &str = "v1.";

struct Key {
    id: String,
    cipher: Aes256Gcm,
}

#[derive(Clone)]
pub struct Vault {
    /// The current key first, then the previous ones (open only).
    keys: Arc<Vec<Key>>,
    lookup: super::secrets::Secrets,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(..)")
    }
}

/// Normalised the way every caller compares: trimmed, ASCII upper case
/// (the X of an ID number), so the hash of `x` and `X` agree.
fn normal(value: &str) -> String {
    value.trim().to_ascii_uppercase()
}

impl Vault {
    /// From the current secret and the previous ones (newest first).
    pub fn new(current: &super::secrets::Secrets, previous: &[super::secrets::Secrets]) -> Self {
        let key = |s: &super::secrets::Secrets| {
            let raw = s.derive("personal-data:seal");
            Key {
                id: s.mac(&["personal-data:key-id"])[..8].to_string(),
                cipher: Aes256Gcm::new_from_slice(&raw).expect("32-byte key"),
            }
        };
        let keys = std::iter::once(current).chain(previous).map(key).collect();
        Self { keys: Arc::new(keys), lookup: super::secrets::Secrets::fixed(current.derive("personal-data:lookup")) }
    }

    /// The keyed hash a column is looked up and kept unique by. One function
    /// for every kind, so a phone number and an ID number can be compared
    /// across columns (one namespace).
    pub fn hash(&self, value: &str) -> String {
        self.lookup.mac(&[&normal(value)])
    }

    /// Seals a value with the current key and a fresh nonce.
    pub fn seal(&self, value: &str) -> String {
        let key = &self.keys[0];
        let mut nonce = [0u8; 12];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut nonce);
        let sealed = key.cipher.encrypt(Nonce::from_slice(&nonce), value.as_bytes()).expect("AES-GCM seals any length");
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        format!("{PREFIX}{}.{}", key.id, base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes))
    }

    /// Opens a sealed value. A value stored before sealing existed (no
    /// prefix) is returned as it is until `reseal` has run; one that does
    /// not open (unknown key, tampered) reads as empty and is logged.
    pub fn open(&self, stored: &str) -> String {
        self.try_open(stored).unwrap_or_else(|| {
            tracing::error!("a sealed personal value does not open (key missing or data altered)");
            String::new()
        })
    }

    fn try_open(&self, stored: &str) -> Option<String> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Some(stored.to_string());
        };
        let (id, body) = rest.split_once('.')?;
        let key = self.keys.iter().find(|k| k.id == id)?;
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD.decode(body).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(12);
        let plain = key.cipher.decrypt(Nonce::from_slice(nonce), sealed).ok()?;
        String::from_utf8(plain).ok()
    }

    /// What every value sealed with the current key starts with.
    fn current_prefix(&self) -> String {
        format!("{PREFIX}{}.", self.keys[0].id)
    }

    /// Seals an optional value (an officer's 证件号码 may be unknown).
    pub fn seal_opt(&self, value: Option<&str>) -> Option<String> {
        value.filter(|v| !v.is_empty()).map(|v| self.seal(v))
    }

    /// Whether a stored value needs sealing again: never sealed, or sealed
    /// with a key that is not the current one.
    pub fn stale(&self, stored: &str) -> bool {
        match stored.strip_prefix(PREFIX).and_then(|r| r.split_once('.')) {
            Some((id, _)) => id != self.keys[0].id,
            None => !stored.is_empty(),
        }
    }
}

const BATCH: u64 = 500;

/// Seals what is stored in clear or under a previous key, and recomputes
/// the hashes, table by table in batches. Runs at start-up before requests
/// are taken: after an upgrade (values stored before sealing existed) and
/// after a key rotation. Nothing to do reads one indexed-free scan per table.
pub async fn reseal(db: &DatabaseConnection, vault: &Vault) -> Result<u64, DbErr> {
    let fresh = format!("{}%", vault.current_prefix());
    let mut done = 0;
    let mut after = 0i64;
    loop {
        let rows = person::Entity::find()
            .filter(person::Column::AccountId.gt(after))
            .filter(
                Condition::any()
                    .add(person::Column::IdNumber.not_like(&fresh))
                    .add(person::Column::Phone.not_like(&fresh))
                    .add(person::Column::IdNumberHash.is_null())
                    .add(person::Column::PhoneHash.is_null()),
            )
            .order_by_asc(person::Column::AccountId)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.account_id;
        for p in rows {
            let (id, phone) = (vault.open(&p.id_number), vault.open(&p.phone));
            person::Entity::update_many()
                .col_expr(person::Column::IdNumber, Expr::value(vault.seal(&id)))
                .col_expr(person::Column::IdNumberHash, Expr::value(vault.hash(&id)))
                .col_expr(person::Column::Phone, Expr::value(vault.seal(&phone)))
                .col_expr(person::Column::PhoneHash, Expr::value(vault.hash(&phone)))
                .filter(person::Column::AccountId.eq(p.account_id))
                .exec(db)
                .await?;
            done += 1;
        }
    }
    let mut after = 0i64;
    loop {
        let rows = declaration::Entity::find()
            .filter(declaration::Column::Id.gt(after))
            .filter(
                Condition::any()
                    .add(declaration::Column::ApplicantIdNumber.not_like(&fresh))
                    .add(declaration::Column::ApplicantIdHash.is_null())
                    .add(declaration::Column::ApplicantIdMasked.is_null()),
            )
            .order_by_asc(declaration::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for d in rows {
            let id = vault.open(&d.applicant_id_number);
            declaration::Entity::update_many()
                .col_expr(declaration::Column::ApplicantIdNumber, Expr::value(vault.seal(&id)))
                .col_expr(declaration::Column::ApplicantIdHash, Expr::value(vault.hash(&id)))
                .col_expr(declaration::Column::ApplicantIdMasked, Expr::value(crate::domain::mask::id_number(&id)))
                .filter(declaration::Column::Id.eq(d.id))
                .exec(db)
                .await?;
            done += 1;
        }
    }
    for o in officer::Entity::find().filter(officer::Column::IdNumber.is_not_null()).all(db).await? {
        let stored = o.id_number.unwrap_or_default();
        if !vault.stale(&stored) && o.id_number_hash.is_some() {
            continue;
        }
        let id = vault.open(&stored);
        officer::Entity::update_many()
            .col_expr(officer::Column::IdNumber, Expr::value(vault.seal_opt(Some(&id))))
            .col_expr(officer::Column::IdNumberHash, Expr::value((!id.is_empty()).then(|| vault.hash(&id))))
            .filter(officer::Column::AccountId.eq(o.account_id))
            .exec(db)
            .await?;
        done += 1;
    }
    let mut after = 0i64;
    loop {
        // Certificates keep the holder's 证件号码 as issued (hash included).
        let rows = certificate::Entity::find()
            .filter(certificate::Column::Id.gt(after))
            .filter(certificate::Column::HolderIdNumber.not_like(&fresh))
            .order_by_asc(certificate::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for c in rows {
            let id = vault.open(&c.holder_id_number);
            certificate::Entity::update_many()
                .col_expr(certificate::Column::HolderIdNumber, Expr::value(vault.seal(&id)))
                .col_expr(certificate::Column::HolderIdHash, Expr::value(vault.hash(&id)))
                .filter(certificate::Column::Id.eq(c.id))
                .exec(db)
                .await?;
            done += 1;
        }
    }
    for c in unit_contact::Entity::find().filter(unit_contact::Column::Phone.not_like(&fresh)).all(db).await? {
        let phone = vault.open(&c.phone);
        unit_contact::Entity::update_many()
            .col_expr(unit_contact::Column::Phone, Expr::value(vault.seal(&phone)))
            .filter(unit_contact::Column::Id.eq(c.id))
            .exec(db)
            .await?;
        done += 1;
    }
    if done > 0 {
        tracing::info!(rows = done, "sealed personal data with the current key");
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::secrets::Secrets;

    #[test]
    fn seals_open_and_differ_each_time() {
        let v = Vault::new(&Secrets::fixed([7; 32]), &[]);
        let a = v.seal("45010519491231002X");
        let b = v.seal("45010519491231002X");
        assert_ne!(a, b, "a fresh nonce each time");
        assert!(!a.contains("45010519491231002X"));
        assert_eq!(v.open(&a), "45010519491231002X");
        assert!(!v.stale(&a));
        assert!(v.stale("13800138000"), "a value stored in clear needs sealing");
        assert_eq!(v.open("13800138000"), "13800138000");
    }

    #[test]
    fn a_rotated_key_still_opens_old_values_and_hashes_change() {
        let old = Secrets::fixed([1; 32]);
        let new = Secrets::fixed([2; 32]);
        let before = Vault::new(&old, &[]);
        let sealed = before.seal("13800138000");
        let after = Vault::new(&new, std::slice::from_ref(&old));
        assert_eq!(after.open(&sealed), "13800138000");
        assert!(after.stale(&sealed));
        assert_ne!(before.hash("13800138000"), after.hash("13800138000"));
        let without_old = Vault::new(&new, &[]);
        assert_eq!(without_old.open(&sealed), "", "an unknown key does not open");
    }

    #[test]
    fn tampering_is_detected_and_hashes_ignore_case() {
        let v = Vault::new(&Secrets::fixed([3; 32]), &[]);
        let mut sealed = v.seal("A1234567");
        let last = sealed.pop().unwrap();
        sealed.push(if last == 'A' { 'B' } else { 'A' });
        assert_eq!(v.open(&sealed), "");
        assert_eq!(v.hash("45010519491231002x"), v.hash(" 45010519491231002X "));
    }
}
