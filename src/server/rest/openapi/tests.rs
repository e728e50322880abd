//! The generated document against the contract it must keep: every route in it once, bodies
//! and answers with complete schemas, every `$ref` resolving, and the access rules.

use super::{Access, access, build, operations};
use serde_json::Value;

/// The component a `#/components/schemas/…` reference names, if the document has it.
fn component<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    doc["components"]["schemas"].get(name)
}

/// Whether `schema` says what its values are: a reference, a type (objects with properties,
/// maps with their value schema), an enum, or a combination; never `{}`.
fn complete(schema: &Value) -> bool {
    let has = |key: &str| schema.get(key).is_some();
    if has("$ref") || has("enum") || has("const") {
        return true;
    }
    if ["oneOf", "anyOf", "allOf"].iter().any(|k| has(k)) {
        return true;
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return false,
    };
    if types.contains(&"object") {
        return has("properties") || schema["additionalProperties"].is_object();
    }
    if types.contains(&"array") {
        return has("items") || has("prefixItems");
    }
    !types.is_empty()
}

/// Checks `schema` and every schema nested in it, naming `at` on failure.
fn walk(doc: &Value, schema: &Value, at: &str, refs: &mut Vec<String>) {
    if !complete(schema) {
        refs.push(format!("INCOMPLETE {at}: {schema}"));
    }
    if let Some(reference) = schema["$ref"].as_str() {
        if component(doc, reference).is_none() {
            refs.push(format!("UNRESOLVED {at}: {reference}"));
        }
        refs.push(reference.to_owned());
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        walk(doc, property, &format!("{at}.{name}"), refs);
    }
    for key in ["items", "additionalProperties", "not"] {
        if schema[key].is_object() {
            walk(doc, &schema[key], &format!("{at}[{key}]"), refs);
        }
    }
    for key in ["oneOf", "anyOf", "allOf", "prefixItems"] {
        for (i, part) in schema[key].as_array().into_iter().flatten().enumerate() {
            walk(doc, part, &format!("{at}.{key}[{i}]"), refs);
        }
    }
}

#[test]
fn every_operation_has_complete_bodies_answers_and_rules() {
    let doc = build();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut refs = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let at = format!("{method} {path}");
            let id = op["operationId"].as_str().unwrap_or_default();
            assert!(ids.insert(id.to_owned()), "{at}: operationId {id} twice");
            assert!(op["summary"].as_str().is_some_and(|s| s.len() > 10), "{at}");
            let tags = op["tags"].as_array().map(Vec::as_slice).unwrap_or_default();
            assert!(
                matches!(tags, [tag] if tag.is_string()),
                "{at}: one tag, not {tags:?}"
            );
            if let Some(body) = op.get("requestBody") {
                let schema = &body["content"]["application/json"]["schema"];
                walk(&doc, schema, &format!("{at} body"), &mut refs);
            }
            let responses = op["responses"].as_object().expect("responses");
            let success: Vec<_> = responses
                .iter()
                .filter(|(s, _)| s.starts_with('2'))
                .collect();
            assert_eq!(success.len(), 1, "{at}: one success answer");
            let (status, answer) = success[0];
            let content = &answer["content"];
            if status == "204" {
                assert!(content.is_null(), "{at}");
            } else if path.ends_with("/events") {
                let schema = &content["text/event-stream"]["schema"];
                walk(&doc, schema, &format!("{at} events"), &mut refs);
            } else if path.ends_with("/embed/exports") {
                // A file download: the PDF (or the xlsx spreadsheet type), no JSON.
                assert!(content.get("application/pdf").is_some(), "{at}");
            } else if path.ends_with("/openapi.json") {
                // This document: an OpenAPI 3.1 object, which the OpenAPI spec itself describes.
                assert_eq!(
                    content["application/json"]["schema"]["type"], "object",
                    "{at}"
                );
            } else {
                let schema = &content["application/json"]["schema"];
                walk(&doc, schema, &format!("{at} {status}"), &mut refs);
            }
            for error in ["400", "401"] {
                assert_eq!(
                    responses[error]["$ref"], "#/components/responses/Error",
                    "{at} {error}"
                );
            }
            let forbidden = responses.contains_key("403");
            let guarded = matches!(access(path), Access::Admin | Access::HostBackend);
            assert_eq!(forbidden, guarded, "{at}");
        }
    }
    // The components, reached or not, are complete too (the derives' nested references).
    for (name, schema) in doc["components"]["schemas"].as_object().expect("schemas") {
        walk(&doc, schema, name, &mut refs);
    }
    let faults: Vec<_> = refs.iter().filter(|r| !r.starts_with('#')).collect();
    assert!(faults.is_empty(), "{faults:#?}");
    assert!(
        refs.iter().any(|r| r.ends_with("/CustomerSpec")),
        "{refs:?}"
    );
    let error = &doc["components"]["schemas"]["ApiError"];
    for field in ["code", "message", "field"] {
        assert!(error["properties"].get(field).is_some(), "ApiError.{field}");
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["apiToken"]["scheme"], "bearer");
    assert_eq!(schemes["adminSession"]["in"], "cookie");
}

/// The routers are the only place routes are added, each through `routes!` with its
/// handler's annotation: a plain `.route(` would serve a path the document does not list.
#[test]
fn every_route_is_documented_once() {
    let source = include_str!("../../rest.rs");
    assert!(!source.contains(".route("), "a route outside routes!()");
    let handlers: usize = source
        .split("routes!(")
        .skip(1)
        .map(|call| call.split(')').next().unwrap_or("").split(',').count())
        .sum();
    let ops = operations();
    assert_eq!(handlers, ops.len(), "{ops:?}");
    let mut unique = ops.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ops.len());
    for (method, path) in &ops {
        assert!(
            ["get", "post", "put", "delete"].contains(&method.as_str()),
            "{method} {path}"
        );
        assert!(path.starts_with("/api/v1/"), "{path}");
    }
}
