//! The tenant proxy's edges: a page on another site cannot ride the user's proxy cookie into
//! an engine socket, and a streamed body past the hub's limit is a 413, not a tenant failure.

use super::cross_tenant::{backend_token, embed_token};
use crate::helpers::TestApp;
use oem_hub::cli::demo::PROXY_HOST;
use oem_hub::domain::{CustomerSlug, ModuleKey};

async fn proxy_cookie(app: &TestApp, token: &str) -> String {
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let opened = app
        .http
        .post(format!("http://127.0.0.1:{port}/oem-hub/session"))
        .header("host", format!("{PROXY_HOST}:{port}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status().as_u16(), 204);
    let set_cookie = opened.headers()["set-cookie"].to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}

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
