//! The REST API under `/api/v1/` for the partner's automation (and the admin UI's sessions):
//! customers, plan, apply, jobs (with an SSE stream), templates, audit, and its OpenAPI document.

mod audit;
mod caller;
mod cors;
mod customers;
mod diagnosis;
mod embed;
mod embed_setup;
mod host_apps;
mod hybrid;
mod jobs;
pub mod json;
mod lifecycle;
mod modules;
mod openapi;
mod qlik_token;
mod rollouts;
mod tokens;

pub use caller::{Admin, Caller};
pub use openapi::{Access, OPERATIONS, access};

use super::{AppError, AppState};
use crate::store::Store;
use crate::wire::ApiError;
use axum::Router;
use axum::routing::{get, post, put};

/// The `/api/v1` routes.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi::document))
        .route(
            "/api/v1/customers",
            get(customers::list).post(customers::create),
        )
        .route(
            "/api/v1/customers/{slug}",
            get(customers::show).put(customers::update),
        )
        .route("/api/v1/customers/{slug}/plan", get(customers::plan))
        .route("/api/v1/customers/{slug}/apply", post(customers::apply))
        .route(
            "/api/v1/customers/{slug}/deprovision",
            post(lifecycle::deprovision),
        )
        .route(
            "/api/v1/customers/{slug}/reactivate",
            post(lifecycle::reactivate),
        )
        .route(
            "/api/v1/customers/{slug}/hybrid",
            get(hybrid::show).put(hybrid::setup),
        )
        .route("/api/v1/customers/{slug}/hybrid/token", put(hybrid::token))
        .route(
            "/api/v1/customers/{slug}/hybrid/reconcile",
            post(hybrid::reconcile),
        )
        .route("/api/v1/customers/{slug}/hybrid/adopt", post(hybrid::adopt))
        .route(
            "/api/v1/customers/{slug}/hybrid/apps/{app_id}/sheets/{sheet_id}",
            put(hybrid::expose),
        )
        .route("/api/v1/jobs", get(jobs::list))
        .route("/api/v1/jobs/{id}", get(jobs::show))
        .route("/api/v1/jobs/{id}/cancel", post(jobs::cancel))
        .route("/api/v1/jobs/{id}/events", get(jobs::events))
        .route("/api/v1/modules", get(modules::list))
        .route(
            "/api/v1/modules/{key}/menu",
            get(modules::menu_options).put(modules::set_menu_options),
        )
        .route(
            "/api/v1/modules/{key}/versions",
            get(modules::versions).post(modules::add_version),
        )
        .route(
            "/api/v1/rollouts",
            get(rollouts::list).post(rollouts::start),
        )
        .route("/api/v1/rollouts/{id}", get(rollouts::show))
        .route("/api/v1/rollouts/{id}/resume", post(rollouts::resume))
        .route("/api/v1/rollouts/{id}/rollback", post(rollouts::rollback))
        .route("/api/v1/audit", get(audit::query))
        .route("/api/v1/embed/sessions", post(embed::create_session))
        .route(
            "/api/v1/host-apps",
            get(host_apps::list).post(host_apps::create),
        )
        .route(
            "/api/v1/host-apps/{id}/customers",
            put(host_apps::set_customers),
        )
        .route("/api/v1/tokens", get(tokens::list).post(tokens::create))
        .route("/api/v1/tokens/{id}", axum::routing::delete(tokens::revoke))
        .route("/api/v1/tokens/{id}/rotate", post(tokens::rotate))
        .merge(page_routes(state.store.clone()))
}

/// The routes end-user pages call cross-origin with an embed token (CORS for customers'
/// registered origins only; no cookies involved).
fn page_routes(store: Store) -> Router<AppState> {
    Router::new()
        .route("/api/v1/embed/qlik-jwt", post(embed::qlik_jwt))
        .route("/api/v1/embed/qlik-token", post(qlik_token::qlik_token))
        .route("/api/v1/embed/menu", get(embed::menu))
        .route("/api/v1/embed/sheet-url", get(embed::sheet_url))
        .route("/api/v1/embed/diagnosis", post(diagnosis::diagnose))
        .route("/api/v1/embed/host-sessions", post(host_apps::exchange))
        .route("/api/v1/embed/setup", get(embed_setup::setup))
        .route("/api/v1/embed/fallback", post(embed_setup::fallback))
        .layer(cors::registered_origins(store))
}

pub use embed::{PageSession, page_session};

/// Whether `origin` is registered by some active customer (the CORS rule for embedding).
pub async fn origin_registered(state: &AppState, origin: &str) -> Result<bool, ApiError> {
    Ok(cors::registered(&state.store, origin).await?)
}

/// Parses a path or query value with a domain parser, naming the parameter on failure.
pub fn param<T>(
    name: &str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, crate::domain::ParseError>,
) -> Result<T, AppError> {
    Ok(crate::ops::error::param(name, raw, parse)?)
}

/// A queued job answered as 202 with its location.
pub fn accepted(job: crate::store::Job) -> axum::response::Response {
    use axum::response::IntoResponse;
    let location = format!("/api/v1/jobs/{}", job.id);
    (
        axum::http::StatusCode::ACCEPTED,
        [(axum::http::header::LOCATION, location)],
        axum::Json(job),
    )
        .into_response()
}
