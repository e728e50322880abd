//! The XLSX of a data export: one worksheet per table the visualization shows (the emulated
//! objects show the app's tables), its header row in bold and then the rows the user reads.
//! Values that are numbers are written as numbers, as Qlik's data export does.

use crate::emulator::state::DataTable;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty, not
/// starting or ending with an apostrophe; `n` (1-based) tells duplicates apart.
pub fn sheet_name(table: &str, n: usize) -> String {
    let clean: String = table
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'');
    let base = if clean.is_empty() { "Data" } else { clean };
    let suffix = if n > 1 {
        format!(" ({n})")
    } else {
        String::new()
    };
    let room = 31 - suffix.chars().count();
    let cut: String = base.chars().take(room).collect();
    format!("{cut}{suffix}")
}

/// A cell value as a number when it is one Excel can hold.
fn as_number(cell: &str) -> Option<f64> {
    let trimmed = cell.trim();
    // "007" and "1e5" stay text: leading zeros and exponents are codes more often than numbers.
    if trimmed.len() > 1 && trimmed.starts_with('0') && !trimmed.starts_with("0.") {
        return None;
    }
    if trimmed.contains(['e', 'E']) {
        return None;
    }
    trimmed.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The tables as an XLSX workbook (a table-less export is one empty `Data` sheet).
pub fn render(tables: &[DataTable]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    if tables.is_empty() {
        workbook.add_worksheet().set_name("Data")?;
    }
    let mut names: Vec<String> = Vec::new();
    for table in tables {
        let mut n = 1;
        let mut name = sheet_name(&table.name, n);
        // Excel compares sheet names case-insensitively.
        while names.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
            n += 1;
            name = sheet_name(&table.name, n);
        }
        names.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        for (col, header) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, header, &bold)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                match as_number(cell) {
                    Some(n) => sheet.write_number(r, col as u16, n)?,
                    None => sheet.write_string(r, col as u16, cell)?,
                };
            }
        }
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn header_and_rows_read_back_with_numbers_as_numbers() {
        let tables = vec![DataTable {
            name: "Orders".into(),
            columns: vec!["REGION".into(), "amount".into(), "code".into()],
            rows: vec![vec!["NORTH".into(), "8150.5".into(), "007".into()]],
        }];
        let bytes = render(&tables).expect("xlsx");
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("readable");
        assert_eq!(book.sheet_names(), ["Orders"]);
        let range = book.worksheet_range("Orders").expect("sheet");
        let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        assert_eq!(
            rows,
            vec![
                vec![
                    Data::String("REGION".into()),
                    Data::String("amount".into()),
                    Data::String("code".into())
                ],
                vec![
                    Data::String("NORTH".into()),
                    Data::Float(8150.5),
                    Data::String("007".into())
                ],
            ]
        );
    }

    #[test]
    fn sheet_names_table() {
        assert_eq!(sheet_name("Orders", 1), "Orders");
        assert_eq!(sheet_name("a/b:c", 1), "a_b_c");
        assert_eq!(sheet_name("''", 1), "Data");
        assert_eq!(sheet_name(&"x".repeat(40), 1).len(), 31);
        assert_eq!(
            sheet_name(&"x".repeat(40), 2),
            format!("{} (2)", "x".repeat(27))
        );
    }

    #[test]
    fn duplicate_and_missing_tables_still_make_a_workbook() {
        let t = |name: &str| DataTable {
            name: name.into(),
            columns: vec!["c".into()],
            rows: vec![],
        };
        let bytes = render(&[t("Orders"), t("orders")]).expect("xlsx");
        let book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("readable");
        assert_eq!(book.sheet_names(), ["Orders", "orders (2)"]);
        let bytes = render(&[]).expect("xlsx");
        let book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("readable");
        assert_eq!(book.sheet_names(), ["Data"]);
    }
}
