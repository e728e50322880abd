//! Custom themes of template versions: each archive once by content (`theme_archives`), and
//! which version carries which (`module_version_themes`). A version's themes are recorded
//! with it, in its transaction, and never change afterwards.

use super::error::UniqueKey;
use super::query::Fetch;
use super::rows::{Columns, Record};
use super::{Store, StoreError, now_millis};
use crate::domain::{ModuleKey, ThemeName};
use crate::theme_archive::{ArchiveError, ThemeArchive};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

/// The most themes one template version may carry (the hub's limit).
pub const MAX_VERSION_THEMES: usize = 10;

/// A theme a template version carries, as listed (its archive is read by `sha256`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VersionTheme {
    /// Its `qextFilename`: the name sheet URLs select it by (`theme=<name>`).
    pub name: ThemeName,
    /// The display name of its `.qext`.
    pub title: String,
    /// Lower-case hex SHA-256 of the archive: what the tenant holds is compared by it.
    pub sha256: String,
    /// The archive's size in bytes.
    pub size: i64,
}

/// Why a theme archive cannot ship with a template version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("{0}.qext: the hub needs a qext file name of letters, digits, '-' and '_'")]
    Name(String),
}

/// A checked theme archive, ready to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemePackage {
    pub theme: VersionTheme,
    pub archive: Vec<u8>,
}

impl ThemePackage {
    /// Checks `archive` as Qlik would (see `theme_archive`) and names it.
    pub fn read(archive: Vec<u8>) -> Result<Self, ThemeError> {
        let read = ThemeArchive::read(&archive)?;
        let name = ThemeName::parse(&read.qext_filename)
            .map_err(|_| ThemeError::Name(read.qext_filename.clone()))?;
        let theme = VersionTheme {
            name,
            title: read.name().to_owned(),
            sha256: hex::encode(Sha256::digest(&archive)),
            size: i64::try_from(archive.len()).unwrap_or(i64::MAX),
        };
        Ok(Self { theme, archive })
    }
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("theme {e}"))
}

/// Records `themes` as carried by `key` v`version`, inside the version's transaction.
pub(super) async fn record(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    key: &ModuleKey,
    version: i64,
    themes: &[ThemePackage],
) -> Result<(), StoreError> {
    for package in themes {
        let t = &package.theme;
        let known: Option<String> =
            sqlx::query_scalar("SELECT sha256 FROM theme_archives WHERE sha256 = $1")
                .bind(t.sha256.as_str())
                .fetch_optional(&mut **tx)
                .await?;
        if known.is_none() {
            sqlx::query(
                "INSERT INTO theme_archives (sha256, qext_filename, name, size, archive, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(t.sha256.as_str())
            .bind(t.name.as_str())
            .bind(t.title.as_str())
            .bind(t.size)
            .bind(B64.encode(&package.archive))
            .bind(now_millis())
            .execute(&mut **tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO module_version_themes (module_key, version, qext_filename, sha256) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(key.as_str())
        .bind(version)
        .bind(t.name.as_str())
        .bind(t.sha256.as_str())
        .execute(&mut **tx)
        .await
        .or_conflict(|| format!("two themes named {}", t.name))?;
    }
    Ok(())
}

/// The themes `key` v`version` carries, by name.
pub(super) async fn of_version(
    store: &Store,
    key: &ModuleKey,
    version: i64,
) -> Result<Vec<VersionTheme>, StoreError> {
    sqlx::query(
        "SELECT t.qext_filename, a.name, t.sha256, a.size FROM module_version_themes t \
         JOIN theme_archives a ON a.sha256 = t.sha256 \
         WHERE t.module_key = $1 AND t.version = $2 ORDER BY t.qext_filename",
    )
    .bind(key.as_str())
    .bind(version)
    .all(store.pool())
    .await
}

impl Record for VersionTheme {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let row = Columns::of(row, "theme");
        Ok(VersionTheme {
            name: row.parsed("qext_filename", ThemeName::parse)?,
            title: row.get("name")?,
            sha256: row.get("sha256")?,
            size: row.get("size")?,
        })
    }
}

impl Store {
    /// The archive whose SHA-256 is `sha256`.
    pub async fn theme_archive(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let encoded: Option<String> =
            sqlx::query_scalar("SELECT archive FROM theme_archives WHERE sha256 = $1")
                .bind(sha256)
                .fetch_optional(self.pool())
                .await?;
        let encoded = encoded.ok_or_else(|| StoreError::NotFound(format!("theme {sha256}")))?;
        B64.decode(encoded).map_err(corrupt)
    }
}
