//! Who may call each documented operation: said in the document, enforced by the extractors,
//! and walked by the attack suite to check that every admin route refuses other scopes.

use serde_json::{Value, json};

/// Who may call an operation. The extractors enforce it (`Admin`, `Caller::embed_for`, the
/// embed-token checks); this says it in the document, and the attack suite checks the two agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (the document itself).
    Public,
    /// End-user pages: an embed token (`ohe_…`) or a host-signed JWT, never an API token.
    Page,
    /// An admin session, an admin token, or an embed token listing the customer.
    EmbedSessions,
    /// An admin session or an admin token.
    Admin,
}

/// The access rule of the operation on `path`: every route is admin-only unless it is the
/// document, opens embed sessions, or is one of the page routes under `/api/v1/embed/`.
pub fn access(path: &str) -> Access {
    match path {
        "/api/v1/openapi.json" => Access::Public,
        "/api/v1/embed/sessions" => Access::EmbedSessions,
        p if p.starts_with("/api/v1/embed/") => Access::Page,
        _ => Access::Admin,
    }
}

/// Adds the operation's access rule to its document entry: who may call it, and the 403
/// that anyone else gets.
pub(super) fn annotate(path: &str, op: &mut Value) {
    let rule = match access(path) {
        Access::Public => {
            op["security"] = json!([]);
            return;
        }
        Access::Page => return,
        Access::EmbedSessions => {
            "An admin session, an admin token, or an embed token that lists the customer (403 otherwise)."
        }
        Access::Admin => "An admin session or an admin token (403 for an embed token).",
    };
    op["description"] = json!(rule);
    op["responses"]["403"] = json!({ "$ref": "#/components/responses/Error" });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_a_rule_and_every_referenced_schema_exists() {
        let cases = [
            ("/api/v1/openapi.json", Access::Public),
            ("/api/v1/embed/sessions", Access::EmbedSessions),
            ("/api/v1/embed/menu", Access::Page),
            ("/api/v1/embed/host-sessions", Access::Page),
            ("/api/v1/tokens/{id}", Access::Admin),
            ("/api/v1/host-apps", Access::Admin),
            ("/api/v1/a-route-added-later", Access::Admin),
        ];
        for (path, want) in cases {
            assert_eq!(access(path), want, "{path}");
        }
        let doc = super::super::build();
        let schemas = &doc["components"]["schemas"];
        for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in ops.as_object().into_iter().flatten() {
                let forbidden = op["responses"].get("403").is_some();
                let guarded = matches!(access(path), Access::Admin | Access::EmbedSessions);
                assert_eq!(forbidden, guarded, "{method} {path}");
                if let Some(name) =
                    op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()
                {
                    let name = name.trim_start_matches("#/components/schemas/");
                    assert!(schemas.get(name).is_some(), "{method} {path}: {name}");
                }
            }
        }
    }
}
