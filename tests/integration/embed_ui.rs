//! End users in real Chromium: the host page adds oem-hub.js and an element, gets its embed
//! token from its backend, and shows its own customer's menu and sheets, signed in.

use crate::browser::{wait_for, wait_for_text, with_browser};
use crate::helpers::TestApp;
use fantoccini::Client;
use oem_hub::domain::CustomerSlug;

/// The text of the sheet frame's page, once it contains `needle`.
async fn frame_text(c: &Client, needle: &str) -> String {
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
