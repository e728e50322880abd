//! Cross-site embedding in Chromium with its default (third-party-cookie-blocking) settings:
//! `auto` falls back to the same-site proxy and says so; `proxy` goes there directly.

use crate::browser::with_browser;
use crate::embed_ui::frame_text;
use crate::helpers::TestApp;
use oem_hub::domain::{CustomerSlug, EmbeddingMode};

pub async fn set_mode(app: &TestApp, slug: &CustomerSlug, mode: EmbeddingMode) {
    let mut record = app.store.get_customer(slug).await.unwrap();
    record.spec.embedding = mode;
    app.store.update_customer(&record.spec, None).await.unwrap();
}

async fn sheet_src(c: &fantoccini::Client) -> String {
    c.find(fantoccini::Locator::Css("iframe.oem-hub-sheet"))
        .await
        .unwrap()
        .attr("src")
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn auto_falls_back_to_the_proxy_and_proxy_mode_goes_straight_there() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let acme = CustomerSlug::parse("acme").unwrap();
    // The demo's customers embed in `auto`; host.localhost is another site than the tenant.
    let url = app.host_page("host.localhost", "customer=acme&user=ada");
    let proxy = format!("http://{}:", oem_hub::cli::demo::PROXY_HOST);
    let (auto_url, proxy_prefix) = (url.clone(), proxy.clone());
    with_browser("proxy_auto", |c| async move {
        c.goto(&auto_url).await.unwrap();
        let sheet = frame_text(&c, "Anvils").await;
        assert!(!sheet.contains("Turbines"), "{sheet}");
        let src = sheet_src(&c).await;
        assert!(src.starts_with(&proxy_prefix), "through the proxy: {src}");
        assert!(
            c.find(fantoccini::Locator::Css(".oem-hub-problem"))
                .await
                .is_err()
        );
        // The choice holds for the browser session: the next page goes to the proxy at once.
        c.goto(&auto_url).await.unwrap();
        frame_text(&c, "Anvils").await;
        assert!(sheet_src(&c).await.starts_with(&proxy_prefix));
    })
    .await;
    assert_eq!(
        app.store.fallback_users(&acme).await.unwrap(),
        1,
        "the fallback is reported"
    );
    // One JWT for the direct attempt, one for each proxy session's own sign-in; the second
    // page made no direct attempt.
    assert_eq!(app.store.issuance_count(&acme).await.unwrap(), 3);

    set_mode(&app, &acme, EmbeddingMode::Proxy).await;
    with_browser("proxy_mode", |c| async move {
        c.goto(&url).await.unwrap();
        frame_text(&c, "Anvils").await;
        let src = sheet_src(&c).await;
        assert!(src.starts_with(&proxy), "{src}");
    })
    .await;
    assert_eq!(
        app.store.issuance_count(&acme).await.unwrap(),
        4,
        "proxy mode signs in once, server-side, with no direct attempt"
    );
    assert_eq!(
        app.store.fallback_users(&acme).await.unwrap(),
        1,
        "no new fallback"
    );
}
