//! The host users' lifecycle as REST, CLI and console show it: one removal, a bulk sync's
//! outcome, and a customer's users with their log.

use crate::domain::{CustomerSlug, RemovalCause, TenantUserOutcome, UserEvent};
use serde::{Deserialize, Serialize};

/// What removing one user did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserRemoval {
    pub customer: CustomerSlug,
    pub user_id: String,
    /// Milliseconds since the Unix epoch.
    pub removed_at: i64,
    pub tenant_user: TenantUserOutcome,
}

/// "These are all of the customer's users now".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserSyncRequest {
    pub customer: CustomerSlug,
    /// The host's user ids (as in an embed session's `user.id`).
    pub users: Vec<String>,
}

/// What a sync changed: users who signed in before and are no longer listed were removed,
/// removed users listed again may sign in again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserSync {
    pub removed: Vec<UserRemoval>,
    pub restored: Vec<String>,
}

/// One host user who signed in and is not removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActiveUser {
    pub user_id: String,
    pub last_sign_in_at: i64,
}

/// One entry of the lifecycle log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserLogEntry {
    pub at: i64,
    pub user_id: String,
    pub event: UserEvent,
    pub cause: RemovalCause,
    pub actor: String,
    pub tenant_user: TenantUserOutcome,
}

/// A customer's host users: who may sign in, and every removal and restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CustomerUsers {
    pub customer: CustomerSlug,
    pub active: Vec<ActiveUser>,
    pub log: Vec<UserLogEntry>,
}
