//! Custom themes in the emulator's world (@qlik/api 2.19.0 `themes.d.ts`): each uploaded
//! archive as the tenant keeps it, with the metadata its `.qext` (and the `data` part) gave.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An imported theme (`Theme` as the service keeps it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmuTheme {
    pub id: String,
    /// The `.qext` file's name without extension: unique per tenant, accepted as an id.
    pub qext_filename: String,
    /// The `Theme` members taken from the `.qext` and the upload's `data` part (`name`,
    /// `description`, `author`, `version`, `tags`, …), as they are answered.
    pub meta: Map<String, Value>,
    /// `theme.json` of the archive (what `/single/` styles a sheet with).
    pub theme: Map<String, Value>,
    /// The archive as uploaded (`GET /api/v1/themes/{id}/file` answers it).
    pub archive: Vec<u8>,
    pub user_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
