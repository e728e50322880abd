//! The shape check: a JSON value against one shape of the generated fixture, as a list of
//! mismatches each naming its JSON path. Pure, so its own tests show that it can fail.

use serde_json::Value;

/// The JSON kind of `value`, as the fixture names kinds.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every way `value` departs from `shape`: a kind Qlik's type does not allow (notably `null`
/// where it allows a string only), a string outside its literals, a required key missing.
/// Keys Qlik's type does not name are not reported: the emulator may write more.
pub fn check(shape: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(shape, value, "$", &mut out);
    out
}

fn walk(shape: &Value, value: &Value, path: &str, out: &mut Vec<String>) {
    // `any`: `unknown`/`any` in the .d.ts. A cut shape (cycle, depth) is not expanded.
    if shape["any"] == true || shape.get("cut").is_some() {
        return;
    }
    let kinds: Vec<&str> = shape["kinds"]
        .as_array()
        .map(|k| k.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if kinds.contains(&"binary") {
        return;
    }
    let found = kind(value);
    if !kinds.contains(&found) {
        let allowed = kinds.join(" | ");
        out.push(match found {
            "null" => format!("{path}: null where Qlik's type does not allow null ({allowed})"),
            _ => format!("{path}: {found} where Qlik's type says {allowed}"),
        });
        return;
    }
    match value {
        Value::String(s) => {
            if let Some(literals) = shape["enum"].as_array()
                && !literals.iter().any(|l| l == s)
            {
                out.push(format!(
                    "{path}: {s:?} is not one of {}",
                    Value::from(literals.clone())
                ));
            }
        }
        Value::Object(map) => {
            let empty = serde_json::Map::new();
            let properties = shape["properties"].as_object().unwrap_or(&empty);
            for (key, property) in properties {
                match map.get(key) {
                    None if property["required"] == true => {
                        out.push(format!("{path}.{key}: required key missing"));
                    }
                    None => {}
                    Some(v) => walk(property, v, &format!("{path}.{key}"), out),
                }
            }
            if let Some(extra) = shape.get("additionalProperties") {
                for (key, v) in map.iter().filter(|(k, _)| !properties.contains_key(*k)) {
                    walk(extra, v, &format!("{path}.{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = shape.get("items") {
                for (i, v) in items.iter().enumerate() {
                    walk(item, v, &format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

/// Qlik's error envelope whatever the module types: `{errors: [{code, title, …}], traceId?}`
/// (`Errors`/`Error` in most `.d.ts`; the apps module types its errors `unknown`). `code` is a
/// string everywhere but in the tasks module, whose `HttpResult` types it a number: either
/// passes here, and the module's own shape says which it must be.
pub fn check_envelope(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match value["errors"].as_array() {
        Some(errors) if !errors.is_empty() => {
            for (i, e) in errors.iter().enumerate() {
                if !(e["code"].is_string() || e["code"].is_number()) {
                    let found = kind(&e["code"]);
                    out.push(format!("$.errors[{i}].code: not a string ({found})"));
                }
                if !e["title"].is_string() {
                    let found = kind(&e["title"]);
                    out.push(format!("$.errors[{i}].title: not a string ({found})"));
                }
            }
        }
        _ => out.push("$.errors: not a non-empty array".to_owned()),
    }
    if let Some(trace) = value.get("traceId")
        && !trace.is_string()
    {
        out.push(format!(
            "$.traceId: {} where Qlik's type says string",
            kind(trace)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn app_shape() -> Value {
        json!({"kinds": ["object"], "properties": {
            "id": {"required": true, "kinds": ["string"]},
            "spaceId": {"required": false, "kinds": ["string"]},
            "usage": {"required": false, "kinds": ["string"], "enum": ["ANALYTICS"]},
            "custom": {"required": false, "any": true},
            "total": {"required": false, "kinds": ["null", "number"]},
            "tags": {"required": false, "kinds": ["array"], "items": {"kinds": ["string"]}},
            "next": {"required": false, "kinds": ["object"], "cut": "cycle"},
        }})
    }

    #[test]
    fn mismatches_are_reported_with_their_path() {
        let cases = [
            (json!({"id": "a"}), vec![]),
            (
                json!({"id": "a", "spaceId": "", "usage": "ANALYTICS"}),
                vec![],
            ),
            (
                json!({"id": "a", "total": null, "custom": null, "next": 1}),
                vec![],
            ),
            (json!({"id": "a", "unknown": null}), vec![]),
            (
                json!({"id": "a", "spaceId": null}),
                vec!["$.spaceId: null where Qlik's type does not allow null (string)"],
            ),
            (json!({}), vec!["$.id: required key missing"]),
            (
                json!({"id": 1, "usage": "BI"}),
                vec![
                    "$.id: number where Qlik's type says string",
                    "$.usage: \"BI\" is not one of [\"ANALYTICS\"]",
                ],
            ),
            (
                json!({"id": "a", "tags": ["x", null]}),
                vec!["$.tags[1]: null where Qlik's type does not allow null (string)"],
            ),
            (json!([]), vec!["$: array where Qlik's type says object"]),
        ];
        for (value, expected) in cases {
            assert_eq!(check(&app_shape(), &value), expected, "{value}");
        }
    }

    #[test]
    fn additional_properties_are_checked() {
        let shape = json!({"kinds": ["object"], "properties": {},
                           "additionalProperties": {"kinds": ["string"]}});
        assert_eq!(check(&shape, &json!({"a": "x"})), Vec::<String>::new());
        assert_eq!(
            check(&shape, &json!({"a": 2})),
            vec!["$.a: number where Qlik's type says string"]
        );
    }

    #[test]
    fn the_envelope_needs_errors_with_code_and_title() {
        let good = json!({"errors": [{"code": "X-1", "title": "Bad"}], "traceId": "t"});
        assert!(check_envelope(&good).is_empty());
        assert_eq!(
            check_envelope(&json!({"error": "bad"})),
            vec!["$.errors: not a non-empty array"]
        );
        assert_eq!(
            check_envelope(&json!({"errors": [{"code": "X"}], "traceId": 1})),
            vec![
                "$.errors[0].title: not a string (null)",
                "$.traceId: number where Qlik's type says string"
            ]
        );
    }
}
