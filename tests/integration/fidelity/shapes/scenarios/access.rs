//! Scenario steps of the least-privilege settings (issue 17): Everyone's roles, licence
//! settings and assignments, session limits, tenant flags, script validation, and deleting a
//! user, whose licence goes with it.

use super::NOPE;
use crate::fidelity::shapes::run::{Step, err, ok};
use serde_json::json;

/// Steps that read and change tenant-wide settings; `{user}` exists (the users steps).
pub fn settings() -> Vec<Step> {
    let (settings, tenant) = ("/api/v1/groups/settings", "/api/v1/tenants/{tenantId}");
    let everyone = "/systemGroups/000000000000000000000001/assignedRoles";
    let (licenses, auth) = ("/api/v1/licenses/settings", "/api/core/auth-settings");
    let (list, add, remove) = (
        "/api/v1/licenses/assignments",
        "/api/v1/licenses/assignments/actions/add",
        "/api/v1/licenses/assignments/actions/delete",
    );
    let validate = "/api/v1/apps/validatescript";
    let one = json!([{"subject": "shapes\\one", "type": "professional"}]);
    let script = "Section Access;\nLOAD * INLINE [\nACCESS, USERID\nUSER, *, X\n];\n";
    vec![
        ok("PATCH", settings, settings)
            .json(json!([{"op": "replace", "path": everyone, "value": [{"name": "SharedSpaceCreator"}]}])),
        ok("PATCH", tenant, "/api/v1/tenants/{tenant}").json(json!([
            {"op": "replace", "path": "/autoAssignCreateSharedSpacesRoleToProfessionals", "value": false}
        ])),
        ok("GET", licenses, licenses),
        err("GET", licenses, licenses).anonymous(),
        ok("PUT", licenses, licenses)
            .json(json!({"autoAssignAnalyzer": true, "autoAssignProfessional": false})),
        err("PUT", licenses, licenses).json(json!({"autoAssignAnalyzer": "yes"})),
        ok("POST", add, add).json(json!({ "add": one })),
        err("POST", add, add).json(json!({"add": 5})),
        ok("GET", list, list),
        err("GET", list, list).anonymous(),
        ok("POST", remove, remove).json(json!({ "delete": one })),
        err("POST", remove, remove).json(json!({"delete": "all"})),
        ok("GET", auth, auth),
        err("GET", auth, auth).anonymous(),
        ok("PATCH", auth, auth).json(json!([
            {"op": "replace", "path": "/userSessionInactivityTimeoutMinutes", "value": 15},
            {"op": "replace", "path": "/maxUserSessionLifespanMinutes", "value": 480}
        ])),
        err("PATCH", auth, auth)
            .json(json!([{"op": "replace", "path": "/maxUserSessionLifespanMinutes", "value": 90}])),
        ok("POST", validate, validate).json(json!({ "script": script })),
        err("POST", validate, validate)
            .anonymous()
            .json(json!({ "script": script })),
    ]
}

/// The last steps: a user of its own is deleted (the other steps' `{user}` stays).
pub fn last() -> Vec<Step> {
    let (users, user) = ("/api/v1/users", "/api/v1/users/{userId}");
    vec![
        ok("POST", users, users)
            .json(json!({"subject": "shapes\\doomed", "name": "Doomed"}))
            .capture("doomed_user", "/id"),
        ok("DELETE", user, "/api/v1/users/{doomed_user}"),
        err("DELETE", user, &format!("/api/v1/users/{NOPE}")),
    ]
}
