//! Table tests of the theme steps: a version's theme is uploaded once, replaced when its
//! archive changes, removed when no version ships it; two modules may not disagree on one.

use super::tests::{converged, hub, labels, spec, targets};
use super::*;
use crate::domain::ThemeName;
use crate::store::{ThemeHeld, VersionTheme};

fn theme(name: &str, sha: &str) -> VersionTheme {
    VersionTheme {
        name: ThemeName::parse(name).expect("name"),
        title: name.to_owned(),
        sha256: sha.to_owned(),
        size: 1,
    }
}

fn with_themes(themes: Vec<VersionTheme>) -> BTreeMap<ModuleKey, ModuleVersion> {
    let mut t = targets(1);
    t.values_mut().next().expect("v").themes = themes;
    t
}

fn held(o: &mut Observed, name: &str, sha: &str) {
    let held = ThemeHeld {
        id: crate::domain::ThemeId::parse("th-1").expect("id"),
        sha256: sha.to_owned(),
    };
    o.themes.insert(ThemeName::parse(name).expect("name"), held);
}

fn theme_steps(targets: &BTreeMap<ModuleKey, ModuleVersion>, o: &Observed) -> Vec<String> {
    let steps = plan(&spec(), targets, o, &hub(), &RefreshOffsets::new()).expect("plan");
    labels(&steps)
        .into_iter()
        .filter(|l| l.contains("theme"))
        .collect()
}

#[test]
fn a_versions_themes_are_uploaded_replaced_and_removed() {
    let shipped = with_themes(vec![theme("acme-brand", "aa"), theme("dark", "bb")]);
    let mut o = converged();
    assert_eq!(
        theme_steps(&shipped, &o),
        ["theme acme-brand", "theme dark"]
    );
    held(&mut o, "acme-brand", "aa");
    held(&mut o, "dark", "bb");
    assert!(theme_steps(&shipped, &o).is_empty(), "converged");
    let changed = with_themes(vec![theme("acme-brand", "cc"), theme("dark", "bb")]);
    assert_eq!(theme_steps(&changed, &o), ["theme acme-brand"]);
    let fewer = with_themes(vec![theme("dark", "bb")]);
    assert_eq!(theme_steps(&fewer, &o), ["remove theme acme-brand"]);
    let steps = plan(&spec(), &changed, &o, &hub(), &RefreshOffsets::new()).expect("plan");
    assert!(steps.contains(&Step::Theme {
        name: ThemeName::parse("acme-brand").expect("name"),
        sha256: "cc".to_owned(),
    }));
}

#[test]
fn two_modules_shipping_different_archives_under_one_name_are_refused() {
    let mut t = with_themes(vec![theme("brand", "aa")]);
    let mut other = t.values().next().expect("v").clone();
    other.key = ModuleKey::parse("finance").expect("key");
    t.insert(other.key.clone(), other.clone());
    assert!(
        themes::desired(&t).is_ok(),
        "the same archive twice is one theme"
    );
    other.themes = vec![theme("brand", "bb")];
    t.insert(other.key.clone(), other);
    let err = themes::desired(&t).expect_err("conflict").to_string();
    assert_eq!(
        err,
        "modules: finance and sales ship different themes named brand"
    );
}
