//! Qlik's rate limits as the emulator enforces them: per tier, per user, per tenant, over a
//! 5-minute window (qlik.dev "Rate limiting"), whatever credential the user presents.

use super::ControlApi;
use crate::emulator::EmuState;
use crate::emulator::body::{Api, JsonBody};
use crate::emulator::error::QlikError;
use crate::emulator::state::{TokenAudience, World};
use crate::rate::{SlidingWindow, Tier, WINDOW};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;

/// Whose budget a request draws on. Qlik counts "per user, per tenant", so a bearer token
/// and a browser session of one user share a budget, and a fresh token does not reset it.
/// A request whose credential names no user (none, unknown, expired, a token request) is
/// counted by host and credential; how Qlik counts those is UNCONFIRMED.
pub fn caller_key(world: &World, headers: &HeaderMap, host: &str) -> String {
    if let Some(token) = crate::http::bearer_token(headers)
        && let Some(issued) = world.tokens.get(token)
    {
        return match (&issued.audience, &issued.user_id) {
            (TokenAudience::Tenant(tenant), Some(user)) => format!("tenant:{tenant}|user:{user}"),
            // Register and console tokens act as the regional client itself.
            (TokenAudience::Register(region), _) => {
                format!("register:{}|client:{}", region.code(), issued.client_id)
            }
            _ => format!("console|client:{}", issued.client_id),
        };
    }
    let session = crate::http::cookie_value(headers, crate::emulator::state::SESSION_COOKIE)
        .and_then(|sid| world.sessions.get(sid))
        .filter(|s| s.expires_at > Utc::now());
    if let Some(session) = session {
        return format!("tenant:{}|user:{}", session.tenant_id, session.user_id);
    }
    let credential = headers
        .get(header::AUTHORIZATION)
        .or_else(|| headers.get(header::COOKIE))
        .and_then(|v| v.to_str().ok())
        .unwrap_or("anonymous");
    format!("{host}|{credential}")
}

/// Counts the request against its caller's window for `tier`; the 429 to answer when the
/// window is full.
pub fn check(world: &mut World, key: String, tier: Tier) -> Option<Response> {
    let limit = tier.window_limit()?;
    let now = world.clock.instant();
    let window = world
        .buckets
        .entry((key, tier))
        .or_insert_with(|| SlidingWindow::new(limit, WINDOW));
    match window.try_take(now) {
        Ok(()) => None,
        Err(wait) => {
            world.stats.rate_limited += 1;
            Some(too_many(wait))
        }
    }
}

/// Qlik's 429, as qlik.dev shows it: `retry-after` in whole seconds and the `HTTP-429` error.
pub fn too_many(wait: Duration) -> Response {
    let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
    let mut response = QlikError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "HTTP-429",
        "API rate limit reached.",
    )
    .detail(format!(
        "You need to wait {seconds} seconds until limit is lifted."
    ))
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ClockMove {
    advance_seconds: u64,
}

/// `POST /clock {"advanceSeconds": n}` (control host): the emulator's clock jumps ahead, as
/// if `n` seconds had passed (rate-limit windows, task schedules and webhook retries alike);
/// answers the total offset once every task due by then has fired and every webhook retry
/// due has been sent off (its delivery is recorded when the receiver answers).
pub(super) async fn advance_clock(
    State(state): State<EmuState>,
    JsonBody(ClockMove { advance_seconds }, _): JsonBody<ClockMove, ControlApi>,
) -> Result<Json<Value>, QlikError> {
    if advance_seconds > 86_400 {
        return Err(QlikError::bad_request(
            ControlApi::BAD_REQUEST,
            "advanceSeconds must be at most 86400",
        ));
    }
    let offset = {
        let mut world = state.lock();
        world.clock.advance(Duration::from_secs(advance_seconds));
        world.clock.offset_seconds()
    };
    crate::emulator::tasks::scheduler::fire_due(&state);
    crate::emulator::webhooks::deliver::retry_due(&state);
    Ok(Json(json!({ "offsetSeconds": offset })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Region;
    use crate::emulator::state::{BrowserSession, IssuedToken};

    fn token(world: &mut World, value: &str, audience: TokenAudience, user: Option<&str>) {
        world.tokens.insert(
            value.to_owned(),
            IssuedToken {
                audience,
                client_id: "c1".to_owned(),
                user_id: user.map(str::to_owned),
                expires_at: Utc::now() + chrono::Duration::hours(1),
            },
        );
    }

    #[test]
    fn every_credential_of_one_user_shares_a_key() {
        let mut world = World::default();
        token(
            &mut world,
            "t1",
            TokenAudience::Tenant("T".into()),
            Some("U"),
        );
        token(
            &mut world,
            "t2",
            TokenAudience::Tenant("T".into()),
            Some("U"),
        );
        token(
            &mut world,
            "t3",
            TokenAudience::Tenant("T".into()),
            Some("V"),
        );
        token(&mut world, "r1", TokenAudience::Register(Region::Eu), None);
        world.sessions.insert(
            "sid".to_owned(),
            BrowserSession {
                tenant_id: "T".into(),
                user_id: "U".into(),
                csrf_token: "x".into(),
                expires_at: Utc::now() + chrono::Duration::hours(1),
                identity: None,
            },
        );
        let key = |auth: Option<&str>, cookie: Option<&str>| {
            let mut headers = HeaderMap::new();
            if let Some(a) = auth {
                headers.insert(header::AUTHORIZATION, a.parse().expect("header"));
            }
            if let Some(c) = cookie {
                headers.insert(header::COOKIE, c.parse().expect("header"));
            }
            caller_key(&world, &headers, "h")
        };
        let cases = [
            (Some("Bearer t1"), None, "tenant:T|user:U"),
            (Some("Bearer t2"), None, "tenant:T|user:U"),
            (None, Some("eas.sid=sid"), "tenant:T|user:U"),
            (Some("Bearer t3"), None, "tenant:T|user:V"),
            (Some("Bearer r1"), None, "register:eu|client:c1"),
            (Some("Bearer nope"), None, "h|Bearer nope"),
            (None, Some("eas.sid=gone"), "h|eas.sid=gone"),
            (None, None, "h|anonymous"),
        ];
        for (auth, cookie, want) in cases {
            assert_eq!(key(auth, cookie), want, "{auth:?} {cookie:?}");
        }
    }
}
