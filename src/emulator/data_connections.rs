//! Data connections API: named connect statements (here a SQLite file or a PostgreSQL URL)
//! that load scripts reach with `LIB CONNECT TO '<qName>'`.

use super::auth::TenantCaller;
use super::error::QlikError;
use super::state::DataConnection;
use super::{EmuState, ids, paging};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConnectionCreate {
    #[serde(rename = "qName")]
    q_name: String,
    #[serde(rename = "qType")]
    q_type: String,
    #[serde(rename = "qConnectStatement")]
    q_connect_statement: String,
    #[serde(rename = "datasourceID", default)]
    _datasource_id: Option<String>,
    #[serde(default)]
    space: Option<String>,
}

fn err(status: StatusCode, code: &str, detail: impl Into<String>) -> QlikError {
    QlikError::new(status, code, status.canonical_reason().unwrap_or("Error")).detail(detail)
}

fn to_json(c: &DataConnection, tenant_id: &str) -> Value {
    json!({
        "qID": c.id, "qName": c.name, "qType": c.q_type, "qConnectStatement": c.connect_statement,
        "qArchitecture": 0, "qEngineObjectID": c.id, "qLogOn": 0, "qSeparateCredentials": false,
        "privileges": ["list", "read", "update", "delete"], "space": c.space, "tenant": tenant_id,
        "created": c.created, "updated": c.created,
        "links": { "self": { "href": format!("/api/v1/data-connections/{}", c.id) } },
    })
}

/// `POST /api/v1/data-connections` → 201; 409 when the name exists in that space.
pub async fn create(
    State(state): State<EmuState>,
    caller: TenantCaller,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), QlikError> {
    let req: ConnectionCreate = QlikError::parse_json(&body, "DATA-CONNECTIONS-400")?;
    if req.q_name.trim().is_empty() || req.q_connect_statement.trim().is_empty() {
        return Err(err(
            StatusCode::BAD_REQUEST,
            "DATA-CONNECTIONS-400",
            "qName and qConnectStatement are required",
        ));
    }
    let mut world = state.lock();
    let tenant = world.tenant_mut(&caller.tenant_id).ok_or_else(|| {
        err(
            StatusCode::NOT_FOUND,
            "DATA-CONNECTIONS-404",
            "tenant not found",
        )
    })?;
    if tenant
        .data_connections
        .values()
        .any(|c| c.name == req.q_name && c.space == req.space)
    {
        return Err(err(
            StatusCode::CONFLICT,
            "DATA-CONNECTIONS-409",
            format!("connection {} already exists", req.q_name),
        ));
    }
    let connection = DataConnection {
        id: ids::guid(),
        name: req.q_name,
        q_type: req.q_type,
        connect_statement: req.q_connect_statement,
        space: req.space,
        created: Utc::now(),
    };
    let body = to_json(&connection, &caller.tenant_id);
    tenant
        .data_connections
        .insert(connection.id.clone(), connection);
    Ok((StatusCode::CREATED, Json(body)))
}

/// `GET /api/v1/data-connections?limit=&page=` → 200 `{data, links}`, paged.
pub async fn list(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Query(q): Query<paging::Query>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    let tenant = world.tenants.get(&caller.tenant_id).ok_or_else(|| {
        err(
            StatusCode::NOT_FOUND,
            "DATA-CONNECTIONS-404",
            "tenant not found",
        )
    })?;
    let mut all: Vec<&DataConnection> = tenant.data_connections.values().collect();
    all.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    paging::DATA_CONNECTIONS
        .page(
            "/api/v1/data-connections",
            &q,
            &all,
            |c| c.id.as_str(),
            |c| to_json(c, &tenant.id),
        )
        .map(Json)
}

/// `GET /api/v1/data-connections/{qID}` → 200.
pub async fn get(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    world
        .tenants
        .get(&caller.tenant_id)
        .and_then(|t| t.data_connections.get(&id).map(|c| to_json(c, &t.id)))
        .map(Json)
        .ok_or_else(|| {
            err(
                StatusCode::NOT_FOUND,
                "DATA-CONNECTIONS-404",
                "connection not found",
            )
        })
}

/// `DELETE /api/v1/data-connections/{qID}` → 204.
pub async fn delete(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, QlikError> {
    let mut world = state.lock();
    world
        .tenant_mut(&caller.tenant_id)
        .and_then(|t| t.data_connections.remove(&id))
        .map(|_| StatusCode::NO_CONTENT)
        .ok_or_else(|| {
            err(
                StatusCode::NOT_FOUND,
                "DATA-CONNECTIONS-404",
                "connection not found",
            )
        })
}
