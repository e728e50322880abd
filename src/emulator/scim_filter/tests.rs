use super::*;

const USERS: Allowed<'static> = &[
    ("id", &[Op::Eq]),
    ("subject", &[Op::Eq, Op::Co]),
    ("name", &[Op::Eq, Op::Co]),
    ("status", &[Op::Eq]),
    ("assignedGroups.id", &[Op::Eq]),
];

fn user(attribute: &str) -> Vec<String> {
    match attribute {
        "id" => vec!["u1".into()],
        "subject" => vec!["oemhub:acme:Alice \"A\"".into()],
        "name" => vec!["Alice".into()],
        "status" => vec!["active".into()],
        "assignedgroups.id" => vec!["g1".into(), "g2".into()],
        _ => vec![],
    }
}

#[test]
fn filters_match_as_rfc_7644_says() {
    let cases = [
        (r#"id eq "u1""#, true),
        (r#"ID EQ "U1""#, true),
        (r#"id eq "u2""#, false),
        (r#"subject eq "oemhub:acme:Alice \"A\"""#, true),
        (r#"subject eq "oemhub:acme:alice""#, false),
        (r#"subject co "acme""#, true),
        (r#"name eq "Bob" or name eq "alice""#, true),
        (r#"name eq "Bob" and id eq "u1""#, false),
        (
            r#"(name eq "Bob" or name eq "Alice") and (status eq "active" or status eq "disabled")"#,
            true,
        ),
        (r#"not (id eq "u1")"#, false),
        (r#"assignedGroups.id eq "g2""#, true),
        (r#"assignedGroups.id eq "g3""#, false),
    ];
    for (text, want) in cases {
        let filter = Filter::parse(text, USERS).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(filter.matches(&user), want, "{text}");
    }
}

#[test]
fn bad_filters_are_refused_with_the_cause() {
    let cases = [
        (r#"email eq "a@b.c""#, "cannot be filtered"),
        (r#"id co "u""#, "not supported"),
        (r#"id gt "u""#, "unsupported operator"),
        (r#"id eq u1"#, "quoted value"),
        (r#"id eq "u1"#, "unterminated"),
        (r#"(id eq "u1""#, "expected )"),
        (r#"id eq "u1" id eq "u2""#, "unexpected"),
        ("", "expected an attribute"),
    ];
    for (text, want) in cases {
        let error = Filter::parse(text, USERS).expect_err(text);
        assert!(error.contains(want), "{text}: {error}");
    }
}

#[test]
fn quoted_values_read_back_as_themselves() {
    for value in ["plain", "with \"quotes\"", "back\\slash", "oemhub:acme:ü 1"] {
        let text = format!("subject eq {}", crate::qlik::filter_value(value));
        let filter = Filter::parse(&text, USERS).expect("parses");
        assert_eq!(
            filter,
            Filter::Compare {
                attribute: "subject".into(),
                op: Op::Eq,
                value: value.into()
            }
        );
    }
}
