//! Errors of the config database. How they reach callers is `ops::error`'s business.

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
    /// A customer write names a module the database does not hold.
    #[error("module {0} not found")]
    UnknownModule(String),
    #[error("job {0} lost its lease to another worker")]
    LeaseLost(String),
    #[error("stored row is invalid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// True when the database refused a row because its key already exists.
    pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
        matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
    }
}
