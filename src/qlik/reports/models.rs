//! The Reports API's JSON as @qlik/api 2.19.0's `reports.d.ts` types it, with its field names:
//! the request members a sheet PDF (`sense-sheet-1.0`) and a data XLSX (`sense-data-1.0`)
//! use, and every member of the answers. Unknown answer members are ignored, absent optional
//! ones read as `None`; optional request members are left out when unset
//! (`#[skip_serializing_none]`), as Qlik's examples leave them out.

use crate::domain::{AppId, SheetId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;
use std::collections::BTreeMap;

/// `Record<string, QSelection[]>`: selections by state (`$` is the default state).
pub type SelectionsByState = BTreeMap<String, Vec<QSelection>>;

/// `ReportRequest` (its `compositionTemplates`, file templates and callbacks are not used).
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportRequest {
    #[serde(rename = "type")]
    pub template_type: TemplateType,
    pub output: OutputItem,
    pub sense_sheet_template: Option<SenseSheetTemplate>,
    pub sense_data_template: Option<SenseDataTemplate>,
    pub meta: Option<Meta>,
}

/// `ReportRequest.type`, the two the hub asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplateType {
    /// A sheet, as PDF (`senseSheetTemplate`).
    #[serde(rename = "sense-sheet-1.0")]
    SenseSheet,
    /// A visualization's data, as XLSX (`senseDataTemplate`).
    #[serde(rename = "sense-data-1.0")]
    SenseData,
}

/// `OutputItem`.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputItem {
    /// Names the output within the request (and its file); no spaces or colons.
    pub output_id: String,
    #[serde(rename = "type")]
    pub output_type: OutputType,
    /// Required for `pdf`.
    pub pdf_output: Option<PdfOutput>,
}

/// `OutputItem.type`, the two the hub asks for. `xlsx` takes no options object: 2.19.0's
/// `OutputItem` has no `xlsxOutput` member, whatever its comment says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputType {
    Pdf,
    Xlsx,
}

/// `PdfOutput` (its `align`, `resizeData`, `properties` and DPI are not used).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PdfOutput {
    pub size: Option<String>,
    /// `P` portrait, `L` landscape, `A` auto-detect.
    pub orientation: Option<String>,
    /// `none`, `autofit` or `fit`.
    pub resize_type: Option<String>,
}

/// `SenseSheetTemplate` (bookmarks and patches are not used).
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SenseSheetTemplate {
    pub app_id: AppId,
    pub sheet: Sheet,
    pub selections_by_state: Option<SelectionsByState>,
    pub selection_type: Option<String>,
    /// `failOnErrors`, `ignoreErrorsReturnDetails` or `ignoreErrorsNoDetails`.
    pub selection_strategy: Option<String>,
}

/// `Sheet` of a sheet template.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sheet {
    pub id: SheetId,
    pub width_px: Option<u32>,
    pub height_px: Option<u32>,
}

/// `SenseDataTemplate`: `id` is a visualization's object id (not one made on the fly).
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SenseDataTemplate {
    pub app_id: AppId,
    pub id: String,
    pub selections_by_state: Option<SelectionsByState>,
    pub selection_type: Option<String>,
    pub selection_strategy: Option<String>,
}

/// `QSelection`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QSelection {
    pub default_is_numeric: bool,
    pub field_name: String,
    pub values: Vec<QFieldValue>,
}

/// `QFieldValue`: set `text` or `number`, as `isNumeric` says.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QFieldValue {
    pub is_numeric: Option<bool>,
    pub number: Option<f64>,
    pub text: Option<String>,
}

/// `Meta`: ISO 8601 durations (`exportDeadline` default 10 minutes, `outputTtl` 1 hour).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    pub export_deadline: Option<String>,
    pub output_ttl: Option<String>,
}

/// `PostReportsResponse`, the body of the `202`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostReportsResponse {
    pub message: Option<String>,
    pub outputs_url: Option<String>,
    pub request_id: Option<String>,
}

/// `ReportStatus.status` (and `OutputListItem.status`); a value newer than 2.19.0 is kept.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub enum ReportState {
    Queued,
    Processing,
    Done,
    Failed,
    Aborted,
    Visiting,
    Aborting,
    Other(String),
}

impl From<String> for ReportState {
    fn from(s: String) -> Self {
        match s.as_str() {
            "queued" => Self::Queued,
            "processing" => Self::Processing,
            "done" => Self::Done,
            "failed" => Self::Failed,
            "aborted" => Self::Aborted,
            "visiting" => Self::Visiting,
            "aborting" => Self::Aborting,
            _ => Self::Other(s),
        }
    }
}

impl ReportState {
    /// True once the request will not change any more ("the outputs … are complete only when
    /// the status … is 'done' or 'failed' or 'aborted'"). An unknown state is not final.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Done | Self::Failed | Self::Aborted)
    }
}

/// `ReportStatus`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportStatus {
    pub status: ReportState,
    pub status_location: Option<String>,
    pub resolution_attempts: Option<u32>,
    /// Deprecated by Qlik for `…/outputs`, still present when `done`.
    pub results: Option<Vec<ReportResult>>,
    pub request_errors: Option<Vec<ExportError>>,
    /// Deprecated by Qlik for `…/outputs`, present when `failed`.
    pub reasons: Option<Vec<Reason>>,
}

impl ReportStatus {
    /// The download URL of output `output_id`, once done.
    pub fn location(&self, output_id: &str) -> Option<&str> {
        let results = self.results.as_deref().unwrap_or_default();
        let result = results.iter().find(|r| r.output_id == output_id)?;
        Some(result.location.as_str())
    }
}

/// `Result`: where one output is.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportResult {
    pub location: String,
    pub output_id: String,
    pub export_errors: Option<Vec<ExportError>>,
}

/// `Reason`: why an output failed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub export_errors: Option<Vec<ExportError>>,
    pub output_id: Option<String>,
    pub trace_id: Option<String>,
}

/// `ExportError`: `code` is `REP-<status><nnn>` (`REP-404003` sheet not found, …).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ExportError {
    pub code: String,
    pub title: String,
    pub detail: Option<String>,
    /// `MetaExportError` (`appErrors`, `selectionErrors`), kept as Qlik sent it.
    pub meta: Option<Value>,
}

/// `OutputList` (its `links` are not followed: a request has few outputs).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OutputList {
    pub data: Vec<OutputListItem>,
}

/// `OutputListItem`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputListItem {
    pub output_id: Option<String>,
    pub status: Option<ReportState>,
    pub location: Option<String>,
    pub size_bytes: Option<u64>,
    pub export_errors: Option<Vec<ExportError>>,
    pub trace_id: Option<String>,
}
