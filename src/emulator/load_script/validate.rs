//! `POST /apps/validatescript`'s check: the script parsed as a reload would parse it, without
//! connecting anywhere, each refusal answered as a `ScriptIssue` at its tab, line and column.

use super::{Statement, expand, parse_statement, split_statements_at};
use std::collections::HashMap;

/// A `ScriptIssue` (apps.d.ts, PascalCase as Qlik writes it): tab index, line in the tab
/// (1-based), UTF-8 byte column (1-based) and the message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScriptIssue {
    pub tab: usize,
    pub line: usize,
    pub column: usize,
    pub msg: String,
    pub info: String,
}

/// The errors in `script`: every statement the emulator's reload would refuse. SET/LET are
/// followed so `$(var)` expands as in a reload; no warnings are produced.
pub fn validate(script: &str) -> Vec<ScriptIssue> {
    let mut vars: HashMap<String, String> = HashMap::new();
    let mut issues = Vec::new();
    for (at, raw) in split_statements_at(script) {
        let text = expand(&raw, &vars);
        match parse_statement(&text) {
            Ok(Statement::Set { name, value }) => {
                vars.insert(name, value);
            }
            Ok(_) => {}
            Err(msg) => {
                let at = at + bad_row_offset(&raw).unwrap_or(0);
                issues.push(issue(script, at, msg));
            }
        }
    }
    issues
}

/// Where in an INLINE statement the first row whose cell count differs from the header's
/// starts, so the issue names that row's line rather than the statement's first.
fn bad_row_offset(statement: &str) -> Option<usize> {
    let open = statement.find('[')?;
    // Unterminated: the statement's own line is the place to look.
    let close = statement.rfind(']')?;
    let body = statement.get(open + 1..close)?;
    let mut header: Option<usize> = None;
    let mut offset = open + 1;
    for line in body.split_inclusive('\n') {
        let lead = line.len() - line.trim_start().len();
        if !line.trim().is_empty() {
            let cells = line.split(',').count();
            match header {
                None => header = Some(cells),
                Some(n) if n != cells => return Some(offset + lead),
                Some(_) => {}
            }
        }
        offset += line.len();
    }
    None
}

/// The issue `msg` at byte `at` of `script`: `///$tab <name>` lines start a new tab, whose
/// line 1 is the line after the marker, as Qlik's script editor numbers them.
fn issue(script: &str, at: usize, msg: String) -> ScriptIssue {
    let before = &script[..at.min(script.len())];
    let (mut tab, mut line) = (0, 1);
    let mut seen_tab = false;
    for text in before.split('\n').take(before.matches('\n').count()) {
        if text.trim_start().starts_with("///$tab ") {
            if seen_tab || line > 1 {
                tab += 1;
            }
            seen_tab = true;
            line = 1;
        } else {
            line += 1;
        }
    }
    let column = at - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    ScriptIssue {
        tab,
        line,
        column,
        msg,
        info: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_script_has_no_issues() {
        let script = "SET v = 'x';\nSection Access;\nLOAD * INLINE [\nACCESS, USERID\nADMIN, *\n];\nSection Application;\nT: LOAD * INLINE [\na\n$(v)\n];";
        assert_eq!(validate(script), vec![]);
    }

    #[test]
    fn a_row_of_the_wrong_width_is_reported_at_its_line() {
        let script = "Section Access;\nLOAD * INLINE [\nACCESS, USERID, GROUP, REGION\nADMIN, INTERNAL\\SA_SCHEDULER, *, *\nUSER, *, NORTH\n];\nSection Application;\n";
        let issues = validate(script);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!((issues[0].tab, issues[0].line, issues[0].column), (0, 5, 1));
        assert!(issues[0].msg.contains("cells"), "{}", issues[0].msg);
    }

    #[test]
    fn an_unterminated_inline_table_is_reported_at_its_statement() {
        let script = "T: LOAD 1;\n  Section Access;\n  LOAD * INLINE [\nACCESS, USERID\nUSER, *\n;\nSection Application;\n";
        let issues = validate(script);
        assert_eq!(issues.len(), 2, "{issues:?}");
        assert_eq!((issues[0].line, issues[0].column), (1, 1));
        assert_eq!((issues[1].line, issues[1].column), (3, 3));
        assert!(issues[1].msg.contains("INLINE"), "{}", issues[1].msg);
    }

    #[test]
    fn tabs_restart_the_line_count() {
        let script = "///$tab Main\nSET a = 1;\n///$tab Data\nSET b = 2;\nOops here;\n";
        let issues = validate(script);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!((issues[0].tab, issues[0].line), (1, 2));
        let json = serde_json::to_value(&issues[0]).expect("json");
        assert!(
            json["Msg"].is_string() && json["Line"] == 2 && json["Tab"] == 1,
            "{json}"
        );
    }
}
