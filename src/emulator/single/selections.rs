//! The `select` parameter of the embedding pages: parsed as Qlik writes it, and applied to an
//! app's loaded rows.

use crate::emulator::state::DataTable;

/// Parses `select` values: `field,value[,value…]`, several joined by `;`, an optional
/// `$::` / `state::` prefix naming an alternate state (ignored: the emulator has one state).
pub fn parse_selections(raw: &str) -> Vec<(String, Vec<String>)> {
    raw.split(';')
        .filter_map(|part| {
            let mut items = part.split(',').map(str::trim);
            let field = items.next().filter(|f| !f.is_empty())?;
            let field = field.rsplit_once("::").map_or(field, |(_, f)| f);
            let values: Vec<String> = items.filter(|v| !v.is_empty()).map(str::to_owned).collect();
            (!values.is_empty()).then(|| (field.to_owned(), values))
        })
        .collect()
}

/// Rows of `table` that match every selection on a field the table has.
pub fn filter_rows<'a>(
    table: &'a DataTable,
    selections: &[(String, Vec<String>)],
) -> Vec<&'a Vec<String>> {
    table
        .rows
        .iter()
        .filter(|row| {
            selections.iter().all(|(field, values)| {
                match table.columns.iter().position(|c| c == field) {
                    Some(i) => row.get(i).is_some_and(|v| values.contains(v)),
                    None => true,
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_table() {
        let cases: [(&str, Vec<(&str, Vec<&str>)>); 5] = [
            ("region,North", vec![("region", vec!["North"])]),
            (
                "region,North,South;product,Anvils",
                vec![
                    ("region", vec!["North", "South"]),
                    ("product", vec!["Anvils"]),
                ],
            ),
            ("$::region,North", vec![("region", vec!["North"])]),
            ("region", vec![]),
            ("", vec![]),
        ];
        for (raw, want) in cases {
            let want: Vec<(String, Vec<String>)> = want
                .into_iter()
                .map(|(f, v)| (f.to_owned(), v.into_iter().map(str::to_owned).collect()))
                .collect();
            assert_eq!(parse_selections(raw), want, "{raw}");
        }
    }

    #[test]
    fn filtering_keeps_matching_rows_only() {
        let table = DataTable {
            name: "Orders".into(),
            columns: vec!["region".into(), "amount".into()],
            rows: vec![
                vec!["North".into(), "1".into()],
                vec!["South".into(), "2".into()],
            ],
        };
        let rows = filter_rows(&table, &parse_selections("region,South;unknown,x"));
        assert_eq!(rows, vec![&vec!["South".to_owned(), "2".to_owned()]]);
    }
}
