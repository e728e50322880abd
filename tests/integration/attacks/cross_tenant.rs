//! A token issued for one customer is refused by every other customer's tenant and route:
//! Qlik JWTs carry their customer's own issuer, subjects are namespaced per customer (so a host
//! user named like the tenant's bot is just a user), and proxy sessions and impersonation tokens
//! reach their own tenant only.

use crate::helpers::TestApp;
use oem_hub::cli::demo::PROXY_HOST;
use oem_hub::domain::CustomerSlug;
use reqwest::Method;
use serde_json::{Value, json};

/// The partner backend's API token: embed sessions for the demo's customers, nothing else.
pub async fn backend_token(app: &TestApp) -> String {
    let customers = ["acme", "globex"]
        .map(|c| CustomerSlug::parse(c).unwrap())
        .to_vec();
    crate::helpers::token_with(
        &app.store,
        "partner-backend",
        oem_hub::domain::TokenScope::Embed { customers },
    )
    .await
}

/// An embed token for user `id` of `customer`, as the partner backend gets it.
pub async fn embed_token(app: &TestApp, api: &str, customer: &str, id: &str) -> String {
    let body = json!({"customer": customer, "user": {"id": id, "name": "Mallory",
        "email": "mallory@x.example", "groups": ["viewers"]}});
    let resp = app
        .http
        .post(format!("{}/api/v1/embed/sessions", app.hub_url))
        .bearer_auth(api)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    let resp: Value = resp.json().await.unwrap();
    resp["token"].as_str().unwrap().to_owned()
}

/// What the page gets from `POST /api/v1/embed/qlik-jwt`.
async fn qlik_jwt(app: &TestApp, embed: &str) -> Value {
    let resp = app
        .http
        .post(format!("{}/api/v1/embed/qlik-jwt", app.hub_url))
        .bearer_auth(embed)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    resp.json().await.unwrap()
}

/// `POST /login/jwt-session` on `host` (server-side, as a curl would): status and cookie.
pub async fn login_at(
    app: &TestApp,
    host: &(impl std::fmt::Display + ?Sized),
    jwt: &str,
) -> (u16, Option<String>) {
    let resp = app
        .emulator_request(Method::POST, host, "/login/jwt-session")
        .bearer_auth(jwt)
        .send()
        .await
        .unwrap();
    let cookie = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
        .find(|c| c.starts_with("eas.sid="));
    (resp.status().as_u16(), cookie)
}

pub async fn tenant_host(app: &TestApp, slug: &str) -> String {
    let slug = CustomerSlug::parse(slug).unwrap();
    let state = app.store.get_state(&slug).await.unwrap();
    state.observed.hostname.unwrap().to_string()
}

fn claims_of(jwt: &str) -> Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn a_qlik_jwt_minted_for_acme_does_not_sign_in_to_globex() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    app.provision("globex").await;
    let api = backend_token(&app).await;
    let login = qlik_jwt(&app, &embed_token(&app, &api, "acme", "ada").await).await;
    let jwt = login["jwt"].as_str().unwrap();
    let claims = claims_of(jwt);
    assert!(
        claims["iss"].as_str().unwrap().ends_with("/customers/acme"),
        "{claims}"
    );
    assert_eq!(claims["sub"], "oemhub:acme:ada");

    let acme = tenant_host(&app, "acme").await;
    let globex = tenant_host(&app, "globex").await;
    assert_eq!(login["tenant_host"], acme.as_str());
    assert_eq!(login_at(&app, &acme, jwt).await.0, 200, "its own tenant");
    let (status, cookie) = login_at(&app, &globex, jwt).await;
    assert_eq!((status, cookie), (401, None), "another customer's tenant");
}

