//! Browser sessions and who opens an app, as Section Access compares them: the IdP subject
//! and groups the signed login JWT asserted (kept on the session), or the user record's.

use super::EmuTenant;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The browser session cookie's name, as Qlik Cloud's: `jwt_session` sets it, the
/// extractors and pages read it.
pub const SESSION_COOKIE: &str = "eas.sid";

/// A browser session created by `/login/jwt-session` (cookie `eas.sid`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BrowserSession {
    pub tenant_id: String,
    pub user_id: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    /// The login JWT's subject and groups, which Section Access compares.
    pub identity: Option<Identity>,
}

/// A user's subject and group names, as the identity provider (or the users API) gave them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub subject: String,
    pub groups: Vec<String>,
}

impl EmuTenant {
    /// The identity of user `user_id` from its record: the subject and the names of its groups.
    /// Bearer tokens use it: OAuth impersonation carries no `groups` claim, so a user's groups
    /// are those its last JWT login or `PATCH /users/{id}` gave it.
    pub fn identity_of(&self, user_id: &str) -> Option<Identity> {
        let user = self.users.get(user_id)?;
        let groups = self
            .groups
            .values()
            .filter(|g| user.groups.contains(&g.id))
            .map(|g| g.name.clone())
            .collect();
        Some(Identity {
            subject: user.subject.clone(),
            groups,
        })
    }

    /// The identity of a browser session: the JWT's `sub` and `groups` claims kept at login
    /// (never anything the browser sends); a session saved before they were kept falls back
    /// to the user record. None when the session's user is gone.
    pub fn session_identity(&self, session: &BrowserSession) -> Option<Identity> {
        self.users.get(&session.user_id)?;
        session
            .identity
            .clone()
            .or_else(|| self.identity_of(&session.user_id))
    }
}
