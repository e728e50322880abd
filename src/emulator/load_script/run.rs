//! Executing a script against the tenant's data connections, producing tables and a log.

use super::{Statement, expand, parse_statement, split_statements};
use crate::emulator::state::DataTable;
use sqlx::any::AnyPoolOptions;
use sqlx::{Column, Row};
use std::collections::HashMap;

/// Why a reload failed, with the log written so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunError {
    pub message: String,
    pub log: String,
}

/// What a successful reload produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The app's data tables.
    pub tables: Vec<DataTable>,
    /// The section access table, when the script has one (its names and values upper-cased,
    /// as Qlik reads section access).
    pub access: Option<DataTable>,
    pub log: String,
}

/// Runs `script`: `connections` maps data-connection names to their connect statements,
/// `variables` are the reload-time variables (the script's own SET/LET override them).
pub async fn run_script(
    script: &str,
    connections: &HashMap<String, String>,
    variables: &HashMap<String, String>,
) -> Result<Loaded, RunError> {
    let mut vars = variables.clone();
    let mut log = String::new();
    let mut connection: Option<(String, sqlx::AnyPool)> = None;
    let mut tables: Vec<DataTable> = Vec::new();
    let mut access: Option<DataTable> = None;
    let mut in_access = false;
    let fail = |log: &mut String, message: String| {
        log.push_str(&format!("Error: {message}\nExecution Failed\n"));
        RunError {
            message,
            log: log.clone(),
        }
    };
    for raw in split_statements(script) {
        let text = expand(&raw, &vars);
        log.push_str(&format!("{text}\n"));
        match parse_statement(&text).map_err(|e| fail(&mut log, e))? {
            Statement::Set { name, value } => {
                vars.insert(name, value);
            }
            Statement::Connect { connection: name } => {
                let statement = connections
                    .get(&name)
                    .ok_or_else(|| fail(&mut log, format!("Connection '{name}' not found")))?;
                let pool = connect(statement)
                    .await
                    .map_err(|e| fail(&mut log, format!("Cannot connect to '{name}': {e}")))?;
                connection = Some((name, pool));
            }
            Statement::SectionAccess => in_access = true,
            Statement::SectionApplication => in_access = false,
            Statement::Inline { table, mut data } if in_access => {
                for cell in data
                    .columns
                    .iter_mut()
                    .chain(data.rows.iter_mut().flatten())
                {
                    *cell = cell.to_uppercase();
                }
                log.push_str(&format!("{table} {} Lines fetched\n", data.rows.len()));
                access = Some(data);
            }
            Statement::Inline { table, data } => {
                log.push_str(&format!("{table} {} Lines fetched\n", data.rows.len()));
                tables.retain(|t| t.name != data.name);
                tables.push(data);
            }
            Statement::Select { table, sql } => {
                let (_, pool) = connection.as_ref().ok_or_else(|| {
                    fail(&mut log, "SQL statement without LIB CONNECT TO".to_owned())
                })?;
                let loaded = select(pool, &table, &sql)
                    .await
                    .map_err(|e| fail(&mut log, format!("SQL error: {e}")))?;
                log.push_str(&format!("{} {} Lines fetched\n", table, loaded.rows.len()));
                tables.retain(|t| t.name != loaded.name);
                tables.push(loaded);
            }
        }
    }
    if let Some((_, pool)) = connection {
        pool.close().await;
    }
    log.push_str("Execution finished.\n");
    Ok(Loaded {
        tables,
        access,
        log,
    })
}

/// Opens a connection statement: `postgres://…`, `sqlite://file` or a bare SQLite file path
/// (opened read-only: a load script reads).
async fn connect(statement: &str) -> Result<sqlx::AnyPool, sqlx::Error> {
    crate::store::install_drivers();
    let url = if statement.starts_with("postgres://") || statement.starts_with("postgresql://") {
        statement.to_owned()
    } else {
        let path = statement.strip_prefix("sqlite://").unwrap_or(statement);
        format!("sqlite://{path}?mode=ro")
    };
    AnyPoolOptions::new().max_connections(1).connect(&url).await
}

async fn select(pool: &sqlx::AnyPool, table: &str, sql: &str) -> Result<DataTable, sqlx::Error> {
    let rows = sqlx::query(sql).fetch_all(pool).await?;
    let columns: Vec<String> = rows
        .first()
        .map(|r| r.columns().iter().map(|c| c.name().to_owned()).collect())
        .unwrap_or_default();
    let values = rows
        .iter()
        .map(|row| (0..row.len()).map(|i| cell(row, i)).collect())
        .collect();
    Ok(DataTable {
        name: table.to_owned(),
        columns,
        rows: values,
    })
}

/// A cell as text, whatever its SQL type (NULL is empty, as Qlik shows it).
fn cell(row: &sqlx::any::AnyRow, i: usize) -> String {
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.unwrap_or_default();
    }
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map(|n| n.to_string()).unwrap_or_default();
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return v.map(|n| n.to_string()).unwrap_or_default();
    }
    if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
        return v.map(|b| b.to_string()).unwrap_or_default();
    }
    String::new()
}
