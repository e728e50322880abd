//! Licence assignments: `GET /licenses/assignments` and the 207 batch actions `add` and
//! `delete`, each item answered with its own status as `AssignmentsActions*Response` types it.

use super::super::state::LicenseAssignment;
use super::ALLOTMENTS;
use super::LicensesApi;
use crate::emulator::body::JsonBody;
use crate::emulator::call::AdminCall;
use crate::emulator::error::Result;
use axum::Json;
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

/// One element of `add` or `delete`: both members are required.
#[derive(Debug, Deserialize)]
struct Item {
    subject: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct AddRequest {
    add: Vec<Item>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DeleteRequest {
    delete: Vec<Item>,
}

fn failed(item: &Item, status: u16, code: &str, title: &str) -> Value {
    json!({"subject": item.subject, "type": item.kind, "status": status, "code": code, "title": title})
}

/// `GET /api/v1/licenses/assignments` → 200 `{data: [{subject, type, excess, created}], links}`
/// in subject order, unpaged (UNCONFIRMED: Qlik pages by an opaque `page`).
pub async fn list(call: AdminCall) -> Result<Json<Value>> {
    let tenant = call.tenant()?;
    let data: Vec<Value> = tenant
        .settings
        .licenses
        .iter()
        .map(|(subject, a)| {
            json!({"subject": subject, "type": a.kind, "excess": false, "created": a.created})
        })
        .collect();
    Ok(Json(json!({ "data": data, "links": {} })))
}

/// `POST /api/v1/licenses/assignments/actions/add` → 207, per item 201, or 403
/// `LICENSES-011` when the allotment is used up (Qlik's example), 400 for an unknown type and
/// 409 when the subject holds a licence already (UNCONFIRMED codes for those two).
pub async fn add(
    call: AdminCall,
    JsonBody(request, _): JsonBody<AddRequest, LicensesApi>,
) -> Result<(StatusCode, Json<Value>)> {
    let mut tenant = call.tenant()?;
    let mut data = Vec::new();
    for item in request.add {
        let answer = if !ALLOTMENTS.iter().any(|(k, _)| *k == item.kind) {
            failed(&item, 400, "LICENSES-006", "Invalid allotment type.")
        } else if tenant.settings.licenses.contains_key(&item.subject) {
            failed(&item, 409, "LICENSES-012", "Assignment already exists.")
        } else if !tenant.license_available(&item.kind) {
            let title = "No available allotment error, No available allotment.";
            failed(&item, 403, "LICENSES-011", title)
        } else {
            let assignment = LicenseAssignment {
                kind: item.kind.clone(),
                created: Utc::now(),
            };
            tenant
                .settings
                .licenses
                .insert(item.subject.clone(), assignment);
            json!({"subject": item.subject, "type": item.kind, "status": 201})
        };
        data.push(answer);
    }
    Ok((StatusCode::MULTI_STATUS, Json(json!({ "data": data }))))
}

/// `POST /api/v1/licenses/assignments/actions/delete` → 207, per item 200, or 404
/// `LICENSES-016` "Assignment not found." when the subject holds no licence of that type.
pub async fn delete(
    call: AdminCall,
    JsonBody(request, _): JsonBody<DeleteRequest, LicensesApi>,
) -> Result<(StatusCode, Json<Value>)> {
    let mut tenant = call.tenant()?;
    let mut data = Vec::new();
    for item in request.delete {
        let licenses = &mut tenant.settings.licenses;
        let held = licenses
            .get(&item.subject)
            .is_some_and(|a| a.kind == item.kind);
        let answer = if held {
            licenses.remove(&item.subject);
            json!({"subject": item.subject, "type": item.kind, "status": 200})
        } else {
            failed(&item, 404, "LICENSES-016", "Assignment not found.")
        };
        data.push(answer);
    }
    Ok((StatusCode::MULTI_STATUS, Json(json!({ "data": data }))))
}
