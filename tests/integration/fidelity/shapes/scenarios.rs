//! The scenario: one success and one error request for every served route of the fixture,
//! in an order where each step finds the ids earlier steps created.

use super::run::{Step, err, ok};
use serde_json::json;

mod access;
mod apps;
mod reports;
mod tasks;
mod themes;
mod webhooks;

const NOPE: &str = "000000000000000000000000";

/// Every step, in order. `{license}` and `{app}` are set before the first step.
pub fn steps() -> Vec<Step> {
    let mut steps = tenants();
    steps.extend(users());
    steps.extend(access::settings());
    steps.extend(config());
    steps.extend(spaces());
    // The webhook exists before the apps steps so that their cancelled reload delivers.
    steps.extend(webhooks::before());
    steps.extend(apps::steps());
    steps.extend(tasks::steps());
    steps.extend(webhooks::after());
    steps.extend(reports::steps());
    steps.extend(themes::steps());
    steps.extend(access::last());
    steps
}

fn tenants() -> Vec<Step> {
    let (create, deactivate, reactivate) = (
        "/api/v1/tenants",
        "/api/v1/tenants/{tenantId}/actions/deactivate",
        "/api/v1/tenants/{tenantId}/actions/reactivate",
    );
    let me = "/api/v1/users/me";
    let tenant = "/api/v1/tenants/{tenantId}";
    vec![
        ok("POST", create, create)
            .register()
            .json(json!({"licenseKey": "{license}"}))
            .capture("new_tenant", "/id")
            .capture("new_host", "/hostnames/0"),
        err("POST", create, create)
            .register()
            .json(json!({"licenseKey": 7})),
        ok(
            "POST",
            deactivate,
            "/api/v1/tenants/{new_tenant}/actions/deactivate",
        )
        .register()
        .json(json!({}))
        .header("qlik-confirm-hostname", "{new_host}"),
        err(
            "POST",
            deactivate,
            &format!("/api/v1/tenants/{NOPE}/actions/deactivate"),
        )
        .register()
        .json(json!({})),
        ok(
            "POST",
            reactivate,
            "/api/v1/tenants/{new_tenant}/actions/reactivate",
        )
        .register()
        .json(json!({}))
        .header("qlik-confirm-hostname", "{new_host}"),
        err(
            "POST",
            reactivate,
            &format!("/api/v1/tenants/{NOPE}/actions/reactivate"),
        )
        .register()
        .json(json!({})),
        ok("GET", me, me)
            .capture("me", "/id")
            .capture("tenant", "/tenantId"),
        err("GET", me, me).anonymous(),
        ok("GET", tenant, "/api/v1/tenants/{tenant}"),
        err("GET", tenant, &format!("/api/v1/tenants/{NOPE}")),
        ok("PATCH", tenant, "/api/v1/tenants/{tenant}")
            .json(json!([{"op": "replace", "path": "/name", "value": "Shapes"}])),
        err("PATCH", tenant, "/api/v1/tenants/{tenant}").json(json!({"op": "replace"})),
        ok("GET", "/api/v1/csrf-token", "/api/v1/csrf-token"),
        err("GET", "/api/v1/csrf-token", "/api/v1/csrf-token").anonymous(),
        ok(
            "GET",
            "/api/v1/licenses/overview",
            "/api/v1/licenses/overview",
        ),
        err(
            "GET",
            "/api/v1/licenses/overview",
            "/api/v1/licenses/overview",
        )
        .anonymous(),
    ]
}

fn users() -> Vec<Step> {
    let (list, one) = ("/api/v1/users", "/api/v1/users/{userId}");
    let patch = json!([{"op": "replace", "path": "/name", "value": "Shape Uno"}]);
    vec![
        ok("POST", list, list).json(json!({"subject": "shapes\\one", "name": "Shape One", "email": "one@shapes.example"})).capture("user", "/id"),
        err("POST", list, list).json(json!({"name": "no subject"})),
        ok("GET", list, "/api/v1/users?limit=100"),
        err("GET", list, "/api/v1/users?limit=1000"),
        ok("GET", one, "/api/v1/users/{user}"),
        err("GET", one, &format!("/api/v1/users/{NOPE}")),
        ok("PATCH", one, "/api/v1/users/{user}").json(patch.clone()),
        err("PATCH", one, &format!("/api/v1/users/{NOPE}")).json(patch),
        ok("GET", "/api/v1/items", "/api/v1/items?resourceType=app"),
        err("GET", "/api/v1/items", "/api/v1/items?limit=1000"),
        ok("GET", "/api/v1/roles", "/api/v1/roles").capture("role", "/data/0/id"),
        err("GET", "/api/v1/roles", "/api/v1/roles?limit=1000"),
        ok("GET", "/api/v1/roles/{id}", "/api/v1/roles/{role}"),
        err("GET", "/api/v1/roles/{id}", &format!("/api/v1/roles/{NOPE}")),
    ]
}

