//! Scenario steps of the Reports API: a sheet of the apps steps' copy exported as PDF, its
//! status read while processing and once done, its outputs listed.

use super::NOPE;
use crate::fidelity::shapes::run::{Step, err, ok};
use serde_json::json;

/// The steps; `{copy}` is the apps steps' copy of the Sales template, the caller's own app.
pub fn steps() -> Vec<Step> {
    let create = "/api/v1/reports";
    let (status, outputs) = (
        "/api/v1/reports/{id}/status",
        "/api/v1/reports/{id}/outputs",
    );
    let output = json!({"outputId": "shapes", "type": "pdf", "pdfOutput": {"size": "A4"}});
    let sheet = json!({
        "type": "sense-sheet-1.0", "output": output.clone(),
        "senseSheetTemplate": {"appId": "{copy}", "sheet": {"id": "salesOverview"}},
    });
    vec![
        ok("POST", create, create)
            .json(sheet)
            .capture("report", "/requestId"),
        err("POST", create, create).json(json!({"type": "sense-sheet-1.0", "output": output})),
        // The first read sees the request processing, the next one done.
        ok("GET", status, "/api/v1/reports/{report}/status"),
        ok("GET", status, "/api/v1/reports/{report}/status"),
        err("GET", status, &format!("/api/v1/reports/{NOPE}/status")),
        ok("GET", outputs, "/api/v1/reports/{report}/outputs?limit=10"),
        err(
            "GET",
            outputs,
            "/api/v1/reports/{report}/outputs?limit=1000",
        ),
    ]
}
