//! The client decodes Qlik-shaped bodies: samples built from the shape fixture, minimal
//! (Qlik's required keys, `""` strings) and full with unknown fields, through its models.
//! Ids and hostnames are the exception: the models parse them (an id is never empty, a
//! hostname has two labels), so their samples are shaped like Qlik's values.

use oem_hub::qlik::{
    Assignment, CspEntry, DataConnection, Group, IdentityProvider, Item, ItemList, LicenseOverview,
    NxApp, Reload, Role, Space, Tenant, User, WebIntegration,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

type Decode = fn(Value) -> Result<(), String>;

fn decode<T: DeserializeOwned>(v: Value) -> Result<(), String> {
    serde_json::from_value::<T>(v)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `(function of @qlik/api, pointer to the decoded part of its data shape, model)`.
const CASES: &[(&str, &str, &str, Decode)] = &[
    ("createTenant", "", "Tenant", decode::<Tenant>),
    ("getTenant", "", "Tenant", decode::<Tenant>),
    ("getUsers", "/properties/data/items", "User", decode::<User>),
    ("getUser", "", "User", decode::<User>),
    ("createUser", "", "User", decode::<User>),
    ("getItems", "", "ItemList", decode::<ItemList>),
    ("getItems", "/properties/data/items", "Item", decode::<Item>),
    (
        "getLicenseOverview",
        "",
        "LicenseOverview",
        decode::<LicenseOverview>,
    ),
    (
        "getIdps",
        "/properties/data/items",
        "IdentityProvider",
        decode::<IdentityProvider>,
    ),
    ("getIdp", "", "IdentityProvider", decode::<IdentityProvider>),
    (
        "createIdp",
        "",
        "IdentityProvider",
        decode::<IdentityProvider>,
    ),
    (
        "getWebIntegrations",
        "/properties/data/items",
        "WebIntegration",
        decode::<WebIntegration>,
    ),
    (
        "getWebIntegration",
        "",
        "WebIntegration",
        decode::<WebIntegration>,
    ),
    (
        "createWebIntegration",
        "",
        "WebIntegration",
        decode::<WebIntegration>,
    ),
    (
        "getCSPEntries",
        "/properties/data/items",
        "CspEntry",
        decode::<CspEntry>,
    ),
    ("createCSPEntry", "", "CspEntry", decode::<CspEntry>),
    ("updateCSPEntry", "", "CspEntry", decode::<CspEntry>),
    (
        "getSpaces",
        "/properties/data/items",
        "Space",
        decode::<Space>,
    ),
    ("createSpace", "", "Space", decode::<Space>),
    ("patchSpace", "", "Space", decode::<Space>),
    (
        "getSpaceAssignments",
        "/properties/data/items",
        "Assignment",
        decode::<Assignment>,
    ),
    (
        "createSpaceAssignment",
        "",
        "Assignment",
        decode::<Assignment>,
    ),
    (
        "getGroups",
        "/properties/data/items",
        "Group",
        decode::<Group>,
    ),
    ("getGroup", "", "Group", decode::<Group>),
    ("createGroup", "", "Group", decode::<Group>),
    ("getRoles", "/properties/data/items", "Role", decode::<Role>),
    ("getRole", "", "Role", decode::<Role>),
    (
        "getDataConnections",
        "/properties/data/items",
        "DataConnection",
        decode::<DataConnection>,
    ),
    (
        "getDataConnection",
        "",
        "DataConnection",
        decode::<DataConnection>,
    ),
    ("queueReload", "", "Reload", decode::<Reload>),
    ("getReload", "", "Reload", decode::<Reload>),
    ("getAppInfo", "", "NxApp", decode::<NxApp>),
    ("copyApp", "", "NxApp", decode::<NxApp>),
    ("importApp", "", "NxApp", decode::<NxApp>),
    ("publishApp", "", "NxApp", decode::<NxApp>),
    ("republishApp", "", "NxApp", decode::<NxApp>),
    ("moveAppToSpace", "", "NxApp", decode::<NxApp>),
];

/// Keys Qlik's type leaves optional that oem-hub cannot do without, so the minimal sample
/// carries them: `(model, dotted path in the decoded part, why)`. A list skips an element
/// without them (`lists::decode_elements`); a single answer without them is an error.
const NEEDED: &[(&str, &str, &str)] = &[
    (
        "NxApp",
        "attributes.id",
        "an app is moved, published and read by its id",
    ),
    (
        "IdentityProvider",
        "id",
        "an IdP is recorded, patched and deleted by its id",
    ),
    (
        "WebIntegration",
        "id",
        "the embedding pages name the integration by its id",
    ),
    (
        "CspEntry",
        "id",
        "an entry is replaced and deleted by its id",
    ),
];

fn shapes() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/qlik-api-2.19.0-shapes.json"
    ))
    .unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    fixture["routes"].as_array().unwrap().clone()
}

