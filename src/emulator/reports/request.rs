//! `ReportRequest` as @qlik/api 2.19.0's `reports.d.ts` types it (the part the emulator reads),
//! and its check into the one job the emulator can render: a sheet as PDF
//! (`sense-sheet-1.0`, output `pdf`) or a visualization's data as XLSX (`sense-data-1.0`,
//! output `xlsx`). Everything else Qlik accepts is refused with a 400 that says so.

use crate::emulator::error::QlikError;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// `Record<string, QSelection[]>`: selections by state name (`$` is the default state).
pub type SelectionsByState = BTreeMap<String, Vec<QSelection>>;

/// `ReportRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportRequest {
    #[serde(rename = "type")]
    pub kind: String,
    pub output: OutputItem,
    pub sense_sheet_template: Option<Template>,
    pub sense_data_template: Option<Template>,
    pub definitions: Option<Definitions>,
}

/// `OutputItem`: the output's id and type (`pdfOutput`'s layout options are not applied).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputItem {
    pub output_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub pdf_output: Option<Value>,
}

/// `Definitions`: `selectionsByState` shared by id.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Definitions {
    #[serde(default)]
    pub selections_by_state: BTreeMap<String, SelectionsByState>,
}

/// `SenseSheetTemplate` and `SenseDataTemplate`, which share their selection fields; `sheet`
/// is the sheet template's, `id` (a visualization id) the data template's.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub app_id: String,
    pub sheet: Option<SheetRef>,
    pub id: Option<String>,
    pub selections_by_state: Option<SelectionsByState>,
    pub selections_by_state_def: Option<String>,
    pub selection_type: Option<String>,
    pub selection_strategy: Option<String>,
    pub persistent_bookmark: Option<Value>,
    pub temporary_bookmark_v2: Option<Value>,
}

/// `Sheet`: the sheet to export (its pixel sizes are not applied).
#[derive(Debug, Deserialize)]
pub struct SheetRef {
    pub id: String,
}

/// `QSelection`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QSelection {
    pub default_is_numeric: bool,
    pub field_name: String,
    pub values: Vec<QFieldValue>,
}

/// `QFieldValue`: text or number, as `isNumeric` (default: the selection's
/// `defaultIsNumeric`) says.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QFieldValue {
    pub is_numeric: Option<bool>,
    pub number: Option<f64>,
    pub text: Option<String>,
}

/// What to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A sheet, as PDF.
    Sheet { app_id: String, sheet_id: String },
    /// A visualization's data, as XLSX.
    Data { app_id: String, object_id: String },
}

/// `SelectionStrategy`. UNCONFIRMED: the default when absent; `failOnErrors` is assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    FailOnErrors,
    IgnoreErrorsReturnDetails,
    IgnoreErrorsNoDetails,
}

/// A checked request.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub target: Target,
    pub output_id: String,
    pub selections: SelectionsByState,
    pub strategy: Strategy,
}

impl Job {
    /// The app the job reads.
    pub fn app_id(&self) -> &str {
        match &self.target {
            Target::Sheet { app_id, .. } | Target::Data { app_id, .. } => app_id,
        }
    }
}

/// Template types of 2.19.0 the emulator does not render.
const OTHER_TYPES: [&str; 10] = [
    "composition-1.0",
    "sense-image-1.0",
    "sense-story-1.0",
    "qv-data-1.0",
    "qv-data-2.0",
    "sense-excel-template-1.0",
    "sense-pixel-perfect-template-1.0",
    "sense-html-template-1.0",
    "sense-powerpoint-template-1.0",
    "sense-word-template-1.0",
];

/// `REP-400000`: "Bad request".
pub fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request("REP-400000", detail)
}

/// Parses the body of `POST /api/v1/reports`; the error names the field at fault.
pub fn parse(body: &[u8]) -> Result<ReportRequest, QlikError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        bad(format!(
            "invalid report request at {}: {}",
            e.path(),
            e.inner()
        ))
    })
}

/// Checks `req` as Qlik documents each type's template and output, into a [`Job`].
pub fn check(req: ReportRequest) -> Result<Job, QlikError> {
    let output_id = req.output.output_id.clone();
    if output_id.is_empty() || output_id.contains([' ', ':', '/', '\\']) {
        return Err(bad(
            "output.outputId must be non-empty, without spaces, colons or slashes",
        ));
    }
    let (template, expected_output, name) = match req.kind.as_str() {
        "sense-sheet-1.0" => (req.sense_sheet_template, "pdf", "senseSheetTemplate"),
        "sense-data-1.0" => (req.sense_data_template, "xlsx", "senseDataTemplate"),
        other if OTHER_TYPES.contains(&other) => {
            return Err(bad(format!(
                "type {other} is not emulated: the emulator renders sense-sheet-1.0 (pdf) and \
                 sense-data-1.0 (xlsx)"
            )));
        }
        other => return Err(bad(format!("unknown report type {other:?}"))),
    };
    let template = template.ok_or_else(|| bad(format!("{} requires {name}", req.kind)))?;
    match req.output.kind.as_str() {
        kind if kind == expected_output => {}
        "pptx" if expected_output == "pdf" => {
            return Err(bad("output type pptx is not emulated: ask for pdf"));
        }
        kind => {
            return Err(bad(format!(
                "{} does not support output type {kind:?} (it supports {expected_output})",
                req.kind
            )));
        }
    }
    if expected_output == "pdf" && req.output.pdf_output.is_none() {
        return Err(bad("output type pdf requires output.pdfOutput"));
    }
    let strategy = match template.selection_strategy.as_deref() {
        None | Some("failOnErrors") => Strategy::FailOnErrors,
        Some("ignoreErrorsReturnDetails") => Strategy::IgnoreErrorsReturnDetails,
        Some("ignoreErrorsNoDetails") => Strategy::IgnoreErrorsNoDetails,
        Some(other) => return Err(bad(format!("unknown selectionStrategy {other:?}"))),
    };
    let bookmark =
        template.persistent_bookmark.is_some() || template.temporary_bookmark_v2.is_some();
    match template.selection_type.as_deref() {
        None | Some("selectionsByState") if !bookmark => {}
        None
        | Some(
            "selectionsByState"
            | "persistentBookmark"
            | "temporaryBookmark"
            | "temporaryBookmarkV2",
        ) => {
            // The emulated apps keep no bookmarks, so any bookmark is missing.
            return Err(QlikError::bad_request(
                "REP-400064",
                "Missing Bookmark: the app has no bookmarks",
            ));
        }
        Some(other) => return Err(bad(format!("unknown selectionType {other:?}"))),
    }
    let selections = match (
        &template.selections_by_state_def,
        template.selections_by_state,
    ) {
        (Some(def), _) => req
            .definitions
            .unwrap_or_default()
            .selections_by_state
            .remove(def)
            .ok_or_else(|| {
                bad(format!(
                    "selectionsByStateDef {def:?} is not in definitions"
                ))
            })?,
        (None, selections) => selections.unwrap_or_default(),
    };
    let target = match (expected_output, template.sheet, template.id) {
        ("pdf", Some(sheet), _) => Target::Sheet {
            app_id: template.app_id,
            sheet_id: sheet.id,
        },
        ("pdf", None, _) => return Err(bad("senseSheetTemplate requires sheet")),
        (_, _, Some(id)) => Target::Data {
            app_id: template.app_id,
            object_id: id,
        },
        (_, _, None) => return Err(bad("senseDataTemplate requires id")),
    };
    Ok(Job {
        target,
        output_id,
        selections,
        strategy,
    })
}

#[cfg(test)]
mod tests;
