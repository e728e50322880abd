//! Table and property tests of the embed URL builder.

use super::*;
use proptest::prelude::*;

fn base() -> SingleUrl {
    SingleUrl::new(
        Origin::parse("https://acme.eu.qlikcloud.com").expect("origin"),
        AppId::parse("app-1").expect("app"),
        Target::Sheet(SheetId::parse("sheet-1").expect("sheet")),
    )
}

#[test]
fn builds_qliks_single_api_urls() {
    let url = base()
        .opt(Opt::Ctxmenu)
        .opt(Opt::Currsel)
        .opt(Opt::Ctxmenu)
        .select(Selection::new(None, "Region", &["North", "South"]).expect("sel"))
        .select(Selection::new(Some("$"), "Ramo de justiça", &["Estadual"]).expect("sel"))
        .param(Param::Theme, "horizon")
        .param(Param::Identity, "user 1")
        .lang("de-DE")
        .expect("lang")
        .build();
    assert_eq!(
        url,
        "https://acme.eu.qlikcloud.com/single/?appid=app-1&sheet=sheet-1&opt=ctxmenu,currsel\
         &select=Region,North,South&select=%24::Ramo%20de%20justi%C3%A7a,Estadual\
         &theme=horizon&identity=user%201&lang=de-DE"
    );
    let obj = SingleUrl::new(
        Origin::parse("http://acme.us.localhost:3100").expect("origin"),
        AppId::parse("a").expect("app"),
        Target::Object(SheetId::parse("chart-9").expect("obj")),
    )
    .opt(Opt::Nointeraction)
    .build();
    assert_eq!(
        obj,
        "http://acme.us.localhost:3100/single/?appid=a&obj=chart-9&opt=nointeraction"
    );
    assert_eq!(
        sense_sheet_url(
            &Origin::parse("https://acme.eu.qlikcloud.com").expect("origin"),
            &AppId::parse("a").expect("app"),
            &SheetId::parse("s").expect("sheet"),
        ),
        "https://acme.eu.qlikcloud.com/sense/app/a/sheet/s/state/analysis"
    );
}

#[test]
fn refuses_what_qlik_cannot_carry() {
    for (state, field, values) in [
        (None, "", vec!["x"]),
        (None, "F", vec![]),
        (None, "F", vec!["a,b"]),
        (None, "F,G", vec!["a"]),
        (None, "F", vec!["line\nbreak"]),
        (Some(""), "F", vec!["a"]),
        (Some("A::B"), "F", vec!["a"]),
        (None, "S::F", vec!["a"]),
    ] {
        assert!(
            Selection::new(state, field, &values).is_err(),
            "{state:?} {field:?} {values:?}"
        );
    }
    assert!(base().lang("xx").is_err());
    for opt in [
        "currsel",
        "currsel-dark",
        "ctxmenu",
        "noselections",
        "nointeraction",
        "noanimate",
        "debug",
    ] {
        assert_eq!(Opt::parse(opt).expect(opt).as_str(), opt);
    }
    assert!(Opt::parse("fullscreen").is_err());
}

fn text() -> impl Strategy<Value = String> {
    // Any printable text, unicode included, without the separators the syntax reserves.
    "[^,\\p{Cc}]{1,12}".prop_filter("no '::'", |s| !s.contains("::"))
}

proptest! {
    #[test]
    fn a_selection_decodes_back_to_what_was_selected(
        state in proptest::option::of(text()),
        field in text(),
        values in proptest::collection::vec(text(), 1..4),
    ) {
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let selection = Selection::new(state.as_deref(), &field, &refs).expect("valid");
        let url = url::Url::parse(&base().select(selection).build()).expect("a URL");
        let selects: Vec<String> = url
            .query_pairs()
            .filter(|(k, _)| k == "select")
            .map(|(_, v)| v.into_owned())
            .collect();
        let mut want = state.map(|s| format!("{s}::")).unwrap_or_default();
        want.push_str(&field);
        for v in &values {
            want.push(',');
            want.push_str(v);
        }
        prop_assert_eq!(selects, vec![want]);
        prop_assert_eq!(url.query_pairs().filter(|(k, _)| k == "appid").count(), 1);
    }
}
