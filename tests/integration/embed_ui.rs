//! End users in real Chromium: the host page adds oem-hub.js and an element, gets its embed
//! token from its backend, and shows its own customer's menu and sheets, signed in.

use crate::browser::{wait_for, wait_for_text, with_browser};
use crate::helpers::TestApp;
use fantoccini::Client;
use oem_hub::domain::CustomerSlug;

/// The text of the sheet frame's page, once it contains `needle`.
pub async fn frame_text(c: &Client, needle: &str) -> String {
    wait_for(c, "iframe.oem-hub-sheet").await;
    c.enter_frame(0).await.unwrap();
    let text = wait_for_text(c, "body", needle).await;
    c.enter_parent_frame().await.unwrap();
    text
}

async fn control(app: &TestApp, path: &str) {
    let resp = app
        .emulator_request(reqwest::Method::POST, "control.localhost", path)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
}

#[tokio::test]
async fn an_end_user_sees_their_customers_menu_and_data_and_stays_signed_in() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let url = app.host_page("portal.us.localhost", "customer=acme&user=ada");
    let acme = CustomerSlug::parse("acme").unwrap();
    with_browser("embed_menu_and_sheet", |c| async move {
        c.goto(&url).await.unwrap();
        let menu = wait_for_text(&c, "nav.oem-hub-menu", "Finance").await;
        assert!(menu.contains("Sales"), "{menu}");
        wait_for(&c, "#events .oem-hub-ready").await;
        wait_for(&c, "#events .oem-hub-sheet-changed").await;
        let first = frame_text(&c, "Anvils").await;
        assert!(
            !first.contains("Turbines"),
            "acme's sheet shows only acme's rows: {first}"
        );
        let address = c.current_url().await.unwrap();
        assert!(address.as_str().contains("oemhub=sales/"), "{address}");
    })
    .await;
    assert_eq!(app.store.issuance_count(&acme).await.unwrap(), 1);
}

#[tokio::test]
async fn an_expired_tenant_session_is_renewed_once_without_the_user_noticing() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let url = app.host_page("portal.us.localhost", "customer=acme&user=ada");
    let acme = CustomerSlug::parse("acme").unwrap();
    let app = std::sync::Arc::new(app);
    let shared = app.clone();
    with_browser("embed_relogin", |c| async move {
        c.goto(&url).await.unwrap();
        frame_text(&c, "Anvils").await;
        assert_eq!(shared.store.issuance_count(&acme).await.unwrap(), 1);
        control(&shared, "/sessions/expire").await;
        wait_for(&c, "button.oem-hub-sheet-link[data-module=finance]")
            .await
            .click()
            .await
            .unwrap();
        let ledger = frame_text(&c, "Receivables").await;
        assert!(!ledger.contains("Sign in"), "{ledger}");
        assert_eq!(
            shared.store.issuance_count(&acme).await.unwrap(),
            2,
            "one new sign-in after the session expired"
        );
        let address = c.current_url().await.unwrap();
        assert!(address.as_str().contains("oemhub=finance/"), "{address}");
    })
    .await;
}

#[tokio::test]
async fn tampered_tokens_and_other_customers_sheets_get_clear_errors() {
    let app = TestApp::spawn().await;
    app.provision("globex").await;
    // The page takes its token from its own backend only; a tampered one is mounted by hand
    // next to a sheet globex does not have (which shows no frame either).
    let forged = app.host_page(
        "portal.us.localhost",
        "customer=globex&user=gus&element=sheet&module=nosuch&sheet=none",
    );
    // globex has no finance module: its user asks for acme's finance sheet by name.
    let foreign = app.host_page(
        "portal.us.localhost",
        "customer=globex&user=gus&element=sheet&module=finance&sheet=financeLedger",
    );
    with_browser("embed_refusals", |c| async move {
        c.goto(&forged).await.unwrap();
        wait_for(&c, ".oem-hub-problem[data-code=not_in_menu]").await;
        c.execute(
            "const el = document.createElement('oem-hub-menu');\
             el.setAttribute('token', 'ohe_tampered');\
             document.getElementById('analytics').append(el);",
            vec![],
        )
        .await
        .unwrap();
        let text =
            wait_for_text(&c, ".oem-hub-problem[data-code=embed_token]", "embed token").await;
        assert!(text.contains("expired embed token"), "{text}");
        wait_for(&c, "#events .oem-hub-error").await;
        assert!(
            c.find(fantoccini::Locator::Css("iframe")).await.is_err(),
            "no frame at all"
        );

        c.goto(&foreign).await.unwrap();
        let text = wait_for_text(&c, ".oem-hub-problem[data-code=not_in_menu]", "finance").await;
        assert!(text.contains("not available to you"), "{text}");
        assert!(c.find(fantoccini::Locator::Css("iframe")).await.is_err());
    })
    .await;
}

