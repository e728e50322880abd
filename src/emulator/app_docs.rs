//! App documents moving between tenants: export to a temp file (`201` + `Location`), download
//! it, import raw bytes, copy. The file format is the emulator's own JSON (real QVF is
//! proprietary); clients treat it as opaque bytes. Sheet ids survive every move, as in Qlik.

use super::apps::{Apps, nx_app_json};
use super::body::Api;
use super::call::TenantCall;
use super::collection::{Scope, find};
use super::error::{QlikError, Result};
use super::ids;
use super::propagation;
use super::state::Lagging;
use super::state::{Cell, DataTable, EmuApp, Sheet, TempContent};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The export file's format marker.
const FORMAT: &str = "oem-hub-emulator-app/1";
/// Temp files live for an hour by default, as Qlik's.
const TEMP_TTL_SECONDS: i64 = 3600;

#[derive(Debug, Serialize, Deserialize)]
struct AppFile {
    format: String,
    name: String,
    description: String,
    sheets: Vec<(String, String)>,
    /// Each sheet's visualizations, by sheet id (absent from files of apps without any).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    cells: BTreeMap<String, Vec<Cell>>,
    script: String,
    data: Vec<(String, Vec<String>, Vec<Vec<String>>)>,
}

/// A fresh app owned by `owner` from document parts; sheet ids are kept.
pub fn new_app(owner: &str, name: &str, from: &EmuApp, space_id: Option<String>) -> EmuApp {
    let now = Utc::now();
    EmuApp {
        id: ids::guid(),
        item_id: ids::hex24(),
        name: name.to_owned(),
        owner_id: owner.to_owned(),
        space_id,
        origin_app_id: None,
        publish_time: None,
        created: now,
        modified: now,
        script_history: Vec::new(),
        distributed: None,
        ..from.clone()
    }
}

