//! The embedding wire types: what the end-user bundle reads from `/api/v1/embed/*` (REST with
//! an embed token, called cross-origin from host pages), shared by server and browser.

use crate::domain::{ModuleKey, SheetId, TenantHostname, WebIntegrationId, text_enum};
use serde::{Deserialize, Serialize};

/// A short-lived embed token for one user of one customer, as a host backend receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmbedSession {
    pub token: String,
    /// Unix millis.
    pub expires_at: i64,
}

/// Whom a page's embed token stands for and when it ends (`GET /api/v1/embed/session`): a
/// page checks a renewed token is for the same user, and times the next renewal from the
/// hub's own clock (`now`), whatever the browser's clock says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmbedSessionInfo {
    pub customer: String,
    /// The host's user id.
    pub user: String,
    /// Unix millis, on the hub's clock.
    pub expires_at: i64,
    /// The hub's clock when it answered (Unix millis).
    pub now: i64,
}

text_enum!(
    /// What an export makes: the sheet as a PDF, or one visualization's data as Excel.
    ExportFormat {
        Pdf => "pdf",
        Xlsx => "xlsx",
    }
);

/// One field's selection in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExportSelection {
    pub field: String,
    pub values: Vec<String>,
}

/// `POST /api/v1/embed/exports`: a sheet of the user's menu, with their selections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    pub module: String,
    pub sheet: String,
    pub format: ExportFormat,
    /// For `xlsx`: the visualization on the sheet whose data is exported (Qlik's Reports API
    /// exports a visualization's data, not a whole sheet, to Excel).
    #[serde(default)]
    pub object: Option<String>,
    #[serde(default)]
    pub selections: Vec<ExportSelection>,
}

/// One module of the partner menu.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MenuModule {
    pub key: ModuleKey,
    pub name: String,
    pub sheets: Vec<MenuSheet>,
    /// An app distributed from a client-managed site: read-only in Qlik Cloud, so the menu
    /// offers viewing only.
    #[serde(default)]
    pub view_only: bool,
    /// Why this user would see no row of the module's app (no section access row matches
    /// their groups): the module shows it instead of an empty sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_denied: Option<String>,
}

/// One sheet of a module and its URL on the customer's own tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MenuSheet {
    pub id: SheetId,
    pub title: String,
    pub url: String,
}

/// What the page needs to sign its user into the customer's tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QlikLogin {
    pub jwt: String,
    pub tenant_host: TenantHostname,
    /// The tenant's origin (`https://<tenant host>`), where `/login/jwt-session` lives.
    pub tenant_url: String,
    pub web_integration_id: WebIntegrationId,
    pub expires_at: i64,
}

/// An OAuth impersonation token for the user, for qlik-embed's `data-get-access-token`
/// (`POST /api/v1/embed/qlik-token`, embedding mode `oauth`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QlikToken {
    pub access_token: String,
    /// Unix milliseconds.
    pub expires_at: i64,
    pub tenant_url: String,
}

/// How the page reaches the tenant (`GET /api/v1/embed/setup`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmbedSetup {
    pub mode: crate::domain::EmbeddingMode,
    /// The tenant's origin, once provisioned.
    pub tenant_url: Option<String>,
    /// The same-site tenant proxy's origin, when the hub serves one.
    pub proxy_url: Option<String>,
    /// How often the page looks at its tenant session (milliseconds).
    pub session_check_ms: i64,
    /// Whom the page's token stands for, until when (as `GET /api/v1/embed/session`): the
    /// page learns it with its setup, in one request.
    pub session: EmbedSessionInfo,
}

text_enum!(
    /// What went wrong in the browser, as the page saw it.
    Symptom {
        /// `POST /login/jwt-session` failed or was blocked by CORS.
        LoginFailed => "login_failed",
        /// The login answered 200 but the tenant does not see the session afterwards.
        SessionMissing => "session_missing",
    }
);

text_enum!(
    /// A likely cause the server found, most likely first.
    Cause {
        OriginNotInWebIntegration => "origin_not_in_web_integration",
        CspFrameAncestorsMissing => "csp_frame_ancestors_missing",
        AppNotSharedWithGroups => "app_not_shared_with_groups",
        ThirdPartyCookiesBlocked => "third_party_cookies_blocked",
        TenantUnavailable => "tenant_unavailable",
    }
);

/// The server's diagnosis of a failed sign-in: causes with a sentence each for the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Diagnosis {
    pub causes: Vec<Finding>,
}

/// One cause and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Finding {
    pub cause: Cause,
    pub message: String,
}

/// The body of `POST /api/v1/embed/diagnosis`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DiagnosisRequest {
    pub symptom: Symptom,
    pub module: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_texts_round_trip;

    #[test]
    fn cause_names_match_their_wire_form() {
        assert_texts_round_trip(Cause::ALL, Cause::as_str, Cause::parse);
        assert_texts_round_trip(Symptom::ALL, Symptom::as_str, Symptom::parse);
    }
}
