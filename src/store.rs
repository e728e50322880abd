//! The config database: customers, modules, admins, observed state, jobs and audit.
//! One `Store` over `sqlx::AnyPool`: a SQLite file by default, PostgreSQL for several replicas.

mod admins;
mod audit;
mod customers;
mod embed;
mod error;
mod events;
mod fallbacks;
mod fleet_reloads;
mod host_apps;
mod hybrid;
mod job_state;
mod jobs;
mod leases;
mod menu_options;
mod modules;
mod query;
mod refresh_slots;
mod reloads;
mod rollouts;
mod rows;
pub mod sealed;
mod sessions;
mod sign_in;
mod sources;
mod state;
mod themes;
mod tokens;
mod users;

pub use admins::AdminRecord;
pub use audit::AuditEntry;
pub use customers::CustomerRecord;
pub use embed::EMBED_PREFIX;
pub use error::StoreError;
pub use fleet_reloads::{FleetItem, FleetReload};
pub use host_apps::HostAppRecord;
pub use hybrid::HybridDeploymentRecord;
pub use jobs::{Job, JobState, StoredKind};
pub use modules::{ModuleRecord, ModuleVersion, SheetRef, TemplateVersion};
pub use reloads::ReloadRecord;
pub use rollouts::{Rollout, RolloutState};
pub use sealed::{SealError, Sealed, SealingKey};
pub use sign_in::{Backoff, Failures, ThrottleScope};
pub use sources::SourceRecord;
pub use state::{CustomerState, Deployment, Fence, Observed, ThemeHeld};
pub use themes::{MAX_VERSION_THEMES, ThemeError, ThemePackage, VersionTheme};
pub use tokens::{
    ApiTokenRecord, IssuedApiToken, LAST_USED_RESOLUTION_MS, NewApiToken, TOKEN_PREFIX, needs_touch,
};
pub use users::{KnownUser, UserEventRecord};

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use std::sync::Once;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        })
    }
}

/// Row counts shown on the status page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub customers: u64,
    pub modules: u64,
}

/// The config database handle; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Connects to `url` (`sqlite://file.db` or `postgres://…`), creating a missing SQLite file,
    /// and applies pending migrations.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        install_drivers();
        let (backend, url) = normalise_url(url)?;
        if backend == Backend::Sqlite {
            create_private_sqlite_file(&url)?;
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 10 })
            .connect(&url)
            .await
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        if backend == Backend::Sqlite {
            // Foreign keys are off by default in SQLite; WAL lets readers run beside a writer.
            sqlx::query("PRAGMA foreign_keys = ON")
                .execute(&pool)
                .await?;
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool, backend })
    }

    /// The engine behind this store.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The raw pool, for tests and tools that inspect stored rows as they are.
    pub fn pool_for_tests(&self) -> AnyPool {
        self.pool.clone()
    }

    /// Counts customers and modules.
    pub async fn counts(&self) -> Result<Counts, StoreError> {
        let customers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
            .fetch_one(&self.pool)
            .await?;
        let modules: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM modules")
            .fetch_one(&self.pool)
            .await?;
        Ok(Counts {
            customers: customers.unsigned_abs(),
            modules: modules.unsigned_abs(),
        })
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Creates a missing SQLite database file readable by its owner only (SQLite gives its `-wal`
/// and `-shm` files the database file's mode): the file holds admin password hashes, sealed
/// secrets and session hashes.
fn create_private_sqlite_file(url: &str) -> Result<(), StoreError> {
    use std::str::FromStr;
    let Ok(options) = sqlx::sqlite::SqliteConnectOptions::from_str(url) else {
        return Ok(()); // sqlx reports the bad URL when connecting
    };
    let path = options.get_filename();
    let in_memory = url.contains("mode=memory") || path.as_os_str() == ":memory:";
    if in_memory || path.as_os_str().is_empty() || path.exists() {
        return Ok(());
    }
    crate::fs_private::create_file(path)
        .map_err(|e| StoreError::Connect(format!("cannot create {}: {e}", path.display())))
}

/// Registers sqlx's SQLite and PostgreSQL drivers for `AnyPool` (once per process).
pub fn install_drivers() {
    static DRIVERS: Once = Once::new();
    DRIVERS.call_once(sqlx::any::install_default_drivers);
}

/// Picks the backend from the URL scheme and makes SQLite create its file when missing.
fn normalise_url(url: &str) -> Result<(Backend, String), StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_owned()));
    }
    if url.starts_with("sqlite:") {
        let url = if url.contains("mode=") {
            url.to_owned()
        } else if url.contains('?') {
            format!("{url}&mode=rwc")
        } else {
            format!("{url}?mode=rwc")
        };
        return Ok((Backend::Sqlite, url));
    }
    // Only the scheme is echoed: the rest may hold credentials.
    Err(StoreError::Connect(format!(
        "unsupported database URL scheme {:?}: expected sqlite://<file> or postgres://…",
        url.split("://").next().unwrap_or_default()
    )))
}

/// Milliseconds since the Unix epoch, the timestamp format of every table.
pub fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_normalisation_table() {
        let cases = [
            (
                "sqlite://hub.db",
                Backend::Sqlite,
                "sqlite://hub.db?mode=rwc",
            ),
            (
                "sqlite://hub.db?mode=ro",
                Backend::Sqlite,
                "sqlite://hub.db?mode=ro",
            ),
            (
                "sqlite:hub.db?cache=shared",
                Backend::Sqlite,
                "sqlite:hub.db?cache=shared&mode=rwc",
            ),
            ("postgres://u@h/db", Backend::Postgres, "postgres://u@h/db"),
            ("postgresql://h/db", Backend::Postgres, "postgresql://h/db"),
        ];
        for (url, backend, want) in cases {
            assert_eq!(normalise_url(url).expect(url), (backend, want.to_owned()));
        }
    }

    #[test]
    fn unknown_scheme_is_refused_without_echoing_credentials() {
        let err = normalise_url("mysql://root:secret@h/db")
            .expect_err("mysql")
            .to_string();
        assert!(
            !err.contains("secret") && err.contains("unsupported"),
            "{err}"
        );
    }
}
