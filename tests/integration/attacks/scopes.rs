//! Scoped credentials (issue 13, item 4): an embed token opens sessions for its own customers
//! and touches no admin route; revoked, expired and rotated-out secrets are refused at once,
//! on every replica; a host app mints sessions only for the customers it was registered for.

mod lifetime;

use crate::helpers::{TestApp, admin_token, token_with};
use oem_hub::domain::{CustomerSlug, TokenScope};
use oem_hub::server::rest::{Access, access, operations};
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
    let admin_routes: Vec<_> = operations()
        .into_iter()
        .filter(|(_, path)| access(path) == Access::Admin)
        .collect();
    for must in [
        "/api/v1/tokens",
        "/api/v1/host-apps",
        "/api/v1/customers",
        "/api/v1/audit",
    ] {
        assert!(admin_routes.iter().any(|(_, p)| p == must), "{must}");
    }
    for (method, path) in &admin_routes {
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

/// The user lifecycle is a host backend's: acme's embed token can neither remove, sync nor
/// list globex's users, and nothing is written for globex.
#[tokio::test]
async fn an_embed_token_for_acme_cannot_touch_globexs_users() {
    let app = TestApp::spawn().await;
    let embed = token_with(&app.store, "acme-backend", acme_only()).await;
    let globex = CustomerSlug::parse("globex").unwrap();
    for (method, path, body) in [
        (
            "delete",
            "/api/v1/embed/users/gus?customer=globex",
            json!({}),
        ),
        (
            "put",
            "/api/v1/embed/users",
            json!({"customer": "globex", "users": []}),
        ),
        ("get", "/api/v1/embed/users?customer=globex", json!({})),
        ("post", "/api/v1/embed/users/sweep", json!({})),
    ] {
        let (status, refused) = call(&app.hub_url, method, path, &embed, body).await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (403, Some("forbidden")),
            "{method} {path}: {refused}"
        );
    }
    assert!(app.store.user_events(&globex).await.unwrap().is_empty());
}
