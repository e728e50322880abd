//! `POST /api/v1/themes` and `PATCH /api/v1/themes/{id}`: a form with the archive as `file`
//! and, optionally, the `Theme` model as `data` (its descriptive members override the
//! `.qext`'s; UNCONFIRMED: Qlik's precedence between the two).

use super::multipart::{self, Form};
use super::{error, find, missing, require_manager, to_json};
use crate::emulator::call::TenantCall;
use crate::emulator::error::{QlikError, Result};
use crate::emulator::ids;
use crate::emulator::state::EmuTheme;
use crate::theme_archive::ThemeArchive;
use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, header};
use chrono::Utc;
use serde_json::{Map, Value, json};

/// `Theme` members a `.qext` or the `data` part may set.
const DESCRIPTIVE: &[&str] = &[
    "name",
    "description",
    "author",
    "version",
    "homepage",
    "icon",
    "keywords",
    "license",
    "repository",
    "supplier",
    "dependencies",
    "tags",
];

fn form(headers: &HeaderMap, body: &[u8]) -> Result<Form, QlikError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the body must be multipart/form-data with the theme archive as its file part",
        ));
    }
    multipart::parse(content_type, body).ok_or_else(|| {
        error(
            StatusCode::BAD_REQUEST,
            "malformed multipart/form-data body",
        )
    })
}

fn data(form: &Form) -> Result<Map<String, Value>, QlikError> {
    match form.get("data") {
        None => Ok(Map::new()),
        Some(raw) => match serde_json::from_slice(raw) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "data: not a valid JSON object",
            )),
        },
    }
}

fn archive(form: &Form) -> Result<Option<(ThemeArchive, Vec<u8>)>, QlikError> {
    let Some(file) = form.get("file") else {
        return Ok(None);
    };
    let read = ThemeArchive::read(file)
        .map_err(|e| error(StatusCode::UNPROCESSABLE_ENTITY, format!("file: {e}")))?;
    Ok(Some((read, file.clone())))
}

/// The kept metadata: the `.qext`'s descriptive members (and `type`, `qextVersion`), then
/// those `data` gives. `keywords` is a string and `tags` a list of strings, as typed.
fn meta(archive: &ThemeArchive, data: &Map<String, Value>) -> Map<String, Value> {
    let mut meta = Map::new();
    meta.insert("type".into(), json!("theme"));
    meta.insert("tags".into(), json!([]));
    if let Some(version) = archive.qext_str("version") {
        meta.insert("qextVersion".into(), json!(version));
    }
    for source in [&archive.qext, data] {
        for key in DESCRIPTIVE {
            let Some(value) = source.get(*key) else {
                continue;
            };
            let typed = match *key {
                "dependencies" => value.is_object(),
                "tags" => value
                    .as_array()
                    .is_some_and(|a| a.iter().all(Value::is_string)),
                _ => value.is_string(),
            };
            if typed {
                meta.insert((*key).to_owned(), value.clone());
            }
        }
    }
    meta
}

/// `POST /api/v1/themes` → 201 `Theme`; 409 when a theme with the archive's `qextFilename`
/// exists ("The name of the new theme must be different to any existing themes"), 415 for a
/// body that is no form, 422 for an archive Qlik refuses (or none: UNCONFIRMED what a
/// `data`-only theme would be, so the emulator asks for the archive).
pub async fn upload(
    call: TenantCall,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>)> {
    let form = form(&headers, &body)?;
    let data = data(&form)?;
    let (archive, bytes) = archive(&form)?.ok_or_else(|| {
        error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "file: a theme needs its archive (a zip with <name>.qext and theme.json)",
        )
    })?;
    let mut tenant = call.tenant()?;
    require_manager(&tenant, &call)?;
    if find(&tenant, &archive.qext_filename).is_some() {
        let message = format!("a theme {} already exists", archive.qext_filename);
        return Err(error(StatusCode::CONFLICT, message));
    }
    let now = Utc::now();
    let theme = EmuTheme {
        id: ids::guid(),
        qext_filename: archive.qext_filename.clone(),
        meta: meta(&archive, &data),
        theme: archive.theme.clone(),
        archive: bytes,
        user_id: call.user_id.clone(),
        created_at: now,
        updated_at: now,
    };
    let body = to_json(&theme, &tenant.id);
    tenant.themes.insert(theme.id.clone(), theme);
    Ok((StatusCode::CREATED, Json(body)))
}

/// `PATCH /api/v1/themes/{id}` → 200 `Themes` (`{data: [Theme]}`, as `patchTheme` types it):
/// a new archive replaces the theme's files (its `.qext` must keep the theme's
/// `qextFilename`), `data` its descriptive members.
pub async fn patch(
    call: TenantCall,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>> {
    let form = form(&headers, &body)?;
    let data = data(&form)?;
    let replacement = archive(&form)?;
    let mut tenant = call.tenant()?;
    require_manager(&tenant, &call)?;
    let key = find(&tenant, &id)
        .map(|t| t.id.clone())
        .ok_or_else(|| missing(&id))?;
    let tenant_id = tenant.id.clone();
    let theme = tenant.themes.get_mut(&key).ok_or_else(|| missing(&id))?;
    match replacement {
        Some((archive, bytes)) => {
            if archive.qext_filename != theme.qext_filename {
                let message = format!(
                    "file: the archive's {}.qext does not belong to theme {}",
                    archive.qext_filename, theme.qext_filename
                );
                return Err(error(StatusCode::UNPROCESSABLE_ENTITY, message));
            }
            theme.meta = meta(&archive, &data);
            theme.theme = archive.theme;
            theme.archive = bytes;
        }
        None => {
            for key in DESCRIPTIVE {
                if let Some(value) = data.get(*key) {
                    theme.meta.insert((*key).to_owned(), value.clone());
                }
            }
        }
    }
    theme.updated_at = Utc::now();
    Ok(Json(json!({ "data": [to_json(theme, &tenant_id)] })))
}
