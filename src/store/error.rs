//! Errors of the config database, and how they reach API callers.

use crate::api::{ApiError, ErrorCode};

/// A config-database failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database: {0}")]
    Connect(String),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0} already exists")]
    Conflict(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("job {0} lost its lease to another worker")]
    LeaseLost(String),
    #[error("stored row is invalid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Maps to an API error; server faults are logged here and answered opaquely.
    pub fn log_and_hide(self) -> ApiError {
        match self {
            StoreError::Conflict(what) => {
                ApiError::new(ErrorCode::Conflict, format!("{what} already exists"))
            }
            StoreError::NotFound(what) => {
                ApiError::new(ErrorCode::NotFound, format!("{what} not found"))
            }
            other => {
                tracing::error!(error = %other, "config database failure");
                ApiError::internal()
            }
        }
    }

    /// True when the database refused a row because its key already exists.
    pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
        matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
    }
}
