use super::*;
use serde_json::json;

fn map(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("object")
}

#[test]
fn a_custom_theme_becomes_inline_css_with_its_variables_resolved() {
    let theme = map(json!({
        "_variables": {"@brand": "#aa0000"},
        "backgroundColor": "#fefefe", "color": "@brand", "fontFamily": "'Acme Sans', Arial",
        "dataColors": {"primaryColor": "@brand"}
    }));
    let css = custom_css(&theme);
    assert_eq!(
        css,
        "body{background-color:#fefefe;color:#aa0000;font-family:'Acme Sans', Arial;}\
         #qlik-sheet-title,th{color:#aa0000;}"
    );
}

#[test]
fn values_that_could_leave_the_declaration_are_dropped() {
    for bad in ["red;}</style><script>", "url(x){}", "@missing", ""] {
        let theme = map(json!({ "color": bad }));
        assert_eq!(custom_css(&theme), "body{}", "{bad}");
    }
}

#[test]
fn labels_follow_the_primary_subtag_and_tags_must_be_well_formed() {
    let mut look = Look::default();
    assert_eq!(look.theme, "horizon");
    for (lang, want) in [
        ("de-DE", "Keine Daten geladen"),
        ("fr", "Aucune donnée chargée"),
        ("es-ES", "No hay datos cargados"),
        ("ja-JP", "No data loaded"),
    ] {
        look.lang = lang.to_owned();
        assert_eq!(look.text(Label::NoData), want, "{lang}");
    }
    assert!(well_formed("zh-TW") && !well_formed("en\"><x") && !well_formed(""));
    let (sense, card) = (
        built_in("sense").expect("sense"),
        built_in("card").expect("card"),
    );
    assert_ne!(sense.style(), card.style());
    assert!(built_in("nope").is_none());
}
