//! Spaces in the emulator's world, their assignments, and who may see what: an app or
//! connection in a space is visible to whoever holds a role in it.

use super::{EmuApp, EmuTenant};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A space (shared, managed or data) and who may do what in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmuSpace {
    pub id: String,
    pub name: String,
    pub description: String,
    pub space_type: String,
    pub owner_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub assignments: BTreeMap<String, Assignment>,
}

/// A space assignment: a user, group or bot holding roles in a space.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Assignment {
    pub id: String,
    pub kind: String,
    pub assignee_id: String,
    pub roles: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

impl EmuTenant {
    /// True when `user_id` may open `app`: its owner, the owner of its space, or an assignee of
    /// its space (directly or through one of the user's groups) with any role.
    pub fn can_view(&self, user_id: &str, app: &EmuApp) -> bool {
        if app.owner_id == user_id && app.space_id.is_none() {
            return true;
        }
        app.space_id
            .as_ref()
            .is_some_and(|space| self.can_view_space(user_id, space))
    }

    /// True when `user_id` owns space `space_id` or holds a role in it (directly or through one
    /// of the user's groups).
    pub fn can_view_space(&self, user_id: &str, space_id: &str) -> bool {
        let Some(space) = self.spaces.get(space_id) else {
            return false;
        };
        if space.owner_id == user_id {
            return true;
        }
        let group_ids: Vec<&str> = self
            .users
            .get(user_id)
            .map(|u| u.groups.iter().map(String::as_str).collect())
            .unwrap_or_default();
        space.assignments.values().any(|a| {
            !a.roles.is_empty()
                && (a.assignee_id == user_id || group_ids.contains(&a.assignee_id.as_str()))
        })
    }
}
