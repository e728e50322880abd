//! Scoped credentials (issue 13, item 4): an embed token opens sessions for its own customers
//! and touches no admin route; revoked, expired and rotated-out secrets are refused at once,
//! on every replica; a host app mints sessions only for the customers it was registered for.

use crate::helpers::{TestApp, admin_token, token_with};
use oem_hub::domain::{CustomerSlug, TokenName, TokenScope};
use oem_hub::server::rest::{Access, OPERATIONS, access};
use oem_hub::server::{Application, Settings};
use oem_hub::store::{NewApiToken, Store, now_millis};
use reqwest::Method;
use serde_json::{Value, json};

async fn call(hub: &str, method: &str, path: &str, bearer: &str, body: Value) -> (u16, Value) {
    let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let resp = reqwest::Client::new()
        .request(method, format!("{hub}{path}"))
        .bearer_auth(bearer)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

fn user() -> Value {
    json!({"id": "ada", "name": "Ada", "email": "ada@acme.example", "groups": ["viewers"]})
}

async fn open_session(hub: &str, bearer: &str, customer: &str) -> (u16, Value) {
    let body = json!({"customer": customer, "user": user()});
    call(hub, "post", "/api/v1/embed/sessions", bearer, body).await
}

fn acme_only() -> TokenScope {
    TokenScope::embed(vec![CustomerSlug::parse("acme").unwrap()]).unwrap()
}

#[tokio::test]
async fn an_embed_token_for_acme_opens_acme_sessions_only_and_no_admin_route() {
    let app = TestApp::spawn().await;
    let admin = admin_token(&app.store, "ops").await;
    // Made through the REST API, as a partner would.
    let (status, created) = call(
        &app.hub_url,
        "post",
        "/api/v1/tokens",
        &admin,
        json!({"name": "partner-backend", "scope": {"kind": "embed", "customers": ["acme"]}}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        created["scope"],
        json!({"kind": "embed", "customers": ["acme"]})
    );
    let embed = created["secret"].as_str().unwrap().to_owned();

    let (status, session) = open_session(&app.hub_url, &embed, "acme").await;
    assert_eq!(status, 201, "{session}");
    assert!(session["token"].as_str().unwrap().starts_with("ohe_"));
    let (status, refused) = open_session(&app.hub_url, &embed, "globex").await;
    assert_eq!((status, refused["code"].as_str()), (403, Some("forbidden")));
    assert!(
        refused["message"].as_str().unwrap().contains("globex"),
        "{refused}"
    );

    let list = || async {
        let (_, all) = call(&app.hub_url, "get", "/api/v1/tokens", &admin, json!({})).await;
        let rows = all.as_array().unwrap().iter();
        (
            all.to_string(),
            rows.map(|t| (t["id"].to_string(), t["status"].to_string()))
                .collect::<Vec<_>>(),
        )
    };
    let before = list().await.1;
    // Every documented admin route, so that a new one cannot be forgotten.
    let admin_routes: Vec<_> = OPERATIONS
        .iter()
        .filter(|(_, path, _, _)| access(path) == Access::Admin)
        .collect();
    for must in [
        "/api/v1/tokens",
        "/api/v1/host-apps",
        "/api/v1/customers",
        "/api/v1/audit",
    ] {
        assert!(admin_routes.iter().any(|(_, p, _, _)| *p == must), "{must}");
    }
    for (method, path, _, _) in &admin_routes {
        let concrete = path
            .split('/')
            .map(|seg| if seg.starts_with('{') { "acme" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        let (status, body) = call(&app.hub_url, method, &concrete, &embed, json!({})).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (403, Some("forbidden")),
            "{method} {concrete} with an embed token: {body}"
        );
        if *method == "get" && !path.ends_with("/events") {
            let (status, body) = call(&app.hub_url, method, &concrete, &admin, json!({})).await;
            assert!(
                !matches!(status, 401 | 403),
                "{method} {concrete} as admin: {body}"
            );
        }
    }
    // No token was minted or revoked by the embed token, and no secret is ever listed.
    let (text, after) = list().await;
    assert_eq!(before, after);
    assert!(!text.contains("ohk_"), "{text}");
}

/// A second hub (its own pool, no cache shared with the first) on `url`.
async fn hub_on(url: &str) -> String {
    let settings = Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: url.to_owned(),
        ..Settings::default()
    };
    let hub = Application::build(settings).await.unwrap();
    let addr = hub.local_addr();
    tokio::spawn(hub.run_until(std::future::pending()));
    format!("http://{addr}")
}

/// A database both replicas share: a fresh PostgreSQL one when configured, else SQLite.
async fn shared_database(dir: &std::path::Path) -> String {
    let Ok(admin_url) = std::env::var("OEM_HUB_TEST_POSTGRES_URL") else {
        return format!("sqlite://{}", dir.join("shared.db").display());
    };
    use sqlx::{Connection, Executor};
    let name = format!("oemhub_scopes_{}_{}", std::process::id(), now_millis());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let mut url = url::Url::parse(&admin_url).unwrap();
    url.set_path(&name);
    url.to_string()
}

#[tokio::test]
async fn a_revoked_or_rotated_out_secret_is_refused_at_once_on_every_replica() {
    let dir = tempfile::tempdir().unwrap();
    let url = shared_database(dir.path()).await;
    let (a, b) = (hub_on(&url).await, hub_on(&url).await);
    let store = Store::connect(&url).await.unwrap();
    store
        .insert_customer(&crate::store::customer("acme", &[]), None)
        .await
        .unwrap();
    let admin = admin_token(&store, "ops").await;
    let (_, created) = call(
        &a,
        "post",
        "/api/v1/tokens",
        &admin,
        json!({"name": "backend", "scope": {"kind": "embed", "customers": ["acme"]}}),
    )
    .await;
    let (id, secret) = (
        created["id"].as_str().unwrap(),
        created["secret"].as_str().unwrap(),
    );
    // Both replicas accept it (B has now seen it once: a cache would keep it).
    for hub in [&a, &b] {
        assert_eq!(open_session(hub, secret, "acme").await.0, 201, "{hub}");
    }
    // Rotated on A: the old secret is refused on B at once, the new one works on B.
    let (status, rotated) = call(
        &a,
        "post",
        &format!("/api/v1/tokens/{id}/rotate"),
        &admin,
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{rotated}");
    assert_eq!(rotated["id"], id);
    let new_secret = rotated["secret"].as_str().unwrap();
    assert_ne!(new_secret, secret);
    let (status, body) = open_session(&b, secret, "acme").await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    assert_eq!(open_session(&b, new_secret, "acme").await.0, 201);
    // Revoked on A: refused on both at once, and saying so.
    let (status, _) = call(
        &a,
        "delete",
        &format!("/api/v1/tokens/{id}"),
        &admin,
        json!({}),
    )
    .await;
    assert_eq!(status, 204);
    for hub in [&b, &a] {
        let (status, body) = open_session(hub, new_secret, "acme").await;
        assert_eq!(
            (status, body["code"].as_str()),
            (401, Some("unauthorized")),
            "{hub}"
        );
        assert!(
            body["message"].as_str().unwrap().contains("revoked"),
            "{body}"
        );
    }
    let (_, listed) = call(&b, "get", "/api/v1/tokens", &admin, json!({})).await;
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["status"], "revoked", "{row}");
    // A revoked token is not brought back by rotation.
    let (status, _) = call(
        &b,
        "post",
        &format!("/api/v1/tokens/{id}/rotate"),
        &admin,
        json!({}),
    )
    .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn an_expired_token_is_refused_and_last_use_is_recorded_once_a_minute() {
    let app = TestApp::spawn().await;
    let now = now_millis();
    let new = |name: &str, expires_at| NewApiToken {
        name: TokenName::parse(name).unwrap(),
        scope: acme_only(),
        expires_at,
    };
    let expired = app
        .store
        .create_api_token(&new("old", Some(now - 1)), "test", now - 60_000)
        .await
        .unwrap();
    let (status, body) = open_session(&app.hub_url, &expired.secret, "acme").await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    assert!(
        body["message"].as_str().unwrap().contains("expired"),
        "{body}"
    );
    assert_eq!(
        app.store
            .api_token(&expired.record.id)
            .await
            .unwrap()
            .unwrap()
            .last_used_at,
        None
    );

    // A day-long token works today; with the clock driven past its expiry, it is refused.
    let day = app
        .store
        .create_api_token(&new("day", Some(now + 86_400_000)), "test", now)
        .await
        .unwrap();
    assert_eq!(open_session(&app.hub_url, &day.secret, "acme").await.0, 201);
    let later = oem_hub::server::tokens::authenticate(&app.store, &day.secret, now + 86_400_000);
    assert_eq!(
        later.await.unwrap_err().code,
        oem_hub::api::ErrorCode::Unauthorized
    );

    // Last use: recorded by the request above, not rewritten within the minute, then moved.
    let used = |store: Store, id| async move {
        store
            .api_token(&id)
            .await
            .unwrap()
            .unwrap()
            .last_used_at
            .unwrap()
    };
    let first = used(app.store.clone(), day.record.id.clone()).await;
    assert!(first >= now, "{first} < {now}");
    let auth = |at: i64| oem_hub::server::tokens::authenticate(&app.store, &day.secret, at);
    auth(first + 30_000).await.unwrap();
    assert_eq!(used(app.store.clone(), day.record.id.clone()).await, first);
    auth(first + 61_000).await.unwrap();
    assert_eq!(
        used(app.store.clone(), day.record.id.clone()).await,
        first + 61_000
    );
    let (_, listed) = call(
        &app.hub_url,
        "get",
        "/api/v1/tokens",
        &admin_token(&app.store, "ops").await,
        json!({}),
    )
    .await;
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == day.record.id.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["last_used_at"], first + 61_000, "{row}");
    let old = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == expired.record.id.as_str())
        .unwrap()
        .clone();
    assert_eq!(old["status"], "expired", "{old}");
}

#[tokio::test]
async fn a_host_app_for_acme_cannot_mint_a_globex_session() {
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    let app = TestApp::spawn().await;
    let admin = admin_token(&app.store, "ops").await;
    let pem = crate::jwt_login::KEY
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let app_body = json!({"id": "acme-saas", "issuer": "https://acme-saas.example",
        "algorithm": "RS256", "public_key_pem": pem, "customers": ["acme"]});
    let (status, registered) =
        call(&app.hub_url, "post", "/api/v1/host-apps", &admin, app_body).await;
    assert_eq!(status, 201, "{registered}");
    assert_eq!(registered["customers"], json!(["acme"]));
    let exchange = |customer: &str| {
        let jwt = crate::jwt_login::sign(
            json!({"iss": "https://acme-saas.example", "aud": "oem-hub", "sub": "ada", "name": "Ada",
                   "email": "ada@acme.example", "groups": ["viewers"], "customer": customer,
                   "jti": format!("{}", rand::random::<u64>())}),
            &crate::jwt_login::KEY,
            300,
        );
        let hub = app.hub_url.clone();
        async move {
            call(
                &hub,
                "post",
                "/api/v1/embed/host-sessions",
                "",
                json!({"jwt": jwt}),
            )
            .await
        }
    };
    assert_eq!(exchange("acme").await.0, 201);
    let (status, refused) = exchange("globex").await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (403, Some("forbidden")),
        "{refused}"
    );
    assert!(
        refused["message"].as_str().unwrap().contains("globex"),
        "{refused}"
    );
    // Bound to globex as well, by an admin, it may.
    let (status, body) = call(
        &app.hub_url,
        "put",
        "/api/v1/host-apps/acme-saas/customers",
        &admin,
        json!({"customers": ["acme", "globex"]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(exchange("globex").await.0, 201);
    // An embed token may not rebind it; unknown customers are refused by name.
    let embed = token_with(&app.store, "backend", acme_only()).await;
    let rebind = json!({"customers": ["acme"]});
    let path = "/api/v1/host-apps/acme-saas/customers";
    assert_eq!(call(&app.hub_url, "put", path, &embed, rebind).await.0, 403);
    let (status, body) = call(
        &app.hub_url,
        "put",
        path,
        &admin,
        json!({"customers": ["nobody"]}),
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("customers[0]")),
        "{body}"
    );
}
