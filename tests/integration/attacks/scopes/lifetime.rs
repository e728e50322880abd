//! A token's lifetime as an attacker meets it: a revoked or rotated-out secret refused at once
//! on every replica (two hubs, one database), an expired one refused, last use recorded.

use super::{acme_only, call, open_session};
use crate::helpers::{TestApp, admin_token};
use oem_hub::domain::TokenName;
use oem_hub::server::{Application, Settings};
use oem_hub::store::{NewApiToken, Store, now_millis};
use serde_json::json;

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
    let (status, body) = open_session(&app.hub_url, expired.secret.expose(), "acme").await;
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
    assert_eq!(
        open_session(&app.hub_url, day.secret.expose(), "acme")
            .await
            .0,
        201
    );
    let later =
        oem_hub::ops::tokens::authenticate(&app.store, day.secret.expose(), now + 86_400_000);
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
    let auth = |at: i64| oem_hub::ops::tokens::authenticate(&app.store, day.secret.expose(), at);
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
