//! Data connections API: named connect statements (here a SQLite file or a PostgreSQL URL)
//! that load scripts reach with `LIB CONNECT TO '<qName>'`. Credentials (`qUsername`,
//! `qPassword`) are kept apart and never answered; callers see only connections they may.

use super::auth::{TENANT_ADMIN, forbidden};
use super::body::{Api, JsonBody};
use super::call::TenantCall;
use super::collection::{Collection, Listing, Scope, held_in};
use super::error::{QlikError, Result};
use super::ids;
use super::paging::{self, Paging};
use super::state::{DataConnection, EmuTenant};
use axum::Json;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConnectionCreate {
    q_name: String,
    q_type: String,
    q_connect_statement: String,
    q_username: Option<String>,
    q_password: Option<String>,
    #[serde(rename = "datasourceID")]
    _datasource_id: Option<String>,
    space: Option<String>,
}

/// `ConnectionGet`: no credential field exists in Qlik's answer shape. `space?: string` is
/// absent (not null) for a personal connection.
fn to_json(c: &DataConnection, tenant_id: &str) -> Value {
    let mut body = json!({
        "qID": c.id, "qName": c.name, "qType": c.q_type, "qConnectStatement": c.connect_statement,
        "qArchitecture": 0, "qEngineObjectID": c.id, "qLogOn": 0, "qSeparateCredentials": false,
        "privileges": ["list", "read", "update", "delete"], "tenant": tenant_id,
        "user": c.owner_id, "created": c.created, "updated": c.created,
        "links": { "self": { "href": format!("/api/v1/data-connections/{}", c.id) } },
    });
    if let Some(space) = &c.space {
        body["space"] = json!(space);
    }
    body
}

/// Who may see a connection: a tenant or data admin, its creator when it is personal (no
/// space), and anyone with a role in its space.
fn visible(tenant: &EmuTenant, user_id: &str, c: &DataConnection) -> bool {
    manages_data(tenant, user_id)
        || match &c.space {
            None => c.owner_id == user_id,
            Some(space) => tenant.can_view_space(user_id, space),
        }
}

/// Creating and deleting connections is for `TenantAdmin` and `DataAdmin` (UNCONFIRMED: Qlik
/// also lets space members with the right space role do it; the emulator does not model that).
fn manages_data(tenant: &EmuTenant, user_id: &str) -> bool {
    tenant.has_role(user_id, TENANT_ADMIN) || tenant.has_role(user_id, "DataAdmin")
}

/// The statement a reload connects with: the credentials put back into a URL statement.
pub fn with_credentials(c: &DataConnection) -> String {
    let Ok(mut url) = url::Url::parse(&c.connect_statement) else {
        return c.connect_statement.clone();
    };
    if url.cannot_be_a_base() || (c.username.is_none() && c.password.is_none()) {
        return c.connect_statement.clone();
    }
    let user = c.username.as_deref().unwrap_or_default();
    if url.set_username(user).is_err() || url.set_password(c.password.as_deref()).is_err() {
        return c.connect_statement.clone();
    }
    url.to_string()
}

/// `POST /api/v1/data-connections` → 201; 409 when the name exists in that space.
pub async fn create(
    call: TenantCall,
    JsonBody(req, _): JsonBody<ConnectionCreate, DataConnections>,
) -> Result<(StatusCode, Json<Value>)> {
    if req.q_name.trim().is_empty() || req.q_connect_statement.trim().is_empty() {
        return Err(QlikError::bad_request(
            DataConnections::BAD_REQUEST,
            "qName and qConnectStatement are required",
        ));
    }
    let mut tenant = call.tenant()?;
    if !manages_data(&tenant, &call.user_id) {
        return Err(forbidden("TenantAdmin or DataAdmin"));
    }
    if tenant
        .data_connections
        .values()
        .any(|c| c.name == req.q_name && c.space == req.space)
    {
        return Err(QlikError::conflict(
            "DATA-CONNECTIONS-409",
            format!("connection {} already exists", req.q_name),
        ));
    }
    let connection = DataConnection {
        id: ids::guid(),
        name: req.q_name,
        q_type: req.q_type,
        connect_statement: req.q_connect_statement,
        username: req.q_username,
        password: req.q_password,
        space: req.space,
        owner_id: call.user_id.clone(),
        created: Utc::now(),
    };
    let mut body = to_json(&connection, &call.tenant_id);
    // `ConnectionCreateResponse` types `qLogOn` as a string ("0" | "1" | …), unlike
    // `ConnectionGet`'s number.
    body["qLogOn"] = json!("0");
    tenant
        .data_connections
        .insert(connection.id.clone(), connection);
    Ok((StatusCode::CREATED, Json(body)))
}

/// The data connections of a tenant, oldest first; a caller sees those [`visible`] to them.
pub struct DataConnections;

impl Api for DataConnections {
    const BAD_REQUEST: &'static str = "DATA-CONNECTIONS-400";
}

impl Collection for DataConnections {
    type Item = DataConnection;

    held_in!(data_connections);

    fn missing(_: &str) -> QlikError {
        QlikError::of_status(StatusCode::NOT_FOUND, "DATA-CONNECTIONS-404")
            .detail("connection not found")
    }
    fn render(c: &DataConnection, at: &Scope) -> Value {
        to_json(c, &at.tenant.id)
    }
    fn visible(c: &DataConnection, at: &Scope) -> bool {
        visible(at.tenant, &at.caller.user_id, c)
    }
    fn may_delete(_: &DataConnection, at: &Scope) -> Result<(), QlikError> {
        match manages_data(at.tenant, &at.caller.user_id) {
            true => Ok(()),
            false => Err(forbidden("TenantAdmin or DataAdmin")),
        }
    }
}

impl Listing for DataConnections {
    const PAGING: Paging = paging::DATA_CONNECTIONS;
    const PATH: &'static str = "/api/v1/data-connections";

    fn created(c: &DataConnection) -> Option<DateTime<Utc>> {
        Some(c.created)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connection(statement: &str, user: Option<&str>, password: Option<&str>) -> DataConnection {
        DataConnection {
            id: "c".into(),
            name: "customer_db".into(),
            q_type: "postgres".into(),
            connect_statement: statement.into(),
            username: user.map(str::to_owned),
            password: password.map(str::to_owned),
            space: None,
            owner_id: "bot".into(),
            created: Utc::now(),
        }
    }

    #[test]
    fn reloads_get_the_credentials_back() {
        let cases = [
            (
                connection("postgres://db:5432/acme", Some("acme"), Some("p:w@d")),
                "postgres://acme:p%3Aw%40d@db:5432/acme",
            ),
            (
                connection("postgres://db/acme", None, None),
                "postgres://db/acme",
            ),
            (
                connection("/tmp/acme.db", Some("x"), Some("y")),
                "/tmp/acme.db",
            ),
        ];
        for (c, want) in cases {
            assert_eq!(with_credentials(&c), want, "{}", c.connect_statement);
        }
        let text = to_json(
            &connection("postgres://db/acme", Some("acme"), Some("s3cret")),
            "t",
        )
        .to_string();
        assert!(
            !text.contains("s3cret") && !text.contains("\"acme\""),
            "{text}"
        );
    }
}
