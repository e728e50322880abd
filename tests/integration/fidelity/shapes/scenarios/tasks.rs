//! Scenario steps of the Tasks API: a scheduled reload task of the seeded app, updated, run
//! on request, its runs and log read, then deleted.

use super::NOPE;
use crate::fidelity::shapes::run::{Step, err, ok};
use crate::fidelity::tasks::body;
use serde_json::json;

/// The steps, in order: each finds the ids the ones before it captured.
pub fn steps() -> Vec<Step> {
    let (tasks, task) = ("/api/v1/tasks", "/api/v1/tasks/{id}");
    let start = "/api/v1/tasks/{id}/actions/start";
    let (runs, last) = ("/api/v1/tasks/{id}/runs", "/api/v1/tasks/{id}/runs/last");
    let log = "/api/v1/tasks/{id}/runs/{runId}/log";
    let resource_runs = "/api/v1/tasks/resources/{id}/runs";
    let no_states = json!({"name": "x", "specVersion": "0.8", "start": {"schedule": {}}});
    vec![
        ok("POST", tasks, tasks)
            .json(body("Shapes task", "{app}"))
            .capture("task", "/id"),
        err("POST", tasks, tasks).json(no_states),
        ok("GET", tasks, "/api/v1/tasks?resourceId={app}"),
        err("GET", tasks, "/api/v1/tasks?sort=name"),
        ok("GET", task, "/api/v1/tasks/{task}"),
        err("GET", task, &format!("/api/v1/tasks/{NOPE}")),
        ok("PUT", task, "/api/v1/tasks/{task}").json(body("Shapes task renamed", "{app}")),
        err("PUT", task, "/api/v1/tasks/{task}").json(body("Shapes task", NOPE)),
        ok(
            "POST",
            start,
            "/api/v1/tasks/{task}/actions/start?source=shapes",
        ),
        err(
            "POST",
            start,
            &format!("/api/v1/tasks/{NOPE}/actions/start"),
        ),
        ok("GET", runs, "/api/v1/tasks/{task}/runs").capture("run", "/data/0/id"),
        err("GET", runs, "/api/v1/tasks/{task}/runs?limit=1000"),
        ok("GET", last, "/api/v1/tasks/{task}/runs/last"),
        err("GET", last, &format!("/api/v1/tasks/{NOPE}/runs/last")),
        ok("GET", log, "/api/v1/tasks/{task}/runs/{run}/log"),
        err(
            "GET",
            log,
            &format!("/api/v1/tasks/{{task}}/runs/{NOPE}/log"),
        ),
        ok("GET", resource_runs, "/api/v1/tasks/resources/{app}/runs"),
        err(
            "GET",
            resource_runs,
            "/api/v1/tasks/resources/{app}/runs?sort=name",
        ),
        ok("DELETE", task, "/api/v1/tasks/{task}"),
        err("DELETE", task, "/api/v1/tasks/{task}"),
    ]
}
