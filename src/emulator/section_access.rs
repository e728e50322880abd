//! Section Access applied when a user opens an app, as Qlik's engine does: who the access table
//! lets in, and which rows of the app's data each user reads (reduction, OMIT, strict exclusion).
//!
//! Rules, from help.qlik.com ("Managing data security with Section Access", "Dynamic data
//! reduction") and Qlik's support article "Section Access: Strict Exclusion":
//! * a row applies to a user when its USERID is the user's subject or `*` and its GROUP is one
//!   of the user's groups or `*` (a missing column does not restrict); no row → access denied;
//! * a reduction column links to the data field of exactly its (upper-case) name, and its
//!   values select the data values that are exactly equal: section access upper-cases its
//!   names and values, so a data field must be upper case, names and values, to link;
//! * `*` in a reduction column is every value the access table lists in that column;
//! * strict exclusion (always on in Qlik Sense): a USER whose values match none of the field's
//!   data values is denied; an ADMIN is exempt and then sees the field unreduced;
//! * rows of other tables are reduced through the fields they share with reduced tables.

#[cfg(test)]
mod tests;

use super::state::{DataTable, Identity};
use std::collections::BTreeSet;

/// The access table's system fields: every other column is a reduction field.
const SYSTEM_FIELDS: [&str; 10] = [
    "ACCESS",
    "USERID",
    "GROUP",
    "OMIT",
    "PASSWORD",
    "SERIAL",
    "NTNAME",
    "NTDOMAINSID",
    "NTSID",
    "USER.EMAIL",
];

/// Why a user cannot open an app: the engine's `LOCERR_GENERIC_ACCESS_DENIED`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// No row of the access table applies to the user.
    NotListed,
    /// The user's values match no data value of a reduction field (strict exclusion).
    NoData,
}

/// The engine's error code for a denied app (`LOCERR_GENERIC_ACCESS_DENIED`).
pub const ACCESS_DENIED_CODE: i64 = 5;

/// What `who` reads of an app holding `data` and, if its script had one, `access`: the tables
/// reduced for them, or why they may not open the app. Without section access: all of it.
pub fn visible_data(
    access: Option<&DataTable>,
    data: &[DataTable],
    who: &Identity,
) -> Result<Vec<DataTable>, Denied> {
    let Some(access) = access else {
        return Ok(data.to_vec());
    };
    let rows = applying_rows(access, who);
    if rows.is_empty() {
        return Err(Denied::NotListed);
    }
    let column = |name: &str| access.columns.iter().position(|c| c == name);
    let admin = column("ACCESS").is_some_and(|a| rows.iter().any(|r| cell(r, a) == "ADMIN"));
    let mut tables = data.to_vec();
    let mut reduced = Vec::new();
    for (i, field) in access.columns.iter().enumerate() {
        if SYSTEM_FIELDS.contains(&field.as_str()) {
            continue;
        }
        // A field the data model does not have links to nothing and reduces nothing.
        if !tables.iter().any(|t| t.columns.contains(field)) {
            continue;
        }
        let in_data = values_of(&tables, field);
        let allowed = allowed_values(access, i, &rows);
        if allowed.is_disjoint(&in_data) {
            if admin {
                continue;
            }
            return Err(Denied::NoData);
        }
        for (index, table) in tables.iter_mut().enumerate() {
            if let Some(at) = table.columns.iter().position(|c| c == field) {
                table
                    .rows
                    .retain(|row| row.get(at).is_some_and(|v| allowed.contains(v)));
                reduced.push(index);
            }
        }
    }
    associate(&mut tables, reduced);
    if let Some(omit) = column("OMIT") {
        let omitted: BTreeSet<&str> = rows.iter().map(|r| cell(r, omit)).collect();
        for table in &mut tables {
            omit_fields(table, &omitted);
        }
    }
    Ok(tables)
}

/// The rows of `access` that apply to `who` (names and values upper case, like the table).
fn applying_rows<'a>(access: &'a DataTable, who: &Identity) -> Vec<&'a Vec<String>> {
    let column = |name: &str| access.columns.iter().position(|c| c == name);
    let (userid, group) = (column("USERID"), column("GROUP"));
    if userid.is_none() && group.is_none() {
        return Vec::new();
    }
    let subject = who.subject.to_uppercase();
    let groups: Vec<String> = who.groups.iter().map(|g| g.to_uppercase()).collect();
    access
        .rows
        .iter()
        .filter(|row| {
            let user_ok = userid.is_none_or(|u| cell(row, u) == "*" || cell(row, u) == subject);
            let group_ok = group.is_none_or(|g| {
                let value = cell(row, g);
                value == "*" || groups.iter().any(|mine| mine == value)
            });
            user_ok && group_ok
        })
        .collect()
}

/// The values of reduction column `i` that `rows` grant: `*` is every value the column lists.
fn allowed_values(access: &DataTable, i: usize, rows: &[&Vec<String>]) -> BTreeSet<String> {
    let listed = || {
        access
            .rows
            .iter()
            .map(|r| cell(r, i))
            .filter(|v| *v != "*" && !v.is_empty())
            .map(str::to_owned)
    };
    let mut allowed = BTreeSet::new();
    for row in rows {
        match cell(row, i) {
            "*" => allowed.extend(listed()),
            "" => {}
            value => {
                allowed.insert(value.to_owned());
            }
        }
    }
    allowed
}

/// Every value of `field` in the tables that have it.
fn values_of(tables: &[DataTable], field: &str) -> BTreeSet<String> {
    let mut values = BTreeSet::new();
    for table in tables {
        if let Some(at) = table.columns.iter().position(|c| c == field) {
            values.extend(table.rows.iter().filter_map(|r| r.get(at).cloned()));
        }
    }
    values
}

/// Carries the reduction to the tables linked to reduced ones through a shared field (the
/// associative model links tables by field name), outward from the reduced tables; a
/// circular model, which Qlik warns against, is reduced along the first path found.
fn associate(tables: &mut [DataTable], reduced: Vec<usize>) {
    let mut visited: BTreeSet<usize> = reduced.iter().copied().collect();
    let mut queue: std::collections::VecDeque<usize> = reduced.into_iter().collect();
    while let Some(from) = queue.pop_front() {
        for to in 0..tables.len() {
            if visited.contains(&to) {
                continue;
            }
            let shared: Vec<String> = tables[from]
                .columns
                .iter()
                .filter(|c| tables[to].columns.contains(c))
                .cloned()
                .collect();
            if shared.is_empty() {
                continue;
            }
            for field in shared {
                let keep = values_of(&tables[from..=from], &field);
                let table = &mut tables[to];
                if let Some(at) = table.columns.iter().position(|c| *c == field) {
                    table
                        .rows
                        .retain(|r| r.get(at).is_some_and(|v| keep.contains(v)));
                }
            }
            visited.insert(to);
            queue.push_back(to);
        }
    }
}

/// Cell `i` of an access-table row (the inline parser gives every row the header's width).
fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", String::as_str)
}

/// Removes the `omitted` fields (OMIT column values, linked by exact name like reduction
/// fields) from `table`.
fn omit_fields(table: &mut DataTable, omitted: &BTreeSet<&str>) {
    let keep: Vec<bool> = table
        .columns
        .iter()
        .map(|c| !omitted.contains(c.as_str()))
        .collect();
    if keep.iter().all(|k| *k) {
        return;
    }
    let pick = |cells: &[String]| -> Vec<String> {
        cells
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c.clone())
            .collect()
    };
    table.columns = pick(&table.columns);
    table.rows = table.rows.iter().map(|r| pick(r)).collect();
}
