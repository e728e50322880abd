//! The demo's stand-in for the partner's SaaS: serves the host-page example and plays its
//! backend, which vouches for a signed-in user by asking the hub for an embed token (mode a)
//! or by signing a short-lived JWT with its own registered key (mode b).

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;
use std::path::Path;
use tower_http::services::ServeDir;

/// The demo host app's issuer, as registered in the hub.
pub const HOST_ISSUER: &str = "https://partner-saas.demo.localhost";

#[derive(Clone)]
struct Backend {
    hub: String,
    /// None when the demo has no customers for an embed-scoped token to list.
    api_token: Option<String>,
    http: reqwest::Client,
    host_key: p256::ecdsa::SigningKey,
}

/// The demo host app's ES256 key (kept in the data directory) registered in the hub, so the
/// host backend can also sign its users' JWTs itself (embedding mode b).
pub async fn register_host_app(
    store: &crate::store::Store,
    data_dir: &Path,
) -> anyhow::Result<p256::ecdsa::SigningKey> {
    use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
    use secrecy::ExposeSecret;
    let pem = super::keys::kept_secret(&data_dir.join("host-app-key.pem"), || {
        let key = p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng);
        let pem = key.to_pkcs8_pem(LineEnding::LF)?;
        Ok(secrecy::SecretString::from(pem.to_string()))
    })?;
    let key = p256::ecdsa::SigningKey::from_pkcs8_pem(pem.expose_secret())?;
    // The demo's partner SaaS serves every demo customer (none: nothing to register).
    let customers: Vec<_> = store
        .list_customers()
        .await?
        .into_iter()
        .map(|c| c.spec.slug)
        .collect();
    let registered = store
        .list_host_apps()
        .await?
        .iter()
        .any(|a| a.issuer == HOST_ISSUER);
    if !registered && !customers.is_empty() {
        let record = crate::store::HostAppRecord {
            id: "demo-host".to_owned(),
            issuer: HOST_ISSUER.to_owned(),
            audience: "oem-hub".to_owned(),
            algorithm: "ES256".to_owned(),
            public_key_pem: key.verifying_key().to_public_key_pem(LineEnding::LF)?,
            customers,
            created_at: 0,
        };
        store.insert_host_app(&record, "demo").await?;
    }
    Ok(key)
}

/// Who the demo's "partner SaaS" says is signed in (a real SaaS knows this from its own login).
#[derive(Debug, Deserialize)]
struct DemoUser {
    customer: String,
    user: String,
    #[serde(default = "viewers")]
    groups: String,
    /// `region=North,South;tier=gold`: the user's attributes as the partner's backend knows them.
    #[serde(default)]
    attrs: String,
}

impl DemoUser {
    /// The attributes as an embed session or host JWT carries them.
    fn attributes(&self) -> serde_json::Map<String, serde_json::Value> {
        self.attrs
            .split(';')
            .filter_map(|pair| pair.split_once('='))
            .map(|(name, values)| {
                let values = values
                    .split(',')
                    .filter(|v| !v.is_empty())
                    .map(|v| json!(v));
                (name.to_owned(), serde_json::Value::Array(values.collect()))
            })
            .collect()
    }
}

fn viewers() -> String {
    "viewers".to_owned()
}

/// The host site: `dist/public/` plus `GET /partner/embed-token?customer=&user=&groups=`.
pub fn router(
    dist: &Path,
    hub: String,
    api_token: Option<String>,
    host_key: p256::ecdsa::SigningKey,
) -> Router {
    let backend = Backend {
        hub,
        api_token,
        http: reqwest::Client::new(),
        host_key,
    };
    let page = dist.join("public").join("host-example.html");
    Router::new()
        .route("/partner/embed-token", get(embed_token))
        .route("/partner/host-jwt", get(host_jwt))
        .route(
            "/host-example.html",
            get(move |State(backend): State<Backend>| host_page(page.clone(), backend.hub)),
        )
        .with_state(backend)
        .fallback_service(ServeDir::new(dist.join("public")))
}

/// The host page with the hub's URL pinned by this server, as a partner's templates would.
async fn host_page(path: std::path::PathBuf, hub: String) -> Response {
    let Ok(html) = tokio::fs::read_to_string(&path).await else {
        return (StatusCode::NOT_FOUND, "host-example.html is not built").into_response();
    };
    let escaped = hub
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let meta = format!("<meta name=\"oem-hub-url\" content=\"{escaped}\" />");
    let html = html.replacen("<head>", &format!("<head>\n    {meta}"), 1);
    ([("content-type", "text/html; charset=utf-8")], html).into_response()
}

/// What a partner backend does: `POST {hub}/api/v1/embed/sessions` with its API token.
async fn embed_token(State(backend): State<Backend>, Query(user): Query<DemoUser>) -> Response {
    let Some(api_token) = &backend.api_token else {
        let message = "the demo started without customers, so its backend holds no embed token";
        let body = json!({"code": "conflict", "message": message});
        return (StatusCode::CONFLICT, axum::Json(body)).into_response();
    };
    let groups: Vec<&str> = user.groups.split(',').filter(|g| !g.is_empty()).collect();
    let body = json!({
        "customer": user.customer,
        "user": {
            "id": user.user,
            "name": user.user,
            "email": format!("{}@{}.example", user.user, user.customer),
            "groups": groups,
            "attributes": user.attributes(),
        },
    });
    let sent = backend
        .http
        .post(format!("{}/api/v1/embed/sessions", backend.hub))
        .bearer_auth(api_token)
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

/// The claims a host app signs (see `ops::host_jwt`).
#[derive(serde::Serialize)]
struct HostClaims<'a> {
    iss: &'static str,
    aud: &'static str,
    sub: &'a str,
    name: &'a str,
    email: String,
    groups: Vec<&'a str>,
    attributes: serde_json::Map<String, serde_json::Value>,
    customer: &'a str,
    /// Each host JWT opens one embed session; the hub refuses a second use of a `jti`.
    jti: String,
}

/// Mode b: the backend signs a 5-minute ES256 JWT for its user; the page trades it itself.
async fn host_jwt(State(backend): State<Backend>, Query(user): Query<DemoUser>) -> Response {
    use jwt_compact::{AlgorithmExt, Claims, Header, alg::Es256};
    let custom = HostClaims {
        iss: HOST_ISSUER,
        aud: "oem-hub",
        sub: &user.user,
        name: &user.user,
        email: format!("{}@{}.example", user.user, user.customer),
        groups: user.groups.split(',').filter(|g| !g.is_empty()).collect(),
        attributes: user.attributes(),
        customer: &user.customer,
        jti: uuid::Uuid::now_v7().to_string(),
    };
    let now = chrono::Utc::now();
    let mut claims = Claims::new(custom);
    claims.issued_at = Some(now);
    claims.expiration = Some(now + chrono::Duration::minutes(5));
    match Es256.token(&Header::empty(), &claims, &backend.host_key) {
        Ok(jwt) => axum::Json(json!({ "token": jwt })).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot sign: {e}"),
        )
            .into_response(),
    }
}
