//! The load-script subset the emulator executes on reload:
//!
//! ```text
//! // comments and /* block comments */
//! SET vName = 'text';            LET vName = 42;        $(vName) expands anywhere after
//! LIB CONNECT TO 'connection';   (a data connection of the tenant: SQLite file or PostgreSQL)
//! Orders: SQL SELECT region, amount FROM orders WHERE region = '$(vRegion)';
//! Section Access;                LOAD * INLINE [ ACCESS, USERID, GROUP, REGION … ];
//! Section Application;           (what follows is the app's data again)
//! ```
//!
//! Statements end with `;` outside quotes. Anything else fails the reload, like Qlik's
//! "Unexpected token" errors.

mod run;
mod validate;

pub use run::{Loaded, RunError, run_script};
pub use validate::{ScriptIssue, validate};

use std::collections::HashMap;

/// One statement of a script, after `$(var)` expansion.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    Set {
        name: String,
        value: String,
    },
    Connect {
        connection: String,
    },
    Select {
        table: String,
        sql: String,
    },
    /// `LOAD * INLINE [header\nrow…]`: comma-separated cells, trimmed.
    Inline {
        table: String,
        data: crate::emulator::state::DataTable,
    },
    /// `Section Access`: the tables that follow are the app's access table.
    SectionAccess,
    /// `Section Application`: the tables that follow are data again.
    SectionApplication,
}

/// Splits a script into raw statements: `;` ends one unless inside '…', "…" or […];
/// `//` line comments and `/* */` block comments are dropped.
pub fn split_statements(script: &str) -> Vec<String> {
    split_statements_at(script)
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

/// [`split_statements`] with the byte offset in `script` where each statement starts.
pub fn split_statements_at(script: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start: Option<usize> = None;
    let mut chars = script.char_indices().peekable();
    let mut quote: Option<char> = None;
    let mut finish = |current: &mut String, start: &mut Option<usize>| {
        if let Some(at) = start.take() {
            out.push((at, current.trim().to_owned()));
        }
        current.clear();
    };
    while let Some((at, c)) = chars.next() {
        if quote.is_none() && start.is_none() && !c.is_whitespace() && c != ';' {
            let comment = c == '/' && matches!(chars.peek(), Some((_, '/' | '*')));
            if !comment {
                start = Some(at);
            }
        }
        match quote {
            Some(q) => {
                current.push(c);
                if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    current.push(c);
                }
                '[' => {
                    quote = Some(']');
                    current.push(c);
                }
                '/' if chars.peek().map(|p| p.1) == Some('/') => {
                    for (_, n) in chars.by_ref() {
                        if n == '\n' {
                            break;
                        }
                    }
                    current.push('\n');
                }
                '/' if chars.peek().map(|p| p.1) == Some('*') => {
                    chars.next();
                    let mut prev = ' ';
                    for (_, n) in chars.by_ref() {
                        if prev == '*' && n == '/' {
                            break;
                        }
                        prev = n;
                    }
                    current.push(' ');
                }
                ';' => finish(&mut current, &mut start),
                c => current.push(c),
            },
        }
    }
    finish(&mut current, &mut start);
    out
}

/// Replaces `$(name)` with the variable's value; unknown variables expand to nothing, as in
/// Qlik.
pub fn expand(text: &str, vars: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("$(") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find(')') {
            Some(len) => {
                let name = rest[start + 2..start + 2 + len].trim();
                out.push_str(vars.get(name).map(String::as_str).unwrap_or_default());
                rest = &rest[start + 3 + len..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn unquote(text: &str) -> String {
    let t = text.trim();
    for (open, close) in [('\'', '\''), ('"', '"'), ('[', ']')] {
        if t.len() >= 2 && t.starts_with(open) && t.ends_with(close) {
            return t[1..t.len() - 1].to_owned();
        }
    }
    t.to_owned()
}

/// Classifies one expanded statement.
pub fn parse_statement(text: &str) -> Result<Statement, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let upper = |i: usize| {
        words
            .get(i)
            .map(|w| w.to_ascii_uppercase())
            .unwrap_or_default()
    };
    if upper(0) == "SET" || upper(0) == "LET" {
        let body = text.trim()[3..].trim();
        let (name, value) = body
            .split_once('=')
            .ok_or_else(|| format!("missing '=' in: {text}"))?;
        return Ok(Statement::Set {
            name: name.trim().to_owned(),
            value: unquote(value),
        });
    }
    if upper(0) == "LIB" && upper(1) == "CONNECT" && upper(2) == "TO" {
        let at = text
            .to_ascii_uppercase()
            .find(" TO ")
            .map(|i| i + 4)
            .unwrap_or(text.len());
        return Ok(Statement::Connect {
            connection: unquote(&text[at..]),
        });
    }
    match (upper(0).as_str(), upper(1).as_str(), words.len()) {
        ("SECTION", "ACCESS", 2) => return Ok(Statement::SectionAccess),
        ("SECTION", "APPLICATION", 2) => return Ok(Statement::SectionApplication),
        _ => {}
    }
    let (label, body) = match text.split_once(':') {
        Some((label, body)) if !label.contains(char::is_whitespace) || label.starts_with('[') => {
            (unquote(label), body.trim())
        }
        _ => ("Table".to_owned(), text.trim()),
    };
    let mut parts = body.splitn(2, char::is_whitespace);
    let keyword = parts.next().unwrap_or_default().to_ascii_uppercase();
    let sql = parts.next().unwrap_or_default().trim();
    if keyword == "SQL" && sql.to_ascii_uppercase().starts_with("SELECT") {
        return Ok(Statement::Select {
            table: label,
            sql: sql.to_owned(),
        });
    }
    let star_inline = sql.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    if keyword == "LOAD" && star_inline.eq_ignore_ascii_case("* INLINE") {
        let data = inline(&label, sql)?;
        return Ok(Statement::Inline { table: label, data });
    }
    Err(format!(
        "Unexpected token, statement not supported by the emulator: {text}"
    ))
}

/// Whether section access table `access` (upper case) has an ADMIN row for `userid`.
pub fn grants_admin(access: &crate::emulator::state::DataTable, userid: &str) -> bool {
    let column = |name: &str| access.columns.iter().position(|c| c == name);
    let (Some(a), Some(u)) = (column("ACCESS"), column("USERID")) else {
        return false;
    };
    let userid = userid.to_uppercase();
    access
        .rows
        .iter()
        .any(|row| row[a] == "ADMIN" && (row[u] == userid || row[u] == "*"))
}

/// The table of `* INLINE [ … ]`: the first line is the header, each further non-empty line
/// a row with as many comma-separated cells.
fn inline(label: &str, body: &str) -> Result<crate::emulator::state::DataTable, String> {
    let (Some(open), Some(close)) = (body.find('['), body.rfind(']')) else {
        return Err(format!("INLINE without [ … ]: {body}"));
    };
    let cells = |line: &str| -> Vec<String> { line.split(',').map(unquote).collect() };
    let mut lines = body[open + 1..close]
        .lines()
        .filter(|l| !l.trim().is_empty());
    let columns = lines.next().map(cells).unwrap_or_default();
    let rows: Vec<Vec<String>> = lines.map(cells).collect();
    if let Some(bad) = rows.iter().find(|r| r.len() != columns.len()) {
        return Err(format!(
            "INLINE row {bad:?} has {} cells, the header {}",
            bad.len(),
            columns.len()
        ));
    }
    Ok(crate::emulator::state::DataTable {
        name: label.to_owned(),
        columns,
        rows,
    })
}

#[cfg(test)]
mod tests;
