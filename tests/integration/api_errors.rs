//! Bad input to server functions and routes gets a 4xx with a JSON error body, never a 500.

use crate::helpers::TestApp;

#[tokio::test]
async fn status_server_function_answers_json() {
    let app = TestApp::spawn().await;
    let (status, body) = app.server_fn("status", &[]).await;
    assert_eq!(status, 200, "{body}");
    // Anonymous: only `ok` (the details, for an admin, are in attacks::hub_hardening).
    assert_eq!(body, serde_json::json!({"ok": true, "details": null}));
}

#[tokio::test]
async fn unknown_server_function_is_a_json_404() {
    let app = TestApp::spawn().await;
    let (status, body) = app.server_fn("no_such_function", &[]).await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("/api/no_such_function")
    );
}

#[tokio::test]
async fn oversized_body_is_a_json_413() {
    let app = TestApp::spawn().await;
    let huge = "x=".to_owned() + &"a".repeat(2 * 1024 * 1024);
    let (status, body) = app
        .post_raw("/api/status", "application/x-www-form-urlencoded", huge)
        .await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], "payload_too_large");
}

#[tokio::test]
async fn malformed_arguments_are_a_json_400_naming_the_problem() {
    let app = TestApp::spawn().await;
    type Args<'a> = &'a [(&'a str, &'a str)];
    let cases: [(&str, Args, &str); 2] = [
        ("admin/login", &[], "username"),
        ("admin/login", &[("username", "admin")], "password"),
    ];
    for (name, args, mentions) in cases {
        let (status, body) = app.server_fn(name, args).await;
        assert_eq!(status, 400, "{name} {args:?}: {body}");
        assert_eq!(body["code"], "bad_request", "{body}");
        assert!(
            body["message"].as_str().unwrap().contains(mentions),
            "{args:?}: {body}"
        );
    }
}

#[tokio::test]
async fn json_encoded_server_function_refuses_malformed_json() {
    let app = TestApp::spawn().await;
    for body in ["{not json", "[1,2,3]", "{\"slug\": 42}"] {
        let (status, json) = app
            .post_raw("/api/admin/check-slug", "application/json", body)
            .await;
        assert_eq!(status, 400, "{body}: {json}");
        assert_eq!(json["code"], "bad_request", "{json}");
    }
}

#[tokio::test]
async fn admin_calls_need_a_session_and_refuse_other_origins() {
    let app = TestApp::spawn().await;
    let (status, body) = app.server_fn("admin/customers", &[]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("unauthorized")),
        "{body}"
    );
    let response = app
        .http
        .post(format!("{}/api/admin/login", app.hub_url))
        .header("origin", "http://evil.example")
        .form(&[
            ("username", "admin"),
            ("password", app.admin_password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert!(response.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn wrong_password_is_401_and_right_one_opens_a_session() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .server_fn(
            "admin/login",
            &[("username", "admin"), ("password", "nope")],
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("unauthorized")),
        "{body}"
    );
    let response = app
        .http
        .post(format!("{}/api/admin/login", app.hub_url))
        .form(&[
            ("username", "admin"),
            ("password", app.admin_password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_owned();
    let customers: serde_json::Value = app
        .http
        .post(format!("{}/api/admin/customers", app.hub_url))
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slugs: Vec<&str> = customers
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["acme", "globex"]);
    let check = app
        .http
        .post(format!("{}/api/admin/check-slug", app.hub_url))
        .header("cookie", &session)
        .json(&serde_json::json!({"slug": "acme"}))
        .send()
        .await
        .unwrap();
    let check: serde_json::Value = check.json().await.unwrap();
    assert_eq!(
        (check["available"].as_bool(), check["problem"].as_str()),
        (Some(false), Some("customer acme already exists"))
    );
}

#[tokio::test]
async fn wrong_methods_get_json_errors_from_hub_and_emulator() {
    let app = TestApp::spawn().await;
    let response = app
        .http
        .post(format!("{}/healthz", app.hub_url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "bad_request", "{body}");

    let response = app
        .http
        .delete(format!(
            "http://127.0.0.1:{}/api/v1/items",
            app.emulator.port()
        ))
        .header("host", app.source.source_hostname.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "HTTP-405", "{body}");
}

#[tokio::test]
async fn a_rollout_with_a_bad_failure_budget_is_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let token = crate::helpers::admin_token(&app.store, "rollouts").await;
    let resp = app
        .http
        .post(format!("{}/api/v1/rollouts", app.hub_url))
        .bearer_auth(&token)
        .json(&serde_json::json!({"module": "sales", "version": 1, "max_failure_pct": 150}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(body.to_string().contains("max_failure_pct"), "{body}");
}
