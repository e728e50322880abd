//! `POST /api/v1/embed/exports` (embed token): a sheet of the user's menu as a PDF, or one of
//! its visualizations' data as Excel, made by the customer's tenant *as that user* through
//! Qlik's Reports API (so section access applies) and streamed back through the hub.
//! Bounded per user and per customer; nothing outside the user's menu is exported.

use super::embed::PageSession;
use super::json::Valid;
use crate::domain::{AppId, SheetId};
use crate::ops::menu;
use crate::qlik::reports::{QSelection, ReportRequest, ReportState};
use crate::server::{AppError, provisioning, user_credential};
use crate::wire::{ApiError, ErrorCode, ExportFormat, ExportRequest, ExportSelection};
use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// The output's id in the report request.
const OUTPUT: &str = "export";
/// How often and how many times the report's status is read (two minutes in all).
const POLL: Duration = Duration::from_millis(500);
const POLLS: u32 = 240;

/// Page, with the embed token: a menu sheet as PDF (or a visualization's data as xlsx), made as the user
#[utoipa::path(
    post,
    path = "/api/v1/embed/exports",
    request_body = ExportRequest,
    responses(
        (status = 200, description = "The file: a PDF, or for xlsx the spreadsheet type", content_type = "application/pdf"),
        (status = 429, description = "Too many exports for this user or customer")
    )
)]
pub async fn export(
    // The session before the body: a caller without one learns nothing about the request.
    PageSession { session, state }: PageSession,
    Valid(req): Valid<ExportRequest>,
) -> Result<Response, AppError> {
    let endpoint = provisioning::endpoint(&state.settings);
    let sheet = menu::sheet(&state.store, &endpoint, &session, &req.module, &req.sheet).await?;
    let request = report_request(&req, app_of(&sheet.url)?)?;
    // Only a valid export of a sheet in the menu spends the user's allowance.
    let now = std::time::Instant::now();
    if let Err(wait) = state
        .exports
        .take(session.customer.as_str(), &session.user.id, now)
    {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            format!("too many exports: try again in {} s", wait.as_secs().max(1)),
        )
        .into());
    }
    let (host, credential) = user_credential::for_session(&state, &session).await?;
    let qlik = state.engine()?.qlik();
    let refused = |e: crate::qlik::QlikError| {
        tracing::warn!(error = %e, "export refused by the tenant");
        ApiError::new(
            ErrorCode::Unavailable,
            format!("the tenant could not export: {e}"),
        )
    };
    let id = qlik
        .tenant(&host)
        .create_report(&credential, &request)
        .await
        .map_err(refused)?;
    let status = qlik
        .tenant(&host)
        .await_report(&credential, &id, POLL, POLLS)
        .await
        .map_err(refused)?;
    let location = match &status.status {
        ReportState::Done => status.location(OUTPUT).map(str::to_owned),
        _ => None,
    }
    .ok_or_else(|| {
        ApiError::new(
            ErrorCode::Unavailable,
            format!(
                "the tenant's report ended {:?} without a file",
                status.status
            ),
        )
    })?;
    let file = qlik
        .tenant(&host)
        .download_output(&credential, &location)
        .await
        .map_err(refused)?;
    Ok(attachment(req.format, &sheet.title, file))
}

/// The report request for `req` on `app`, or a 400 naming the field at fault.
fn report_request(req: &ExportRequest, app: AppId) -> Result<ReportRequest, ApiError> {
    let selections = selections(&req.selections)?;
    match req.format {
        ExportFormat::Pdf => {
            let sheet = SheetId::parse(&req.sheet).map_err(|e| ApiError::invalid("sheet", e.0))?;
            Ok(ReportRequest::sheet_pdf(app, sheet, OUTPUT, selections))
        }
        ExportFormat::Xlsx => {
            let object = req
                .object
                .as_deref()
                .filter(|o| valid_name(o))
                .ok_or_else(|| {
                    ApiError::invalid(
                        "object",
                        "an Excel export is one visualization's data: name its object id",
                    )
                })?;
            Ok(ReportRequest::data_xlsx(app, object, OUTPUT, selections))
        }
    }
}

/// At most 20 fields of at most 500 values each, all printable.
fn selections(raw: &[ExportSelection]) -> Result<Vec<QSelection>, ApiError> {
    if raw.len() > 20 {
        return Err(ApiError::invalid("selections", "at most 20 fields"));
    }
    raw.iter()
        .map(|s| {
            let ok = valid_name(&s.field)
                && !s.values.is_empty()
                && s.values.len() <= 500
                && s.values.iter().all(|v| valid_name(v));
            if !ok {
                return Err(ApiError::invalid(
                    "selections",
                    format!("field {:?}: 1–500 values of printable text", s.field),
                ));
            }
            let values: Vec<&str> = s.values.iter().map(String::as_str).collect();
            Ok(QSelection::texts(&s.field, &values))
        })
        .collect()
}

fn valid_name(text: &str) -> bool {
    !text.is_empty() && text.len() <= 256 && !text.chars().any(char::is_control)
}

/// The app of a menu sheet's URL (the hub built it: `…/single/?appid=…`).
fn app_of(url: &str) -> Result<AppId, ApiError> {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.query_pairs()
                .find(|(k, _)| k == "appid")
                .map(|(_, v)| v.into_owned())
        })
        .and_then(|id| AppId::parse(&id).ok())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Conflict,
                "this sheet is not shown through the single API, which exports need",
            )
        })
}

/// The tenant's file streamed on as an attachment named after the sheet.
fn attachment(format: ExportFormat, title: &str, file: reqwest::Response) -> Response {
    let content_type = match format {
        ExportFormat::Pdf => "application/pdf",
        ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    let name: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{name}.{}\"", format.as_str());
    let mut response = Body::from_stream(file.bytes_stream()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
