//! The demo's stand-in for the partner's SaaS: serves the host-page example and plays its
//! backend, which vouches for a signed-in user by asking the hub for an embed token.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;
use std::path::Path;
use tower_http::services::ServeDir;

#[derive(Clone)]
struct Backend {
    hub: String,
    api_token: String,
    http: reqwest::Client,
}

/// Who the demo's "partner SaaS" says is signed in (a real SaaS knows this from its own login).
#[derive(Debug, Deserialize)]
struct DemoUser {
    customer: String,
    user: String,
    #[serde(default = "viewers")]
    groups: String,
}

fn viewers() -> String {
    "viewers".to_owned()
}

/// The host site: `dist/public/` plus `GET /partner/embed-token?customer=&user=&groups=`.
pub fn router(dist: &Path, hub: String, api_token: String) -> Router {
    let backend = Backend {
        hub,
        api_token,
        http: reqwest::Client::new(),
    };
    Router::new()
        .route("/partner/embed-token", get(embed_token))
        .with_state(backend)
        .fallback_service(ServeDir::new(dist.join("public")))
}

/// What a partner backend does: `POST {hub}/api/v1/embed/sessions` with its API token.
async fn embed_token(State(backend): State<Backend>, Query(user): Query<DemoUser>) -> Response {
    let groups: Vec<&str> = user.groups.split(',').filter(|g| !g.is_empty()).collect();
    let body = json!({
        "customer": user.customer,
        "user": {
            "id": user.user,
            "name": user.user,
            "email": format!("{}@{}.example", user.user, user.customer),
            "groups": groups,
        },
    });
    let sent = backend
        .http
        .post(format!("{}/api/v1/embed/sessions", backend.hub))
        .bearer_auth(&backend.api_token)
        .json(&body)
        .send()
        .await;
    match sent {
        Ok(r) => {
            let status =
                StatusCode::from_u16(r.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
            let body = r.text().await.unwrap_or_default();
            (status, [("content-type", "application/json")], body).into_response()
        }
        Err(e) => (
            StatusCode::BAD_GATEWAY,
            axum::Json(json!({"code": "unavailable", "message": format!("hub: {e}")})),
        )
            .into_response(),
    }
}
