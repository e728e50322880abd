//! Users list and space updates on the emulator, through the client: paged, filtered, and
//! refusing what Qlik refuses (a taken space name, an unknown owner).

use crate::helpers::TestApp;
use reqwest::Method;

#[tokio::test]
async fn users_are_listed_and_spaces_renamed() {
    let app = TestApp::spawn().await;
    let qlik = app.qlik();
    let source = crate::helpers::source_host(&app.source);
    let users = qlik.tenant(&source).list_users().await.unwrap();
    let me = qlik.tenant(&source).me().await.unwrap();
    assert!(
        users.iter().any(|u| u.id == me.id),
        "the bot is a user: {users:?}"
    );
    assert!(users.len() >= 2, "the developer and the bot: {users:?}");

    let a = qlik
        .tenant(&source)
        .create_space("Alpha", "shared")
        .await
        .unwrap();
    qlik.tenant(&source)
        .create_space("Beta", "managed")
        .await
        .unwrap();
    let renamed = qlik
        .tenant(&source)
        .update_space(&a.id, "Gamma", "renamed")
        .await
        .unwrap();
    assert_eq!(
        (renamed.id.as_str(), renamed.name.as_str()),
        (a.id.as_str(), "Gamma")
    );
    let err = qlik
        .tenant(&source)
        .update_space(&a.id, "Beta", "")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409), "{err}");
    let names: Vec<String> = qlik
        .tenant(&source)
        .list_spaces()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert!(
        names.contains(&"Gamma".to_owned()) && !names.contains(&"Alpha".to_owned()),
        "{names:?}"
    );

    // Raw requests: an unknown owner and an unsupported path are 400s; types are listed.
    let token = bearer(&app, &source).await;
    let patch = |body: serde_json::Value| {
        app.emulator_request(Method::PATCH, &source, &format!("/api/v1/spaces/{}", a.id))
            .bearer_auth(&token)
            .json(&body)
    };
    for body in [
        serde_json::json!([{ "op": "replace", "path": "/ownerId", "value": "nobody" }]),
        serde_json::json!([{ "op": "remove", "path": "/name", "value": "" }]),
    ] {
        assert_eq!(patch(body).send().await.unwrap().status().as_u16(), 400);
    }
    let types: serde_json::Value = app
        .emulator_request(Method::GET, &source, "/api/v1/spaces/types")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        types["data"],
        serde_json::json!(["shared", "managed", "data"])
    );
}

pub async fn bearer(app: &TestApp, host: &(impl std::fmt::Display + ?Sized)) -> String {
    let body: serde_json::Value = app
        .emulator_request(Method::POST, host, "/oauth/token")
        .json(&serde_json::json!({
            "client_id": app.source.client_id, "client_secret": app.source.client_secret,
            "grant_type": "client_credentials",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}
