//! Qlik Cloud's eventual consistency: for `propagationMs` after an app or a space is created,
//! requests naming it (in the path, query or JSON body) are refused as if it were not there yet.
//!
//! Qlik's deploy tutorial retries `GET /apps/{id}` on 403 for up to 120 s after publishing, and
//! publishing into a space just created can fail. Apps answer 403 as that tutorial sees;
//! spaces answer 404 (UNCONFIRMED: the status Qlik gives for a space is not documented).

use super::EmuState;
use super::error::QlikError;
use super::state::{Fresh, Lagging, World};
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};

/// JSON bodies up to this size are searched for fresh ids; larger ones (app files) are not.
const MAX_SEARCHED_BODY: usize = 1 << 20;

/// Records that `id` was just created; it stays invisible for the `propagationMs` knob.
pub fn created(world: &mut World, id: &str, kind: Lagging) {
    let lag = world.config.knobs.propagation_ms;
    if lag == 0 {
        return;
    }
    let lag = Duration::milliseconds(i64::try_from(lag).unwrap_or(i64::MAX));
    world.fresh.insert(
        id.to_owned(),
        Fresh {
            kind,
            visible_at: Utc::now() + lag,
        },
    );
}

/// The fresh resource `text` names, if any: `text` is split on the characters ids never hold.
fn named_in<'w>(world: &'w World, text: &str, now: DateTime<Utc>) -> Option<(&'w str, Fresh)> {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .filter(|part| part.len() >= 8)
        .find_map(|part| {
            world
                .fresh
                .get_key_value(part)
                .filter(|(_, f)| f.visible_at > now)
                .map(|(id, f)| (id.as_str(), *f))
        })
}

fn refusal(id: &str, fresh: Fresh) -> Response {
    match fresh.kind {
        Lagging::App => QlikError::forbidden(&format!("no access to app {id}")).into_response(),
        Lagging::Space => {
            QlikError::not_found("SPACES-404", format!("space {id} not found")).into_response()
        }
    }
}

fn has_json_body(req: &Request) -> bool {
    matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH)
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"))
}

enum Look {
    /// Nothing is propagating.
    Nothing,
    Refuse(Response),
    /// Something is: the body may name it.
    Body,
}

fn first_look(state: &EmuState, target: &str, now: DateTime<Utc>) -> Look {
    let mut world = state.lock();
    world.fresh.retain(|_, f| f.visible_at > now);
    if world.fresh.is_empty() {
        return Look::Nothing;
    }
    match named_in(&world, target, now) {
        Some((id, fresh)) => Look::Refuse(refusal(id, fresh)),
        None => Look::Body,
    }
}

/// Middleware on the tenant hosts refusing requests that name a resource still propagating.
pub async fn apply(State(state): State<EmuState>, req: Request, next: Next) -> Response {
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let now = Utc::now();
    match first_look(&state, &target, now) {
        Look::Nothing => return next.run(req).await,
        Look::Refuse(response) => return response,
        Look::Body => {}
    }
    if !has_json_body(&req) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_SEARCHED_BODY).await else {
        return QlikError::generic(StatusCode::PAYLOAD_TOO_LARGE).into_response();
    };
    let found = {
        let world = state.lock();
        named_in(&world, &String::from_utf8_lossy(&bytes), now).map(|(id, f)| (id.to_owned(), f))
    };
    match found {
        Some((id, fresh)) => refusal(&id, fresh),
        None => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_are_found_in_paths_queries_and_bodies() {
        let mut world = World::default();
        world.config.knobs.propagation_ms = 60_000;
        created(&mut world, "0123456789abcdef01234567", Lagging::App);
        let now = Utc::now();
        let cases = [
            ("/api/v1/apps/0123456789abcdef01234567", true),
            ("/api/v1/apps/0123456789abcdef01234567/publish", true),
            ("/single/?appid=0123456789abcdef01234567&sheet=s", true),
            (
                r#"{"spaceId":"x","targetId":"0123456789abcdef01234567"}"#,
                true,
            ),
            ("/api/v1/apps/0123456789abcdef0123456", false),
            ("/api/v1/apps/0123456789abcdef012345678", false),
            ("/api/v1/spaces", false),
        ];
        for (text, want) in cases {
            assert_eq!(named_in(&world, text, now).is_some(), want, "{text}");
        }
        let later = now + Duration::minutes(2);
        assert!(
            named_in(&world, cases[0].0, later).is_none(),
            "visible later"
        );
    }

    #[test]
    fn nothing_lags_with_the_knob_off() {
        let mut world = World::default();
        created(&mut world, "0123456789abcdef01234567", Lagging::Space);
        assert!(world.fresh.is_empty());
    }
}
