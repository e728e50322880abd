//! Qlik's Reports API, called as the end user (`reports.d.ts` of @qlik/api 2.19.0; flow from
//! qlik.dev "Generate reports using Reporting API"): `POST /api/v1/reports` → `202` with the
//! status URL in `Location`; `GET /api/v1/reports/{id}/status` until `done`; then `GET` the
//! output's `location` (a `/api/v1/temp-contents/{id}` URL), streamed. Every call carries the
//! user's [`UserCredential`], never the hub's token, so the report holds only what the user
//! may see; calls are retried as the client's others are (429 `retry-after`, 5xx backoff).

mod build;
mod credential;
mod models;

pub use build::default_state;
pub use credential::{CSRF_HEADER, UserCredential, cookie_header};
pub use models::{
    ExportError, Meta, OutputItem, OutputList, OutputListItem, OutputType, PdfOutput,
    PostReportsResponse, QFieldValue, QSelection, Reason, ReportRequest, ReportResult, ReportState,
    ReportStatus, SelectionsByState, SenseDataTemplate, SenseSheetTemplate, Sheet, TemplateType,
};

use super::TenantApi;
use super::client::{UserCall, decode, header_text};
use super::error::QlikError;
use reqwest::Method;
use std::time::Duration;

/// A report request's id, checked to be one path segment (Qlik's are GUIDs).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportId(String);

impl ReportId {
    /// `raw` when it is 1–64 of `A-Z a-z 0-9 - _`.
    pub fn parse(raw: &str) -> Result<Self, QlikError> {
        let ok = (1..=64).contains(&raw.len())
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        match ok {
            true => Ok(Self(raw.to_owned())),
            false => Err(QlikError::Decode {
                url: "/api/v1/reports".to_owned(),
                message: format!("{raw:?} is not a report request id"),
            }),
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `/api/v1/reports/{id}/status`.
    pub fn status_path(&self) -> String {
        format!("/api/v1/reports/{}/status", self.0)
    }

    /// `/api/v1/reports/{id}/outputs`.
    pub fn outputs_path(&self) -> String {
        format!("/api/v1/reports/{}/outputs", self.0)
    }
}

/// The id of an accepted request: the answer's `requestId`, else the segment before `status`
/// in its `Location` (`…/api/v1/reports/{id}/status`).
pub fn accepted_id(
    answer: &PostReportsResponse,
    location: Option<&str>,
) -> Result<ReportId, QlikError> {
    if let Some(id) = &answer.request_id {
        return ReportId::parse(id);
    }
    let path = location.map(|l| l.split('?').next().unwrap_or_default());
    let id = path.and_then(|p| {
        let mut segments = p.trim_end_matches('/').rsplit('/');
        (segments.next() == Some("status"))
            .then(|| segments.next())
            .flatten()
    });
    ReportId::parse(id.unwrap_or_default())
}

/// The path and query to `GET` for an output's `location`: a relative URL, or an absolute one
/// on `host` (any scheme or port). A location on another host, or outside `/api/`, is refused
/// rather than sent the user's credential.
pub fn output_path(location: &str, host: &str) -> Result<String, QlikError> {
    let refuse = |why: &str| QlikError::Decode {
        url: location.to_owned(),
        message: why.to_owned(),
    };
    let (path, query) = if location.starts_with('/') && !location.starts_with("//") {
        let (path, query) = location.split_once('?').unwrap_or((location, ""));
        (path.to_owned(), query.to_owned())
    } else {
        let url = super::calls::url_on(location, host)
            .map_err(|why| refuse(&format!("output location {why}")))?;
        (
            url.path().to_owned(),
            url.query().unwrap_or_default().to_owned(),
        )
    };
    if !path.starts_with("/api/") || path.split('/').any(|s| s == "..") {
        return Err(refuse("output location is not an API path"));
    }
    Ok(match query.is_empty() {
        true => path,
        false => format!("{path}?{query}"),
    })
}

/// A download may be large: it gets this long instead of the client's 60 seconds.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(600);

impl<'t> TenantApi<'t> {
    async fn user_json<T: serde::de::DeserializeOwned>(
        self,
        call: UserCall<'_>,
    ) -> Result<(T, Option<String>), QlikError> {
        let url = self.client().url(call.host, call.path);
        let answer = self.client().send_as_user(&call).await?;
        let location = header_text(answer.headers(), reqwest::header::LOCATION).map(str::to_owned);
        let bytes = answer.bytes().await.map_err(|e| QlikError::Transport {
            url: url.clone(),
            message: e.to_string(),
        })?;
        Ok((decode(&url, &bytes)?, location))
    }

    fn user_call<'a>(
        self,
        method: Method,
        path: &'a str,
        credential: &UserCredential,
    ) -> Result<UserCall<'a>, QlikError>
    where
        't: 'a,
    {
        let headers = credential.headers(&method)?;
        Ok(UserCall::new(method, self.host().as_str(), path, headers))
    }

    /// `GET path` as the user, decoded.
    async fn user_get<T: serde::de::DeserializeOwned>(
        self,
        credential: &UserCredential,
        path: &str,
    ) -> Result<T, QlikError> {
        let call = self.user_call(Method::GET, path, credential)?;
        Ok(self.user_json(call).await?.0)
    }

    /// `POST /api/v1/reports` as the user → the id of the queued request.
    pub async fn create_report(
        self,
        credential: &UserCredential,
        request: &ReportRequest,
    ) -> Result<ReportId, QlikError> {
        let body = serde_json::to_value(request).map_err(|e| QlikError::Config(e.to_string()))?;
        let mut call = self.user_call(Method::POST, "/api/v1/reports", credential)?;
        call.json = Some(&body);
        let (answer, location): (PostReportsResponse, _) = self.user_json(call).await?;
        accepted_id(&answer, location.as_deref())
    }

    /// `GET /api/v1/reports/{id}/status` as the user who made the request.
    pub async fn report_status(
        self,
        credential: &UserCredential,
        id: &ReportId,
    ) -> Result<ReportStatus, QlikError> {
        self.user_get(credential, &id.status_path()).await
    }

    /// `GET /api/v1/reports/{id}/outputs` as the user who made the request.
    pub async fn report_outputs(
        self,
        credential: &UserCredential,
        id: &ReportId,
    ) -> Result<OutputList, QlikError> {
        self.user_get(credential, &id.outputs_path()).await
    }

    /// Polls the status every `every` until it is final (`done`, `failed`, `aborted`) or
    /// `polls` reads were made; the last status read either way (check `is_final`).
    pub async fn await_report(
        self,
        credential: &UserCredential,
        id: &ReportId,
        every: Duration,
        polls: u32,
    ) -> Result<ReportStatus, QlikError> {
        let mut status = self.report_status(credential, id).await?;
        for _ in 1..polls.max(1) {
            if status.status.is_final() {
                break;
            }
            tokio::time::sleep(every).await;
            status = self.report_status(credential, id).await?;
        }
        Ok(status)
    }

    /// `GET` an output's `location` as the user: the response, its body unread, so the hub
    /// can stream it on (`bytes_stream()`); its `content-type` and `content-disposition`
    /// are Qlik's.
    pub async fn download_output(
        self,
        credential: &UserCredential,
        location: &str,
    ) -> Result<reqwest::Response, QlikError> {
        let path = output_path(location, self.host().as_str())?;
        let mut call = self.user_call(Method::GET, &path, credential)?;
        call.timeout = Some(DOWNLOAD_TIMEOUT);
        self.client().send_as_user(&call).await
    }
}

#[cfg(test)]
mod tests;
