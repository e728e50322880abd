//! Tables for the webhook body rules: URLs, secrets, header maps, filters and the whole
//! webhook check, each refusal naming its field.

use super::*;

fn pairs(list: &[(&str, &str)]) -> HeaderList {
    HeaderList(
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

#[test]
fn urls_must_be_https_on_a_domain_name() {
    for (text, ok) in [
        ("https://hooks.example.com/qlik", true),
        ("https://hooks.example.com:8443/in?x=1", true),
        ("https://localhost:4433", true),
        ("https://receiver.localhost", true),
        ("http://hooks.example.com/qlik", false),
        ("https://10.0.0.7/qlik", false),
        ("https://[::1]:8443/", false),
        ("https://intranet/qlik", false),
        ("ftp://hooks.example.com", false),
        ("hooks.example.com", false),
        ("", false),
    ] {
        let got = url(text);
        assert_eq!(got.is_ok(), ok, "{text}: {got:?}");
        if let Err(m) = got {
            assert!(m.starts_with("url: "), "{m}");
        }
    }
}

#[test]
fn secrets_have_32_to_64_characters() {
    for (len, ok) in [
        (0, false),
        (10, false),
        (31, false),
        (32, true),
        (64, true),
        (65, false),
    ] {
        let got = secret(&"s".repeat(len));
        assert_eq!(got.is_ok(), ok, "{len}: {got:?}");
    }
    // Characters, not bytes.
    assert!(secret(&"é".repeat(40)).is_ok());
}

#[test]
fn header_maps_refuse_duplicates_reserved_names_and_size() {
    for (list, wanted) in [
        (vec![("X-Team", "a"), ("X-Env", "b")], None),
        (
            vec![("X-Team", "a"), ("x-team", "b")],
            Some("duplicate header x-team"),
        ),
        (
            vec![("X-Team", "a"), ("X-Team", "b")],
            Some("duplicate header X-Team"),
        ),
        (
            vec![("Qlik-Signature", "forged")],
            Some("set by the webhook service"),
        ),
        (
            vec![("Content-Type", "text/plain")],
            Some("set by the webhook service"),
        ),
        (vec![("bad name", "a")], Some("not a valid header name")),
        (vec![("X-Line", "a\nb")], Some("not a valid header value")),
    ] {
        let got = header_map("headers", pairs(&list));
        match wanted {
            None => assert_eq!(got.map(|m| m.len()), Ok(list.len())),
            Some(text) => {
                let m = got.expect_err(text);
                assert!(m.starts_with("headers: ") && m.contains(text), "{m}");
            }
        }
    }
    let big = "v".repeat(MAX_HEADER_BYTES);
    let m = header_map("encryptedHeaders", pairs(&[("X-Big", &big)])).expect_err("too big");
    assert!(
        m.starts_with("encryptedHeaders: ") && m.contains("2048"),
        "{m}"
    );
}

#[test]
fn duplicate_keys_survive_parsing_to_be_refused() {
    let body: Body = parse(br#"{"name":"n","headers":{"X-A":"1","X-A":"2"}}"#).expect("a body");
    assert_eq!(body.headers.map(|h| h.0.len()), Some(2));
    let m = parse::<Body>(br#"{"name":5}"#).expect_err("a number");
    assert!(m.starts_with("name: "), "{m}");
    let m = parse::<Body>(br#"{"headers":{"X-A":1}}"#).expect_err("a number");
    assert!(m.starts_with("headers"), "{m}");
}

#[test]
fn filters_take_qliks_attributes_and_operators() {
    let reload = [APP_RELOAD_FINISHED.to_owned()];
    let both = [
        APP_RELOAD_FINISHED.to_owned(),
        "com.qlik.v1.app.created".to_owned(),
    ];
    for (text, types, ok) in [
        (r#"data.status eq "error""#, &reload[..], true),
        (
            r#"data.status ne "ok" and spaceId eq "s1""#,
            &reload[..],
            true,
        ),
        (r#"topLevelResourceId eq "a" or id ne "b""#, &both[..], true),
        (r#"data.status eq "error""#, &both[..], false),
        (r#"data.status eq "failed""#, &reload[..], false),
        (r#"name eq "x""#, &reload[..], false),
        (r#"spaceId co "x""#, &reload[..], false),
        (r#"not (spaceId eq "x")"#, &reload[..], false),
        (r#"spaceId eq x"#, &reload[..], false),
    ] {
        let got = filter(text, types);
        assert_eq!(got.is_ok(), ok, "{text}: {got:?}");
        if let Err(m) = got {
            assert!(m.starts_with("filter: "), "{m}");
        }
    }
}

fn hook() -> EmuWebhook {
    let now = chrono::Utc::now();
    EmuWebhook {
        name: "n".into(),
        url: "https://hooks.example.com".into(),
        event_types: vec![APP_RELOAD_FINISHED.into()],
        level: "tenant".into(),
        ..EmuWebhook::new("w".into(), "api".into(), "u", now)
    }
}

#[test]
fn a_whole_webhook_is_checked_field_by_field() {
    assert_eq!(check(&hook()), Ok(()));
    let cases: [(fn(&mut EmuWebhook), &str); 7] = [
        (|h| h.name = " ".into(), "name: "),
        (|h| h.url = "http://x.example".into(), "url: "),
        (
            |h| h.event_types = vec!["com.qlik.v1.nope".into()],
            "eventTypes: ",
        ),
        (|h| h.secret = Some("short".into()), "secret: "),
        (|h| h.level = "space".into(), "level: "),
        (|h| h.origin = "cli".into(), "origin: "),
        (
            |h| {
                h.headers.insert("X-A".into(), "1".into());
                h.encrypted_headers.insert("x-a".into(), "2".into());
            },
            "encryptedHeaders: ",
        ),
    ];
    for (change, field) in cases {
        let mut h = hook();
        change(&mut h);
        let m = check(&h).expect_err(field);
        assert!(m.starts_with(field), "{field}: {m}");
    }
}
