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

/// What a write whose key may already exist means to its caller: both engines report that
/// refusal as a unique violation, which these turn into the caller's answer.
pub(super) trait UniqueKey<T> {
    /// A key that already exists is [`StoreError::Conflict`] naming `what` ("… already
    /// exists"); any other failure stays a database error.
    fn or_conflict(self, what: impl FnOnce() -> String) -> Result<T, StoreError>;

    /// True when the row was written, false when its key already existed (a claim made
    /// before, a replay).
    fn inserted(self) -> Result<bool, StoreError>;
}

impl<T> UniqueKey<T> for Result<T, sqlx::Error> {
    fn or_conflict(self, what: impl FnOnce() -> String) -> Result<T, StoreError> {
        self.map_err(|e| match StoreError::is_unique_violation(&e) {
            true => StoreError::Conflict(what()),
            false => e.into(),
        })
    }

    fn inserted(self) -> Result<bool, StoreError> {
        match self {
            Ok(_) => Ok(true),
            Err(e) if StoreError::is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}
