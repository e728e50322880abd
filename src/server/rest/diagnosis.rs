//! Why an embedded sheet did not sign in: the page reports what it saw, the server looks at
//! the tenant itself (web integration, CSP, space assignments) and names the likely causes.

use super::embed::page_session;
use crate::domain::{CustomerSlug, EmbedUser, TenantHostname};
use crate::ops::embed::Session;
use crate::qlik::{ProviderType, QlikClient, QlikError};
use crate::server::{AppError, AppState};
use crate::store::Observed;
use crate::wire::{ApiError, Cause, Diagnosis, DiagnosisRequest, ErrorCode, Finding, Symptom};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};

/// Page, with the embed token: likely causes of a failed sign-in ({symptom: login_failed|session_missing})
#[utoipa::path(
    post,
    path = "/api/v1/embed/diagnosis",
    request_body = DiagnosisRequest,
    responses((status = 200, description = "Likely causes, most likely first", body = Diagnosis))
)]
pub async fn diagnose(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(req): Json<DiagnosisRequest>,
) -> Result<Json<Diagnosis>, AppError> {
    let Session { customer, user, .. } = page_session(&state, &headers).await?;
    let now = std::time::Instant::now();
    if let Err(wait) = state.diagnoses.take(customer.as_str(), &user.id, now) {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            format!(
                "diagnosis asked for too often: try again in {} s",
                wait.as_secs().max(1)
            ),
        )
        .into());
    }
    let observed = state.store.get_state(&customer).await?.observed;
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .unwrap_or("this page's origin");
    // The tenant calls made for an end user are audited like the engine's own.
    let (client, _writer) = state.engine()?.audited_client(&customer, None);
    let mut causes = match check_tenant(&client, &observed, origin, &user).await {
        Ok(causes) => causes,
        Err(e) => {
            tracing::warn!(error = %e, %customer, "diagnosis could not read the tenant");
            vec![finding(
                Cause::TenantUnavailable,
                format!("the tenant of {customer} did not answer: {e}"),
            )]
        }
    };
    if causes.is_empty() && req.symptom == Symptom::SessionMissing {
        causes.push(cookies_blocked(&customer));
    }
    Ok(Json(Diagnosis { causes }))
}

fn finding(cause: Cause, message: String) -> Finding {
    Finding { cause, message }
}

fn cookies_blocked(customer: &CustomerSlug) -> Finding {
    finding(
        Cause::ThirdPartyCookiesBlocked,
        format!(
            "the tenant accepted the sign-in but the browser did not keep its session cookie: \
             third-party cookies are blocked here. Serve {customer}'s tenant on your own site \
             (a custom domain) or use the hub's proxy mode"
        ),
    )
}

async fn check_tenant(
    client: &QlikClient,
    observed: &Observed,
    origin: &str,
    user: &EmbedUser,
) -> Result<Vec<Finding>, QlikError> {
    let Some(host) = observed.hostname.as_ref() else {
        return Ok(vec![finding(
            Cause::TenantUnavailable,
            "the customer's tenant is not provisioned yet".to_owned(),
        )]);
    };
    let mut causes = Vec::new();
    let integrations = client.tenant(host).list_web_integrations().await?;
    let allowed = integrations
        .iter()
        .filter(|w| Some(&w.id) == observed.web_integration_id.as_ref())
        .any(|w| w.valid_origins.iter().any(|o| o == origin));
    if !allowed {
        causes.push(finding(
            Cause::OriginNotInWebIntegration,
            format!(
                "{origin} is not in the tenant's web integration, so the tenant refuses the \
                 sign-in: add it to the customer's origins and apply"
            ),
        ));
    }
    let csp = client.tenant(host).list_csp_origins().await?;
    if !csp.iter().any(|e| e.frames(origin)) {
        causes.push(finding(
            Cause::CspFrameAncestorsMissing,
            format!(
                "{origin} is not a CSP frame-ancestor of the tenant, so the browser will not \
                 show its sheets in a frame: add it to the customer's origins and apply"
            ),
        ));
    }
    if !shared_with_user(client, host, observed, user).await? {
        causes.push(finding(
            Cause::AppNotSharedWithGroups,
            format!(
                "none of your groups ({}) has a role in the space the apps are published to",
                user.groups
                    .iter()
                    .map(|g| g.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    Ok(causes)
}

/// Whether one of the user's groups holds a role in the production space, on the tenant.
async fn shared_with_user(
    client: &QlikClient,
    host: &TenantHostname,
    observed: &Observed,
    user: &EmbedUser,
) -> Result<bool, QlikError> {
    let Some(space) = observed.production_space_id.as_ref() else {
        return Ok(false);
    };
    let groups = client.tenant(host).list_groups().await?;
    let ids: Vec<&str> = groups
        .iter()
        .filter(|g| g.provider_type == ProviderType::Idp)
        .filter(|g| user.groups.iter().any(|u| u.as_str() == g.name))
        .map(|g| g.id.as_str())
        .collect();
    let assignments = client.tenant(host).list_assignments(space).await?;
    Ok(assignments
        .iter()
        .any(|a| a.kind == "group" && ids.contains(&a.assignee_id.as_str())))
}
