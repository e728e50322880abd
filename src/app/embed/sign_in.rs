//! Keeps the user signed in to the customer's tenant: checks the session before a sheet is
//! shown, signs in again once when it is gone, and asks the hub why when that fails.

use super::Boxed;
use super::hub_client::HubClient;
use super::tenant::{self, LoginOutcome};
use crate::api::{ApiError, DiagnosisRequest, ErrorCode, Finding, QlikLogin, Symptom};
use crate::domain::text_enum;
use serde::{Deserialize, Serialize};

text_enum!(
    /// What failed; the host page reads it as `data-code` on the problem box and as `code` of
    /// `oem-hub:error`.
    ProblemCode {
        /// The hub refused the embed token.
        EmbedToken => "embed_token",
        /// The hub refused what the user asked for.
        Forbidden => "forbidden",
        /// The hub cannot be reached from this page.
        HubUnreachable => "hub_unreachable",
        /// Another failure the hub reported.
        Hub => "hub",
        /// The embed token ended and the host gave no new one.
        TokenExpired => "token_expired",
        /// Section access gives the user no row in this module.
        NoAccessRow => "no_access_row",
        /// A host command cannot be carried out on this sheet.
        Command => "command",
        /// The same-site proxy cannot show the sheet.
        Proxy => "proxy",
        /// qlik-embed cannot show the sheet (mode `oauth`).
        Oauth => "oauth",
        /// The sign-in to the tenant failed (with the hub's diagnosis).
        SignIn => "sign_in",
        /// The user's menu has no sheet.
        EmptyMenu => "empty_menu",
        /// The sheet asked for is not in the user's menu.
        NotInMenu => "not_in_menu",
    }
);

/// A failure the user sees, with the hub's diagnosis when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub code: ProblemCode,
    pub message: String,
    pub causes: Vec<Finding>,
    /// The tenant accepted the sign-in but the browser dropped its cookie.
    pub session_missing: bool,
}

impl Problem {
    /// A problem the module found itself, without a diagnosis.
    pub fn new(code: ProblemCode, message: String) -> Self {
        Problem {
            code,
            message,
            causes: Vec::new(),
            session_missing: false,
        }
    }

    /// A problem reported by the hub itself.
    pub fn from_api(err: ApiError) -> Self {
        let code = match err.code {
            ErrorCode::Unauthorized => ProblemCode::EmbedToken,
            ErrorCode::Forbidden => ProblemCode::Forbidden,
            ErrorCode::Unavailable => ProblemCode::HubUnreachable,
            _ => ProblemCode::Hub,
        };
        Problem {
            code,
            message: err.message,
            causes: Vec::new(),
            session_missing: false,
        }
    }
}

/// A valid tenant session: `held` when it still works, else a new sign-in (once).
pub fn ensure_session(
    hub: &HubClient,
    held: Option<QlikLogin>,
    module: Option<String>,
) -> Boxed<'_, Result<QlikLogin, Problem>> {
    Box::pin(sign_in(hub, held, module))
}

async fn sign_in(
    hub: &HubClient,
    held: Option<QlikLogin>,
    module: Option<String>,
) -> Result<QlikLogin, Problem> {
    if let Some(login) = held
        && tenant::has_session(&login).await
    {
        return Ok(login);
    }
    let login = hub.qlik_login().await.map_err(Problem::from_api)?;
    let symptom = match tenant::login(&login).await {
        LoginOutcome::SignedIn if tenant::has_session(&login).await => return Ok(login),
        LoginOutcome::SignedIn => Symptom::SessionMissing,
        LoginOutcome::Refused => Symptom::LoginFailed,
    };
    Err(diagnose(hub, symptom, module).await)
}

async fn diagnose(hub: &HubClient, symptom: Symptom, module: Option<String>) -> Problem {
    let message = match symptom {
        Symptom::LoginFailed => "The analytics tenant refused to sign you in.",
        Symptom::SessionMissing => {
            "The analytics tenant signed you in, but the browser dropped the session."
        }
    };
    let (message, causes) = match hub.diagnose(&DiagnosisRequest { symptom, module }).await {
        Ok(diagnosis) => (message.to_owned(), diagnosis.causes),
        Err(err) => (
            format!("{message} The hub could not tell why: {err}"),
            Vec::new(),
        ),
    };
    Problem {
        code: ProblemCode::SignIn,
        message,
        causes,
        session_missing: symptom == Symptom::SessionMissing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_texts_round_trip;

    #[test]
    fn problem_codes_read_as_serde_writes_them() {
        assert_texts_round_trip(ProblemCode::ALL, ProblemCode::as_str, ProblemCode::parse);
    }
}
