//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json`. Written as data
//! next to the routes; a test checks that every route is documented and nothing else is.

mod access;
mod schemas;

pub use access::{Access, access};

use axum::Json;
use schemas::{components, request_schema};
use serde_json::{Value, json};

/// Every documented operation: method, path, summary, success status.
pub const OPERATIONS: &[(&str, &str, &str, u16)] = &[
    ("get", "/api/v1/openapi.json", "This document", 200),
    (
        "get",
        "/api/v1/customers",
        "List customers (desired state)",
        200,
    ),
    (
        "post",
        "/api/v1/customers",
        "Add a customer; validated before anything is written",
        201,
    ),
    (
        "get",
        "/api/v1/customers/{slug}",
        "A customer: desired and observed state, last result, active job",
        200,
    ),
    (
        "put",
        "/api/v1/customers/{slug}",
        "Replace a customer's desired state",
        200,
    ),
    (
        "get",
        "/api/v1/customers/{slug}/plan",
        "Steps that would make the tenant match; ?refresh=true checks the tenant for drift",
        200,
    ),
    (
        "post",
        "/api/v1/customers/{slug}/apply",
        "Queue an apply job (returns the customer's unfinished job if any)",
        202,
    ),
    (
        "post",
        "/api/v1/customers/{slug}/deprovision",
        "Queue a deactivation of the tenant ({purge_after_days}: 10–90, default 30) and retire the customer",
        202,
    ),
    (
        "post",
        "/api/v1/customers/{slug}/reactivate",
        "Queue a reactivation of a retired customer's tenant (before its purge date)",
        202,
    ),
    (
        "get",
        "/api/v1/customers/{slug}/hybrid",
        "The customer's hybrid deployment: values to enter on the client-managed site, status, distributed apps",
        200,
    ),
    (
        "put",
        "/api/v1/customers/{slug}/hybrid",
        "Set up the customer's deployment ({site_host, deployment_name}); answers the values to enter",
        200,
    ),
    (
        "put",
        "/api/v1/customers/{slug}/hybrid/token",
        "Paste the deployment's local bearer token ({token}); sealed, then put on the tenant's multi-cloud IdP",
        200,
    ),
    (
        "post",
        "/api/v1/customers/{slug}/hybrid/reconcile",
        "Create or repair the tenant's multi-cloud identity provider",
        200,
    ),
    (
        "post",
        "/api/v1/customers/{slug}/hybrid/adopt",
        "Move distributed apps into the managed space and serve them view-only; refuse on-demand apps",
        200,
    ),
    (
        "put",
        "/api/v1/customers/{slug}/hybrid/apps/{appId}/sheets/{sheetId}",
        "Expose or hide a sheet of an adopted app in the menu ({exposed})",
        200,
    ),
    (
        "get",
        "/api/v1/jobs",
        "Jobs, newest first; ?customer=&limit=",
        200,
    ),
    (
        "get",
        "/api/v1/jobs/{id}",
        "A job's state and progress",
        200,
    ),
    (
        "post",
        "/api/v1/jobs/{id}/cancel",
        "Cancel a queued job now, a running one at its next step",
        200,
    ),
    (
        "get",
        "/api/v1/jobs/{id}/events",
        "Server-Sent Events: `progress` on each change, then `end`",
        200,
    ),
    (
        "get",
        "/api/v1/modules",
        "Modules and their current template version",
        200,
    ),
    (
        "get",
        "/api/v1/modules/{key}/versions",
        "Every recorded template version of a module",
        200,
    ),
    (
        "post",
        "/api/v1/modules/{key}/versions",
        "Record a new template version (customers get it through a rollout)",
        201,
    ),
    (
        "get",
        "/api/v1/audit",
        "Qlik calls made by the engine; ?customer=&limit=",
        200,
    ),
    (
        "post",
        "/api/v1/embed/sessions",
        "Host SaaS backend: a 15-minute embed token for {customer, user: {id, name, email, groups}}",
        201,
    ),
    (
        "post",
        "/api/v1/embed/qlik-jwt",
        "Page, with the embed token as bearer: a Qlik JWT for that user on that customer's tenant only",
        200,
    ),
    (
        "post",
        "/api/v1/embed/qlik-token",
        "An OAuth impersonation token for the embed session's user (embedding mode oauth; for qlik-embed)",
        200,
    ),
    (
        "get",
        "/api/v1/embed/menu",
        "Page, with the embed token: the modules and sheets (with URLs) its user may see",
        200,
    ),
    (
        "get",
        "/api/v1/embed/sheet-url",
        "Page, with the embed token: one sheet's URL (?module=&sheet=), or 403 outside the menu",
        200,
    ),
    (
        "post",
        "/api/v1/embed/diagnosis",
        "Page, with the embed token: likely causes of a failed sign-in ({symptom: login_failed|session_missing})",
        200,
    ),
    (
        "post",
        "/api/v1/embed/host-sessions",
        "Page or host backend: an embed token for a JWT a registered host app signed ({jwt})",
        201,
    ),
    (
        "get",
        "/api/v1/modules/{key}/menu",
        "A module's menu options: opt flags, fixed selections, theme and lang for its sheet URLs",
        200,
    ),
    (
        "put",
        "/api/v1/modules/{key}/menu",
        "Set a module's menu options: {opt: [..], select: [{state?, field, values}], theme?, lang?}",
        200,
    ),
    (
        "get",
        "/api/v1/embed/setup",
        "Page, with the embed token: the customer's embedding mode (direct|proxy|auto), tenant and proxy origins",
        200,
    ),
    (
        "post",
        "/api/v1/embed/fallback",
        "Page, with the embed token: this user's browser dropped the tenant cookie and the proxy took over",
        204,
    ),
    (
        "get",
        "/api/v1/host-apps",
        "Registered host apps (issuer, audience, pinned algorithm, public key)",
        200,
    ),
    (
        "post",
        "/api/v1/host-apps",
        "Register a host app: {id, issuer, audience?, algorithm: RS256|ES256, public_key_pem, customers: [..]}; it may serve only those customers",
        201,
    ),
    (
        "put",
        "/api/v1/host-apps/{id}/customers",
        "Replace the customers a host app may serve ({customers: [..]}, at least one)",
        200,
    ),
    ("get", "/api/v1/rollouts", "Rollouts, newest first", 200),
    (
        "post",
        "/api/v1/rollouts",
        "Start rolling a template version out in waves ({module, version, canaries?, first_batch?, max_failure_pct?})",
        202,
    ),
    (
        "get",
        "/api/v1/rollouts/{id}",
        "A rollout's waves and state",
        200,
    ),
    (
        "post",
        "/api/v1/rollouts/{id}/resume",
        "Resume a halted rollout at the wave that halted it",
        202,
    ),
    (
        "post",
        "/api/v1/rollouts/{id}/rollback",
        "Move every customer the rollout touched back to its previous version",
        202,
    ),
    (
        "get",
        "/api/v1/tokens",
        "API tokens, newest first: id, name, scope, status, created, expires, last used (never a secret)",
        200,
    ),
    (
        "post",
        "/api/v1/tokens",
        "Create an API token ({name, scope: {kind: admin} | {kind: embed, customers: [..]}, expires_in_days?}); its secret is answered this once",
        201,
    ),
    (
        "post",
        "/api/v1/tokens/{id}/rotate",
        "A new secret for the token (answered once); the old secret stops working at once",
        200,
    ),
    (
        "delete",
        "/api/v1/tokens/{id}",
        "Revoke the token: every replica refuses it from the next request on",
        204,
    ),
];

/// `GET /api/v1/openapi.json` (public: it describes, it does not expose).
pub async fn document() -> Json<Value> {
    Json(build())
}

/// The document.
pub fn build() -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path, summary, status) in OPERATIONS {
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        let mut responses = json!({
            status.to_string(): { "description": "Success" },
            "400": { "$ref": "#/components/responses/Error" },
            "401": { "$ref": "#/components/responses/Error" },
        });
        if path.contains('{') {
            responses["404"] = json!({ "$ref": "#/components/responses/Error" });
        }
        let mut op = json!({ "summary": summary, "responses": responses });
        access::annotate(path, &mut op);
        let creates = [
            "/customers",
            "/versions",
            "/tokens",
            "/host-apps",
            "/rollouts",
        ];
        if *method == "post" && creates.iter().any(|c| path.ends_with(c)) || *method == "put" {
            let schema = request_schema(path);
            op["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
            });
        }
        entry[*method] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "oem-hub", "version": env!("CARGO_PKG_VERSION"),
                  "description": "Tenant-per-customer Qlik Cloud provisioning API" },
        "security": [{ "apiToken": [] }, { "adminSession": [] }],
        "paths": paths,
        "components": components(),
    })
}
