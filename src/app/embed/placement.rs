//! Where the module starts and what it remembers in the host page's address: the sheet asked
//! for, deep-linked or first in the menu; and the sheet shown, written back as a deep link.

use super::deep_link::DeepLink;
use super::sign_in::{Problem, ProblemCode};
use crate::api::{MenuModule, MenuSheet};

/// The sheet to open first: the one asked for (refused when it is not in the menu), else the
/// deep link, else the first in the menu.
pub fn first_sheet(
    modules: &[MenuModule],
    asked: Option<(&str, &str)>,
    linked: Option<DeepLink>,
) -> Result<(String, MenuSheet), Problem> {
    if let Some((module, sheet)) = asked {
        return find(modules, module, sheet).ok_or_else(|| not_in_menu(module, sheet));
    }
    linked
        .and_then(|l| find(modules, &l.module, &l.sheet))
        .or_else(|| {
            let m = modules.iter().find(|m| !m.sheets.is_empty())?;
            Some((m.key.to_string(), m.sheets[0].clone()))
        })
        .ok_or_else(|| {
            Problem::new(
                ProblemCode::EmptyMenu,
                "No analytics are available to you yet.".to_owned(),
            )
        })
}

/// Sheet `sheet` of module `module`, when the menu has it.
pub fn find(modules: &[MenuModule], module: &str, sheet: &str) -> Option<(String, MenuSheet)> {
    let m = modules.iter().find(|m| m.key.as_str() == module)?;
    let s = m.sheets.iter().find(|s| s.id.as_str() == sheet)?;
    Some((m.key.to_string(), s.clone()))
}

/// The refusal of a sheet outside the user's menu.
pub fn not_in_menu(module: &str, sheet: &str) -> Problem {
    Problem::new(
        ProblemCode::NotInMenu,
        format!("Sheet {sheet} of module {module} is not available to you."),
    )
}

/// The modules whose section access gives the user no row, with the hub's reason.
pub fn denials(modules: &[MenuModule]) -> Vec<(String, String)> {
    modules
        .iter()
        .filter_map(|m| Some((m.key.to_string(), m.access_denied.clone()?)))
        .collect()
}

/// The deep link in the host page's address, if any.
pub fn linked() -> Option<DeepLink> {
    let search = web_sys::window()?.location().search().ok()?;
    DeepLink::from_query(&search)
}

/// Puts the sheet into the host page's address without a reload.
pub fn remember(module: &str, sheet: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search), Ok(hash)) =
        (location.pathname(), location.search(), location.hash())
    else {
        return;
    };
    let link = DeepLink {
        module: module.to_owned(),
        sheet: sheet.to_owned(),
    };
    let url = format!("{path}{}{hash}", link.into_query(&search));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