/// `POST /api/v1/apps/{appId}/export?NoData=` → 201 with `Location: /api/v1/temp-contents/{id}`
/// (what Qlik's tutorials observe), or 200 with the file (knob `exportInline`).
pub async fn export(
    call: TenantCall,
    Path(app_id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response> {
    let no_data = q.get("NoData").is_some_and(|v| v == "true");
    let mut world = call.lock();
    let app = find::<Apps>(&Scope::new(&world, &call, &[])?, &app_id)?;
    let file = AppFile {
        format: FORMAT.to_owned(),
        name: app.name.clone(),
        description: app.description.clone(),
        sheets: app
            .sheets
            .iter()
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect(),
        cells: app
            .sheets
            .iter()
            .filter(|s| !s.cells.is_empty())
            .map(|s| (s.id.clone(), s.cells.clone()))
            .collect(),
        script: app.script.clone(),
        data: if no_data {
            Vec::new()
        } else {
            app.data
                .iter()
                .map(|t| (t.name.clone(), t.columns.clone(), t.rows.clone()))
                .collect()
        },
    };
    let bytes = serde_json::to_vec(&file)
        .map_err(|_| QlikError::bad_request("APPS-500", "export failed"))?;
    if world.config.knobs.export_inline {
        // @qlik/api 2.19.0: `ExportAppHttpResponse` is a 200 whose body is the file.
        let headers = [(header::CONTENT_TYPE, "application/octet-stream")];
        return Ok((StatusCode::OK, headers, bytes).into_response());
    }
    let id = ids::random_token(24);
    let filename = format!("{}.qvf", app.name);
    world.temp_contents.insert(
        id.clone(),
        TempContent {
            tenant_id: call.tenant_id.clone(),
            filename,
            bytes,
            expires_at: Utc::now() + Duration::seconds(TEMP_TTL_SECONDS),
            creator_id: None,
        },
    );
    let location = format!("/api/v1/temp-contents/{id}");
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

/// `GET /api/v1/temp-contents/{id}[?inline=1]` → 200 bytes, 410 once expired, 404 when unknown
/// or another user's (a report output is its requester's alone). `inline=1` asks for
/// `Content-Disposition: inline`, as the Reports API's result locations do.
pub async fn download(
    call: TenantCall,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response> {
    let world = call.lock();
    let file = world
        .temp_contents
        .get(&id)
        .filter(|f| f.tenant_id == call.tenant_id)
        .filter(|f| f.creator_id.as_ref().is_none_or(|u| *u == call.user_id))
        .ok_or_else(|| QlikError::not_found("TEMP-CONTENTS-404", "temporary file not found"))?;
    if file.expires_at <= Utc::now() {
        return Err(
            QlikError::new(StatusCode::GONE, "TEMP-CONTENTS-410", "Gone")
                .detail("temporary file expired"),
        );
    }
    let mode = match q.get("inline").map(String::as_str) {
        Some("1") => "inline",
        _ => "attachment",
    };
    let disposition = format!("{mode}; filename=\"{}\"", file.filename.replace('"', ""));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                content_type(&file.filename).to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        file.bytes.clone(),
    )
        .into_response())
}

/// The media type of a temp file by its name's extension (UNCONFIRMED: Qlik's header for
/// report outputs; these are the formats' registered types).
fn content_type(filename: &str) -> &'static str {
    match filename.rsplit_once('.').map(|(_, ext)| ext) {
        Some("pdf") => "application/pdf",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// `POST /api/v1/apps/import?name=&spaceId=` with the exported bytes → 200 `NxApp`.
pub async fn import(
    call: TenantCall,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Result<Json<Value>> {
    let file: AppFile = serde_json::from_slice(&body)
        .ok()
        .filter(|f: &AppFile| f.format == FORMAT)
        .ok_or_else(|| {
            QlikError::not_found(
                "APPS-404",
                "the body is not an app file this service can import",
            )
        })?;
    let mut world = call.lock();
    let tenant = world.tenant_mut(&call.tenant_id)?;
    let space_id = q.get("spaceId").filter(|s| !s.is_empty()).cloned();
    if let Some(space) = &space_id
        && !tenant.spaces.contains_key(space)
    {
        return Err(QlikError::not_found(
            "APPS-404",
            format!("space {space} not found"),
        ));
    }
    let template = EmuApp {
        section_access: None,
        id: String::new(),
        item_id: String::new(),
        name: file.name.clone(),
        description: file.description,
        owner_id: String::new(),
        space_id: None,
        origin_app_id: None,
        publish_time: None,
        sheets: file
            .sheets
            .into_iter()
            .map(|(id, title)| Sheet {
                cells: file.cells.get(&id).cloned().unwrap_or_default(),
                id,
                title,
            })
            .collect(),
        script: file.script,
        script_history: Vec::new(),
        data: file
            .data
            .into_iter()
            .map(|(name, columns, rows)| DataTable {
                name,
                columns,
                rows,
            })
            .collect(),
        created: Utc::now(),
        modified: Utc::now(),
        distributed: None,
    };
    let name = q.get("name").cloned().unwrap_or(file.name);
    let app = new_app(&call.user_id, &name, &template, space_id);
    let body = nx_app_json(&app);
    let id = app.id.clone();
    tenant.apps.insert(id.clone(), app);
    propagation::created(&mut world, &id, Lagging::App);
    Ok(Json(body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CopyAttributes {
    name: Option<String>,
    space_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct CopyRequest {
    #[serde(default)]
    attributes: CopyAttributes,
}

/// `POST /api/v1/apps/{appId}/copy` → 200 `NxApp`.
pub async fn copy(
    call: TenantCall,
    Path(app_id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>> {
    let req: CopyRequest = if body.is_empty() {
        CopyRequest::default()
    } else {
        QlikError::parse_json(&body, Apps::BAD_REQUEST)?
    };
    let mut world = call.lock();
    let source = find::<Apps>(&Scope::new(&world, &call, &[])?, &app_id)?;
    let name = req
        .attributes
        .name
        .unwrap_or_else(|| format!("{} (copy)", source.name));
    let app = new_app(&call.user_id, &name, source, req.attributes.space_id);
    let body = nx_app_json(&app);
    let id = app.id.clone();
    let tenant = world.tenant_mut(&call.tenant_id)?;
    tenant.apps.insert(id.clone(), app);
    propagation::created(&mut world, &id, Lagging::App);
    Ok(Json(body))
}
