//! Embed sessions: the host backend vouches for a user of a customer; the page trades the
//! embed token for a Qlik JWT that signs the user into that customer's tenant and no other.

use crate::helpers::tenant::jwt_sign_in;
use crate::helpers::{TestApp, fixtures};
use crate::jwt_login::session_cookie;
use oem_hub::domain::CustomerSlug;
use reqwest::Method;
use serde_json::{Value, json};

async fn post(app: &TestApp, path: &str, bearer: &str, body: Option<Value>) -> (u16, Value) {
    app.rest(bearer).raw(Method::POST, path, body).await
}

#[tokio::test]
async fn an_embed_token_signs_its_user_into_its_customers_tenant_only() {
    let app = TestApp::spawn().await;
    let api = crate::helpers::admin_token(&app.store, "host-backend").await;
    let acme = CustomerSlug::parse("acme").unwrap();
    // The demo's acme gets its host page's origin, then is provisioned.
    let mut record = app.store.get_customer(&acme).await.unwrap();
    record.spec.origins =
        vec![oem_hub::domain::Origin::parse("http://host.localhost:4000").unwrap()];
    app.store.update_customer(&record.spec, None).await.unwrap();
    // Provisioned by the hub's own engine, so the tenant's IdP trusts the hub's [jwt] key.
    app.provision("acme").await;

    let user = json!({"id": "ada", "name": "Ada Lovelace", "email": "ada@acme.example", "groups": ["viewers"]});
    for (body, field) in [
        (json!({"customer": "nobody", "user": user}), "customer"),
        (
            json!({"customer": "acme", "user": {"id": "", "name": "x"}}),
            "user",
        ),
        (json!({"customer": "Not A Slug", "user": user}), "customer"),
        (
            json!({"customer": "acme", "user": {"id": "u", "name": "U"}}),
            "user",
        ),
    ] {
        let (status, err) = post(&app, "/api/v1/embed/sessions", &api, Some(body.clone())).await;
        assert_eq!(
            (status, err["field"].as_str()),
            (400, Some(field)),
            "{body}: {err}"
        );
    }
    // Only the host backend may open sessions: an embed token is not an API token.
    let ada = fixtures::user("ada", &["viewers"]);
    let token = app
        .rest(&api)
        .open_session("acme", &ada)
        .await
        .unwrap()
        .token;
    assert!(token.starts_with("ohe_"));
    let refused = app.rest(&token).open_session("globex", &ada).await;
    assert_eq!(
        refused.unwrap_err().status,
        401,
        "an embed token cannot open sessions"
    );

    // The page gets a JWT for acme's tenant; the tenant accepts it from the host origin.
    let login = app.rest(&token).qlik_jwt().await.unwrap();
    let observed = app.store.get_state(&acme).await.unwrap().observed;
    assert_eq!(
        Some(login.tenant_host.as_str()),
        observed.hostname.as_ref().map(|h| h.as_str())
    );
    let resp = jwt_sign_in(&app, &login, "http://host.localhost:4000").await;
    assert_eq!(resp.status().as_u16(), 200);
    assert!(session_cookie(&resp).contains("HttpOnly"));
    assert_eq!(
        app.store.issuance_count(&acme).await.unwrap(),
        1,
        "every issuance is recorded"
    );

    // A tampered or unknown token gets nothing.
    let mut tampered = token.clone();
    tampered.pop();
    tampered.push(if token.ends_with('0') { '1' } else { '0' });
    for bad in [tampered.as_str(), "ohe_unknown", api.as_str()] {
        let refused = app.rest(bad).qlik_jwt().await.unwrap_err();
        assert_eq!(
            (refused.status, refused.error.code),
            (401, oem_hub::wire::ErrorCode::Unauthorized),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn the_menu_shows_the_sessions_customer_and_refuses_anything_else() {
    let app = TestApp::spawn().await;
    for slug in ["acme", "globex"] {
        app.provision(slug).await;
    }
    let api = crate::helpers::admin_token(&app.store, "host-backend").await;
    let backend = app.rest(&api);
    let session = |customer: &'static str, groups: &'static [&'static str]| {
        let backend = &backend;
        async move {
            let user = fixtures::user("u", groups);
            backend.open_session(customer, &user).await.unwrap().token
        }
    };
    let acme_viewer = session("acme", &["viewers"]).await;
    let menu = app.rest(&acme_viewer).menu().await.unwrap();
    let keys: Vec<&str> = menu.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(
        keys,
        ["sales", "finance"],
        "acme has both modules: {menu:?}"
    );
    let acme_host = app
        .store
        .get_state(&fixtures::slug("acme"))
        .await
        .unwrap()
        .observed
        .hostname
        .unwrap();
    let sheet = &menu[0].sheets[0];
    assert!(
        sheet.url.contains(&format!("{acme_host}:"))
            && sheet.url.contains("/single/?appid=")
            && sheet.url.contains("&opt=currsel"),
        "{}",
        sheet.url
    );

    // Globex's sheet, asked for with acme's token: refused by name, never served.
    let globex = app.rest(&session("globex", &["viewers"]).await);
    assert_eq!(globex.menu().await.unwrap().len(), 1);
    let own = globex.sheet_url("sales", sheet.id.as_str()).await.unwrap();
    assert!(
        !own.url.contains(acme_host.as_str()),
        "globex's URL is on globex's tenant"
    );
    let refused = globex.sheet_url("finance", "x").await.unwrap_err();
    assert_eq!(refused.status, 403);
    assert!(
        refused.error.message.contains("not in your menu"),
        "{refused:?}"
    );
    let refused = app.rest(&acme_viewer).sheet_url("sales", "nope").await;
    assert_eq!(refused.unwrap_err().status, 403);

    // A user in no mapped group sees nothing.
    let outsider = session("acme", &["marketing"]).await;
    assert_eq!(app.rest(&outsider).menu().await.unwrap(), vec![]);
    assert_eq!(app.rest("ohe_forged").menu().await.unwrap_err().status, 401);
}

/// The host app `saas` as registered: RS256 with the jwt_login key, serving acme; `patch`
/// replaces (or, as null, removes) fields.
fn host_app(patch: Value) -> Value {
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    let pem = crate::jwt_login::KEY
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let mut app = json!({"id": "saas", "issuer": "https://saas.example", "algorithm": "RS256",
        "public_key_pem": pem, "customers": ["acme"]});
    for (field, value) in patch.as_object().unwrap() {
        match value {
            Value::Null => app.as_object_mut().unwrap().remove(field),
            v => app
                .as_object_mut()
                .unwrap()
                .insert(field.clone(), v.clone()),
        };
    }
    app
}

#[tokio::test]
async fn host_apps_are_registered_with_checked_keys_once() {
    let app = TestApp::spawn().await;
    let api = crate::helpers::admin_token(&app.store, "automation").await;
    for (patch, field) in [
        (json!({"algorithm": "HS256"}), "algorithm"),
        (json!({"algorithm": "ES256"}), "public_key_pem"),
        (json!({"id": "Not Ok"}), "id"),
        (json!({"issuer": ""}), "issuer"),
        (json!({"customers": null}), "customers"),
        (json!({"customers": []}), "customers"),
        (json!({"customers": ["acme", "nobody"]}), "customers[1]"),
    ] {
        let body = host_app(patch);
        let (status, err) = post(&app, "/api/v1/host-apps", &api, Some(body.clone())).await;
        let refused = (status, err["field"].as_str());
        assert_eq!(refused, (400, Some(field)), "{body}: {err}");
    }
    let good = host_app(json!({}));
    let (status, created) = post(&app, "/api/v1/host-apps", &api, Some(good.clone())).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["audience"], "oem-hub");
    let (status, _) = post(&app, "/api/v1/host-apps", &api, Some(good)).await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn a_host_jwt_is_traded_once_and_only_from_a_registered_origin() {
    let app = TestApp::spawn().await;
    let api = crate::helpers::admin_token(&app.store, "automation").await;
    let (status, _) = post(&app, "/api/v1/host-apps", &api, Some(host_app(json!({})))).await;
    assert_eq!(status, 201);
    let jwt = crate::jwt_login::sign(
        json!({"iss": "https://saas.example", "aud": "oem-hub", "sub": "ada", "name": "Ada",
               "email": "ada@acme.example", "groups": ["viewers"], "customer": "acme",
               "jti": "ada-1"}),
        &crate::jwt_login::KEY,
        300,
    );
    let trade = |origin: String| {
        app.http
            .post(format!("{}/api/v1/embed/host-sessions", app.hub_url))
            .header("origin", origin)
            .json(&json!({"jwt": jwt}))
            .send()
    };
    let refused = trade("http://evil.example".to_owned()).await.unwrap();
    assert_eq!(
        refused.status().as_u16(),
        403,
        "an origin acme never registered"
    );
    let port = url::Url::parse(&app.host_page_url).unwrap().port().unwrap();
    let traded = trade(format!("http://portal.us.localhost:{port}"))
        .await
        .unwrap();
    assert_eq!(traded.status().as_u16(), 201);
    let token: Value = traded.json().await.unwrap();
    assert!(token["token"].as_str().unwrap().starts_with("ohe_"));
    let replayed = trade(format!("http://portal.us.localhost:{port}"))
        .await
        .unwrap();
    assert_eq!(
        replayed.status().as_u16(),
        401,
        "a host JWT opens one session"
    );
    let bad = app
        .http
        .post(format!("{}/api/v1/embed/host-sessions", app.hub_url))
        .json(&json!({"jwt": "e30.e30.sig"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 401);
    let body: Value = bad.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("host JWT"),
        "{body}"
    );
}