fn config() -> Vec<Step> {
    let (clients, client) = ("/api/v1/oauth-clients", "/api/v1/oauth-clients/{id}");
    let consent = "/api/v1/oauth-clients/{id}/connection-configs/me";
    let trust = json!([{"op": "replace", "path": "/consentMethod", "value": "trusted"}]);
    let (idps, idp) = (
        "/api/v1/identity-providers",
        "/api/v1/identity-providers/{id}",
    );
    let (wis, wi) = ("/api/v1/web-integrations", "/api/v1/web-integrations/{id}");
    let (csps, csp) = ("/api/v1/csp-origins", "/api/v1/csp-origins/{id}");
    let header = "/api/v1/csp-origins/actions/generate-header";
    let describe = json!([{"op": "replace", "path": "/description", "value": "shapes"}]);
    let rename = json!([{"op": "replace", "path": "/name", "value": "Shapes 2"}]);
    let entry = json!({"name": "Shapes", "origin": "shapes.example", "frameAncestors": true});
    vec![
        ok("POST", clients, clients).json(json!({"appType": "web", "clientName": "Shapes", "allowedGrantTypes": ["client_credentials"], "allowedScopes": ["user_default"]})).capture("client", "/clientId"),
        err("POST", clients, clients).json(json!({"appType": "toaster", "clientName": "Shapes"})),
        ok("GET", clients, clients),
        err("GET", clients, clients).anonymous(),
        ok("GET", consent, "/api/v1/oauth-clients/{client}/connection-configs/me"),
        err("GET", consent, &format!("/api/v1/oauth-clients/{NOPE}/connection-configs/me")),
        ok("PATCH", consent, "/api/v1/oauth-clients/{client}/connection-configs/me").json(trust.clone()),
        err("PATCH", consent, &format!("/api/v1/oauth-clients/{NOPE}/connection-configs/me")).json(trust),
        ok("DELETE", client, "/api/v1/oauth-clients/{client}"),
        err("DELETE", client, &format!("/api/v1/oauth-clients/{NOPE}")),
        ok("POST", idps, idps).json(json!({"protocol": "OIDC", "provider": "generic", "interactive": false, "active": false, "description": "Shapes", "options": {"discoveryUrl": "https://idp.shapes.example/.well-known/openid-configuration", "clientId": "c", "clientSecret": "s"}})).capture("idp", "/id"),
        err("POST", idps, idps).json(json!({"protocol": "carrier-pigeon"})),
        ok("GET", idps, idps),
        err("GET", idps, idps).anonymous(),
        ok("GET", idp, "/api/v1/identity-providers/{idp}"),
        err("GET", idp, &format!("/api/v1/identity-providers/{NOPE}")),
        ok("PATCH", idp, "/api/v1/identity-providers/{idp}").json(describe.clone()),
        err("PATCH", idp, &format!("/api/v1/identity-providers/{NOPE}")).json(describe.clone()),
        ok("DELETE", idp, "/api/v1/identity-providers/{idp}"),
        err("DELETE", idp, &format!("/api/v1/identity-providers/{NOPE}")),
        ok("POST", wis, wis).json(json!({"name": "Shapes", "validOrigins": ["https://shapes.example"]})).capture("wi", "/id"),
        err("POST", wis, wis).json(json!({"validOrigins": 3})),
        ok("GET", wis, wis),
        err("GET", wis, wis).anonymous(),
        ok("GET", wi, "/api/v1/web-integrations/{wi}"),
        err("GET", wi, &format!("/api/v1/web-integrations/{NOPE}")),
        ok("PATCH", wi, "/api/v1/web-integrations/{wi}").json(rename.clone()),
        err("PATCH", wi, &format!("/api/v1/web-integrations/{NOPE}")).json(rename),
        ok("DELETE", wi, "/api/v1/web-integrations/{wi}"),
        err("DELETE", wi, &format!("/api/v1/web-integrations/{NOPE}")),
        ok("POST", csps, csps).json(entry.clone()).capture("csp", "/id"),
        err("POST", csps, csps).json(json!({"name": 5})),
        ok("GET", csps, csps),
        err("GET", csps, "/api/v1/csp-origins?limit=1000"),
        ok("GET", header, header),
        err("GET", header, header).anonymous(),
        ok("GET", csp, "/api/v1/csp-origins/{csp}"),
        err("GET", csp, &format!("/api/v1/csp-origins/{NOPE}")),
        ok("PUT", csp, "/api/v1/csp-origins/{csp}").json(entry.clone()),
        err("PUT", csp, &format!("/api/v1/csp-origins/{NOPE}")).json(entry),
        ok("DELETE", csp, "/api/v1/csp-origins/{csp}"),
        err("DELETE", csp, &format!("/api/v1/csp-origins/{NOPE}")),
    ]
}

