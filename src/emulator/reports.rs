//! Qlik's Reports API (`reports.d.ts` of @qlik/api 2.19.0, qlik.dev "Generate reports using
//! Reporting API"): `POST /api/v1/reports` queues a request and answers `202` with the status
//! URL in `Location`; `GET /api/v1/reports/{id}/status` is polled until `done` (the emulator's
//! first read answers `processing`, the next the outcome); the output is then downloaded from
//! the `location` of `results[]` (or of `GET /api/v1/reports/{id}/outputs`), a temp-contents
//! URL. A report runs as its caller (bearer token of a user, or a JWT session cookie with the
//! `qlik-csrf-token` header for the POST, as `TenantCaller` checks): it sees what they may see,
//! and only they may read its status and download its output.
//!
//! Real files: a sheet (`sense-sheet-1.0`) becomes a PDF, a visualization's data
//! (`sense-data-1.0`) an XLSX, both of the rows section access leaves the user, filtered by the
//! request's `selectionsByState`.

mod answer;
mod generate;
mod pdf;
mod request;
mod selections;
mod xlsx;

use super::auth::TenantCaller;
use super::error::QlikError;
use super::scim_filter::{Allowed, Filter, Op};
use super::state::{EmuReport, ReportOutcome, TempContent, World};
use super::{EmuState, ids};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use generate::Generated;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// How long a request and its output live: `Meta.outputTtl`'s default, one hour (a request's
/// own `meta.outputTtl` is not applied).
const OUTPUT_TTL_SECONDS: i64 = 3600;

/// `http://<host>[:port]` as the caller addressed the tenant, for the absolute URLs Qlik
/// answers (`Location`, `outputsUrl`, result locations).
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    format!("http://{host}")
}

/// Forgets requests past their time to live, and their outputs.
fn sweep(world: &mut World, now: DateTime<Utc>) {
    let expired: Vec<String> = world
        .reports
        .values()
        .filter(|r| r.expires_at <= now)
        .map(|r| r.id.clone())
        .collect();
    for id in expired {
        if let Some(EmuReport {
            outcome: ReportOutcome::Done { temp_id, .. },
            ..
        }) = world.reports.remove(&id)
        {
            world.temp_contents.remove(&temp_id);
        }
    }
}

/// `POST /api/v1/reports` → 202 `PostReportsResponse` with `Location` of the status.
/// UNCONFIRMED: the wording of `message`.
pub async fn create(
    State(state): State<EmuState>,
    headers: HeaderMap,
    caller: TenantCaller,
    body: Bytes,
) -> Result<Response, QlikError> {
    let job = request::check(request::parse(&body)?)?;
    let mut world = state.lock();
    let generated = generate::generate(&world, &caller, &job)?;
    let now = Utc::now();
    sweep(&mut world, now);
    let expires_at = now + Duration::seconds(OUTPUT_TTL_SECONDS);
    let outcome = match generated {
        Generated::File { filename, bytes } => {
            let temp_id = ids::hex24();
            let size_bytes = bytes.len();
            world.temp_contents.insert(
                temp_id.clone(),
                TempContent {
                    tenant_id: caller.tenant_id.clone(),
                    filename,
                    bytes,
                    expires_at,
                    creator_id: Some(caller.user_id.clone()),
                },
            );
            ReportOutcome::Done {
                temp_id,
                size_bytes,
            }
        }
        Generated::Failed(errors) => ReportOutcome::Failed { errors },
    };
    let id = ids::guid();
    world.reports.insert(
        id.clone(),
        EmuReport {
            id: id.clone(),
            tenant_id: caller.tenant_id.clone(),
            user_id: caller.user_id.clone(),
            output_id: job.output_id,
            outcome,
            seen_processing: false,
            created: now,
            expires_at,
        },
    );
    let base = base_url(&headers);
    let answer = json!({
        "message": "Report request accepted",
        "outputsUrl": format!("{base}/api/v1/reports/{id}/outputs"),
        "requestId": id,
    });
    let location = format!("{base}/api/v1/reports/{id}/status");
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        Json(answer),
    )
        .into_response())
}

