//! Password hashing with argon2id, always off the async executor.

use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;

fn hash_blocking(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| {
        tracing::error!(error = %e, "salt encoding failed");
        AppError::internal()
    })?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::internal()
        })
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "hashing task failed");
            AppError::internal()
        })?
}

pub async fn verify(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify_blocking(&password, &hash))
        .await
        .unwrap_or(false)
}

/// A hash of a random password, verified against when an account does not
/// exist so that the answer takes as long as for a real one.
pub fn dummy_hash() -> String {
    let mut pw = [0u8; 24];
    rand::rng().fill_bytes(&mut pw);
    hash_blocking(&format!("{pw:?}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = super::hash_blocking("Secret12!").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify_blocking("Secret12!", &h));
        assert!(!super::verify_blocking("Secret12?", &h));
        assert!(!super::verify_blocking("Secret12!", "not a hash"));
    }
}
