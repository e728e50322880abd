//! The bad-input corpus for access rules: every hostile value is refused with its place named
//! (serde's path to it), and good rules read back as written.

use super::*;
use serde_json::json;

fn rule(value: serde_json::Value) -> Result<AccessSpec, String> {
    let spec = json!({"default": {"field": "REGION", "groups": {"North Analysts": [value]}}});
    let text = spec.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| e.to_string())
}

#[test]
fn hostile_values_are_refused_naming_where() {
    let corpus = [
        "North'",
        "Nor\"th",
        "North]",
        "[North",
        "a;b",
        "a,b",
        "line\nbreak",
        "cr\rx",
        "$(vX)",
        "nul\0",
        " North",
        "",
        "No*rth",
    ];
    for bad in corpus {
        let err = rule(json!(bad)).expect_err(bad);
        assert!(err.contains("default.groups"), "{bad:?}: {err}");
    }
    let huge = "x".repeat(1 << 20);
    let err = rule(json!(huge)).expect_err("1 MB");
    assert!(
        err.contains("default.groups") && err.contains("256"),
        "{err}"
    );
}

#[test]
fn fields_and_group_names_are_checked() {
    let cases = [
        (json!({"field": "region", "groups": {"a": ["x"]}}), "A-Z"),
        (
            json!({"field": "USERID", "groups": {"a": ["x"]}}),
            "system field",
        ),
        (
            json!({"field": "REGION", "groups": {"a]b": ["x"]}}),
            "cannot stand",
        ),
        (json!({"field": "REGION", "groups": {"a": []}}), "1 to 100"),
        (
            json!({"field": "REGION", "groups": {"a": ["x"]}, "colour": 1}),
            "unknown field",
        ),
    ];
    for (body, want) in cases {
        let err = serde_json::from_value::<AccessRule>(body.clone())
            .expect_err(&body.to_string())
            .to_string();
        assert!(err.contains(want), "{body}: {err}");
    }
}

#[test]
fn a_module_takes_the_default_its_own_rule_or_none() {
    let spec: AccessSpec = serde_json::from_value(json!({
        "default": {"field": "REGION", "groups": {"Managers": ["*"], "North Analysts": ["North"]}},
        "modules": {"ops": "none", "hr": {"rule": {"field": "DEPT", "groups": {"HR": ["HR"]}}}}
    }))
    .expect("a good spec");
    let key = |k: &str| ModuleKey::parse(k).expect("key");
    assert_eq!(
        spec.for_module(&key("sales")).map(|r| r.field.as_str()),
        Some("REGION")
    );
    assert_eq!(
        spec.for_module(&key("hr")).map(|r| r.field.as_str()),
        Some("DEPT")
    );
    assert!(spec.for_module(&key("ops")).is_none());
    let managers = GroupName::parse("Managers").expect("group");
    let default = spec.default.as_ref().expect("default");
    assert_eq!(default.groups[&managers], [AccessValue::All]);
    let back = serde_json::to_value(&spec).expect("writes");
    assert_eq!(serde_json::from_value::<AccessSpec>(back).ok(), Some(spec));
    assert!(AccessSpec::default().is_open());
}
