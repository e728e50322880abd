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
    /// The host's backend: an admin session, an admin token, or an embed token listing the
    /// customer (opening embed sessions, managing the customer's users).
    HostBackend,
    /// An admin session or an admin token.
    Admin,
    /// Qlik's webhook deliveries: the body's signature under the customer's webhook secret.
    QlikSigned,
}

/// The access rule of the operation on `path`: every route is admin-only unless it is the
/// document, a host backend's (embed sessions, the customer's users), or one of the page
/// routes under `/api/v1/embed/`.
pub fn access(path: &str) -> Access {
    match path {
        "/api/v1/openapi.json" => Access::Public,
        "/api/v1/embed/sessions" | "/api/v1/embed/users" | "/api/v1/embed/users/{id}" => {
            Access::HostBackend
        }
        "/api/v1/embed/users/sweep" => Access::Admin,
        p if p.starts_with("/api/v1/qlik-events/") => Access::QlikSigned,
        p if p.starts_with("/api/v1/embed/") => Access::Page,
        _ => Access::Admin,
    }
}

/// Adds the operation's access rule to its document entry (who may call it, and the 403 that
/// anyone else gets) and the error answers every operation may give.
pub(super) fn annotate(path: &str, op: &mut Value) {
    let error = json!({ "$ref": "#/components/responses/Error" });
    let responses = &mut op["responses"];
    responses["400"] = error.clone();
    responses["401"] = error.clone();
    if path.contains('{') {
        responses["404"] = error.clone();
    }
    let rule = match access(path) {
        Access::Public => {
            op["security"] = json!([]);
            return;
        }
        Access::QlikSigned => {
            op["security"] = json!([]);
            op["description"] = json!(
                "Qlik Cloud's delivery: the Qlik-Signature header is the credential (401 otherwise)."
            );
            return;
        }
        Access::Page if path.ends_with("/host-sessions") => {
            // The host app's signature in the body is the credential.
            op["security"] = json!([]);
            return;
        }
        Access::Page => {
            op["security"] = json!([{ "embedToken": [] }]);
            op["description"] = json!(
                "An embed token as bearer, from an origin the customer registered (401 otherwise)."
            );
            return;
        }
        Access::HostBackend => {
            "An admin session, an admin token, or an embed token that lists the customer (403 otherwise)."
        }
        Access::Admin => "An admin session or an admin token (403 for an embed token).",
    };
    op["description"] = json!(rule);
    op["responses"]["403"] = error;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_a_rule() {
        let cases = [
            ("/api/v1/openapi.json", Access::Public),
            ("/api/v1/embed/sessions", Access::HostBackend),
            ("/api/v1/embed/users", Access::HostBackend),
            ("/api/v1/embed/users/{id}", Access::HostBackend),
            ("/api/v1/embed/users/sweep", Access::Admin),
            ("/api/v1/embed/menu", Access::Page),
            ("/api/v1/embed/host-sessions", Access::Page),
            ("/api/v1/tokens/{id}", Access::Admin),
            ("/api/v1/host-apps", Access::Admin),
            ("/api/v1/qlik-events/{customer}", Access::QlikSigned),
            ("/api/v1/a-route-added-later", Access::Admin),
        ];
        for (path, want) in cases {
            assert_eq!(access(path), want, "{path}");
        }
    }
}
