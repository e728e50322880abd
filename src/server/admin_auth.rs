//! Admin authentication: Argon2id passwords, opaque session cookies (HttpOnly, SameSite=Strict)
//! stored hashed, and a same-origin check so other sites cannot drive the console (CSRF).

use super::AppState;
pub use crate::http::cookie_value;
use crate::wire::{ApiError, ErrorCode};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::http::HeaderMap;
use rand::RngCore;
use sha2::{Digest, Sha256};

mod client;
mod sign_in;
pub mod throttle;

pub use client::{ClientAddr, current_client};
pub use sign_in::{SignInError, audit_entry, retry_after_secs, sign_in};

/// Name of the admin session cookie.
pub const SESSION_COOKIE: &str = "oemhub_admin";
/// Admin sessions last 12 hours.
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// Hashes a password with Argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
}

/// A real hash of a random password, checked against when a username is unknown so that a
/// failed sign-in costs the same time either way.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let (random, _) = new_session_token();
        hash_password(&random).unwrap_or_default()
    });
    &DUMMY
}

/// True when `password` matches the stored PHC `hash`.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A fresh random session token (the cookie value) and the hash stored for it.
pub fn new_session_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// The stored form of a session token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The `Set-Cookie` value for a session (or, with `None`, one that clears it).
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(t) => format!(
            "{SESSION_COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}{secure}"
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    }
}

/// Refuses a request whose `Origin` is present and is not the hub's own (its scheme and
/// `Host`; see `Settings::scheme`).
pub fn require_same_origin(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if crate::http::cross_origin(headers, state.settings.scheme()).is_none() {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            "cross-origin requests to the admin API are refused",
        ))
    }
}

/// The signed-in admin of this request, or 401.
pub async fn current_admin(state: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    require_same_origin(state, headers)?;
    let unauthorized = || ApiError::new(ErrorCode::Unauthorized, "sign in as an admin first");
    let token = cookie_value(headers, SESSION_COOKIE).ok_or_else(unauthorized)?;
    state
        .store
        .session_user(&token_hash(token))
        .await?
        .ok_or_else(unauthorized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("correct horse").expect("hash");
        assert!(verify_password(&hash, "correct horse"));
        assert!(!verify_password(&hash, "wrong"));
        assert!(!verify_password("not a phc string", "correct horse"));
    }

    #[test]
    fn session_cookie_is_http_only_and_strict() {
        let c = session_cookie(Some("abc"), true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.ends_with("Secure"));
        assert!(session_cookie(None, false).contains("Max-Age=0"));
    }
}
