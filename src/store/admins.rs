//! Admin accounts of the console; passwords are stored as Argon2id hashes only.

use super::error::UniqueKey;
use super::query::Changes;
use super::{Store, StoreError, now_millis};

/// An admin account, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminRecord {
    pub username: String,
}

impl Store {
    /// Adds an admin with an already-hashed password; an existing username is a conflict.
    pub async fn insert_admin(
        &self,
        username: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO admins (username, password_hash, created_at) VALUES ($1, $2, $3)")
            .bind(username)
            .bind(password_hash)
            .bind(now_millis())
            .execute(self.pool())
            .await
            .or_conflict(|| format!("admin {username}"))?;
        Ok(())
    }

    /// The stored password hash of `username`, if such an admin exists.
    pub async fn admin_password_hash(&self, username: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT password_hash FROM admins WHERE username = $1")
                .bind(username)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Replaces the password hash of `username`; an unknown admin is `NotFound`.
    pub async fn set_admin_password(
        &self,
        username: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE admins SET password_hash = $2 WHERE username = $1")
            .bind(username)
            .bind(password_hash)
            .found(self.pool(), || format!("admin {username}"))
            .await
    }

    /// Every admin, ordered by name.
    pub async fn list_admins(&self) -> Result<Vec<AdminRecord>, StoreError> {
        let names: Vec<String> =
            sqlx::query_scalar("SELECT username FROM admins ORDER BY username")
                .fetch_all(self.pool())
                .await?;
        Ok(names
            .into_iter()
            .map(|username| AdminRecord { username })
            .collect())
    }
}
