//! A task body (`POST`/`PUT /api/v1/tasks`) checked as Qlik's migration guide says a tenant
//! checks it: exactly one state with exactly one `app.reload` action, a `start` with a
//! schedule; what the emulator runs is drawn out of it.

use super::schedule;
use crate::emulator::state::EmuTask;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// `TaskMetadata.usage` values.
const USAGES: [&str; 4] = [
    "ANALYTICS",
    "DATA_PREPARATION",
    "DATAFLOW_PREP",
    "SINGLE_TABLE_PREP",
];

/// Writes what a valid task `body` says into `task`, or answers the 400's message (having
/// written some of it: the caller keeps `task` only on success).
pub fn parse(body: &[u8], task: &mut EmuTask) -> Result<(), String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("invalid request body: {e}"))?;
    let Value::Object(mut written) = value else {
        return Err("invalid request body: a task must be a JSON object".to_owned());
    };
    task.name = match written.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => name.clone(),
        _ => return Err("name is required".to_owned()),
    };
    if !written.get("specVersion").is_some_and(Value::is_string) {
        return Err("specVersion is required".to_owned());
    }
    task.enabled = match written.get("enabled") {
        // Qlik's migration guide: a task not created with `"enabled": true` stays disabled.
        None | Some(Value::Null) => false,
        Some(Value::Bool(on)) => *on,
        Some(other) => return Err(format!("enabled must be a boolean, got {other}")),
    };
    let action = the_action(&mut written)?;
    (task.app_id, task.partial, task.variables) = reload_arguments(&action)?;
    task.action_id = action["name"]
        .as_str()
        .unwrap_or("reload-action")
        .to_owned();
    task.schedule = match written.get("start") {
        Some(Value::Object(start)) if start.contains_key("schedule") => {
            schedule::parse(&start["schedule"])?
        }
        _ => return Err("Start has no StartdefOneOf field".to_owned()),
    };
    task.usage = match written.get("metadata").and_then(|m| m.get("usage")) {
        None | Some(Value::Null) => "ANALYTICS".to_owned(),
        Some(Value::String(u)) if USAGES.contains(&u.as_str()) => u.clone(),
        Some(other) => return Err(format!("metadata.usage {other} is not one of {USAGES:?}")),
    };
    for readonly in ["id", "resourceId", "metadata", "enabled"] {
        written.remove(readonly);
    }
    task.spec = Value::Object(written);
    Ok(())
}

/// The one action of the one state. The state's `type` is answered as the .d.ts types it,
/// `EVENT`, whatever case the client wrote (Qlik's guide sends `event`; UNCONFIRMED).
fn the_action(task: &mut Map<String, Value>) -> Result<Value, String> {
    let states = match task.get_mut("states") {
        Some(Value::Array(states)) => states,
        _ => return Err("task has 0 states instead of 1".to_owned()),
    };
    if states.len() != 1 || !states[0].is_object() {
        let n = states.iter().filter(|s| s.is_object()).count();
        return Err(format!("task has {n} states instead of 1"));
    }
    let state = &mut states[0];
    if let Some(kind) = state.get("type").and_then(Value::as_str)
        && kind.eq_ignore_ascii_case("event")
    {
        state["type"] = Value::from("EVENT");
    }
    let actions: Vec<&Value> = state["onEvents"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|on| on["actions"].as_array().into_iter().flatten())
        .collect();
    match actions.as_slice() {
        [action] if action.is_object() => Ok((*action).clone()),
        other => Err(format!("task has {} Actions instead of 1", other.len())),
    }
}

/// The reload the action asks for: `functionRef` `app.reload` with `arguments` `appId`,
/// `partial` and `variables`. `arguments` is `unknown` in the .d.ts; `variables` (names to
/// values, passed to the load script as `POST /api/v1/reloads` `variables` are, with the same
/// limits) is UNCONFIRMED in Qlik's documentation.
fn reload_arguments(action: &Value) -> Result<(String, bool, BTreeMap<String, String>), String> {
    let function = &action["functionRef"];
    if function["refName"] != "app.reload" {
        return Err("the action's functionRef must be an object with refName app.reload".into());
    }
    let arguments = &function["arguments"];
    let app_id = match arguments["appId"].as_str() {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => return Err("functionRef.arguments.appId is required".to_owned()),
    };
    let partial = match &arguments["partial"] {
        Value::Null => false,
        Value::Bool(partial) => *partial,
        other => {
            return Err(format!(
                "functionRef.arguments.partial must be a boolean, got {other}"
            ));
        }
    };
    let variables: HashMap<String, String> = match &arguments["variables"] {
        Value::Null => HashMap::new(),
        other => serde_json::from_value(other.clone()).map_err(|_| {
            "functionRef.arguments.variables must be an object of strings".to_owned()
        })?,
    };
    crate::emulator::reloads::validate_variables(&variables)
        .map_err(|e| e.detail.unwrap_or(e.title))?;
    Ok((app_id, partial, variables.into_iter().collect()))
}
