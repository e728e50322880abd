//! Webhooks API fidelity (@qlik/api 2.19.0 `webhooks.d.ts`, help.qlik.com "Creating
//! webhooks"): Qlik's shapes without the secret, refusals naming the field, and the app
//! reload log; deliveries (signed, retried, filtered) are in `delivery`.

mod delivery;
mod receiver;

use crate::helpers::TestApp;
use receiver::Api;
use reqwest::Method;
use serde_json::{Value, json};

const RELOAD_FINISHED: &str = "com.qlik.v1.app.reload.finished";
const SECRET: &str = "a-webhook-secret-of-forty-characters-000";

fn full_body() -> Value {
    json!({
        "name": "Reloads to the data team", "description": "nightly",
        "url": "https://hooks.example.com/qlik", "eventTypes": [RELOAD_FINISHED],
        "secret": SECRET, "headers": {"X-Team": "data"},
        "encryptedHeaders": {"Authorization": "Bearer hidden-token"},
    })
}

fn assert_no_secret(answer: &Value) {
    let text = answer.to_string();
    assert!(answer.get("secret").is_none(), "{answer}");
    assert!(
        !text.contains(SECRET) && !text.contains("hidden-token"),
        "{text}"
    );
}

#[tokio::test]
async fn webhooks_answer_qliks_shapes_and_never_the_secret() {
    let app = TestApp::bare().await;
    let api = Api::new(&app).await;
    let hook = api.hook(full_body()).await;
    assert_no_secret(&hook);
    assert_eq!(hook["secretKeyAdded"], true);
    assert_eq!(hook["encryptedHeaders"], json!(["Authorization"]));
    assert_eq!(hook["headers"], json!({"X-Team": "data"}));
    assert_eq!(
        (&hook["level"], &hook["enabled"], &hook["origin"]),
        (&json!("tenant"), &json!(true), &json!("api")),
        "a tenant admin's webhook is tenant level by default"
    );
    assert_eq!(hook["eventTypes"], json!([RELOAD_FINISHED]));
    for key in [
        "id",
        "createdAt",
        "updatedAt",
        "createdByUserId",
        "updatedByUserId",
    ] {
        assert!(hook[key].is_string(), "{key}: {hook}");
    }
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());

    let (status, read) = api.call(Method::GET, &path, None).await;
    assert_eq!((status, &read), (200, &hook));
    let (status, list) = api.call(Method::GET, "/api/v1/webhooks", None).await;
    assert_eq!((status, &list["data"]), (200, &json!([hook.clone()])));
    assert!(list["links"]["self"]["href"].is_string());
    for (query, found) in [
        ("?name=*DATA*", 1),
        ("?name=team", 1),
        ("?name=nobody", 0),
        ("?enabled=false", 0),
    ] {
        let (_, list) = api
            .call(Method::GET, &format!("/api/v1/webhooks{query}"), None)
            .await;
        assert_eq!(list["data"].as_array().unwrap().len(), found, "{query}");
    }
    let (status, types) = api
        .call(Method::GET, "/api/v1/webhooks/event-types", None)
        .await;
    assert_eq!(status, 200);
    let reload = types["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == RELOAD_FINISHED)
        .unwrap_or_else(|| panic!("{types}"));
    assert_eq!(reload["levels"], json!(["tenant", "user"]));
    assert!(reload["title"].is_string() && reload["category"].is_string());
}

#[tokio::test]
async fn webhooks_are_patched_replaced_and_deleted_as_qlik_answers() {
    let app = TestApp::bare().await;
    let api = Api::new(&app).await;
    let hook = api.hook(full_body()).await;
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());

    // PATCH: 204 and no body; the secret can be removed, a new URL drops encrypted headers.
    let ops = json!([
        {"op": "replace", "path": "/name", "value": "Renamed"},
        {"op": "remove", "path": "/secret"},
        {"op": "replace", "path": "/url", "value": "https://other.example.com/in"},
    ]);
    let (status, body) = api.call(Method::PATCH, &path, Some(ops)).await;
    assert_eq!((status, body), (204, Value::Null));
    let (_, patched) = api.call(Method::GET, &path, None).await;
    assert_eq!(patched["name"], "Renamed");
    assert_eq!(patched["secretKeyAdded"], false);
    assert_eq!(
        patched["encryptedHeaders"],
        json!([]),
        "to be re-entered after a URL change"
    );
    assert_eq!(patched["headers"], json!({"X-Team": "data"}));

    // PUT: 200 with the webhook; omitted members are cleared.
    let put = json!({"name": "Put", "url": "https://hooks.example.com/put",
                     "eventTypes": [RELOAD_FINISHED], "secret": SECRET});
    let (status, replaced) = api.call(Method::PUT, &path, Some(put)).await;
    assert_eq!(status, 200, "{replaced}");
    assert_no_secret(&replaced);
    assert_eq!(
        (
            &replaced["headers"],
            &replaced["description"],
            &replaced["secretKeyAdded"]
        ),
        (&json!({}), &json!(""), &json!(true))
    );
    assert_eq!(replaced["createdAt"], hook["createdAt"]);

    let (status, _) = api.call(Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (status, gone) = api.call(Method::GET, &path, None).await;
    assert_eq!(status, 404);
    assert!(gone["errors"][0]["code"].is_string() && gone["errors"][0]["title"].is_string());
    assert!(gone["traceId"].is_string(), "{gone}");
}

