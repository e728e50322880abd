//! The reusable parts of the OpenAPI document: security schemes, the error response and the
//! request body schemas, and which schema each write operation takes.

use serde_json::{Value, json};

/// The request body schema of a `PUT` or create `POST` on `path`.
pub fn request_schema(path: &str) -> &'static str {
    if path.ends_with("/host-apps/{id}/customers") {
        "HostAppCustomers"
    } else if path.ends_with("/host-apps") {
        "HostApp"
    } else if path.ends_with("/tokens") {
        "NewApiToken"
    } else if path.ends_with("/rollouts") {
        "RolloutRequest"
    } else if path.contains("versions") {
        "TemplateVersion"
    } else if path.ends_with("/hybrid") {
        "HybridSetup"
    } else if path.ends_with("/hybrid/token") {
        "HybridToken"
    } else if path.contains("/sheets/") {
        "SheetExposure"
    } else if path.ends_with("/menu") {
        "MenuOptions"
    } else {
        "CustomerSpec"
    }
}

/// Security schemes, the shared error response and the request body schemas.
pub fn components() -> Value {
    json!({
        "securitySchemes": {
            "apiToken": { "type": "http", "scheme": "bearer", "description": "An `ohk_…` API token. Scope `admin`: every route an admin session may use; scope `embed`: only POST /api/v1/embed/sessions, for the customers the token lists (403 otherwise). Unknown, expired and revoked tokens get 401." },
            "adminSession": { "type": "apiKey", "in": "cookie", "name": "oemhub_admin" }
        },
        "responses": {
            "Error": { "description": "Error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        },
        "schemas": {
            "Error": { "type": "object", "required": ["code", "message"], "properties": {
                "code": { "type": "string" }, "message": { "type": "string" },
                "field": { "type": "string", "description": "The input field at fault" } } },
            "CustomerSpec": { "type": "object", "required": ["slug", "display_name", "region"],
                "additionalProperties": false, "properties": {
                "slug": { "type": "string", "pattern": "^[a-z][a-z0-9-]{2,39}$" },
                "display_name": { "type": "string", "maxLength": 100 },
                "region": { "type": "string", "description": "Qlik region code, e.g. us, eu, uk, ap, jp" },
                "license": { "type": "string", "enum": ["source"] },
                "origins": { "type": "array", "items": { "type": "string", "format": "uri", "description": "scheme://host[:port], no path or wildcard" } },
                "modules": { "type": "array", "items": { "type": "string" } },
                "params": { "type": "object", "additionalProperties": { "type": "string" } },
                "group_roles": { "type": "object", "additionalProperties": { "type": "string",
                    "enum": ["consumer", "contributor", "dataconsumer", "facilitator", "publisher", "basicconsumer"] } },
                "data_connection": { "type": "object", "required": ["type"], "properties": {
                    "type": { "type": "string", "enum": ["sqlite", "postgres"] },
                    "connection_string": { "type": "string", "writeOnly": true } } } } },
            "RolloutRequest": { "type": "object", "required": ["module", "version"], "properties": {
                "module": { "type": "string" }, "version": { "type": "integer" },
                "canaries": { "type": "array", "items": { "type": "string" } },
                "first_batch": { "type": "integer", "default": 2 },
                "max_failure_pct": { "type": "integer", "default": 20, "minimum": 0, "maximum": 100 } } },
            "HybridSetup": { "type": "object", "required": ["site_host", "deployment_name"],
                "additionalProperties": false, "properties": {
                "site_host": { "type": "string", "description": "The client-managed site's host, e.g. qse.partner.com" },
                "deployment_name": { "type": "string", "maxLength": 64 } } },
            "HybridToken": { "type": "object", "required": ["token"], "additionalProperties": false,
                "properties": { "token": { "type": "string", "writeOnly": true,
                "description": "The local bearer token, bare or as the Qlik Cloud format definition" } } },
            "TokenScope": { "oneOf": [
                { "type": "object", "required": ["kind"], "additionalProperties": false,
                  "properties": { "kind": { "const": "admin" } } },
                { "type": "object", "required": ["kind", "customers"], "additionalProperties": false,
                  "properties": { "kind": { "const": "embed" },
                    "customers": { "type": "array", "minItems": 1, "items": { "type": "string" } } } } ] },
            "NewApiToken": { "type": "object", "required": ["name", "scope"], "additionalProperties": false,
                "properties": {
                "name": { "type": "string", "maxLength": 100 },
                "scope": { "$ref": "#/components/schemas/TokenScope" },
                "expires_in_days": { "type": "integer", "minimum": 1, "maximum": 3650,
                    "description": "Omitted: the token does not expire" } } },
            "ApiToken": { "type": "object", "properties": {
                "id": { "type": "string", "pattern": "^tok_[0-9a-f]{24}$" },
                "name": { "type": "string" },
                "scope": { "$ref": "#/components/schemas/TokenScope" },
                "status": { "type": "string", "enum": ["active", "expired", "revoked"] },
                "created_by": { "type": "string" }, "created_at": { "type": "integer" },
                "expires_at": { "type": ["integer", "null"] },
                "last_used_at": { "type": ["integer", "null"], "description": "Recorded at most once a minute" },
                "rotated_at": { "type": ["integer", "null"] }, "revoked_at": { "type": ["integer", "null"] },
                "secret": { "type": "string", "description": "Only in the answers of create and rotate" } } },
            "HostApp": { "type": "object", "required": ["id", "issuer", "algorithm", "public_key_pem", "customers"],
                "additionalProperties": false, "properties": {
                "id": { "type": "string" }, "issuer": { "type": "string" },
                "audience": { "type": "string", "default": "oem-hub" },
                "algorithm": { "type": "string", "enum": ["RS256", "ES256"] },
                "public_key_pem": { "type": "string", "description": "SPKI PEM" },
                "customers": { "type": "array", "minItems": 1, "items": { "type": "string" },
                    "description": "The customers whose users the app may vouch for" } } },
            "HostAppCustomers": { "type": "object", "required": ["customers"], "additionalProperties": false,
                "properties": { "customers": { "type": "array", "minItems": 1, "items": { "type": "string" } } } },
            "SheetExposure": { "type": "object", "required": ["exposed"], "additionalProperties": false,
                "properties": { "exposed": { "type": "boolean" } } },
            "MenuOptions": { "type": "object", "properties": {
                "opt": { "type": "array", "items": { "type": "string" } },
                "select": { "type": "array", "items": { "type": "object" } },
                "theme": { "type": "string" }, "lang": { "type": "string" } } },
            "TemplateVersion": { "type": "object", "required": ["template_app_id", "script_template"], "properties": {
                "template_app_id": { "type": "string" },
                "sheets": { "type": "array", "description": "Omitted: read from the template app through the Qlik engine", "items": { "type": "object", "properties": { "id": { "type": "string" }, "title": { "type": "string" } } } },
                "script_template": { "type": "string", "description": "Load script with {{param}} and {{param|ident}} placeholders" },
                "note": { "type": "string" } } }
        }
    })
}
