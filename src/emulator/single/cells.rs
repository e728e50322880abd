//! A sheet's visualizations on the embedding page. The emulated tenant has no extensions
//! installed, so an extension's object shows Qlik's "Visualization not found" error.

use super::escape_html;
use crate::emulator::state::Sheet;

/// The sheet's objects as HTML, one `<div class="qlik-object">` each.
pub fn html(sheet: &Sheet) -> String {
    sheet
        .cells
        .iter()
        .map(|cell| {
            let kind = escape_html(&cell.object_type);
            let name = escape_html(&cell.name);
            if crate::domain::is_extension_type(&cell.object_type) {
                format!(
                    "<div class=\"qlik-object\" data-object=\"{name}\" data-type=\"{kind}\" data-error=\"visualization-not-found\">Visualization not found: {kind}</div>"
                )
            } else {
                format!(
                    "<div class=\"qlik-object\" data-object=\"{name}\" data-type=\"{kind}\">{kind}</div>"
                )
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::state::Cell;

    #[test]
    fn extension_objects_are_not_found() {
        let sheet = Sheet {
            id: "s".into(),
            title: "S".into(),
            cells: vec![
                Cell {
                    name: "a".into(),
                    object_type: "barchart".into(),
                },
                Cell {
                    name: "b".into(),
                    object_type: "<x>".into(),
                },
            ],
        };
        let html = html(&sheet);
        assert!(
            html.contains("data-type=\"barchart\">barchart</div>"),
            "{html}"
        );
        assert!(
            html.contains(
                "data-error=\"visualization-not-found\">Visualization not found: &lt;x&gt;"
            ),
            "{html}"
        );
    }
}
