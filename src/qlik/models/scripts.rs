//! What Qlik's script validation answers (`ScriptIssues`, apps.d.ts): errors and warnings by
//! tab, line and byte column, in Qlik's PascalCase.

use serde::{Deserialize, Serialize};

/// `ScriptIssues` (apps.d.ts): what `validatescript` found; PascalCase, every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScriptIssues {
    pub errors: Option<Vec<ScriptIssue>>,
    pub warnings: Option<Vec<ScriptIssue>>,
}

/// `ScriptIssue` (apps.d.ts): one error or warning, located by tab, line and byte column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScriptIssue {
    pub column: Option<i64>,
    pub info: Option<String>,
    pub line: Option<i64>,
    pub msg: Option<String>,
    pub tab: Option<i64>,
}

impl ScriptIssues {
    /// The first error as one line (`line 3: unexpected token …`), if any.
    pub fn first_error(&self) -> Option<String> {
        let issue = self.errors.as_ref()?.first()?;
        let msg = issue.msg.as_deref().unwrap_or("invalid script");
        Some(match issue.line {
            Some(line) => format!("line {line}: {msg}"),
            None => msg.to_owned(),
        })
    }
}
