//! Tenant users by subject: find the one user a hub subject names, and delete it (which frees
//! its licence assignment on Qlik Cloud).

use super::TenantApi;
use super::error::QlikError;
use super::models::User;
use crate::domain::UserId;

impl TenantApi<'_> {
    /// `GET /api/v1/users?filter=subject eq "…"`: the user whose subject is exactly `subject`.
    pub async fn find_user(self, subject: &str) -> Result<Option<User>, QlikError> {
        let query = super::eq_filter_query("subject", subject);
        let found: Vec<User> = self.list_all(&format!("/api/v1/users?{query}")).await?;
        // Qlik's filters compare case-insensitively: `oemhub:acme:Ann` also finds
        // `oemhub:acme:ann`, another host user, so only the exact subject is taken.
        Ok(found.into_iter().find(|u| u.subject == subject))
    }

    /// `DELETE /api/v1/users/{userId}` (204): removes the user and its licence assignment.
    pub async fn delete_user(self, id: &UserId) -> Result<(), QlikError> {
        self.delete(&format!("/api/v1/users/{id}")).await
    }
}
