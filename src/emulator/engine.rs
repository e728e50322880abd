//! A minimal Qlik engine (QIX) socket at `wss://<tenant>/app/{appId}`, enough to prove that a
//! WebSocket works end to end (directly and through oem-hub's proxy). It speaks JSON-RPC 2.0:
//! on connect it sends `OnConnected`; it answers `OpenDoc` (handle -1, params `[appId]` or
//! `{qDocName}`) with a Doc handle 1, and on that handle `GetTableData`
//! (`{qOffset, qRows, qSyncMode, qTableName}` or positional) with the app's loaded rows as
//! `{qData: [{qValue: [{qText}]}]}`, and `CreateSessionObject` of a `SheetList` (see
//! `sheet_list`). Anything else is a JSON-RPC error. The caller needs a tenant session or a
//! bearer token of a user who may view the app (tenant admins may open any). Section access
//! holds for everyone: the rows served are those the user's reduction keeps, and a user it
//! locks out gets error 5 `LOCERR_GENERIC_ACCESS_DENIED` on `OpenDoc` and on the Doc handle.

mod sheet_list;

use super::section_access::{ACCESS_DENIED_CODE, visible_data};
use super::state::SESSION_COOKIE;
use super::state::{DataTable, Identity, TokenAudience, World};
use super::{EmuState, HostKind};
use axum::Extension;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::{Value, json};

/// `GET /app/{appId}` with `Upgrade: websocket`.
pub async fn socket(
    State(state): State<EmuState>,
    Extension(host): Extension<HostKind>,
    Path(app_id): Path<String>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let HostKind::Tenant { hostname, .. } = host else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let who = match may_open(&state.lock(), &hostname, &headers, &app_id) {
        Ok(who) => who,
        Err(status) => return status.into_response(),
    };
    upgrade.on_upgrade(move |socket| serve(socket, state, hostname, app_id, who))
}

/// The identity of a caller who may open the app: a session's is the login JWT's, a bearer
/// token's the user record's.
fn may_open(
    world: &World,
    hostname: &str,
    headers: &HeaderMap,
    app_id: &str,
) -> Result<Identity, StatusCode> {
    let tenant = world
        .tenant_by_host(hostname)
        .ok_or(StatusCode::NOT_FOUND)?;
    let (user_id, who) = match crate::http::bearer_token(headers) {
        Some(token) => super::auth::valid_token(world, token)
            .ok()
            .filter(|t| t.audience == TokenAudience::Tenant(tenant.id.clone()))
            .and_then(|t| t.user_id)
            .map(|u| (u.clone(), tenant.identity_of(&u))),
        None => crate::http::cookie_value(headers, SESSION_COOKIE)
            .and_then(|sid| world.sessions.get(sid))
            .filter(|s| s.tenant_id == tenant.id && s.expires_at > Utc::now())
            .map(|s| (s.user_id.clone(), tenant.session_identity(s))),
    }
    .ok_or(StatusCode::UNAUTHORIZED)?;
    let who = who.ok_or(StatusCode::UNAUTHORIZED)?;
    let app = tenant.apps.get(app_id).ok_or(StatusCode::NOT_FOUND)?;
    let admin = tenant
        .users
        .get(&user_id)
        .is_some_and(|u| u.roles.iter().any(|r| r == "TenantAdmin"));
    if admin || tenant.can_view(&user_id, app) {
        Ok(who)
    } else {
        Err(StatusCode::FORBIDDEN)
    }
}

async fn serve(
    mut socket: WebSocket,
    state: EmuState,
    hostname: String,
    app_id: String,
    who: Identity,
) {
    let hello = json!({"jsonrpc": "2.0", "method": "OnConnected", "params": {"qSessionState": "SESSION_CREATED"}});
    if socket
        .send(Message::Text(hello.to_string().into()))
        .await
        .is_err()
    {
        return;
    }
    let mut objects = sheet_list::SessionObjects::default();
    while let Some(Ok(message)) = socket.recv().await {
        let Message::Text(text) = message else {
            if matches!(message, Message::Close(_)) {
                return;
            }
            continue;
        };
        let answer = match serde_json::from_str::<Value>(&text) {
            Ok(request) => {
                let world = state.lock();
                answer(&world, &hostname, &app_id, &who, &request, &mut objects)
            }
            Err(e) => error(Value::Null, -32700, &format!("parse error: {e}")),
        };
        if socket
            .send(Message::Text(answer.to_string().into()))
            .await
            .is_err()
        {
            return;
        }
    }
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "parameter": "", "message": message}})
}

/// The answer to one JSON-RPC request from `who`; `objects` are the socket's session objects.
pub fn answer(
    world: &World,
    hostname: &str,
    app_id: &str,
    who: &Identity,
    request: &Value,
    objects: &mut sheet_list::SessionObjects,
) -> Value {
    let id = request["id"].clone();
    let params = &request["params"];
    let app = world
        .tenant_by_host(hostname)
        .and_then(|t| t.apps.get(app_id));
    let handle = request["handle"].as_i64();
    // The data this user's session reads, as section access reduces it (computed per call:
    // a reload may have changed the app meanwhile).
    let data: Option<Result<Vec<DataTable>, _>> =
        app.map(|a| visible_data(a.section_access.as_ref(), &a.data, who));
    let opening = handle == Some(-1) && request["method"] == "OpenDoc";
    if (opening || handle.is_some_and(|h| h >= 1)) && matches!(data, Some(Err(_))) {
        return error(id, ACCESS_DENIED_CODE, "Access denied");
    }
    match (handle, request["method"].as_str()) {
        (Some(1), Some("CreateSessionObject")) => match objects.create(params) {
            Ok(reply) => json!({"jsonrpc": "2.0", "id": id, "result": reply}),
            Err(message) => error(id, 2, &message),
        },
        (Some(handle), Some("GetLayout")) if handle >= 2 => {
            match app.and_then(|a| objects.layout(handle, &a.sheets)) {
                Some(layout) => json!({"jsonrpc": "2.0", "id": id, "result": {"qLayout": layout}}),
                None => error(id, 3, "no such object"),
            }
        }
        (Some(-1), Some("OpenDoc")) => {
            let asked = params[0].as_str().or_else(|| params["qDocName"].as_str());
            if asked != Some(app_id) {
                return error(id, 1002, "this socket is bound to another app");
            }
            json!({"jsonrpc": "2.0", "id": id, "result": {"qReturn": {"qType": "Doc", "qHandle": 1, "qGenericId": app_id}}})
        }
        (Some(1), Some("GetTableData")) => {
            let name = params["qTableName"].as_str().or_else(|| params[3].as_str());
            let tables = data.and_then(Result::ok).unwrap_or_default();
            let table = tables.iter().find(|t| Some(t.name.as_str()) == name);
            match table {
                Some(table) => {
                    let rows: Vec<Value> = table
                        .rows
                        .iter()
                        .map(|row| json!({"qValue": row.iter().map(|v| json!({"qText": v})).collect::<Vec<_>>()}))
                        .collect();
                    json!({"jsonrpc": "2.0", "id": id, "result": {"qData": rows}})
                }
                None => error(id, 2, "table not found"),
            }
        }
        _ => error(id, -32601, "method not found"),
    }
}
