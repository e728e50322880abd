//! Apps and what hangs off them in the emulator's world: sheets, script versions, loaded
//! data, data connections and reloads.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A sheet of an app: its id survives copy, import and publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub id: String,
    pub title: String,
    /// The sheet's visualizations; apps made in the emulator carry none.
    #[serde(default)]
    pub cells: Vec<Cell>,
}

/// A visualization placed on a sheet: its object id and type (`barchart`, an extension's name…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub name: String,
    #[serde(rename = "type")]
    pub object_type: String,
}

/// Where a distributed app came from: the client-managed site, its deployment and the app's
/// id there. Redistribution of the same source app updates the same cloud app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    pub site: String,
    pub deployment_id: String,
    pub source_app_id: String,
}

/// An app document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmuApp {
    pub id: String,
    pub item_id: String,
    pub name: String,
    pub description: String,
    pub owner_id: String,
    pub space_id: Option<String>,
    pub origin_app_id: Option<String>,
    pub publish_time: Option<DateTime<Utc>>,
    pub sheets: Vec<Sheet>,
    pub script: String,
    /// Earlier script versions, oldest first: (id, script, version message, time).
    pub script_history: Vec<ScriptVersion>,
    /// Tables produced by the last successful reload.
    pub data: Vec<DataTable>,
    /// The section access table of the last reload, when its script had one (upper case).
    pub section_access: Option<DataTable>,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    /// Set on apps distributed from a client-managed site: read-only in the cloud.
    pub distributed: Option<Distribution>,
}

/// A saved version of an app's load script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScriptVersion {
    pub id: String,
    pub script: String,
    pub version_message: String,
    pub modified: DateTime<Utc>,
    pub modifier_id: String,
}

/// A loaded table of an app's data model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataTable {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A data connection a load script can `LIB CONNECT TO` by name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataConnection {
    pub id: String,
    pub name: String,
    pub q_type: String,
    /// Readable by whoever sees the connection; credentials live apart.
    pub connect_statement: String,
    /// `qUsername`/`qPassword`: used by reloads, never answered back.
    pub username: Option<String>,
    pub password: Option<String>,
    pub space: Option<String>,
    /// The creating user: a connection outside any space is in their personal space.
    #[serde(default)]
    pub owner_id: String,
    pub created: DateTime<Utc>,
}

/// A reload request and its outcome.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmuReload {
    pub id: String,
    pub app_id: String,
    pub user_id: String,
    pub status: String,
    pub partial: bool,
    pub log: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub creation_time: DateTime<Utc>,
    pub start_time: Option<DateTime<Utc>>,
    pub end_time: Option<DateTime<Utc>>,
    /// `Reload.type`: `external` for `POST /reloads`, `chronos` for Qlik's scheduler
    /// (UNCONFIRMED for tasks-API runs: chronos is the scheduler's service name).
    #[serde(default = "external")]
    pub kind: String,
}

fn external() -> String {
    "external".to_owned()
}
