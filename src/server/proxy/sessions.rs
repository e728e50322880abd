//! Proxy sessions: which customer and user a browser's first-party proxy cookie stands for,
//! and the Qlik session cookies the proxy holds for it (never sent to the browser).

use crate::domain::{CustomerSlug, EmbedUser};
use rand::RngCore;
use secrecy::SecretString;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One browser's proxy session.
#[derive(Debug, Clone)]
pub struct ProxySession {
    pub customer: CustomerSlug,
    pub user: EmbedUser,
    /// `eas.sid=…; _csrfToken=…` of the user's session on the tenant, once signed in.
    pub qlik_cookies: Option<SecretString>,
    last_used: Instant,
}

/// All proxy sessions of this hub instance; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct ProxySessions(Arc<Mutex<HashMap<String, ProxySession>>>);

impl ProxySessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, ProxySession>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens a session for `user` of `customer` and returns its id (the cookie value).
    pub fn open(&self, customer: CustomerSlug, user: EmbedUser) -> String {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        let id = hex::encode(bytes);
        let session = ProxySession {
            customer,
            user,
            qlik_cookies: None,
            last_used: Instant::now(),
        };
        self.lock().insert(id.clone(), session);
        id
    }

    /// The live session `id`, touched; sessions idle longer than `idle` are forgotten.
    pub fn get(&self, id: &str, idle: Duration) -> Option<ProxySession> {
        let mut sessions = self.lock();
        let now = Instant::now();
        sessions.retain(|_, s| now.duration_since(s.last_used) < idle);
        let session = sessions.get_mut(id)?;
        session.last_used = now;
        Some(session.clone())
    }

    /// Records (or, with `None`, drops) the Qlik cookies of session `id`.
    pub fn set_qlik_cookies(&self, id: &str, cookies: Option<SecretString>) {
        if let Some(session) = self.lock().get_mut(id) {
            session.qlik_cookies = cookies;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_sessions_are_forgotten() {
        let sessions = ProxySessions::default();
        let user: EmbedUser = serde_json::from_value(serde_json::json!({
            "id": "u", "name": "U", "email": "u@example.com", "groups": ["viewers"]
        }))
        .expect("user");
        let id = sessions.open(CustomerSlug::parse("acme").expect("slug"), user);
        assert!(sessions.get(&id, Duration::from_secs(60)).is_some());
        assert!(sessions.get("unknown", Duration::from_secs(60)).is_none());
        assert!(
            sessions.get(&id, Duration::ZERO).is_none(),
            "idle past the limit"
        );
        assert!(
            sessions.get(&id, Duration::from_secs(60)).is_none(),
            "and gone for good"
        );
    }
}
