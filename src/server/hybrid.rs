//! Hybrid operations behind both the REST API and the console's server functions: input is
//! parsed with the `domain` types, the engine does the work, errors map to `ApiError`.

use crate::api::{ApiError, ErrorCode, HybridView};
use crate::domain::{AppId, CustomerSlug, DeploymentName, LocalBearerToken, SheetId, SiteHost};
use crate::provision::Engine;
use crate::provision::hybrid::HybridError;

/// The customer's deployment and apps.
pub async fn view(engine: &Engine, slug: &CustomerSlug) -> Result<HybridView, ApiError> {
    engine.hybrid_view(slug).await.map_err(hybrid_error)
}

/// Sets up the deployment from the admin's site host and deployment name.
pub async fn setup(
    engine: &Engine,
    slug: &CustomerSlug,
    site_host: &str,
    deployment_name: &str,
) -> Result<HybridView, ApiError> {
    let site = SiteHost::parse(site_host).map_err(|e| ApiError::invalid("site_host", e))?;
    let name = DeploymentName::parse(deployment_name)
        .map_err(|e| ApiError::invalid("deployment_name", e))?;
    engine
        .hybrid_setup(slug, &site, &name)
        .await
        .map_err(hybrid_error)
}

/// Stores the pasted token (bare, or the whole "Qlik Cloud format" definition).
pub async fn set_token(engine: &Engine, slug: &CustomerSlug, token: &str) -> Result<(), ApiError> {
    let token = LocalBearerToken::parse(token).map_err(|e| ApiError::invalid("token", e))?;
    engine
        .hybrid_set_token(slug, &token)
        .await
        .map_err(hybrid_error)
}

/// Puts the token on the tenant's multi-cloud IdP.
pub async fn reconcile(engine: &Engine, slug: &CustomerSlug) -> Result<HybridView, ApiError> {
    engine.hybrid_reconcile(slug).await.map_err(hybrid_error)
}

/// Adopts the apps distributed to the tenant.
pub async fn adopt(engine: &Engine, slug: &CustomerSlug) -> Result<HybridView, ApiError> {
    engine.hybrid_adopt(slug).await.map_err(hybrid_error)
}

/// Shows or hides a sheet of an adopted app.
pub async fn expose(
    engine: &Engine,
    slug: &CustomerSlug,
    app_id: &str,
    sheet_id: &str,
    exposed: bool,
) -> Result<HybridView, ApiError> {
    // An id that cannot be Qlik's names no app of the customer: the same answer as any other.
    let unknown = |what: String| hybrid_error(HybridError::UnknownApp(what));
    let app = AppId::parse(app_id).map_err(|_| unknown(format!("app {app_id}")))?;
    let sheet = SheetId::parse(sheet_id)
        .map_err(|_| unknown(format!("sheet {sheet_id} of app {app_id}")))?;
    engine
        .hybrid_expose(slug, &app, &sheet, exposed)
        .await
        .map_err(hybrid_error)
}

/// How a hybrid failure reaches the caller.
pub fn hybrid_error(e: HybridError) -> ApiError {
    match e {
        HybridError::Invalid { field, message } => ApiError::invalid(field, message),
        HybridError::TokenInUse(_) => ApiError {
            code: ErrorCode::Conflict,
            message: e.to_string(),
            field: Some("token".to_owned()),
        },
        HybridError::NoDeployment(_) | HybridError::UnknownApp(_) => {
            ApiError::new(ErrorCode::NotFound, e.to_string())
        }
        HybridError::NoToken(_)
        | HybridError::NotProvisioned(_)
        | HybridError::NoManagedSpace(_)
        | HybridError::IdpMissing(_) => ApiError::new(ErrorCode::Conflict, e.to_string()),
        HybridError::Qlik(_) => {
            tracing::warn!(error = %e, "Qlik call failed");
            ApiError::new(ErrorCode::Unavailable, e.to_string())
        }
        HybridError::Store(e) => ApiError::from(e),
        HybridError::Seal(_) => {
            tracing::error!(error = %e, "hybrid token cannot be opened");
            ApiError::internal()
        }
    }
}
