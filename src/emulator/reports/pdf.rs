//! The PDF of a sheet export: the sheet's title, the app's name, the selections applied and a
//! table of the rows the user reads, on A4 pages in the base-14 Helvetica fonts (WinAnsi
//! encoded, so no font is embedded and the text stays extractable). Qlik renders the sheet's
//! charts as images; the emulator has no charts to draw, so it prints their data.

use super::selections::Selected;
use crate::emulator::state::DataTable;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// What the exported sheet shows.
pub struct SheetExport<'a> {
    pub title: &'a str,
    pub app_name: &'a str,
    pub selected: &'a Selected,
    pub tables: &'a [DataTable],
}

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 40.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// Text as WinAnsiEncoding bytes: Latin-1 maps as is, a few typographic characters to their
/// WinAnsi codes, anything else to `?` (the base-14 fonts have no other glyphs).
pub fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            c if c.is_whitespace() || c.is_control() => b' ',
            _ => b'?',
        })
        .collect()
}

/// `text` cut to what fits `width` points at `size` (Helvetica averages about half an em per
/// character), with `...` where it was cut.
fn fit(text: &str, width: f32, size: f32) -> String {
    let max = ((width / (size * 0.55)) as usize).max(4);
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max - 3).collect();
    format!("{kept}...")
}

/// Pages being written: one content stream each, and where the next line goes.
struct Pages {
    done: Vec<Content>,
    current: Content,
    y: f32,
}

impl Pages {
    fn new() -> Self {
        Self {
            done: Vec::new(),
            current: Content::new(),
            y: HEIGHT - MARGIN,
        }
    }

    /// Moves down by `height`, starting a new page when the line would not fit.
    fn advance(&mut self, height: f32) {
        if self.y - height < MARGIN {
            let full = std::mem::replace(&mut self.current, Content::new());
            self.done.push(full);
            self.y = HEIGHT - MARGIN;
        }
        self.y -= height;
    }

    fn text(&mut self, x: f32, font: Name<'_>, size: f32, text: &str) {
        self.current.begin_text();
        self.current.set_font(font, size);
        self.current.next_line(x, self.y);
        self.current.show(Str(&win_ansi(text)));
        self.current.end_text();
    }

    fn line(&mut self, font: Name<'_>, size: f32, text: &str) {
        self.advance(size * 1.5);
        self.text(MARGIN, font, size, &fit(text, WIDTH - 2.0 * MARGIN, size));
    }

    /// A table row: one cell per column, in equal columns across the page.
    fn row(&mut self, font: Name<'_>, cells: &[String]) {
        const SIZE: f32 = 9.0;
        self.advance(SIZE * 1.6);
        let width = (WIDTH - 2.0 * MARGIN) / cells.len().max(1) as f32;
        for (i, cell) in cells.iter().enumerate() {
            let x = MARGIN + i as f32 * width;
            self.text(x, font, SIZE, &fit(cell, width - 4.0, SIZE));
        }
    }

    fn finish(mut self) -> Vec<Content> {
        self.done.push(self.current);
        self.done
    }
}

/// The sheet export as a PDF file.
pub fn render(sheet: &SheetExport<'_>) -> Vec<u8> {
    let mut pages = Pages::new();
    pages.line(BOLD, 18.0, sheet.title);
    pages.line(REGULAR, 11.0, sheet.app_name);
    if !sheet.selected.is_empty() {
        let applied: Vec<String> = sheet
            .selected
            .iter()
            .map(|(field, values)| format!("{field} = {}", values.join(", ")))
            .collect();
        pages.line(REGULAR, 9.0, &format!("Selections: {}", applied.join("; ")));
    }
    if sheet.tables.is_empty() {
        pages.line(REGULAR, 11.0, "No data loaded");
    }
    for table in sheet.tables {
        pages.advance(8.0);
        pages.line(BOLD, 12.0, &table.name);
        pages.row(BOLD, &table.columns);
        for row in &table.rows {
            pages.row(REGULAR, row);
        }
    }
    write(sheet.title, pages.finish())
}

/// The document: catalog, page tree, the two fonts, the info dictionary, then a page and its
/// content stream per page.
fn write(title: &str, contents: Vec<Content>) -> Vec<u8> {
    let (catalog, tree, regular, bold, info) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
    );
    let page_ids: Vec<(Ref, Ref)> = (0..contents.len() as i32)
        .map(|i| (Ref::new(6 + 2 * i), Ref::new(7 + 2 * i)))
        .collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(page_ids.len() as i32);
    for (font, base) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        pdf.type1_font(font)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("oem-hub Qlik Cloud emulator"));
    for ((page_id, content_id), content) in page_ids.iter().zip(contents) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT))
            .parent(tree)
            .contents(*content_id);
        let mut resources = page.resources();
        resources.fonts().pair(REGULAR, regular).pair(BOLD, bold);
        resources.finish();
        page.finish();
        pdf.stream(*content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(pdf: &[u8]) -> (usize, String) {
        let doc = lopdf::Document::load_mem(pdf).expect("a PDF lopdf reads");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        (pages.len(), doc.extract_text(&pages).expect("text"))
    }

    #[test]
    fn the_sheet_title_app_and_rows_are_extractable_text() {
        let tables = vec![DataTable {
            name: "Orders".into(),
            columns: vec!["REGION".into(), "product".into()],
            rows: vec![vec!["NORTH".into(), "Caf\u{e9} cr\u{e8}me".into()]],
        }];
        let selected = vec![("REGION".to_owned(), vec!["NORTH".to_owned()])];
        let pdf = render(&SheetExport {
            title: "Sales overview",
            app_name: "Sales",
            selected: &selected,
            tables: &tables,
        });
        let (pages, text) = text_of(&pdf);
        assert_eq!(pages, 1);
        for want in [
            "Sales overview",
            "Sales",
            "Selections: REGION = NORTH",
            "Orders",
            "product",
            "Café crème",
        ] {
            assert!(text.contains(want), "{want:?} in {text:?}");
        }
    }

    #[test]
    fn long_tables_flow_onto_more_pages() {
        let rows = (0..200).map(|i| vec![format!("row {i}")]).collect();
        let tables = vec![DataTable {
            name: "T".into(),
            columns: vec!["c".into()],
            rows,
        }];
        let pdf = render(&SheetExport {
            title: "S",
            app_name: "A",
            selected: &vec![],
            tables: &tables,
        });
        let (pages, text) = text_of(&pdf);
        assert!(pages > 1, "{pages}");
        assert!(text.contains("row 0") && text.contains("row 199"));
    }

    #[test]
    fn encoding_and_fitting_table() {
        assert_eq!(
            win_ansi("a€é\u{4e2d}\n"),
            vec![b'a', 0x80, 0xe9, b'?', b' ']
        );
        assert_eq!(fit("short", 100.0, 10.0), "short");
        assert_eq!(fit(&"x".repeat(50), 55.0, 10.0), "xxxxxxx...");
    }
}
