//! The emulator holds Qlik's role lines: an end user signed in by JWT cannot list users or
//! identity providers, read or rewrite the bot, or see the bot's data connection; credentials
//! of a data connection are kept apart and never answered to anyone.

use crate::helpers::TestApp;
use crate::jwt_login::{KEY, claims, configured_tenant, login, session_cookie, sign};
use crate::lists::bearer;
use reqwest::Method;
use serde_json::{Value, json};

/// A signed-in end user's session cookie and CSRF token on `host`.
async fn end_user(app: &TestApp, tenant: &crate::jwt_login::Tenant) -> (String, String) {
    let signed_in = login(app, tenant, &sign(claims(json!({})), &KEY, 300), None).await;
    assert_eq!(signed_in.status().as_u16(), 200);
    let cookie = session_cookie(&signed_in);
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let csrf = app
        .emulator_request(Method::GET, &tenant.host, "/api/v1/csrf-token")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let csrf = csrf.headers()["qlik-csrf-token"]
        .to_str()
        .unwrap()
        .to_owned();
    (cookie, csrf)
}

async fn as_user(
    app: &TestApp,
    host: &(impl std::fmt::Display + ?Sized),
    (cookie, csrf): &(String, String),
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = app
        .emulator_request(method, host, path)
        .header("cookie", cookie)
        .header("qlik-csrf-token", csrf);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// `GET path` as the tenant's bot (a tenant admin).
async fn as_bot(
    app: &TestApp,
    host: &(impl std::fmt::Display + ?Sized),
    token: &str,
    path: &str,
) -> Value {
    let resp = app
        .emulator_request(Method::GET, host, path)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{path}");
    resp.json().await.unwrap()
}

#[tokio::test]
async fn a_plain_user_cannot_read_or_rewrite_other_users_or_identity_providers() {
    let app = TestApp::spawn().await;
    let tenant = configured_tenant(&app).await;
    let host = tenant.host.as_str();
    let user = end_user(&app, &tenant).await;
    let me = as_user(&app, host, &user, Method::GET, "/api/v1/users/me", None)
        .await
        .1;
    let bot_token = bearer(&app, host).await;
    let bot = as_bot(&app, host, &bot_token, "/api/v1/users/me").await;
    let bot_id = bot["id"].as_str().unwrap();
    let rename = json!([{"op": "replace", "path": "/name", "value": "pwned"}]);
    // 403 where Qlik's error types list it; 404 for the IdP list, whose type lists no 403.
    let refused = [
        (Method::GET, format!("/api/v1/users/{bot_id}"), None, 403),
        (
            Method::PATCH,
            format!("/api/v1/users/{bot_id}"),
            Some(rename.clone()),
            403,
        ),
        (
            Method::POST,
            "/api/v1/users".to_owned(),
            Some(json!({"subject": "x"})),
            403,
        ),
        (
            Method::GET,
            "/api/v1/identity-providers".to_owned(),
            None,
            404,
        ),
    ];
    for (method, path, body, want) in refused {
        let (status, answer) = as_user(&app, host, &user, method.clone(), &path, body).await;
        assert_eq!(status, want, "{method} {path}: {answer}");
        assert_eq!(
            answer["errors"][0]["code"]
                .as_str()
                .map(|c| c.ends_with(&want.to_string())),
            Some(true),
            "{answer}"
        );
    }
    // The users list answers (its type lists no 403) with the caller alone.
    let (status, listed) = as_user(&app, host, &user, Method::GET, "/api/v1/users", None).await;
    assert_eq!(status, 200);
    let ids: Vec<&Value> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| &u["id"])
        .collect();
    assert_eq!(ids, [&me["id"]], "{listed}");
    let own = format!("/api/v1/users/{}", me["id"].as_str().unwrap());
    assert_eq!(
        as_user(&app, host, &user, Method::GET, &own, None).await.0,
        200
    );
    // The bot (a tenant admin) still can.
    as_bot(&app, host, &bot_token, "/api/v1/users").await;
}

#[tokio::test]
async fn data_connection_credentials_are_kept_apart_and_personal_connections_hidden() {
    let app = TestApp::spawn().await;
    let tenant = configured_tenant(&app).await;
    let host = &tenant.host;
    let qlik = app.qlik();
    let created = qlik
        .tenant(host)
        .create_data_connection(
            "customer_db",
            "postgres",
            "postgres://acme:s3cret@db.acme.example:5432/acme",
        )
        .await
        .unwrap();
    let bot_token = bearer(&app, host).await;
    let as_admin = as_bot(&app, host, &bot_token, "/api/v1/data-connections").await;
    let text = as_admin.to_string();
    assert!(
        !text.contains("s3cret") && !text.contains("acme:"),
        "{text}"
    );
    assert_eq!(
        as_admin["data"][0]["qConnectStatement"],
        "postgres://db.acme.example:5432/acme"
    );

    let user = end_user(&app, &tenant).await;
    let (status, listed) = as_user(
        &app,
        host,
        &user,
        Method::GET,
        "/api/v1/data-connections",
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        listed["data"],
        json!([]),
        "the bot's personal connection is not listed"
    );
    let path = format!("/api/v1/data-connections/{}", created.id);
    assert_eq!(
        as_user(&app, host, &user, Method::GET, &path, None).await.0,
        404
    );
    assert_eq!(
        as_user(&app, host, &user, Method::DELETE, &path, None)
            .await
            .0,
        404
    );
    let (status, _) = as_user(
        &app,
        host,
        &user,
        Method::POST,
        "/api/v1/data-connections",
        Some(
            json!({"qName": "mine", "qType": "postgres", "qConnectStatement": "postgres://x/y",
            "datasourceID": "postgres"}),
        ),
    )
    .await;
    assert_eq!(status, 403, "plain users do not manage data connections");
}
