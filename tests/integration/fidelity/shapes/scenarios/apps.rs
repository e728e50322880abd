//! Scenario steps of the apps, scripts, temporary contents, reloads and data-connections
//! routes: copy, export, download, import, publish, move and reload a seeded template.

use super::NOPE;
use crate::fidelity::shapes::run::{Step, err, ok};
use serde_json::json;

/// The steps, in order: each finds the ids the ones before it captured.
pub fn steps() -> Vec<Step> {
    let one = "/api/v1/apps/{appId}";
    let (copy, export, import) = (
        "/api/v1/apps/{appId}/copy",
        "/api/v1/apps/{appId}/export",
        "/api/v1/apps/import",
    );
    let (publish, space) = ("/api/v1/apps/{appId}/publish", "/api/v1/apps/{appId}/space");
    let (scripts, script) = (
        "/api/v1/apps/{appId}/scripts",
        "/api/v1/apps/{appId}/scripts/{id}",
    );
    let temp = "/api/v1/temp-contents/{id}";
    let (reloads, reload) = ("/api/v1/reloads", "/api/v1/reloads/{reloadId}");
    let cancel = "/api/v1/reloads/{reloadId}/actions/cancel";
    let (dcs, dc) = ("/api/v1/data-connections", "/api/v1/data-connections/{qID}");
    let nope = format!("/api/v1/apps/{NOPE}");
    let script_body =
        json!({"script": "Shapes: LOAD 1 AS x AUTOGENERATE 1;", "versionMessage": "shapes"});
    vec![
        ok("GET", one, "/api/v1/apps/{app}"),
        err("GET", one, &nope),
        ok("POST", copy, "/api/v1/apps/{app}/copy").json(json!({"attributes": {"name": "Shapes copy"}})).capture("copy", "/attributes/id"),
        err("POST", copy, &format!("{nope}/copy")).json(json!({})),
        ok("POST", export, "/api/v1/apps/{copy}/export").capture("temp", "location"),
        err("POST", export, &format!("{nope}/export")),
        ok("GET", temp, "/api/v1/temp-contents/{temp}").capture("file", "bytes"),
        err("GET", temp, &format!("/api/v1/temp-contents/{NOPE}")),
        ok("POST", import, "/api/v1/apps/import?name=Shapes%20import").raw("file").capture("imported", "/attributes/id"),
        err("POST", import, import).json(json!({"not": "an app"})),
        ok("POST", publish, "/api/v1/apps/{copy}/publish").json(json!({"spaceId": "{managed}"})).capture("published", "/attributes/id"),
        err("POST", publish, &format!("{nope}/publish")).json(json!({"spaceId": "{managed}"})),
        ok("PUT", publish, "/api/v1/apps/{copy}/publish").json(json!({"targetId": "{published}"})),
        err("PUT", publish, &format!("{nope}/publish")).json(json!({"targetId": "{published}"})),
        ok("PUT", space, "/api/v1/apps/{imported}/space").json(json!({"spaceId": "{space}"})),
        err("PUT", space, &format!("{nope}/space")).json(json!({"spaceId": "{space}"})),
        ok("POST", scripts, "/api/v1/apps/{copy}/scripts").json(script_body.clone()),
        err("POST", scripts, &format!("{nope}/scripts")).json(script_body),
        ok("GET", scripts, "/api/v1/apps/{copy}/scripts").capture("script", "/scripts/0/scriptId"),
        err("GET", scripts, &format!("{nope}/scripts")),
        ok("GET", script, "/api/v1/apps/{copy}/scripts/{script}"),
        err("GET", script, &format!("/api/v1/apps/{{copy}}/scripts/{NOPE}")),
        ok("POST", reloads, reloads).json(json!({"appId": "{copy}"})).capture("reload", "/id"),
        err("POST", reloads, reloads).json(json!({})),
        ok("GET", reloads, "/api/v1/reloads?appId={copy}"),
        err("GET", reloads, "/api/v1/reloads?limit=1000"),
        ok("GET", reload, "/api/v1/reloads/{reload}"),
        err("GET", reload, &format!("/api/v1/reloads/{NOPE}")),
        ok("POST", cancel, "/api/v1/reloads/{reload}/actions/cancel"),
        err("POST", cancel, &format!("/api/v1/reloads/{NOPE}/actions/cancel")),
        ok("POST", dcs, dcs).json(json!({"qName": "shapes_db", "qType": "jdbc", "qConnectStatement": "CUSTOM CONNECT TO \"provider=jdbc;driver=postgresql;host=db;port=5432;database=shapes\"", "space": "{space}"})).capture("dc", "/qID"),
        err("POST", dcs, dcs).json(json!({"qName": "no type"})),
        ok("GET", dcs, dcs),
        err("GET", dcs, "/api/v1/data-connections?limit=1000"),
        ok("GET", dc, "/api/v1/data-connections/{dc}"),
        err("GET", dc, &format!("/api/v1/data-connections/{NOPE}")),
        ok("DELETE", dc, "/api/v1/data-connections/{dc}"),
        err("DELETE", dc, &format!("/api/v1/data-connections/{NOPE}")),
        ok("DELETE", one, "/api/v1/apps/{imported}"),
        err("DELETE", one, &nope),
    ]
}
