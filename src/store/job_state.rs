//! A job's state and kind as stored: the domain's `JobState` by its text, and its `JobKind`
//! from the `kind` and `params` columns, an unreadable one kept so the job can fail saying why.

use crate::domain::JobKind;
pub use crate::domain::JobState;
use serde::{Deserialize, Serialize};

/// A job's kind as stored: one this build runs, or one it cannot read (a kind of a newer
/// replica, parameters that do not parse). The latter keeps its columns and the reason, so
/// the job is listed and then failed with that reason rather than breaking every job list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredKind {
    Known(JobKind),
    Unreadable {
        kind: String,
        params: String,
        reason: String,
    },
}

/// The two columns, as they also appear in a job's JSON.
#[derive(Serialize, Deserialize)]
struct Columns {
    kind: String,
    params: String,
}

impl StoredKind {
    /// The kind read from its `kind` and `params` columns.
    pub fn from_columns(kind: &str, params: &str) -> Self {
        match JobKind::parse(kind, params) {
            Ok(known) => StoredKind::Known(known),
            Err(e) => StoredKind::Unreadable {
                kind: kind.to_owned(),
                params: params.to_owned(),
                reason: e.to_string(),
            },
        }
    }

    /// The `kind` column.
    pub fn as_str(&self) -> &str {
        match self {
            StoredKind::Known(kind) => kind.as_str(),
            StoredKind::Unreadable { kind, .. } => kind,
        }
    }

    /// The `params` column.
    pub fn params(&self) -> String {
        match self {
            StoredKind::Known(kind) => kind.params(),
            StoredKind::Unreadable { params, .. } => params.clone(),
        }
    }
}

impl From<JobKind> for StoredKind {
    fn from(kind: JobKind) -> Self {
        StoredKind::Known(kind)
    }
}

impl std::fmt::Display for StoredKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A job's `kind` and `params` as its JSON carries them (flattened into the job).
impl utoipa::PartialSchema for StoredKind {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let kind = ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("What the job does: apply, deprovision or reactivate"));
        let params = ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("The kind's parameters as JSON text (`{}` for apply)"));
        ObjectBuilder::new()
            .property("kind", kind)
            .property("params", params)
            .required("kind")
            .required("params")
            .into()
    }
}

impl utoipa::ToSchema for StoredKind {}

impl Serialize for StoredKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Columns {
            kind: self.as_str().to_owned(),
            params: self.params(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for StoredKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let columns = Columns::deserialize(d)?;
        Ok(Self::from_columns(&columns.kind, &columns.params))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unreadable_kinds_keep_their_columns() {
        let cases = [
            ("apply", "{}", true),
            ("deprovision", r#"{"purge_after_days":30}"#, true),
            ("reactivate", "{}", true),
            ("teleport", "{}", false),
            ("deprovision", "{}", false),
        ];
        for (kind, params, known) in cases {
            let stored = StoredKind::from_columns(kind, params);
            assert_eq!(matches!(stored, StoredKind::Known(_)), known, "{kind}");
            assert_eq!((stored.as_str(), stored.params().as_str()), (kind, params));
            let json = serde_json::to_value(&stored).expect("serialises");
            assert_eq!(json, serde_json::json!({"kind": kind, "params": params}));
        }
    }
}
