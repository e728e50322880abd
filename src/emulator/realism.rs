//! Realism knobs: per-call latency, Qlik's rate limits (429 + `retry-after`, see `limits`),
//! random 5xx, scripted faults, failing reloads; changeable at run time on the control host
//! `control.<domain>` (`GET|PUT /knobs`, `POST /faults`, `GET /stats`, `POST /clock`).

use super::EmuState;
use super::body::{Api, JsonBody};
use super::error::QlikError;
use crate::rate::Tier;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::time::Duration;

pub mod limits;
pub use super::state::{Fault, Stats};
use limits::too_many;

/// The control host's API, as its request bodies see it: its errors are the generic ones.
pub struct ControlApi;

impl Api for ControlApi {
    const BAD_REQUEST: &'static str = "HTTP-400";
}

/// The knobs, all off by default so tests run fast.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Knobs {
    /// Added to every API call.
    pub latency_ms: u64,
    /// Enforce Qlik's per-user, per-tenant, per-tier limits over a 5-minute window.
    pub rate_limits: bool,
    /// Fraction (0–1) of API calls answered 503.
    pub error_rate: f64,
    /// Time a reload spends RELOADING before its script runs.
    pub reload_ms: u64,
    /// Every reload fails with an injected error.
    pub fail_reloads: bool,
    /// Every reload of these apps (ids) fails with an injected error: direct reloads and
    /// task runs alike.
    pub fail_reload_apps: Vec<String>,
    /// Every reload ends `EXCEEDED_LIMIT`, as when Qlik stops a reload at a capacity limit.
    pub exceed_reloads: bool,
    /// `POST /api/v1/apps/{id}/export` answers 200 with the file itself, as @qlik/api 2.19.0
    /// types it, instead of 201 + `Location` as Qlik's tutorials observe.
    pub export_inline: bool,
    /// Session cookies carry `Partitioned` (CHIPS); unconfirmed for Qlik Cloud.
    pub partitioned_cookies: bool,
    /// For this long after an app or space is created, requests naming it are refused, as
    /// Qlik's eventual consistency does (see `propagation`).
    pub propagation_ms: u64,
}

/// Middleware on the register and tenant hosts applying the knobs.
pub async fn apply(State(state): State<EmuState>, req: Request, next: Next) -> Response {
    let tier = Tier::of(req.method().as_str(), req.uri().path());
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let (latency, early) = {
        let mut world = state.lock();
        world.stats.requests += 1;
        let knobs = world.config.knobs.clone();
        let path = req.uri().path().to_owned();
        let early = if let Some(fault) = world
            .faults
            .iter_mut()
            .find(|f| f.count > 0 && path.starts_with(&f.path))
        {
            fault.count -= 1;
            let fault = fault.clone();
            world.stats.faults_served += 1;
            Some(fault_response(&fault))
        } else if tier != Tier::Unlimited
            && knobs.error_rate > 0.0
            && rand::random::<f64>() < knobs.error_rate
        {
            Some(QlikError::generic(StatusCode::SERVICE_UNAVAILABLE).into_response())
        } else if knobs.rate_limits {
            let key = limits::caller_key(&world, req.headers(), &host);
            limits::check(&mut world, key, tier)
        } else {
            None
        };
        (Duration::from_millis(knobs.latency_ms), early)
    };
    if !latency.is_zero() && tier != Tier::Unlimited {
        tokio::time::sleep(latency).await;
    }
    match early {
        Some(response) => response,
        None => next.run(req).await,
    }
}

fn fault_response(fault: &Fault) -> Response {
    let status = StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status == StatusCode::TOO_MANY_REQUESTS {
        return too_many(Duration::from_secs(fault.retry_after.unwrap_or(1)));
    }
    QlikError::generic(status)
        .detail("injected fault")
        .into_response()
}

/// The control host's routes.
pub fn control_routes(state: EmuState) -> Router {
    Router::new()
        .route("/knobs", get(get_knobs).put(put_knobs))
        .route("/faults", post(add_fault))
        .route("/stats", get(get_stats))
        .route("/clock", post(limits::advance_clock))
        .route("/sessions/expire", post(expire_sessions))
        .route(
            "/sites/{site}/deployments",
            post(super::sites::create_deployment),
        )
        .route(
            "/sites/{site}/deployments/{id}/token",
            get(super::sites::deployment_token),
        )
        .route("/sites/{site}/license", put(super::sites::set_license))
        .route("/sites/{site}/distribute", post(super::sites::distribute))
        .with_state(state)
}

/// `POST /sessions/expire`: every browser session ends now, as after a long idle time, so
/// clients' re-login can be tested. Answers how many sessions ended.
async fn expire_sessions(State(state): State<EmuState>) -> Json<serde_json::Value> {
    let mut world = state.lock();
    let now = chrono::Utc::now();
    let mut ended = 0;
    for session in world.sessions.values_mut().filter(|s| s.expires_at > now) {
        session.expires_at = now;
        ended += 1;
    }
    Json(serde_json::json!({ "expired": ended }))
}

async fn get_knobs(State(state): State<EmuState>) -> Json<Knobs> {
    Json(state.lock().config.knobs.clone())
}

async fn put_knobs(
    State(state): State<EmuState>,
    JsonBody(knobs, _): JsonBody<Knobs, ControlApi>,
) -> Result<Json<Knobs>, QlikError> {
    if !(0.0..=1.0).contains(&knobs.error_rate) {
        return Err(QlikError::bad_request(
            ControlApi::BAD_REQUEST,
            "errorRate must be between 0 and 1",
        ));
    }
    let mut world = state.lock();
    world.config.knobs = knobs.clone();
    world.buckets.clear();
    Ok(Json(knobs))
}

async fn add_fault(
    State(state): State<EmuState>,
    JsonBody(fault, _): JsonBody<Fault, ControlApi>,
) -> Result<StatusCode, QlikError> {
    if StatusCode::from_u16(fault.status).is_err() || fault.status < 400 {
        return Err(QlikError::bad_request(
            ControlApi::BAD_REQUEST,
            "status must be an HTTP error status",
        ));
    }
    state.lock().faults.push(fault);
    Ok(StatusCode::CREATED)
}

async fn get_stats(State(state): State<EmuState>) -> Json<serde_json::Value> {
    let world = state.lock();
    let pending: u32 = world.faults.iter().map(|f| f.count).sum();
    Json(json!({ "stats": world.stats, "pendingFaults": pending }))
}
