//! The same-site tenant proxy (issue 7): a page's embed token opens a first-party proxy
//! session; requests and engine sockets on the proxy host reach that user's own tenant only,
//! signed in by the hub, with none of oem-hub's credentials forwarded.

use crate::helpers::TestApp;
use oem_hub::cli::demo::PROXY_HOST;
use oem_hub::domain::{CustomerSlug, ModuleKey};
use reqwest::Method;
use serde_json::{Value, json};

async fn embed_token(app: &TestApp, api: &str, customer: &str) -> String {
    let body = json!({"customer": customer, "user": {"id": "ada", "name": "Ada", "email": "ada@x.example", "groups": ["viewers"]}});
    let resp: Value = app
        .http
        .post(format!("{}/api/v1/embed/sessions", app.hub_url))
        .bearer_auth(api)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    resp["token"].as_str().unwrap().to_owned()
}

/// Opens a proxy session with `token` and returns its cookie (`name=value`).
pub async fn proxy_cookie(app: &TestApp, token: &str) -> String {
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

async fn sales_app(app: &TestApp, slug: &str) -> (String, String) {
    let state = app
        .store
        .get_state(&CustomerSlug::parse(slug).unwrap())
        .await
        .unwrap();
    let key = ModuleKey::parse("sales").unwrap();
    let app_id = state.observed.deployments[&key]
        .published_app_id
        .clone()
        .unwrap();
    (
        state.observed.hostname.unwrap().to_string(),
        app_id.to_string(),
    )
}

#[tokio::test]
async fn the_proxy_reaches_only_the_users_own_tenant_with_a_session_the_hub_holds() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    app.provision("globex").await;
    let api = crate::helpers::admin_token(&app.store, "host").await;
    let token = embed_token(&app, &api, "acme").await;
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let on_proxy = |method: Method, path: &str| {
        app.http
            .request(method, format!("http://127.0.0.1:{port}{path}"))
            .header("host", format!("{PROXY_HOST}:{port}"))
    };
    let (_, acme_app) = sales_app(&app, "acme").await;
    let (globex_host, globex_app) = sales_app(&app, "globex").await;
    let sheet = |app_id: &str| format!("/single/?appid={app_id}&sheet=salesOverview");

    let anonymous = on_proxy(Method::GET, &sheet(&acme_app))
        .send()
        .await
        .unwrap();
    assert_eq!(
        anonymous.status().as_u16(),
        401,
        "no proxy session, no tenant"
    );

    let foreign = on_proxy(Method::POST, "/oem-hub/session")
        .bearer_auth(&token)
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        foreign.status().as_u16(),
        403,
        "an origin acme never registered"
    );
    let opened = on_proxy(Method::POST, "/oem-hub/session")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status().as_u16(), 204);
    let set_cookie = opened.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    // The user's own sheet, with acme's data; the embed token sent along is not forwarded
    // (the tenant would refuse it as a bearer token).
    let own = on_proxy(Method::GET, &sheet(&acme_app))
        .header("cookie", &cookie)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status().as_u16(), 200);
    assert!(
        own.headers().get("set-cookie").is_none(),
        "Qlik's cookies stay in the hub"
    );
    let page = own.text().await.unwrap();
    assert!(
        page.contains("Anvils") && !page.contains("Turbines"),
        "{page}"
    );
    let issued = app
        .store
        .issuance_count(&CustomerSlug::parse("acme").unwrap())
        .await
        .unwrap();
    assert_eq!(issued, 1, "one server-side sign-in");

    // Nothing in the request can point the proxy at another tenant.
    let tricks = [
        on_proxy(Method::GET, &sheet(&globex_app)).header("cookie", &cookie),
        on_proxy(
            Method::GET,
            &format!(
                "//{globex_host}:{}{}",
                app.emulator.port(),
                sheet(&globex_app)
            ),
        )
        .header("cookie", &cookie),
        on_proxy(Method::GET, &sheet(&globex_app))
            .header("cookie", &cookie)
            .header("x-forwarded-host", &globex_host)
            .header("forwarded", format!("host={globex_host}")),
    ];
    for request in tricks {
        let resp = request.send().await.unwrap();
        let status = resp.status().as_u16();
        let body = resp.text().await.unwrap();
        assert!(
            !body.contains("Turbines"),
            "globex's data leaked ({status}): {body}"
        );
        // Acme's tenant answered (no such app there), not globex's (which would ask to sign in).
        assert!(
            status == 404 && body.to_lowercase().contains("not found"),
            "({status}) {body}"
        );
    }
    // The hub's own host is not a proxy.
    let hub = app
        .http
        .get(format!("{}{}", app.hub_url, sheet(&acme_app)))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!hub.contains("Anvils"));
}

