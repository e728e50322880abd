//! Generating a checked report request as its user: the app must be one they may view, its
//! data is reduced by section access for them (as `/single/` reduces it) and then filtered by
//! the request's selections, and the sheet or visualization must exist. Those refusals are
//! answered to `POST /api/v1/reports` at once (UNCONFIRMED: whether Qlik refuses at once or
//! fails the request later); selection errors fail the request, as Qlik's `REP-400008`.

use super::request::{Job, Target};
use super::{pdf, selections, xlsx};
use crate::emulator::auth::TenantCaller;
use crate::emulator::error::QlikError;
use crate::emulator::section_access::{Denied, visible_data};
use crate::emulator::state::World;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// What generation made of a request.
#[derive(Debug)]
pub enum Generated {
    /// The output file, named after the request's `outputId`.
    File { filename: String, bytes: Vec<u8> },
    /// The request failed: its `ExportError`s.
    Failed(Vec<Value>),
}

fn refuse(status: StatusCode, code: &str, title: &str, detail: String) -> QlikError {
    QlikError::new(status, code, title).detail(detail)
}

/// Renders `job` for `caller`, or the refusal Qlik's codes name (`REP-404001` app,
/// `REP-404003` sheet, `REP-404002` chart not found; `REP-403001` no read permission;
/// `REP-403000` section access grants nothing, UNCONFIRMED as Qlik's code for it).
pub fn generate(world: &World, caller: &TenantCaller, job: &Job) -> Result<Generated, QlikError> {
    let tenant = world.tenant(&caller.tenant_id)?;
    let app_id = job.app_id();
    let app = tenant.apps.get(app_id).ok_or_else(|| {
        refuse(
            StatusCode::NOT_FOUND,
            "REP-404001",
            "App not found",
            format!("app {app_id} does not exist or has been deleted"),
        )
    })?;
    if !tenant.can_view(&caller.user_id, app) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "REP-403001",
            "App forbidden",
            "the user does not have read permission on the app".to_owned(),
        ));
    }
    let session = caller
        .session_id
        .as_ref()
        .and_then(|sid| world.sessions.get(sid));
    let who = session
        .and_then(|s| tenant.session_identity(s))
        .or_else(|| tenant.identity_of(&caller.user_id))
        .unwrap_or_default();
    let data = visible_data(app.section_access.as_ref(), &app.data, &who).map_err(|denied| {
        let why = match denied {
            Denied::NotListed => "no row of the app's section access applies to the user",
            Denied::NoData => "the user's section access values match none of the data",
        };
        refuse(
            StatusCode::FORBIDDEN,
            "REP-403000",
            "Forbidden",
            format!("access denied: {why}"),
        )
    })?;
    let selected = match selections::resolve(&job.selections, &data, job.strategy) {
        Ok(selected) => selected,
        Err(errors) => {
            return Ok(Generated::Failed(vec![json!({
                "code": "REP-400008", "title": "Selections error.",
                "detail": "the request's selections do not hold in the app",
                "meta": { "selectionErrors": errors },
            })]));
        }
    };
    let tables = selections::apply(&data, &selected);
    match &job.target {
        Target::Sheet { sheet_id, .. } => {
            let sheet = app
                .sheets
                .iter()
                .find(|s| s.id == *sheet_id)
                .ok_or_else(|| {
                    refuse(
                        StatusCode::NOT_FOUND,
                        "REP-404003",
                        "Sheet not found",
                        format!("sheet {sheet_id} does not exist in app {app_id}"),
                    )
                })?;
            let bytes = pdf::render(&pdf::SheetExport {
                title: &sheet.title,
                app_name: &app.name,
                selected: &selected,
                tables: &tables,
            });
            let filename = format!("{}.pdf", job.output_id);
            Ok(Generated::File { filename, bytes })
        }
        Target::Data { object_id, .. } => {
            let found = app
                .sheets
                .iter()
                .flat_map(|s| &s.cells)
                .any(|c| c.name == *object_id);
            if !found {
                return Err(refuse(
                    StatusCode::NOT_FOUND,
                    "REP-404002",
                    "Chart not found",
                    format!("visualization {object_id} is on no sheet of app {app_id}"),
                ));
            }
            Ok(match xlsx::render(&tables) {
                Ok(bytes) => Generated::File {
                    filename: format!("{}.xlsx", job.output_id),
                    bytes,
                },
                Err(e) => Generated::Failed(vec![json!({
                    "code": "REP-500200", "title": "Report Generator error.",
                    "detail": e.to_string(),
                })]),
            })
        }
    }
}
