//! Stored rows read as records: the [`Record`] a table's row decodes into, and a row's
//! [`Columns`] read as the domain types they hold, where a value that no longer parses is a
//! corrupt row naming the record, the column and the value.

use super::StoreError;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::{Any, Decode, Row, Type};
use std::fmt::Display;

/// A record read from one row of its table.
pub(super) trait Record: Sized {
    /// The record `row` holds; [`StoreError::Corrupt`] when a column does not hold what the
    /// record needs.
    fn from_row(row: &AnyRow) -> Result<Self, StoreError>;
}

/// What a domain parser answers for stored text: a newtype's `parse` a `Result`, a text
/// enum's an `Option`.
pub(super) trait Parsed<T> {
    /// The value, or why the text was refused.
    fn or_reason(self) -> Result<T, String>;
}

impl<T, E: Display> Parsed<T> for Result<T, E> {
    fn or_reason(self) -> Result<T, String> {
        self.map_err(|e| e.to_string())
    }
}

impl<T> Parsed<T> for Option<T> {
    fn or_reason(self) -> Result<T, String> {
        self.ok_or_else(|| "unknown value".to_owned())
    }
}

/// The columns of one row, read by name; `what` names the row in a corrupt one's error.
pub(super) struct Columns<'r> {
    row: &'r AnyRow,
    what: &'r str,
}

impl<'r> Columns<'r> {
    /// The columns of `row`, a row of `what` ("job", "hybrid app … of acme").
    pub(super) fn of(row: &'r AnyRow, what: &'r str) -> Self {
        Self { row, what }
    }

    /// Column `column` as it is stored.
    pub(super) fn get<T>(&self, column: &str) -> Result<T, StoreError>
    where
        T: Decode<'r, Any> + Type<Any>,
    {
        Ok(self.row.try_get(column)?)
    }

    /// Text column `column` parsed by `parse` (a domain type's parser).
    pub(super) fn parsed<T, P: Parsed<T>>(
        &self,
        column: &str,
        parse: impl FnOnce(&str) -> P,
    ) -> Result<T, StoreError> {
        let raw: String = self.get(column)?;
        parse(&raw)
            .or_reason()
            .map_err(|reason| self.corrupt(column, &raw, reason))
    }

    /// Like [`Columns::parsed`] for a nullable column.
    pub(super) fn parsed_opt<T, P: Parsed<T>>(
        &self,
        column: &str,
        parse: impl FnOnce(&str) -> P,
    ) -> Result<Option<T>, StoreError> {
        let raw: Option<String> = self.get(column)?;
        raw.map(|raw| {
            parse(&raw)
                .or_reason()
                .map_err(|reason| self.corrupt(column, &raw, reason))
        })
        .transpose()
    }

    /// JSON text column `column`, deserialized (a refused document is not quoted: it may be
    /// long).
    pub(super) fn json<T: DeserializeOwned>(&self, column: &str) -> Result<T, StoreError> {
        let raw: String = self.get(column)?;
        serde_json::from_str(&raw)
            .map_err(|e| StoreError::Corrupt(format!("{}: {column}: {e}", self.what)))
    }

    fn corrupt(&self, column: &str, raw: &str, reason: String) -> StoreError {
        StoreError::Corrupt(format!("{}: {column} {raw:?}: {reason}", self.what))
    }
}