#[tokio::test]
async fn the_engine_socket_is_relayed_to_the_users_own_tenant_only() {
    use futures::SinkExt;
    use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    app.provision("globex").await;
    let api = crate::helpers::admin_token(&app.store, "host").await;
    let token = embed_token(&app, &api, "acme").await;
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let cookie = proxy_cookie(&app, &token).await;
    let (_, acme_app) = sales_app(&app, "acme").await;
    let (_, globex_app) = sales_app(&app, "globex").await;
    let socket_request = |app_id: &str, cookie: Option<&str>| {
        let mut req = format!("ws://127.0.0.1:{port}/app/{app_id}")
            .into_client_request()
            .unwrap();
        req.headers_mut()
            .insert("host", format!("{PROXY_HOST}:{port}").parse().unwrap());
        if let Some(c) = cookie {
            req.headers_mut().insert("cookie", c.parse().unwrap());
        }
        req
    };

    let anonymous = tokio_tungstenite::connect_async(socket_request(&acme_app, None)).await;
    assert!(anonymous.is_err(), "no proxy session, no socket");
    let foreign =
        tokio_tungstenite::connect_async(socket_request(&globex_app, Some(&cookie))).await;
    assert!(foreign.is_err(), "globex's app is not on acme's tenant");

    let (mut socket, _) =
        tokio_tungstenite::connect_async(socket_request(&acme_app, Some(&cookie)))
            .await
            .expect("the socket opens through the proxy");
    let hello = read_json(&mut socket).await;
    assert_eq!(hello["method"], "OnConnected", "{hello}");
    let send =
        json!({"jsonrpc": "2.0", "id": 1, "handle": -1, "method": "OpenDoc", "params": [acme_app]});
    socket
        .send(Message::Text(send.to_string().into()))
        .await
        .unwrap();
    let opened = read_json(&mut socket).await;
    assert_eq!(opened["result"]["qReturn"]["qHandle"], 1, "{opened}");
    let rows = json!({"jsonrpc": "2.0", "id": 2, "handle": 1, "method": "GetTableData",
        "params": {"qOffset": 0, "qRows": 100, "qSyncMode": 0, "qTableName": "Orders"}});
    socket
        .send(Message::Text(rows.to_string().into()))
        .await
        .unwrap();
    let data = read_json(&mut socket).await.to_string();
    assert!(
        data.contains("Anvils") && !data.contains("Turbines"),
        "{data}"
    );
}

async fn read_json<S>(socket: &mut S) -> Value
where
    S: futures::Stream<
            Item = Result<
                tokio_tungstenite::tungstenite::Message,
                tokio_tungstenite::tungstenite::Error,
            >,
        > + Unpin,
{
    use futures::StreamExt;
    let read = async {
        loop {
            if let tokio_tungstenite::tungstenite::Message::Text(t) =
                socket.next().await.unwrap().unwrap()
            {
                return serde_json::from_str(t.as_str()).unwrap();
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(30), read)
        .await
        .expect("a text message within 30 s")
}

#[tokio::test]
async fn absolute_form_targets_and_oversized_headers_cannot_steer_the_proxy() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    app.provision("globex").await;
    let api = crate::helpers::admin_token(&app.store, "host").await;
    let token = embed_token(&app, &api, "acme").await;
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let cookie = proxy_cookie(&app, &token).await;
    let (globex_host, globex_app) = sales_app(&app, "globex").await;
    // A raw absolute-form request naming globex's tenant as the target.
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let request = format!(
        "GET http://{globex_host}:{emu}/single/?appid={globex_app}&sheet=salesOverview HTTP/1.1\r\n\
         Host: {PROXY_HOST}:{port}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n",
        emu = app.emulator.port()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(
        !answer.contains("Turbines"),
        "globex's data leaked: {answer}"
    );
    // Acme's tenant answered (it has no such app), not globex's (which would ask to sign in).
    assert!(
        answer.starts_with("HTTP/1.1 404") && answer.contains("App not found"),
        "{answer}"
    );

    let huge = "x".repeat(40 * 1024);
    let resp = app
        .http
        .get(format!("http://127.0.0.1:{port}/single/"))
        .header("host", format!("{PROXY_HOST}:{port}"))
        .header("cookie", &cookie)
        .header("x-filler", huge)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 413);
}

#[tokio::test]
async fn writes_go_through_with_qliks_own_csrf_handshake() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let api = crate::helpers::admin_token(&app.store, "host").await;
    let token = embed_token(&app, &api, "acme").await;
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let on_proxy = |method: Method, path: &str| {
        app.http
            .request(method, format!("http://127.0.0.1:{port}{path}"))
            .header("host", format!("{PROXY_HOST}:{port}"))
    };
    let cookie = proxy_cookie(&app, &token).await;
    let body = json!({"name": "Through the proxy", "type": "shared"});
    // Without Qlik's CSRF token the tenant refuses the write, as it would from a browser.
    let refused = on_proxy(Method::POST, "/api/v1/spaces")
        .header("cookie", &cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    assert!(refused.text().await.unwrap().contains("qlik-csrf-token"));
    // The page asks for the token through the proxy, as Qlik clients do, and sends it back.
    let csrf = on_proxy(Method::GET, "/api/v1/csrf-token")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(csrf.status().is_success(), "{}", csrf.status());
    let csrf = csrf.headers()["qlik-csrf-token"]
        .to_str()
        .unwrap()
        .to_owned();
    let created = on_proxy(Method::POST, "/api/v1/spaces")
        .header("cookie", &cookie)
        .header("qlik-csrf-token", &csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = created.status().as_u16();
    let text = created.text().await.unwrap();
    assert!(
        !text.contains("qlik-csrf-token"),
        "the token got through: ({status}) {text}"
    );
    assert_eq!(status, 201, "the write went through: {text}");
}