fn spaces() -> Vec<Step> {
    let (list, one) = ("/api/v1/spaces", "/api/v1/spaces/{spaceId}");
    let (assignments, assignment) = (
        "/api/v1/spaces/{spaceId}/assignments",
        "/api/v1/spaces/{spaceId}/assignments/{assignmentId}",
    );
    let (groups, group, settings) = (
        "/api/v1/groups",
        "/api/v1/groups/{groupId}",
        "/api/v1/groups/settings",
    );
    let describe = json!([{"op": "replace", "path": "/description", "value": "shapes"}]);
    let shared = json!({"name": "Shapes shared", "type": "shared", "description": ""});
    let assign = json!({"type": "user", "assigneeId": "{user}", "roles": ["consumer"]});
    // Only a custom group's name and description change; any group's roles do.
    let roles = json!([{"op": "replace", "path": "/assignedRoles", "value": []}]);
    vec![
        ok("POST", list, list)
            .json(shared.clone())
            .capture("space", "/id"),
        err("POST", list, list).json(shared),
        ok("POST", list, list)
            .json(json!({"name": "Shapes managed", "type": "managed"}))
            .capture("managed", "/id"),
        ok("POST", list, list)
            .json(json!({"name": "Shapes doomed", "type": "shared"}))
            .capture("doomed", "/id"),
        ok("GET", list, list),
        err("GET", list, "/api/v1/spaces?limit=1000"),
        ok("GET", "/api/v1/spaces/types", "/api/v1/spaces/types"),
        err("GET", "/api/v1/spaces/types", "/api/v1/spaces/types").anonymous(),
        ok("GET", one, "/api/v1/spaces/{space}"),
        err("GET", one, &format!("/api/v1/spaces/{NOPE}")),
        ok("PATCH", one, "/api/v1/spaces/{space}").json(describe.clone()),
        err("PATCH", one, &format!("/api/v1/spaces/{NOPE}")).json(describe.clone()),
        ok("DELETE", one, "/api/v1/spaces/{doomed}"),
        err("DELETE", one, &format!("/api/v1/spaces/{NOPE}")),
        ok("POST", assignments, "/api/v1/spaces/{space}/assignments")
            .json(assign.clone())
            .capture("assignment", "/id"),
        err(
            "POST",
            assignments,
            &format!("/api/v1/spaces/{NOPE}/assignments"),
        )
        .json(assign),
        ok("GET", assignments, "/api/v1/spaces/{space}/assignments"),
        err(
            "GET",
            assignments,
            &format!("/api/v1/spaces/{NOPE}/assignments"),
        ),
        ok(
            "DELETE",
            assignment,
            "/api/v1/spaces/{space}/assignments/{assignment}",
        ),
        err(
            "DELETE",
            assignment,
            &format!("/api/v1/spaces/{{space}}/assignments/{NOPE}"),
        ),
        ok("POST", groups, groups)
            .json(json!({"name": "Shapes group"}))
            .capture("group", "/id"),
        err("POST", groups, groups).json(json!({"name": "Shapes group"})),
        ok("GET", groups, groups),
        err("GET", groups, "/api/v1/groups?limit=1000"),
        ok("GET", settings, settings),
        err("GET", settings, settings).anonymous(),
        ok("PATCH", settings, settings)
            .json(json!([{"op": "replace", "path": "/autoCreateGroups", "value": true}])),
        err("PATCH", settings, settings).json(json!({"op": "replace"})),
        ok("GET", group, "/api/v1/groups/{group}"),
        err("GET", group, &format!("/api/v1/groups/{NOPE}")),
        ok("PATCH", group, "/api/v1/groups/{group}").json(roles.clone()),
        err("PATCH", group, &format!("/api/v1/groups/{NOPE}")).json(roles),
        ok("DELETE", group, "/api/v1/groups/{group}"),
        err("DELETE", group, &format!("/api/v1/groups/{NOPE}")),
    ]
}
