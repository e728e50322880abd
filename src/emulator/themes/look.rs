//! How `/single/` dresses a sheet for `theme=` and `lang=` (Single Integration API: "Add a
//! theme definition by stating the theme ID"; `lang` a locale).
//!
//! A theme is found by id or `qextFilename` among the tenant's uploaded themes, else among the
//! built-in ones: `horizon` (Qlik Cloud's default app theme, qlik.dev sense-client-objects
//! `appProperties.theme` default), `sense` (the earlier default), `breeze`, `focus`, `card`.
//! UNCONFIRMED: that list past `horizon` and `sense`, and the built-ins' colours (the
//! emulator's own, chosen only to look different). An unknown theme falls back to `horizon`
//! (UNCONFIRMED: what Qlik shows). A custom theme's `theme.json` top-level `backgroundColor`,
//! `color`, `fontFamily` and `dataColors.primaryColor` (with `@name` references into
//! `_variables`) become inline CSS; `<body data-theme="…">` names the theme applied.
//!
//! Language: `<html lang>` carries the requested tag when it is well formed (else `en`), and
//! the page's own labels are translated for German, French and Spanish (by primary subtag),
//! English otherwise. The emulator's choice: Qlik translates its whole client.

use crate::emulator::state::EmuTenant;
use serde_json::{Map, Value};

/// The built-in themes: id, background, text colour, primary data colour.
const BUILT_IN: &[(&str, &str, &str, &str)] = &[
    ("horizon", "#ffffff", "#404040", "#006580"),
    ("sense", "#ffffff", "#595959", "#4477aa"),
    ("breeze", "#f2f8fc", "#2e3d49", "#1aa6b7"),
    ("focus", "#fafafa", "#1a1a1a", "#8a2be2"),
    ("card", "#f2f2f2", "#333333", "#ff7f0e"),
];

/// The default theme of a Qlik Cloud app.
pub const DEFAULT_THEME: &str = "horizon";

/// The static texts of the embedding pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    NotSignedIn,
    AppNotFound,
    SheetNotFound,
    Forbidden,
    NoData,
}

/// A page's theme and language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look {
    /// The theme applied (`data-theme`).
    pub theme: String,
    /// `<html lang>`.
    pub lang: String,
    css: String,
}

impl Default for Look {
    fn default() -> Self {
        built_in(DEFAULT_THEME).unwrap_or_else(|| Look {
            theme: DEFAULT_THEME.to_owned(),
            lang: "en".to_owned(),
            css: String::new(),
        })
    }
}

fn built_in(id: &str) -> Option<Look> {
    let (id, bg, fg, primary) = BUILT_IN.iter().find(|(b, ..)| *b == id)?;
    Some(Look {
        theme: (*id).to_owned(),
        lang: "en".to_owned(),
        css: css(Some(bg), Some(fg), None, Some(primary)),
    })
}

impl Look {
    /// The look of `theme` and `lang` on `tenant`.
    pub fn resolve(tenant: &EmuTenant, theme: Option<&str>, lang: Option<&str>) -> Self {
        let custom = theme.and_then(|id| {
            tenant
                .themes
                .values()
                .find(|t| t.id == id || t.qext_filename == id)
        });
        let mut look = match (custom, theme) {
            (Some(t), _) => Look {
                theme: t.qext_filename.clone(),
                lang: "en".to_owned(),
                css: custom_css(&t.theme),
            },
            (None, Some(id)) => built_in(id).unwrap_or_default(),
            (None, None) => Look::default(),
        };
        if let Some(lang) = lang.filter(|l| well_formed(l)) {
            look.lang = lang.to_owned();
        }
        look
    }

    /// `<style>` for the page head.
    pub fn style(&self) -> String {
        format!("<style>{}</style>", self.css)
    }

    /// A label in the page's language.
    pub fn text(&self, label: Label) -> &'static str {
        let primary = self.lang.split('-').next().unwrap_or_default();
        let table = match primary.to_ascii_lowercase().as_str() {
            "de" => DE,
            "fr" => FR,
            "es" => ES,
            _ => EN,
        };
        table[label as usize]
    }
}

const EN: [&str; 5] = [
    "You are not signed in",
    "App not found",
    "Sheet not found",
    "You do not have access to this app",
    "No data loaded",
];
const DE: [&str; 5] = [
    "Sie sind nicht angemeldet",
    "App nicht gefunden",
    "Arbeitsblatt nicht gefunden",
    "Sie haben keinen Zugriff auf diese App",
    "Keine Daten geladen",
];
const FR: [&str; 5] = [
    "Vous n'êtes pas connecté",
    "Application introuvable",
    "Feuille introuvable",
    "Vous n'avez pas accès à cette application",
    "Aucune donnée chargée",
];
const ES: [&str; 5] = [
    "No ha iniciado sesión",
    "Aplicación no encontrada",
    "Hoja no encontrada",
    "No tiene acceso a esta aplicación",
    "No hay datos cargados",
];

/// A language tag as `lang` may carry it: letters, digits and `-`, at most 16.
fn well_formed(lang: &str) -> bool {
    !lang.is_empty()
        && lang.len() <= 16
        && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A theme value with `@name` references resolved, when it is safe inside a CSS declaration.
fn value(theme: &Map<String, Value>, raw: Option<&Value>) -> Option<String> {
    let mut text = raw?.as_str()?.to_owned();
    if text.starts_with('@') {
        text = theme.get("_variables")?.get(&text)?.as_str()?.to_owned();
    }
    let safe = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " #,.()%-_'\"".contains(c));
    (safe && !text.is_empty()).then_some(text)
}

fn custom_css(theme: &Map<String, Value>) -> String {
    let bg = value(theme, theme.get("backgroundColor"));
    let fg = value(theme, theme.get("color"));
    let font = value(theme, theme.get("fontFamily"));
    let primary = value(
        theme,
        theme.get("dataColors").and_then(|d| d.get("primaryColor")),
    );
    css(
        bg.as_deref(),
        fg.as_deref(),
        font.as_deref(),
        primary.as_deref(),
    )
}

fn css(bg: Option<&str>, fg: Option<&str>, font: Option<&str>, primary: Option<&str>) -> String {
    let mut body = String::new();
    if let Some(bg) = bg {
        body.push_str(&format!("background-color:{bg};"));
    }
    if let Some(fg) = fg {
        body.push_str(&format!("color:{fg};"));
    }
    if let Some(font) = font {
        body.push_str(&format!("font-family:{font};"));
    }
    let mut css = format!("body{{{body}}}");
    if let Some(primary) = primary {
        css.push_str(&format!("#qlik-sheet-title,th{{color:{primary};}}"));
    }
    css
}

#[cfg(test)]
#[path = "look_tests.rs"]
mod tests;