#[tokio::test]
async fn a_host_user_named_like_the_tenant_bot_is_an_ordinary_user() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let api = backend_token(&app).await;
    let bot = format!("qlikbot\\{}", app.source.client_id);
    let embed = embed_token(&app, &api, "acme", &bot).await;
    let login = qlik_jwt(&app, &embed).await;
    let acme = tenant_host(&app, "acme").await;
    let (status, cookie) = login_at(&app, &acme, login["jwt"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    let me: Value = app
        .emulator_request(Method::GET, &acme, "/api/v1/users/me")
        .header("cookie", cookie.unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["subject"], format!("oemhub:acme:{bot}").as_str(), "{me}");
    assert!(
        !me["roles"].to_string().contains("TenantAdmin"),
        "the bot's roles leaked: {me}"
    );

    // Through the proxy the hub signs the same namespaced user in.
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let opened = app
        .http
        .post(format!("http://127.0.0.1:{port}/oem-hub/session"))
        .header("host", format!("{PROXY_HOST}:{port}"))
        .bearer_auth(&embed)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status().as_u16(), 204);
    let proxy_cookie = opened.headers()["set-cookie"].to_str().unwrap();
    let proxy_cookie = proxy_cookie.split(';').next().unwrap().to_owned();
    let via_proxy: Value = app
        .http
        .get(format!("http://127.0.0.1:{port}/api/v1/users/me"))
        .header("host", format!("{PROXY_HOST}:{port}"))
        .header("cookie", proxy_cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(via_proxy["subject"], me["subject"], "{via_proxy}");
}

#[tokio::test]
async fn an_impersonation_token_for_acme_opens_nothing_on_globex() {
    let app = TestApp::spawn().await;
    let acme = CustomerSlug::parse("acme").unwrap();
    crate::proxy_ui::set_mode(&app, &acme, oem_hub::domain::EmbeddingMode::Oauth).await;
    app.provision("acme").await;
    app.provision("globex").await;
    let api = backend_token(&app).await;
    let embed = embed_token(&app, &api, "acme", "ada").await;
    let resp = app
        .http
        .post(format!("{}/api/v1/embed/qlik-token", app.hub_url))
        .bearer_auth(&embed)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let token: Value = resp.json().await.unwrap();
    let access = token["access_token"].as_str().unwrap();
    let me = |host: String| {
        app.emulator_request(Method::GET, &host, "/api/v1/users/me")
            .bearer_auth(access)
            .send()
    };
    let own = me(tenant_host(&app, "acme").await).await.unwrap();
    let own: Value = own.json().await.unwrap();
    assert_eq!(own["subject"], "oemhub:acme:ada", "{own}");
    let foreign = me(tenant_host(&app, "globex").await).await.unwrap();
    assert_eq!(foreign.status().as_u16(), 401, "globex's tenant");
}

#[tokio::test]
async fn an_embed_token_for_acme_is_refused_from_a_page_only_globex_registered() {
    let app = TestApp::spawn().await;
    let globex = CustomerSlug::parse("globex").unwrap();
    let mut record = app.store.get_customer(&globex).await.unwrap();
    record.spec.origins = vec![oem_hub::domain::Origin::parse("https://globex.example").unwrap()];
    app.store.update_customer(&record.spec, None).await.unwrap();
    let api = backend_token(&app).await;
    let embed = embed_token(&app, &api, "acme", "ada").await;
    for (method, path) in [
        (Method::GET, "/api/v1/embed/menu"),
        (Method::GET, "/api/v1/embed/setup"),
        (Method::GET, "/api/v1/embed/session"),
        (Method::POST, "/api/v1/embed/qlik-jwt"),
        (Method::POST, "/api/v1/embed/qlik-token"),
        (Method::POST, "/api/v1/embed/exports"),
    ] {
        let resp = app
            .http
            .request(method.clone(), format!("{}{path}", app.hub_url))
            .header("origin", "https://globex.example")
            .bearer_auth(&embed)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 403, "{method} {path}");
    }
}

#[tokio::test]
async fn the_admin_preview_signs_in_under_its_own_subject() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let cookie = app.admin_cookie().await;
    let preview = app
        .http
        .post(format!("{}/api/admin/preview-token", app.hub_url))
        .header("cookie", &cookie)
        .json(&json!({"slug": "acme"}))
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status().as_u16(), 200);
    let preview: String = preview.json().await.unwrap();
    let api = backend_token(&app).await;
    let host_admin = qlik_jwt(&app, &embed_token(&app, &api, "acme", "admin").await).await;
    let previewing = qlik_jwt(&app, &preview).await;
    let sub = |login: &Value| claims_of(login["jwt"].as_str().unwrap())["sub"].clone();
    assert_eq!(sub(&previewing), "oemhub-preview:acme:admin");
    assert_eq!(
        sub(&host_admin),
        "oemhub:acme:admin",
        "a host user named admin"
    );
}

/// The console's preview and the REST API open sessions through the same operation: a retired
/// customer (tenant deactivated) gets none from either door, with the same lifetime otherwise.
#[tokio::test]
async fn a_retired_customer_gets_no_session_from_any_door() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let cookie = app.admin_cookie().await;
    let preview = |cookie: String| {
        app.http
            .post(format!("{}/api/admin/preview-token", app.hub_url))
            .header("cookie", cookie)
            .json(&json!({"slug": "acme"}))
            .send()
    };
    let api = backend_token(&app).await;
    let session = || {
        app.http
            .post(format!("{}/api/v1/embed/sessions", app.hub_url))
            .bearer_auth(&api)
            .json(
                &json!({"customer": "acme", "user": {"id": "ada", "name": "Ada",
                "email": "ada@x.example", "groups": ["viewers"]}}),
            )
            .send()
    };
    assert_eq!(
        preview(cookie.clone()).await.unwrap().status().as_u16(),
        200
    );
    assert_eq!(session().await.unwrap().status().as_u16(), 201);
    let slug = CustomerSlug::parse("acme").unwrap();
    app.store.set_retired(&slug, Some(1)).await.unwrap();
    for (door, resp) in [
        ("console preview", preview(cookie).await.unwrap()),
        ("REST session", session().await.unwrap()),
    ] {
        assert_eq!(resp.status().as_u16(), 400, "{door}");
        let body: Value = resp.json().await.unwrap();
        assert!(
            body["message"].as_str().unwrap().contains("retired"),
            "{door}: {body}"
        );
    }
}

#[tokio::test]
async fn the_host_page_takes_neither_its_hub_nor_its_token_from_its_address() {
    use crate::browser::{wait_for_text, with_browser};
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let url = app.host_page(
        "portal.us.localhost",
        "customer=acme&user=ada&hub=http://127.0.0.1:9&token=ohe_planted",
    );
    with_browser("attack_host_page_pinned", |c| async move {
        c.goto(&url).await.unwrap();
        // oem-hub.js came from the pinned hub and the token from the page's backend.
        wait_for_text(&c, "nav.oem-hub-menu", "Finance").await;
        let scripts = c
            .execute(
                "return [...document.scripts].map(s => s.src).filter(Boolean)",
                vec![],
            )
            .await
            .unwrap();
        assert!(!scripts.to_string().contains("127.0.0.1:9/"), "{scripts}");
    })
    .await;
}
