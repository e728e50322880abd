//! A queued reload run to its end state: RELOADING, then SUCCEEDED, FAILED, EXCEEDED_LIMIT
//! (knobs) or CANCELED (a cancel arrived while it ran); each end emits the webhook events.

use crate::emulator::EmuState;
use crate::emulator::load_script::{Loaded, RunError, run_script};
use crate::emulator::state::EmuReload;
use crate::emulator::webhooks;
use chrono::Utc;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How often a running reload looks for a cancel.
const CANCEL_POLL: Duration = Duration::from_millis(20);

/// How a run ended, before it is written down.
enum Outcome {
    Ran(Result<Loaded, RunError>),
    Exceeded,
}

/// Runs a queued reload to its end state.
pub(super) async fn execute(
    state: EmuState,
    tenant_id: String,
    reload_id: String,
    variables: HashMap<String, String>,
) {
    let mut sources = Vec::new();
    let scheduled: bool;
    let prepared = {
        let mut world = state.lock();
        let knobs = world.config.knobs.clone();
        let Some(tenant) = world.tenants.get_mut(&tenant_id) else {
            return;
        };
        let connections: HashMap<String, String> = tenant
            .data_connections
            .values()
            .map(|c| {
                let with = crate::emulator::data_connections::with_credentials(c);
                (c.name.clone(), with)
            })
            .collect();
        let Some(reload) = tenant.reloads.get_mut(&reload_id) else {
            return;
        };
        if reload.status != "QUEUED" {
            return; // cancelled before it started
        }
        reload.status = "RELOADING".to_owned();
        reload.start_time = Some(Utc::now());
        let app_id = reload.app_id.clone();
        scheduled = reload.kind == "chronos";
        if let Some(app) = tenant.apps.get(&app_id) {
            sources = super::sources::read_by(&app.script, tenant.data_connections.values());
        }
        tenant
            .apps
            .get(&app_id)
            .map(|app| (app.script.clone(), connections, app_id, knobs))
    };
    let Some((script, connections, app_id, knobs)) = prepared else {
        return;
    };
    let _counted = super::sources::Running::start(&state, sources);
    let deadline = Instant::now() + Duration::from_millis(knobs.reload_ms);
    loop {
        if canceling(&state, &tenant_id, &reload_id) {
            return end_canceled(&state, &tenant_id, &reload_id);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        tokio::time::sleep(left.min(CANCEL_POLL)).await;
    }
    let injected = if knobs.fail_reloads {
        Some("failReloads")
    } else if knobs.fail_reload_apps.contains(&app_id) {
        Some("failReloadApps")
    } else {
        None
    };
    let outcome = if let Some(knob) = injected {
        Outcome::Ran(Err(RunError {
            message: format!("injected reload failure (emulator knob {knob})"),
            log: "Error: injected reload failure\nExecution Failed\n".to_owned(),
        }))
    } else if knobs.exceed_reloads {
        Outcome::Exceeded
    } else {
        let ran = run_script(&script, &connections, &variables).await;
        Outcome::Ran(ran.and_then(|loaded| scheduler_keeps_access(loaded, scheduled)))
    };
    if canceling(&state, &tenant_id, &reload_id) {
        return end_canceled(&state, &tenant_id, &reload_id);
    }
    let mut world = state.lock();
    world.revision += 1;
    let now = world.clock.now();
    let Some(tenant) = world.tenants.get_mut(&tenant_id) else {
        return;
    };
    let reload = tenant.reloads.get_mut(&reload_id);
    let tables = match outcome {
        Outcome::Ran(Ok(loaded)) => {
            finish(reload, "SUCCEEDED", loaded.log, None);
            Some((loaded.tables, loaded.access))
        }
        Outcome::Ran(Err(failure)) => {
            finish(reload, "FAILED", failure.log, Some(failure.message));
            None
        }
        // UNCONFIRMED: the log line and the absence of errorCode (the .d.ts documents
        // errorCode/errorMessage for FAILED only).
        Outcome::Exceeded => {
            let log = "The reload exceeded a limit of the tenant and was stopped.\n";
            finish(reload, "EXCEEDED_LIMIT", log.to_owned(), None);
            None
        }
    };
    if let (Some((tables, access)), Some(app)) = (tables, tenant.apps.get_mut(&app_id)) {
        app.data = tables;
        app.section_access = access;
        app.modified = Utc::now();
    }
    tenant.settle_task_run(&reload_id, now);
    let deliveries = webhooks::on_reload_end(&world, &tenant_id, &reload_id);
    drop(world);
    webhooks::deliver::spawn_all(&state, deliveries);
}

/// A scheduled reload runs as Qlik's scheduler, which must keep access to the app it just
/// reloaded: without an ADMIN row for it the reload fails (the engine's
/// `LOCMSG_SCRIPTEDITOR_ACCESS_DENIED_AFTER_RELOAD`; the wording is UNCONFIRMED).
fn scheduler_keeps_access(loaded: Loaded, scheduled: bool) -> Result<Loaded, RunError> {
    let admitted = loaded
        .access
        .as_ref()
        .is_none_or(|access| crate::emulator::load_script::grants_admin(access, SCHEDULER));
    if !scheduled || admitted {
        return Ok(loaded);
    }
    let message =
        format!("Access was denied after reload: {SCHEDULER} is not ADMIN in section access");
    Err(RunError {
        log: format!("{}Error: {message}\nExecution Failed\n", loaded.log),
        message,
    })
}

/// The account Qlik's scheduler reloads as.
const SCHEDULER: &str = "INTERNAL\\SA_SCHEDULER";

fn canceling(state: &EmuState, tenant_id: &str, reload_id: &str) -> bool {
    let world = state.lock();
    world
        .tenants
        .get(tenant_id)
        .and_then(|t| t.reloads.get(reload_id))
        .is_some_and(|r| r.status == "CANCELING")
}

fn end_canceled(state: &EmuState, tenant_id: &str, reload_id: &str) {
    let mut world = state.lock();
    world.revision += 1;
    let now = world.clock.now();
    if let Some(tenant) = world.tenants.get_mut(tenant_id) {
        let log = "The reload was canceled.\n".to_owned();
        finish(tenant.reloads.get_mut(reload_id), "CANCELED", log, None);
        tenant.settle_task_run(reload_id, now);
    }
    let deliveries = webhooks::on_reload_end(&world, tenant_id, reload_id);
    drop(world);
    webhooks::deliver::spawn_all(state, deliveries);
}

fn finish(reload: Option<&mut EmuReload>, status: &str, log: String, error: Option<String>) {
    if let Some(reload) = reload {
        reload.status = status.to_owned();
        reload.log = log;
        reload.end_time = Some(Utc::now());
        if let Some(message) = error {
            reload.error_code = Some("RELOADS-011".to_owned());
            reload.error_message = Some(message);
        }
    }
}
