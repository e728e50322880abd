//! Reload calls and the reload status: every status @qlik/api 2.19.0 lists (`QUEUED`,
//! `RELOADING`, `CANCELING` active; `SUCCEEDED`, `FAILED`, `CANCELED`, `EXCEEDED_LIMIT` end).

use super::TenantApi;
use super::client::Payload;
use super::error::QlikError;
use super::models::Reload;
use crate::domain::{AppId, ReloadId};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

/// `Reload.status`. A status Qlik adds later decodes as `Other` rather than failing the
/// whole reload: it is treated as still active (the .d.ts calls its list of seven "the
/// statuses", so a new one is most likely a new intermediate state), and polling goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum ReloadStatus {
    Queued,
    Reloading,
    Canceling,
    Succeeded,
    Failed,
    Canceled,
    ExceededLimit,
    Other(String),
}

impl ReloadStatus {
    /// The status as Qlik writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Queued => "QUEUED",
            Self::Reloading => "RELOADING",
            Self::Canceling => "CANCELING",
            Self::Succeeded => "SUCCEEDED",
            Self::Failed => "FAILED",
            Self::Canceled => "CANCELED",
            Self::ExceededLimit => "EXCEEDED_LIMIT",
            Self::Other(s) => s,
        }
    }

    /// True for the end statuses: the reload can no longer change.
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            Self::Succeeded | Self::Failed | Self::Canceled | Self::ExceededLimit
        )
    }

    /// Why an ended reload will not succeed by running the same job again, if so: someone
    /// cancelled it, or Qlik stopped it at a limit of the tenant.
    pub fn permanent_failure(&self) -> Option<&'static str> {
        match self {
            Self::Canceled => Some("it was cancelled in Qlik Cloud (not by oem-hub)"),
            Self::ExceededLimit => Some(
                "Qlik Cloud stopped it at a limit of the tenant (reload time, memory or \
                 reload capacity); retrying will not help until the app or the limit changes",
            ),
            _ => None,
        }
    }
}

impl From<String> for ReloadStatus {
    fn from(s: String) -> Self {
        match s.as_str() {
            "QUEUED" => Self::Queued,
            "RELOADING" => Self::Reloading,
            "CANCELING" => Self::Canceling,
            "SUCCEEDED" => Self::Succeeded,
            "FAILED" => Self::Failed,
            "CANCELED" => Self::Canceled,
            "EXCEEDED_LIMIT" => Self::ExceededLimit,
            _ => Self::Other(s),
        }
    }
}

impl From<ReloadStatus> for String {
    fn from(s: ReloadStatus) -> Self {
        s.as_str().to_owned()
    }
}

impl PartialEq<&str> for ReloadStatus {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ReloadStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TenantApi<'_> {
    /// `POST /api/v1/reloads` → the queued reload. A 429 (another reload of the app pending,
    /// or the reload tier's limit) is retried after its `retry-after` by the retry policy.
    /// `variables` are the reload-time variables (`ReloadRequest.variables`), sent only when
    /// there are any.
    pub async fn start_reload(
        self,
        app_id: &AppId,
        variables: &BTreeMap<String, String>,
    ) -> Result<Reload, QlikError> {
        let mut body = json!({ "appId": app_id });
        if !variables.is_empty() {
            body["variables"] = json!(variables);
        }
        self.post("/api/v1/reloads", &body).await
    }

    /// `GET /api/v1/reloads?appId={app}&limit={limit}&log=true`: the app's newest reloads
    /// (Qlik lists newest first), each with its log. One page: the watcher looks at the latest.
    pub async fn recent_reloads(self, app_id: &AppId, limit: u8) -> Result<Vec<Reload>, QlikError> {
        let path = format!(
            "/api/v1/reloads?appId={app_id}&limit={}&log=true",
            limit.clamp(1, 100)
        );
        self.first_page(&path).await
    }

    /// `GET /api/v1/reloads/{id}`.
    pub async fn get_reload(self, reload_id: &ReloadId) -> Result<Reload, QlikError> {
        self.get(&format!("/api/v1/reloads/{reload_id}")).await
    }

    /// `POST /api/v1/reloads/{id}/actions/cancel` (202 `{status}` or 204).
    pub async fn cancel_reload(self, reload_id: &ReloadId) -> Result<(), QlikError> {
        let path = format!("/api/v1/reloads/{reload_id}/actions/cancel");
        self.send(Method::POST, &path, Payload::Empty).await
    }

    /// Starts a reload and polls it every `interval` until it ends (SUCCEEDED or not).
    pub async fn reload_and_wait(
        self,
        app_id: &AppId,
        interval: Duration,
    ) -> Result<Reload, QlikError> {
        let mut reload = self.start_reload(app_id, &BTreeMap::new()).await?;
        while !reload.is_finished() {
            tokio::time::sleep(interval).await;
            reload = self.get_reload(&reload.id).await?;
        }
        Ok(reload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_qlik_status_decodes_and_an_unknown_one_too() {
        let cases = [
            ("QUEUED", ReloadStatus::Queued, false, false),
            ("RELOADING", ReloadStatus::Reloading, false, false),
            ("CANCELING", ReloadStatus::Canceling, false, false),
            ("SUCCEEDED", ReloadStatus::Succeeded, true, false),
            ("FAILED", ReloadStatus::Failed, true, false),
            ("CANCELED", ReloadStatus::Canceled, true, true),
            ("EXCEEDED_LIMIT", ReloadStatus::ExceededLimit, true, true),
            ("PAUSED", ReloadStatus::Other("PAUSED".into()), false, false),
        ];
        for (raw, want, finished, permanent) in cases {
            let body = json!({"id": "r", "appId": "a", "status": raw});
            let reload: Reload = serde_json::from_value(body).expect(raw);
            assert_eq!(reload.status, want, "{raw}");
            assert_eq!(reload.is_finished(), finished, "{raw}");
            assert_eq!(
                reload.status.permanent_failure().is_some(),
                permanent,
                "{raw}"
            );
            assert_eq!(
                serde_json::to_value(&reload.status).expect("serialises"),
                json!(raw)
            );
        }
    }
}
