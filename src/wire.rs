//! The types that cross the wire between the server and the browser builds: DTOs, their state
//! enums (from `domain`) and the one error type. Plain data; nothing here does any work.

mod admin;
mod console;
mod embed;
mod error;
mod provisioning;
mod reloads;
mod status;
mod templates;
mod tokens;
mod users;

pub use crate::domain::{HybridApp, HybridSheet, HybridView};
pub use admin::{AdminIdentity, CustomerSummary, SlugCheck};
pub use console::ModuleChoice;
pub use embed::{
    Cause, Diagnosis, DiagnosisRequest, EmbedSession, EmbedSessionInfo, EmbedSetup, ExportFormat,
    ExportRequest, ExportSelection, Finding, MenuModule, MenuSheet, QlikLogin, QlikToken, Symptom,
};
pub use error::{ApiError, ErrorCode};
pub use provisioning::JobView;
pub use reloads::{FleetReloadRequest, FleetReloadView, FreshnessRow, ReloadRecord};
pub use status::{HubDetails, HubStatus};
pub use templates::{ModuleView, SheetRef, ThemeView, VersionView};
pub use tokens::{IssuedToken, NewTokenRequest, TokenView};
pub use users::{ActiveUser, CustomerUsers, UserLogEntry, UserRemoval, UserSync, UserSyncRequest};
