//! Scenario steps of the Themes API: a theme uploaded as a form, refused again by its
//! `qextFilename`, listed, read, replaced, downloaded (whole and one file) and deleted.

use super::NOPE;
use crate::fidelity::shapes::run::{Step, err, ok};
use oem_hub::qlik::theme_form;
use oem_hub::theme_archive::pack;

const THEMES: &str = "/api/v1/themes";
const THEME: &str = "/api/v1/themes/{id}";
const FILE: &str = "/api/v1/themes/{id}/file";
const ONE_FILE: &str = "/api/v1/themes/{id}/file/{*filepath}";

fn zip() -> Vec<u8> {
    let files = vec![
        (
            "shapes/shapes.qext".to_owned(),
            br#"{"name": "Shapes", "type": "theme", "version": "1.0.0"}"#.to_vec(),
        ),
        (
            "shapes/theme.json".to_owned(),
            br##"{"color": "#123456"}"##.to_vec(),
        ),
    ];
    pack(&files).expect("zip")
}

/// Every step of the themes routes.
pub fn steps() -> Vec<Step> {
    let form = || theme_form(&zip(), "shapes-boundary");
    vec![
        ok("POST", THEMES, THEMES)
            .form(form())
            .capture("theme", "/id"),
        err("POST", THEMES, THEMES).form(form()),
        ok("GET", THEMES, THEMES),
        err("GET", THEMES, THEMES).anonymous(),
        ok("GET", THEME, "/api/v1/themes/{theme}"),
        err("GET", THEME, &format!("/api/v1/themes/{NOPE}")),
        ok("PATCH", THEME, "/api/v1/themes/{theme}").form(form()),
        err("PATCH", THEME, &format!("/api/v1/themes/{NOPE}")).form(form()),
        ok("GET", FILE, "/api/v1/themes/{theme}/file"),
        err("GET", FILE, &format!("/api/v1/themes/{NOPE}/file")),
        ok("GET", ONE_FILE, "/api/v1/themes/{theme}/file/theme.json"),
        err("GET", ONE_FILE, "/api/v1/themes/{theme}/file/missing.css"),
        ok("DELETE", THEME, "/api/v1/themes/{theme}"),
        err("DELETE", THEME, "/api/v1/themes/{theme}"),
    ]
}
