//! Hybrid use cases behind the REST API, the console and the CLI: input is parsed with the
//! `domain` types, the engine does the work, failures map in `ops::error`.

use crate::domain::{AppId, CustomerSlug, DeploymentName, LocalBearerToken, SheetId, SiteHost};
use crate::provision::Engine;
use crate::provision::hybrid::HybridError;
use crate::wire::{ApiError, HybridView};

/// The customer's deployment and apps.
pub async fn view(engine: &Engine, slug: &CustomerSlug) -> Result<HybridView, ApiError> {
    engine.hybrid_view(slug).await.map_err(ApiError::from)
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
        .map_err(ApiError::from)
}

/// Stores the pasted token (bare, or the whole "Qlik Cloud format" definition).
pub async fn set_token(engine: &Engine, slug: &CustomerSlug, token: &str) -> Result<(), ApiError> {
    let token = LocalBearerToken::parse(token).map_err(|e| ApiError::invalid("token", e))?;
    engine
        .hybrid_set_token(slug, &token)
        .await
        .map_err(ApiError::from)
}

/// Puts the token on the tenant's multi-cloud IdP.
pub async fn reconcile(engine: &Engine, slug: &CustomerSlug) -> Result<HybridView, ApiError> {
    engine.hybrid_reconcile(slug).await.map_err(ApiError::from)
}

/// Adopts the apps distributed to the tenant.
pub async fn adopt(engine: &Engine, slug: &CustomerSlug) -> Result<HybridView, ApiError> {
    engine.hybrid_adopt(slug).await.map_err(ApiError::from)
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
    let unknown = |what: String| ApiError::from(HybridError::UnknownApp(what));
    let app = AppId::parse(app_id).map_err(|_| unknown(format!("app {app_id}")))?;
    let sheet = SheetId::parse(sheet_id)
        .map_err(|_| unknown(format!("sheet {sheet_id} of app {app_id}")))?;
    engine
        .hybrid_expose(slug, &app, &sheet, exposed)
        .await
        .map_err(ApiError::from)
}
