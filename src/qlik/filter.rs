//! Building the RFC 7644 `filter` query parameter of Qlik's users and groups lists, the only
//! way those lists select by attribute (they have no `subject=` or `email=` parameters).

/// `value` as a filter string literal: quoted, with `"` and `\` escaped (JSON string syntax, as
/// RFC 7644 §3.4.2.2 defines it), so no subject can end the literal and add a condition.
pub fn filter_value(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}

/// `attribute eq "value"`, URL-encoded as the `filter` parameter (`filter=…`).
pub fn eq_filter_query(attribute: &str, value: &str) -> String {
    let filter = format!("{attribute} eq {}", filter_value(value));
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("filter", &filter)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_and_escaped() {
        let cases = [
            ("oemhub:acme:u1", r#""oemhub:acme:u1""#),
            (r#"a" or subject co "x"#, r#""a\" or subject co \"x""#),
            (r"back\slash", r#""back\\slash""#),
            ("", r#""""#),
        ];
        for (value, want) in cases {
            assert_eq!(filter_value(value), want, "{value}");
        }
    }

    #[test]
    fn queries_are_url_encoded() {
        assert_eq!(
            eq_filter_query("subject", "oemhub:acme:a b"),
            "filter=subject+eq+%22oemhub%3Aacme%3Aa+b%22"
        );
    }
}
