//! The tenant proxy's edges: a page on another site cannot ride the user's proxy cookie into
//! an engine socket, and a streamed body past the hub's limit is a 413, not a tenant failure.

use super::cross_tenant::{backend_token, embed_token};
use crate::helpers::TestApp;
use crate::proxy::proxy_cookie;
use oem_hub::cli::demo::PROXY_HOST;
use oem_hub::domain::{CustomerSlug, ModuleKey};

#[tokio::test]
async fn an_engine_socket_from_a_foreign_origin_is_refused() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let api = backend_token(&app).await;
    let cookie = proxy_cookie(&app, &embed_token(&app, &api, "acme", "ada").await).await;
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let state = app
        .store
        .get_state(&CustomerSlug::parse("acme").unwrap())
        .await
        .unwrap();
    let app_id = state.observed.deployments[&ModuleKey::parse("sales").unwrap()]
        .published_app_id
        .clone()
        .unwrap();
    let socket = |origin: &str| {
        let mut req = format!("ws://127.0.0.1:{port}/app/{app_id}")
            .into_client_request()
            .unwrap();
        let headers = req.headers_mut();
        headers.insert("host", format!("{PROXY_HOST}:{port}").parse().unwrap());
        headers.insert("cookie", cookie.parse().unwrap());
        headers.insert("origin", origin.parse().unwrap());
        tokio_tungstenite::connect_async(req)
    };
    let hijack = socket("http://evil.example").await;
    match hijack {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status().as_u16(), 403);
        }
        other => panic!("a foreign page opened the socket: {:?}", other.map(|_| ())),
    }
    let own = socket(&format!("http://{PROXY_HOST}:{port}")).await;
    assert!(own.is_ok(), "the proxy's own pages keep their socket");
}

#[tokio::test]
async fn a_body_past_the_limit_is_too_large_whether_declared_or_streamed() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let api = backend_token(&app).await;
    let cookie = proxy_cookie(&app, &embed_token(&app, &api, "acme", "ada").await).await;
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let on_proxy = |method: reqwest::Method, path: &str| {
        app.http
            .request(method, format!("http://127.0.0.1:{port}{path}"))
            .header("host", format!("{PROXY_HOST}:{port}"))
            .header("cookie", &cookie)
    };
    let csrf = on_proxy(reqwest::Method::GET, "/api/v1/csrf-token")
        .send()
        .await
        .unwrap();
    let csrf = csrf.headers()["qlik-csrf-token"]
        .to_str()
        .unwrap()
        .to_owned();
    let big = || vec![b'x'; 2 * 1024 * 1024];
    // Chunked (no Content-Length): only reading the stream can find it too large, and the
    // tenant reads it (an app import).
    let chunks = (0..32).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 64 * 1024]));
    let streamed = reqwest::Body::wrap_stream(futures::stream::iter(chunks));
    for body in [reqwest::Body::from(big()), streamed] {
        let resp = on_proxy(reqwest::Method::POST, "/api/v1/apps/import?name=x")
            .header("qlik-csrf-token", &csrf)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(
            (status, body["code"].as_str()),
            (413, Some("payload_too_large")),
            "{body}"
        );
    }
}

#[tokio::test]
async fn the_diagnosis_is_bounded_per_user_and_its_tenant_calls_audited() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let api = backend_token(&app).await;
    let embed = embed_token(&app, &api, "acme", "ada").await;
    let before = app.store.query_audit(Some("acme"), 10_000).await.unwrap();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let resp = app
            .http
            .post(format!("{}/api/v1/embed/diagnosis", app.hub_url))
            .bearer_auth(&embed)
            .json(&serde_json::json!({"symptom": "login_failed"}))
            .send()
            .await
            .unwrap();
        statuses.push(resp.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429]);
    // Another user of acme still has her own allowance.
    let other = embed_token(&app, &api, "acme", "bo").await;
    let resp = app
        .http
        .post(format!("{}/api/v1/embed/diagnosis", app.hub_url))
        .bearer_auth(&other)
        .json(&serde_json::json!({"symptom": "login_failed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    // The tenant calls made for end users are in the audit log, outside any job.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let after = app.store.query_audit(Some("acme"), 10_000).await.unwrap();
        let new: Vec<_> = after
            .iter()
            .filter(|e| e.job_id.is_none() && !before.contains(e))
            .collect();
        if new.iter().any(|e| e.path.contains("web-integrations")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{new:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