/// The caller's own live request `id`: another user's, another tenant's or an expired one is
/// not found (UNCONFIRMED: 404 rather than 403 for another user's).
fn own<'a>(
    world: &'a mut World,
    caller: &TenantCaller,
    id: &str,
) -> Result<&'a mut EmuReport, QlikError> {
    let now = Utc::now();
    world
        .reports
        .get_mut(id)
        .filter(|r| r.tenant_id == caller.tenant_id && r.user_id == caller.user_id)
        .filter(|r| r.expires_at > now)
        .ok_or_else(|| {
            QlikError::new(StatusCode::NOT_FOUND, "REP-404000", "Not found")
                .detail(format!("report request {id} not found"))
        })
}

/// `GET /api/v1/reports/{id}/status` → 200 `ReportStatus`.
pub async fn status(
    State(state): State<EmuState>,
    headers: HeaderMap,
    caller: TenantCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, QlikError> {
    let mut world = state.lock();
    let report = own(&mut world, &caller, &id)?;
    let stage = answer::read(report);
    Ok(Json(answer::status(report, stage, &base_url(&headers))))
}

/// `GET …/outputs`'s `filter`: `outputId eq "…"`, the one field `reports.d.ts` names.
const OUTPUT_FILTER: Allowed<'static> = &[("outputId", &[Op::Eq])];

/// Page sizes of `GET …/outputs`: UNCONFIRMED range (the type gives none); 1..100, default 20.
const OUTPUTS_LIMIT: (usize, usize) = (1, 100);

/// `GET /api/v1/reports/{id}/outputs?filter=&limit=&page=&sort=` → 200 `OutputList`. A request
/// of the templates emulated has one output, so every list is one page (`next`/`prev` null).
pub async fn outputs(
    State(state): State<EmuState>,
    headers: HeaderMap,
    caller: TenantCaller,
    Path(id): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Json<Value>, QlikError> {
    let bad = |detail: String| QlikError::bad_request("REP-400000", detail);
    if let Some(limit) = q.get("limit") {
        let ok = limit
            .parse::<usize>()
            .is_ok_and(|n| (OUTPUTS_LIMIT.0..=OUTPUTS_LIMIT.1).contains(&n));
        if !ok {
            return Err(bad(format!("limit must be 1 to 100, not {limit:?}")));
        }
    }
    if let Some(sort) = q.get("sort") {
        const SORTS: [&str; 4] = ["+outputId", "-outputId", "+sizeBytes", "-sizeBytes"];
        if !SORTS.contains(&sort.as_str()) {
            return Err(bad(format!("sort must be one of {SORTS:?}")));
        }
    }
    let filter = match q.get("filter").filter(|f| !f.is_empty()) {
        Some(f) => Some(Filter::parse(f, OUTPUT_FILTER).map_err(bad)?),
        None => None,
    };
    let mut world = state.lock();
    let report = own(&mut world, &caller, &id)?;
    let stage = answer::read(report);
    let base = base_url(&headers);
    let keep = filter
        .as_ref()
        .is_none_or(|f| f.matches(&|_| vec![report.output_id.clone()]));
    let data: Vec<Value> = match keep {
        true => vec![answer::output(report, stage, &base)],
        false => Vec::new(),
    };
    let query: Vec<String> = q
        .iter()
        .map(|(k, v)| {
            let v: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
            format!("{k}={v}")
        })
        .collect();
    let mut href = format!("{base}/api/v1/reports/{id}/outputs");
    if !query.is_empty() {
        href = format!("{href}?{}", query.join("&"));
    }
    Ok(Json(json!({
        "data": data,
        "links": { "self": { "href": href }, "next": { "href": null }, "prev": { "href": null } },
    })))
}
