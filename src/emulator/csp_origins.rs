//! CSP origins API: entries whose directives (notably `frameAncestors`) build the tenant's
//! `Content-Security-Policy` header.

use super::call::TenantCall;
use super::collection::{Collection, Listing, Scope, held_in};
use super::error::{QlikError, Result};
use super::ids;
use super::paging::{self, Paging};
use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{Map, Value, json};

/// The boolean directive fields of a `CSPEntry`, with the CSP directive each stands for.
pub const DIRECTIVES: [(&str, &str); 13] = [
    ("childSrc", "child-src"),
    ("connectSrc", "connect-src"),
    ("connectSrcWSS", "connect-src"),
    ("fontSrc", "font-src"),
    ("formAction", "form-action"),
    ("frameAncestors", "frame-ancestors"),
    ("frameSrc", "frame-src"),
    ("imgSrc", "img-src"),
    ("mediaSrc", "media-src"),
    ("objectSrc", "object-src"),
    ("scriptSrc", "script-src"),
    ("styleSrc", "style-src"),
    ("workerSrc", "worker-src"),
];

fn not_found(id: &str) -> QlikError {
    QlikError::not_found("CSP-ORIGINS-404", format!("CSP entry {id} not found"))
}

fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request("CSP-ORIGINS-400", detail)
}

/// The origin as Qlik keeps it: without its scheme (Qlik's tutorial posts `https://host:port`
/// and finds it again as `host:port`) or a trailing slash. UNCONFIRMED: `http://` is dropped
/// the same way; a scheme-less source then matches the tenant's own scheme (CSP level 3).
fn stored_origin(origin: &str) -> &str {
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            origin
                .get(..scheme.len())
                .filter(|head| head.eq_ignore_ascii_case(scheme))
                .map(|_| &origin[scheme.len()..])
        })
        .unwrap_or(origin);
    rest.strip_suffix('/').unwrap_or(rest)
}

/// Validates a `CSPEntryContent` body and returns the stored entry (with id and dates).
fn entry_from_body(body: &[u8], id: &str, created: Value) -> Result<Value, QlikError> {
    let content: Map<String, Value> = QlikError::parse_json(body, "CSP-ORIGINS-400")?;
    let origin = content
        .get("origin")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("origin is required"))?;
    // Admins may write `domain.com`, `*.domain.com` or `https://host:port`; anything that could
    // break out of a CSP source expression is refused.
    if origin.is_empty() || origin.len() > 300 || origin.contains([' ', ';', ',', '\'', '"', '\n'])
    {
        return Err(bad(format!("invalid origin {origin:?}")));
    }
    let mut entry = Map::new();
    entry.insert("id".into(), json!(id));
    entry.insert("origin".into(), json!(stored_origin(origin)));
    for text in ["name", "description"] {
        let value = content.get(text).cloned().unwrap_or(json!(""));
        if !value.is_string() {
            return Err(bad(format!("{text} must be a string")));
        }
        entry.insert(text.into(), value);
    }
    for (field, _) in DIRECTIVES {
        let value = content.get(field).cloned().unwrap_or(json!(false));
        if !value.is_boolean() {
            return Err(bad(format!("{field} must be a boolean")));
        }
        entry.insert(field.into(), value);
    }
    entry.insert("createdDate".into(), created);
    entry.insert("modifiedDate".into(), json!(Utc::now()));
    Ok(Value::Object(entry))
}

/// `POST /api/v1/csp-origins` → 201 `CSPEntry`.
pub async fn create(call: TenantCall, body: Bytes) -> Result<(StatusCode, Json<Value>)> {
    let id = ids::hex24();
    let entry = entry_from_body(&body, &id, json!(Utc::now()))?;
    let mut tenant = call.tenant()?;
    tenant.csp_origins.insert(id, entry.clone());
    Ok((StatusCode::CREATED, Json(entry)))
}

/// The CSP entries of a tenant, by id.
pub struct CspOrigins;

impl Collection for CspOrigins {
    type Item = Value;

    held_in!(csp_origins);

    fn missing(id: &str) -> QlikError {
        not_found(id)
    }
    fn render(entry: &Value, _: &Scope) -> Value {
        entry.clone()
    }
}

impl Listing for CspOrigins {
    const PAGING: Paging = paging::CSP_ORIGINS;
    const PATH: &'static str = "/api/v1/csp-origins";
}

/// `PUT /api/v1/csp-origins/{id}` → 200 with the replaced entry.
pub async fn put(call: TenantCall, Path(id): Path<String>, body: Bytes) -> Result<Json<Value>> {
    let mut tenant = call.tenant()?;
    let created = tenant
        .csp_origins
        .get(&id)
        .map(|e| e["createdDate"].clone())
        .ok_or_else(|| not_found(&id))?;
    let entry = entry_from_body(&body, &id, created)?;
    tenant.csp_origins.insert(id, entry.clone());
    Ok(Json(entry))
}

/// `GET /api/v1/csp-origins/actions/generate-header` → 200 `{"Content-Security-Policy": …}`.
pub async fn generate_header(call: TenantCall) -> Result<Json<Value>> {
    let tenant = call.tenant()?;
    let mut directives: Vec<String> = Vec::new();
    for (field, directive) in DIRECTIVES {
        let sources: Vec<&str> = tenant
            .csp_origins
            .values()
            .filter(|e| e[field] == json!(true))
            .filter_map(|e| e["origin"].as_str())
            .collect();
        if !sources.is_empty() {
            directives.push(format!("{directive} 'self' {}", sources.join(" ")));
        }
    }
    Ok(Json(
        json!({ "Content-Security-Policy": directives.join("; ") }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_validate_origin_and_types() {
        let ok = entry_from_body(
            br#"{"origin":"*.partner.com","frameAncestors":true}"#,
            "x",
            json!(null),
        );
        assert_eq!(ok.expect("valid")["frameSrc"], json!(false));
        for (posted, stored) in [
            ("https://app.partner.com:8443", "app.partner.com:8443"),
            ("HTTP://localhost:3000/", "localhost:3000"),
            ("*.partner.com", "*.partner.com"),
        ] {
            let body = json!({ "origin": posted, "frameAncestors": true }).to_string();
            let entry = entry_from_body(body.as_bytes(), "x", json!(null)).expect(posted);
            assert_eq!(entry["origin"], json!(stored), "{posted}");
        }
        for bad_body in [
            r#"{"frameAncestors":true}"#,
            r#"{"origin":"a.com; script-src *"}"#,
            r#"{"origin":"a.com","frameAncestors":"yes"}"#,
            r#"{"origin":"a.com","name":7}"#,
            "not json",
        ] {
            assert!(
                entry_from_body(bad_body.as_bytes(), "x", json!(null)).is_err(),
                "{bad_body}"
            );
        }
    }
}
