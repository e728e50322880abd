//! The custom themes a customer's tenant should hold: every theme its template versions ship
//! (each enabled module at its target version), uploaded or replaced when the tenant holds
//! another archive, removed when no version ships it any more. Only themes the hub uploaded
//! are ever removed.

use super::{PlanError, Step};
use crate::domain::{ModuleKey, ThemeName};
use crate::store::{ModuleVersion, Observed, VersionTheme};
use std::collections::BTreeMap;

/// The themes `targets` ship, by name. Two modules shipping different archives under one
/// name cannot both be on the tenant (Qlik keys themes by `qextFilename`): refused.
pub fn desired(
    targets: &BTreeMap<ModuleKey, ModuleVersion>,
) -> Result<BTreeMap<ThemeName, (ModuleKey, VersionTheme)>, PlanError> {
    let mut themes: BTreeMap<ThemeName, (ModuleKey, VersionTheme)> = BTreeMap::new();
    for (module, version) in targets {
        for theme in &version.themes {
            match themes.get(&theme.name) {
                Some((other, held)) if held.sha256 != theme.sha256 => {
                    return Err(PlanError::ThemeConflict {
                        theme: theme.name.clone(),
                        first: other.clone(),
                        second: module.clone(),
                    });
                }
                Some(_) => {}
                None => {
                    themes.insert(theme.name.clone(), (module.clone(), theme.clone()));
                }
            }
        }
    }
    Ok(themes)
}

/// The steps that make the tenant's hub-uploaded themes equal `desired`.
pub fn steps(
    desired: &BTreeMap<ThemeName, (ModuleKey, VersionTheme)>,
    o: &Observed,
    steps: &mut Vec<Step>,
) {
    for (name, (_, theme)) in desired {
        let held = o.themes.get(name).map(|h| h.sha256.as_str());
        if held != Some(theme.sha256.as_str()) {
            steps.push(Step::Theme {
                name: name.clone(),
                sha256: theme.sha256.clone(),
            });
        }
    }
    for name in o.themes.keys() {
        if !desired.contains_key(name) {
            steps.push(Step::RemoveTheme { name: name.clone() });
        }
    }
}
