//! qlik-embed with OAuth impersonation, in Chromium: Qlik's own loader
//! (`@qlik/embed-web-components`, served by the hub) finds the tenant's runtime at
//! `/qlik-embed/main.js` and renders the customer's sheet with a bearer token from
//! `data-get-access-token`. No cookie is involved, so a page on another site works.

use crate::browser::{wait_for, wait_for_text, with_browser};
use crate::helpers::TestApp;
use oem_hub::domain::{CustomerSlug, ModuleKey};
use reqwest::Method;
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// Serves each `(path, html)` on `listener`.
fn serve_pages(listener: TcpListener, pages: Vec<(&'static str, String)>) {
    let router = pages
        .into_iter()
        .fold(axum::Router::new(), |router, (path, html)| {
            router.route(
                path,
                axum::routing::get(move || {
                    let html = html.clone();
                    async move { axum::response::Html(html) }
                }),
            )
        });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
}

fn page(hub: &str, tenant_url: &str, token: &str, app_id: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8">
<script>window.oemHubToken = async () => {token:?};</script>
<script crossorigin="anonymous" type="application/javascript" src="{hub}/embed/qlik-embed.js"
  data-host="{tenant_url}" data-auth-type="Oauth2" data-get-access-token="oemHubToken"></script>
</head><body>
<qlik-embed id="sheet" ui="classic/app" app-id="{app_id}" sheet-id="salesOverview"></qlik-embed>
</body></html>"#
    )
}

#[tokio::test]
async fn qlik_embed_renders_a_sheet_with_an_impersonation_token_and_no_cookie() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let acme = CustomerSlug::parse("acme").unwrap();
    let observed = app.store.get_state(&acme).await.unwrap().observed;
    let tenant = observed.hostname.clone().unwrap();
    let sales = ModuleKey::parse("sales").unwrap();
    let app_id = observed.deployments[&sales]
        .published_app_id
        .clone()
        .unwrap();
    let tenant_url = format!("http://{tenant}:{}", app.emulator.port());
    let admin = crate::users_spaces::bearer(&app, &tenant).await;
    let call = crate::users_write::admin(&app, &tenant, &admin);
    // The page's site, known before the OAuth client that must allow it is made.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!(
        "http://page.localhost:{}",
        listener.local_addr().unwrap().port()
    );
    let client: Value = call(
        Method::POST,
        "/api/v1/oauth-clients",
        json!({"appType": "web", "clientName": "oem-hub", "allowedOrigins": [origin],
            "allowedGrantTypes": ["urn:qlik:oauth:user-impersonation"],
            "connectionConfig": {"consentMethod": "trusted"}}),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();

    // Ada is in the customer's viewer group; Eve in none.
    let mut tokens = Vec::new();
    for (subject, groups) in [
        (
            "saas|ada",
            json!([{"name": "viewers", "providerType": "idp"}]),
        ),
        ("saas|eve", json!([])),
    ] {
        let user: Value = call(Method::POST, "/api/v1/users", json!({"subject": subject}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
        let ops = json!([{"op": "replace", "path": "/assignedGroups", "value": groups}]);
        assert_eq!(
            call(Method::PATCH, &path, ops)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
            204
        );
        let minted: Value = app
            .emulator_request(Method::POST, &tenant, "/oauth/token")
            .json(
                &json!({"client_id": client["clientId"], "client_secret": client["clientSecret"],
                "grant_type": "urn:qlik:oauth:user-impersonation",
                "user_lookup": {"field": "subject", "value": subject}}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        tokens.push(minted["access_token"].as_str().unwrap().to_owned());
    }
    serve_pages(
        listener,
        vec![
            (
                "/ada",
                page(&app.hub_url, &tenant_url, &tokens[0], app_id.as_str()),
            ),
            (
                "/eve",
                page(&app.hub_url, &tenant_url, &tokens[1], app_id.as_str()),
            ),
        ],
    );
    let tenant_page = tenant_url.clone();
    with_browser("qlik_embed_oauth", |c| async move {
        c.goto(&format!("{origin}/ada")).await.unwrap();
        wait_for(&c, "qlik-embed .qlik-embed-root[data-status='200']").await;
        let sheet = wait_for_text(&c, "qlik-embed .qlik-embed-root", "Anvils").await;
        assert!(sheet.contains("Sales overview"), "{sheet}");
        // The tenant holds no session for this browser (JWT sign-in would leave one).
        c.goto(&format!("{tenant_page}/api/v1/csrf-token"))
            .await
            .unwrap();
        let cookies = c.get_all_cookies().await.unwrap();
        assert!(cookies.is_empty(), "no tenant cookie: {cookies:?}");

        c.goto(&format!("{origin}/eve")).await.unwrap();
        wait_for(&c, "qlik-embed .qlik-embed-root[data-status='403']").await;
        let refused = wait_for_text(&c, "qlik-embed .qlik-embed-root", "do not have access").await;
        assert!(!refused.contains("Anvils"), "{refused}");
    })
    .await;
}

/// Embedding mode `oauth` end to end: the customer's tenant gets an impersonation client at
/// apply; on a host page of another site (third-party cookies blocked) the module loads
/// qlik-embed, the hub mints Ada's token, and her customer's sheet shows, with no frame.
#[tokio::test]
async fn oauth_mode_shows_the_sheet_cross_site_through_qlik_embed() {
    use oem_hub::domain::EmbeddingMode;
    let app = TestApp::spawn().await;
    let acme = CustomerSlug::parse("acme").unwrap();
    crate::proxy_ui::set_mode(&app, &acme, EmbeddingMode::Oauth).await;
    app.provision("acme").await;
    let observed = app.store.get_state(&acme).await.unwrap().observed;
    assert!(observed.oauth_client_id.is_some() && observed.oauth_client_secret_sealed.is_some());
    let before = app.store.issuance_count(&acme).await.unwrap();
    let url = app.host_page("host.localhost", "customer=acme&user=ada");
    with_browser("oauth_mode", |c| async move {
        c.goto(&url).await.unwrap();
        wait_for(&c, "qlik-embed .qlik-embed-root[data-status='200']").await;
        let sheet = wait_for_text(&c, "qlik-embed .qlik-embed-root", "Anvils").await;
        assert!(!sheet.contains("Turbines"), "acme's data only: {sheet}");
        wait_for_text(&c, "#events", "oem-hub:sheet-changed").await;
        assert!(
            c.find(fantoccini::Locator::Css("iframe.oem-hub-sheet"))
                .await
                .is_err(),
            "no frame, no cookie"
        );
    })
    .await;
    assert!(
        app.store.issuance_count(&acme).await.unwrap() > before,
        "the token was recorded"
    );

    // A customer switched to oauth but not applied yet: the module says what to do.
    app.provision("globex").await;
    let globex = CustomerSlug::parse("globex").unwrap();
    crate::proxy_ui::set_mode(&app, &globex, EmbeddingMode::Oauth).await;
    let url = app.host_page("host.localhost", "customer=globex&user=gus");
    with_browser("oauth_mode_unapplied", |c| async move {
        c.goto(&url).await.unwrap();
        let problem = wait_for_text(&c, ".oem-hub-problem", "apply its spec").await;
        assert!(problem.contains("impersonation OAuth client"), "{problem}");
    })
    .await;
}