fn has(shape: &Value, kind: &str) -> bool {
    shape["kinds"]
        .as_array()
        .is_some_and(|k| k.iter().any(|x| x == kind))
}

/// A value of `shape`: `full` writes every key (and an unknown one), else only required ones.
fn sample(shape: &Value, full: bool) -> Value {
    sample_at("", shape, full)
}

/// True for a key holding an id the models parse (`id`, `tenantId`, `qID`, ...).
fn is_id(key: &str) -> bool {
    key == "id" || key == "qID" || key.ends_with("Id")
}

/// [`sample`] of the value under `key` (an array's items are under their array's key).
fn sample_at(key: &str, shape: &Value, full: bool) -> Value {
    if shape["any"] == true || shape.get("cut").is_some() {
        return json!({});
    }
    if has(shape, "object") {
        let mut out = Map::new();
        for (key, property) in shape["properties"].as_object().into_iter().flatten() {
            if full || property["required"] == true {
                out.insert(key.clone(), sample_at(key, property, full));
            }
        }
        if full {
            out.insert(
                "unknownExtraField".into(),
                json!({"nested": [1, "two", null]}),
            );
        }
        return Value::Object(out);
    }
    if has(shape, "array") {
        return if full {
            json!([sample_at(key, &shape["items"], true)])
        } else {
            json!([])
        };
    }
    if has(shape, "string") {
        let literal = shape["enum"].get(0).cloned();
        let text = match key {
            "hostnames" => "x.example",
            _ if full || is_id(key) => "x",
            _ => "",
        };
        return literal.unwrap_or_else(|| json!(text));
    }
    if has(shape, "number") {
        return json!(0);
    }
    if has(shape, "boolean") {
        return json!(false);
    }
    Value::Null
}

/// Sets `dotted` in `value` to a full sample of its shape within `shape`.
fn insert(value: &mut Value, shape: &Value, dotted: &str) {
    let (mut v, mut s) = (value, shape);
    for key in dotted.split('.') {
        s = &s["properties"][key];
        let object = v.as_object_mut().unwrap();
        if !object.contains_key(key) {
            object.insert(key.to_owned(), sample_at(key, s, false));
        }
        v = object.get_mut(key).unwrap();
    }
    let last = dotted.rsplit('.').next().unwrap_or_default();
    if !v.is_object() {
        *v = sample_at(last, s, true);
    }
}

#[test]
fn qlik_shaped_bodies_decode() {
    let routes = shapes();
    let mut failures = Vec::new();
    for (function, pointer, model, decode) in CASES {
        let route = routes.iter().find(|r| r["function"] == *function);
        let shape = route
            .and_then(|r| r["success"]["shape"].pointer(pointer))
            .unwrap_or_else(|| panic!("{function}{pointer} is not in the fixture"));
        let mut minimal = sample(shape, false);
        for (_, path, _) in NEEDED.iter().filter(|(m, _, _)| m == model) {
            insert(&mut minimal, shape, path);
        }
        for (label, body) in [("minimal", minimal), ("full", sample(shape, true))] {
            if let Err(e) = decode(body.clone()) {
                failures.push(format!("{function}{pointer} {label}: {e}\n    {body}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_samples_follow_the_shape() {
    let shape = json!({"kinds": ["object"], "properties": {
        "id": {"required": true, "kinds": ["string"]},
        "name": {"required": true, "kinds": ["string"]},
        "type": {"required": false, "kinds": ["string"], "enum": ["shared"]},
        "tags": {"required": true, "kinds": ["array"], "items": {"kinds": ["string"]}},
        "hostnames": {"required": false, "kinds": ["array"], "items": {"kinds": ["string"]}},
    }});
    assert_eq!(
        sample(&shape, false),
        json!({"id": "x", "name": "", "tags": []})
    );
    assert_eq!(
        sample(&shape, true),
        json!({"id": "x", "name": "x", "type": "shared", "tags": ["x"],
               "hostnames": ["x.example"],
               "unknownExtraField": {"nested": [1, "two", null]}})
    );
    let mut minimal = sample(&shape, false);
    insert(&mut minimal, &shape, "type");
    assert_eq!(minimal["type"], "shared");
}