#[tokio::test]
async fn an_origin_missing_from_the_web_integration_is_diagnosed() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    // Drift: someone removed the portal's origin from the tenant's web integration.
    let acme = CustomerSlug::parse("acme").unwrap();
    let observed = app.store.get_state(&acme).await.unwrap().observed;
    let (host, integration) = (
        observed.hostname.unwrap(),
        observed.web_integration_id.unwrap(),
    );
    let port = url::Url::parse(&app.host_page_url).unwrap().port().unwrap();
    app.qlik()
        .tenant(&host)
        .set_web_integration_origins(&integration, &[format!("http://host.localhost:{port}")])
        .await
        .unwrap();
    let url = app.host_page("portal.us.localhost", "customer=acme&user=ada");
    with_browser("embed_origin_diagnosis", |c| async move {
        c.goto(&url).await.unwrap();
        let cause = wait_for_text(
            &c,
            ".oem-hub-problem li[data-cause=origin_not_in_web_integration]",
            "portal.us.localhost",
        )
        .await;
        assert!(
            cause.contains("not in the tenant's web integration"),
            "{cause}"
        );
        wait_for_text(&c, ".oem-hub-problem", "refused to sign you in").await;
        assert!(c.find(fantoccini::Locator::Css("iframe")).await.is_err());
    })
    .await;
}

#[tokio::test]
async fn blocked_third_party_cookies_are_diagnosed_on_a_cross_site_host_page() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    direct_only(&app, "acme").await;
    // host.localhost is another site than acme's tenant (*.us.localhost): this browser blocks
    // the tenant's cookie there, so the direct sign-in alone cannot hold.
    let url = app.host_page("host.localhost", "customer=acme&user=ada");
    with_browser("embed_cookie_diagnosis", |c| async move {
        c.goto(&url).await.unwrap();
        let cause = wait_for_text(
            &c,
            ".oem-hub-problem li[data-cause=third_party_cookies_blocked]",
            "third-party cookies are blocked",
        )
        .await;
        assert!(cause.contains("acme"), "{cause}");
        assert_eq!(
            c.find_all(fantoccini::Locator::Css(".oem-hub-problem li"))
                .await
                .unwrap()
                .len(),
            1,
            "the tenant's configuration is fine; only the cookie is missing"
        );
    })
    .await;
}

#[tokio::test]
async fn a_host_signed_jwt_opens_the_same_menu_and_a_forged_one_is_refused() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let url = app.host_page("portal.us.localhost", "customer=acme&user=ada&mode=jwt");
    // Signed by a key the hub never registered: same claims, other key. The page only takes
    // tokens from its backend, so the forged one is mounted by hand beside the real menu.
    let forged = forged_host_jwt();
    with_browser("embed_host_jwt", |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_text(&c, "nav.oem-hub-menu", "Finance").await;
        frame_text(&c, "Anvils").await;

        c.execute(
            "const el = document.createElement('oem-hub-menu');\
             el.setAttribute('token', arguments[0]);\
             document.getElementById('analytics').append(el);",
            vec![serde_json::json!(forged)],
        )
        .await
        .unwrap();
        let text = wait_for_text(&c, ".oem-hub-problem[data-code=embed_token]", "signature").await;
        assert!(text.contains("registered key"), "{text}");
    })
    .await;
}

fn forged_host_jwt() -> String {
    use jwt_compact::{AlgorithmExt, Claims, Header, alg::Es256};
    let key = p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng);
    let mut claims = Claims::new(serde_json::json!({
        "iss": oem_hub::cli::demo::HOST_ISSUER, "aud": "oem-hub", "sub": "mallory",
        "name": "Mallory", "email": "m@acme.example", "groups": ["viewers"], "customer": "acme",
        "jti": "mallory-1",
    }));
    let now = chrono::Utc::now();
    claims.issued_at = Some(now);
    claims.expiration = Some(now + chrono::Duration::minutes(5));
    Es256.token(&Header::empty(), &claims, &key).unwrap()
}

#[tokio::test]
async fn partitioned_session_cookies_let_the_direct_flow_work_cross_site() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let knobs = app
        .emulator_request(reqwest::Method::PUT, "control.localhost", "/knobs")
        .json(&serde_json::json!({ "partitionedCookies": true }))
        .send()
        .await
        .unwrap();
    assert!(knobs.status().is_success());
    // The same cross-site page as the cookie diagnosis test; with CHIPS the cookie sticks.
    let url = app.host_page("host.localhost", "customer=acme&user=ada");
    with_browser("embed_partitioned", |c| async move {
        c.goto(&url).await.unwrap();
        let sheet = frame_text(&c, "Anvils").await;
        assert!(!sheet.contains("Turbines"), "{sheet}");
        assert!(
            c.find(fantoccini::Locator::Css(".oem-hub-problem"))
                .await
                .is_err(),
            "no diagnosis when the cookie sticks"
        );
        let src = c
            .find(fantoccini::Locator::Css("iframe.oem-hub-sheet"))
            .await
            .unwrap()
            .attr("src")
            .await
            .unwrap()
            .unwrap();
        assert!(
            src.contains(".us.localhost:"),
            "the direct path, not the proxy: {src}"
        );
    })
    .await;
}

/// Sets `slug`'s embedding mode to `direct` (the demo's customers use `auto`).
pub async fn direct_only(app: &TestApp, slug: &str) {
    let slug = CustomerSlug::parse(slug).unwrap();
    let mut record = app.store.get_customer(&slug).await.unwrap();
    record.spec.embedding = oem_hub::domain::EmbeddingMode::Direct;
    app.store.update_customer(&record.spec, None).await.unwrap();
}
