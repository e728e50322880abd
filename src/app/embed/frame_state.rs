//! What the host page set on the sheet: selections and a bookmark, carried to a `/single/`
//! frame by Qlik's `select` and `bookmark` parameters. Pure; the commands keep one per page.

use crate::domain::{Selection, encode_value};

/// The host's selections (one per field, in the order made) and bookmark.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrameState {
    selections: Vec<Selection>,
    bookmark: Option<String>,
}

impl FrameState {
    /// Selects `values` in `field`, replacing the field's earlier selection; the reason when
    /// Qlik's URL cannot carry it.
    pub fn select(&mut self, field: &str, values: &[&str]) -> Result<(), String> {
        let selection = Selection::new(None, field, values).map_err(|e| e.0)?;
        self.selections.retain(|s| s.field() != field);
        self.selections.push(selection);
        Ok(())
    }

    /// Clears `field`'s selection, or every selection and the bookmark.
    pub fn clear(&mut self, field: Option<&str>) {
        match field {
            Some(field) => self.selections.retain(|s| s.field() != field),
            None => *self = FrameState::default(),
        }
    }

    /// Applies bookmark `id` (Qlik applies it before the selections).
    pub fn bookmark(&mut self, id: &str) -> Result<(), String> {
        let id = id.trim();
        if id.is_empty() || id.len() > 256 || id.chars().any(char::is_control) {
            return Err("a bookmark id must be 1–256 printable characters".to_owned());
        }
        self.bookmark = Some(id.to_owned());
        Ok(())
    }

    /// The selections, in the order made.
    pub fn selections(&self) -> &[Selection] {
        &self.selections
    }

    /// The bookmark applied, if any.
    pub fn bookmark_id(&self) -> Option<&str> {
        self.bookmark.as_deref()
    }

    /// `url` carrying this state; the reason when it is not a single-API URL (only that form
    /// takes `select` and `bookmark` parameters).
    pub fn apply(&self, url: &str) -> Result<String, String> {
        if self.selections.is_empty() && self.bookmark.is_none() {
            return Ok(url.to_owned());
        }
        // A byte scan, not `str::contains`: its searcher costs the bundle more than this.
        if !url.as_bytes().windows(9).any(|w| w == b"/single/?") {
            return Err("this sheet is not shown through Qlik's single API, which is the one that takes selections and bookmarks".to_owned());
        }
        let mut out = url.to_owned();
        if let Some(id) = &self.bookmark {
            out.push_str(&format!("&bookmark={}", encode_value(id)));
        }
        for selection in &self.selections {
            out.push_str(&format!("&select={}", selection.encode()));
        }
        Ok(out)
    }
}

impl FrameState {
    /// The selections as qlik-embed's `select:json` attribute takes them
    /// (`[{"field":…,"values":[…]}]`), `None` when there are none.
    pub fn select_json(&self) -> Option<String> {
        if self.selections.is_empty() {
            return None;
        }
        let items: Vec<String> = self
            .selections
            .iter()
            .map(|s| {
                let values: Vec<String> = s.values().iter().map(|v| json_string(v)).collect();
                format!(
                    "{{\"field\":{},\"values\":[{}]}}",
                    json_string(s.field()),
                    values.join(",")
                )
            })
            .collect();
        Some(format!("[{}]", items.join(",")))
    }
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: &str = "https://t.example/single/?appid=a1&sheet=s1&opt=currsel";

    #[test]
    fn the_url_carries_selections_and_bookmark() {
        let mut state = FrameState::default();
        assert_eq!(state.apply(SHEET).as_deref(), Ok(SHEET), "no state: as is");
        state.select("Region", &["North", "South"]).expect("select");
        state.select("Year", &["2026"]).expect("select");
        state.select("Region", &["East West"]).expect("reselect");
        state.bookmark("bm-1").expect("bookmark");
        let cases = [
            (
                state.clone(),
                Ok(format!(
                    "{SHEET}&bookmark=bm-1&select=Year,2026&select=Region,East%20West"
                )),
            ),
            (
                {
                    let mut s = state.clone();
                    s.clear(Some("Year"));
                    s
                },
                Ok(format!("{SHEET}&bookmark=bm-1&select=Region,East%20West")),
            ),
            (
                {
                    let mut s = state.clone();
                    s.clear(None);
                    s
                },
                Ok(SHEET.to_owned()),
            ),
        ];
        for (state, want) in cases {
            assert_eq!(state.apply(SHEET), want, "{state:?}");
        }
    }

    #[test]
    fn what_the_url_cannot_carry_is_refused_with_a_reason() {
        let mut state = FrameState::default();
        for (field, values) in [("Region", vec!["a,b"]), ("", vec!["x"]), ("Region", vec![])] {
            let err = state.select(field, &values).expect_err("refused");
            assert!(!err.is_empty(), "{field} {values:?}");
        }
        assert!(state.bookmark(" ").is_err());
        state.select("Region", &["North"]).expect("select");
        let sense = "https://t.example/sense/app/a1/sheet/s1/state/analysis";
        assert!(
            state.apply(sense).is_err(),
            "the app integration form takes none"
        );
    }

    #[test]
    fn selections_as_qlik_embed_json() {
        let mut state = FrameState::default();
        assert_eq!(state.select_json(), None);
        state
            .select("Region", &["North", "Sö\"uth"])
            .expect("select");
        state.select("Year", &["2026"]).expect("select");
        assert_eq!(
            state.select_json().as_deref(),
            Some(
                r#"[{"field":"Region","values":["North","Sö\"uth"]},{"field":"Year","values":["2026"]}]"#
            )
        );
    }
}
