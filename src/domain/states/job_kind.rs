//! What a job does (its kind, with the parameters a kind takes) and how the last reconcile of a
//! customer ended, as the store writes them: `kind` and `params` columns, `succeeded`/`failed: …`.

use super::ParseError;
use serde::{Deserialize, Serialize};

/// What a provisioning job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Make the customer's tenant match its spec.
    Apply,
    /// Read the tenant again first (what was changed or deleted by hand), then apply: drift
    /// that `plan --refresh` shows is repaired.
    Repair,
    /// Deactivate the tenant; Qlik purges it after `purge_after_days`.
    Deprovision { purge_after_days: u32 },
    /// Reactivate a deactivated tenant within its purge window.
    Reactivate,
}

/// The stored `params` of a deprovision job.
#[derive(Deserialize)]
struct DeprovisionParams {
    purge_after_days: u32,
}

impl JobKind {
    /// The stored and wire text of the kind (the `kind` column).
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Apply => "apply",
            JobKind::Repair => "repair",
            JobKind::Deprovision { .. } => "deprovision",
            JobKind::Reactivate => "reactivate",
        }
    }

    /// The kind's parameters as stored (the `params` column, JSON).
    pub fn params(self) -> String {
        match self {
            JobKind::Deprovision { purge_after_days } => {
                serde_json::json!({ "purge_after_days": purge_after_days }).to_string()
            }
            JobKind::Apply | JobKind::Repair | JobKind::Reactivate => "{}".to_owned(),
        }
    }

    /// The kind stored as `kind` with `params`; a kind this build does not know (a newer
    /// replica's) or parameters it cannot read are refused, saying which.
    pub fn parse(kind: &str, params: &str) -> Result<Self, ParseError> {
        match kind {
            "apply" => Ok(JobKind::Apply),
            "repair" => Ok(JobKind::Repair),
            "reactivate" => Ok(JobKind::Reactivate),
            "deprovision" => serde_json::from_str::<DeprovisionParams>(params)
                .map(|p| JobKind::Deprovision {
                    purge_after_days: p.purge_after_days,
                })
                .map_err(|e| ParseError::new(format!("bad job parameters: {e}"))),
            other => Err(ParseError::new(format!("unknown job kind {other:?}"))),
        }
    }
}

/// How the last reconcile of a customer ended. Stored and sent as `succeeded` or
/// `failed: <reason>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastResult {
    Succeeded,
    Failed(String),
}

const FAILED_PREFIX: &str = "failed: ";

impl LastResult {
    /// Parses the stored text.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match raw.strip_prefix(FAILED_PREFIX) {
            Some(reason) => Ok(LastResult::Failed(reason.to_owned())),
            None if raw == "succeeded" => Ok(LastResult::Succeeded),
            None => Err(ParseError::new(format!(
                "last result {raw:?} is neither `succeeded` nor `failed: <reason>`"
            ))),
        }
    }
}

impl std::fmt::Display for LastResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LastResult::Succeeded => f.write_str("succeeded"),
            LastResult::Failed(reason) => write!(f, "{FAILED_PREFIX}{reason}"),
        }
    }
}

impl Serialize for LastResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LastResult {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_stored_columns() {
        let kinds = [
            JobKind::Apply,
            JobKind::Deprovision {
                purge_after_days: 30,
            },
            JobKind::Reactivate,
        ];
        for kind in kinds {
            assert_eq!(JobKind::parse(kind.as_str(), &kind.params()), Ok(kind));
        }
        assert_eq!(JobKind::Apply.params(), "{}");
        assert_eq!(
            JobKind::Deprovision {
                purge_after_days: 30
            }
            .params(),
            r#"{"purge_after_days":30}"#
        );
    }

    #[test]
    fn unknown_kinds_and_bad_parameters_are_refused_by_name() {
        let cases = [
            ("teleport", "{}", "unknown job kind \"teleport\""),
            ("Apply", "{}", "unknown job kind"),
            ("deprovision", "{}", "bad job parameters"),
            (
                "deprovision",
                "{\"purge_after_days\": -1}",
                "bad job parameters",
            ),
        ];
        for (kind, params, want) in cases {
            let err = JobKind::parse(kind, params).expect_err(kind).to_string();
            assert!(err.contains(want), "{kind} {params}: {err}");
        }
    }

    #[test]
    fn last_results_keep_their_stored_text() {
        let cases = [
            ("succeeded", LastResult::Succeeded),
            ("failed: ", LastResult::Failed(String::new())),
            (
                "failed: reload r1 ended FAILED",
                LastResult::Failed("reload r1 ended FAILED".into()),
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(LastResult::parse(raw).as_ref(), Ok(&want), "{raw}");
            assert_eq!(want.to_string(), raw);
            assert_eq!(serde_json::to_value(&want).ok(), Some(raw.into()));
        }
        for bad in ["", "Succeeded", "failed", "ok"] {
            assert!(LastResult::parse(bad).is_err(), "{bad:?}");
        }
    }
}
