//! The JSON of a report request's progress: `ReportStatus` (`GET …/status`) and
//! `OutputListItem` (`GET …/outputs`), as `reports.d.ts` types them and its example shows
//! them (`location` an absolute temp-contents URL with `?inline=1`).

use crate::emulator::state::{EmuReport, ReportOutcome};
use serde_json::{Value, json};

/// Where a request is, as one read sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Processing,
    Finished,
}

/// Advances `report` by one read: the first sees it processing, every later one finished.
pub fn read(report: &mut EmuReport) -> Stage {
    if report.seen_processing {
        Stage::Finished
    } else {
        report.seen_processing = true;
        Stage::Processing
    }
}

/// The download URL of temp content `temp_id` on the tenant at `base` (`http://host:port`).
pub fn location(base: &str, temp_id: &str) -> String {
    format!("{base}/api/v1/temp-contents/{temp_id}?inline=1")
}

/// `ReportStatus`. `statusLocation` is relative to the API root, as in the type's example
/// (`/reports/{id}/status`); `results` and `reasons` are deprecated but still written, as
/// clients predating `…/outputs` read them.
pub fn status(report: &EmuReport, stage: Stage, base: &str) -> Value {
    let mut out = json!({
        "statusLocation": format!("/reports/{}/status", report.id),
        "resolutionAttempts": 1,
    });
    match (stage, &report.outcome) {
        (Stage::Processing, _) => out["status"] = json!("processing"),
        (Stage::Finished, ReportOutcome::Done { temp_id, .. }) => {
            out["status"] = json!("done");
            out["results"] = json!([{
                "outputId": report.output_id, "location": location(base, temp_id),
            }]);
        }
        (Stage::Finished, ReportOutcome::Failed { errors }) => {
            out["status"] = json!("failed");
            out["requestErrors"] = json!(errors);
            out["reasons"] = json!([{ "outputId": report.output_id, "exportErrors": errors }]);
        }
    }
    out
}

/// The request's one `OutputListItem`.
pub fn output(report: &EmuReport, stage: Stage, base: &str) -> Value {
    let mut item = json!({ "outputId": report.output_id });
    match (stage, &report.outcome) {
        (Stage::Processing, _) => item["status"] = json!("processing"),
        (
            Stage::Finished,
            ReportOutcome::Done {
                temp_id,
                size_bytes,
            },
        ) => {
            item["status"] = json!("done");
            item["location"] = json!(location(base, temp_id));
            item["sizeBytes"] = json!(size_bytes);
        }
        (Stage::Finished, ReportOutcome::Failed { errors }) => {
            item["status"] = json!("failed");
            item["exportErrors"] = json!(errors);
        }
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn report(outcome: ReportOutcome) -> EmuReport {
        EmuReport {
            id: "r1".into(),
            tenant_id: "t".into(),
            user_id: "u".into(),
            output_id: "out".into(),
            outcome,
            seen_processing: false,
            created: Utc::now(),
            expires_at: Utc::now(),
        }
    }

    #[test]
    fn the_first_read_sees_processing_then_the_outcome() {
        let done = ReportOutcome::Done {
            temp_id: "f1".into(),
            size_bytes: 9,
        };
        let mut r = report(done);
        let base = "http://acme.us.localhost:3100";
        assert_eq!(read(&mut r), Stage::Processing);
        let first = status(&r, Stage::Processing, base);
        assert_eq!(
            (first["status"].as_str(), first.get("results")),
            (Some("processing"), None)
        );
        assert_eq!(read(&mut r), Stage::Finished);
        let done = status(&r, Stage::Finished, base);
        assert_eq!(done["status"], "done");
        assert_eq!(done["statusLocation"], "/reports/r1/status");
        assert_eq!(
            done["results"],
            json!([{"outputId": "out", "location": format!("{base}/api/v1/temp-contents/f1?inline=1")}])
        );
        let item = output(&r, Stage::Finished, base);
        assert_eq!(
            (item["status"].as_str(), item["sizeBytes"].as_u64()),
            (Some("done"), Some(9))
        );
    }

    #[test]
    fn a_failed_request_carries_its_errors() {
        let errors = vec![json!({"code": "REP-400008", "title": "Selections error."})];
        let r = report(ReportOutcome::Failed {
            errors: errors.clone(),
        });
        let failed = status(&r, Stage::Finished, "http://h");
        assert_eq!(failed["status"], "failed");
        assert_eq!(failed["requestErrors"], json!(errors));
        assert_eq!(
            output(&r, Stage::Finished, "http://h")["exportErrors"],
            json!(errors)
        );
    }
}