#[tokio::test]
async fn webhook_bodies_are_refused_naming_the_field() {
    let app = TestApp::bare().await;
    let api = Api::new(&app).await;
    let with = |key: &str, value: Value| {
        let mut body = full_body();
        body[key] = value;
        body.to_string()
    };
    let cases = [
        (with("url", json!("http://hooks.example.com/qlik")), "url"),
        (with("url", json!("https://192.168.1.20/qlik")), "url"),
        (with("url", json!("https://[2001:db8::1]/qlik")), "url"),
        (with("secret", json!("0123456789")), "secret"),
        (
            with("headers", json!({"X-Team": "a", "x-team": "b"})),
            "headers",
        ),
        (
            with("encryptedHeaders", json!({"x-TEAM": "hidden"})),
            "encryptedHeaders",
        ),
        (
            with("eventTypes", json!(["com.qlik.v1.nope"])),
            "eventTypes",
        ),
        (with("filter", json!("name eq \"x\"")), "filter"),
        (with("level", json!("space")), "level"),
        (with("name", json!(7)), "name"),
        // Exact duplicate keys, which a JSON object would otherwise collapse.
        (
            r#"{"name":"d","url":"https://hooks.example.com","headers":{"X-A":"1","X-A":"2"}}"#
                .to_owned(),
            "headers",
        ),
    ];
    for (body, field) in cases {
        let (status, answer) = api
            .raw(Method::POST, "/api/v1/webhooks", Some(body.clone()))
            .await;
        assert_eq!(status, 400, "{body}: {answer}");
        let detail = answer["errors"][0]["detail"].as_str().unwrap_or_default();
        assert!(detail.starts_with(field), "{field}: {answer}");
        assert!(answer["errors"][0]["code"].is_string(), "{answer}");
    }
    let (_, list) = api.call(Method::GET, "/api/v1/webhooks", None).await;
    assert_eq!(list["data"], json!([]), "nothing refused was kept");

    let hook = api.hook(full_body()).await;
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    for (ops, field) in [
        (
            json!([{"op": "replace", "path": "/secret", "value": "short"}]),
            "secret",
        ),
        (
            json!([{"op": "replace", "path": "/url", "value": "https://10.1.1.1"}]),
            "url",
        ),
        (
            json!([{"op": "replace", "path": "/level", "value": "user"}]),
            "path",
        ),
        (json!([{"op": "remove", "path": "/name"}]), "name"),
        (json!([{"op": "move", "path": "/name"}]), "op"),
    ] {
        let (status, answer) = api.call(Method::PATCH, &path, Some(ops.clone())).await;
        assert_eq!(status, 400, "{ops}: {answer}");
        let detail = answer["errors"][0]["detail"].as_str().unwrap_or_default();
        assert!(detail.starts_with(field), "{field}: {answer}");
    }
    let (_, kept) = api.call(Method::GET, &path, None).await;
    assert_eq!(kept, hook, "a refused patch changes nothing");
}

#[tokio::test]
async fn the_reload_log_is_plain_text() {
    let app = TestApp::bare().await;
    let api = Api::new(&app).await;
    let id = api.reload().await;
    let reload = api.ended(&id).await;
    assert_eq!(reload["status"], "SUCCEEDED", "{reload}");
    let path = format!("/api/v1/apps/{}/reloads/logs/{id}", api.app_id);
    let response = app
        .emulator_request(Method::GET, &api.host, &path)
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=UTF-8"
    );
    let text = response.text().await.unwrap();
    assert!(!text.is_empty());
    assert_eq!(json!(text), reload["log"]);

    let unknown = format!(
        "/api/v1/apps/{}/reloads/logs/000000000000000000000000",
        api.app_id
    );
    let (status, answer) = api.call(Method::GET, &unknown, None).await;
    assert_eq!(status, 404, "{answer}");
    assert!(answer["errors"][0]["code"].is_string());
    let no_app = format!("/api/v1/apps/00000000-0000-0000-0000-000000000000/reloads/logs/{id}");
    assert_eq!(api.call(Method::GET, &no_app, None).await.0, 404);

    let list = format!("/api/v1/apps/{}/reloads/logs", api.app_id);
    let (status, logs) = api.call(Method::GET, &list, None).await;
    assert_eq!(status, 200);
    assert_eq!(logs["data"][0]["reloadId"], json!(id));
    assert_eq!(logs["data"][0]["success"], true);
    assert_eq!(logs["data"][0]["links"]["log"], json!(path));
}
