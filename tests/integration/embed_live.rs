//! Pages that stay open all day, in real Chromium: the embed token is renewed through the
//! host's `fetchToken` before it ends and after a 401 without reloading the frame; a host that
//! cannot renew gets the expiry message and event; the host's own buttons drive the sheet.

use crate::browser::{wait_for, wait_for_text, with_browser};
use crate::embed_ui::frame_text;
use crate::helpers::TestApp;
use fantoccini::Client;
use oem_hub::domain::CustomerSlug;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many times the host page's `fetchToken` gave a new token.
async fn renewals(c: &Client) -> u64 {
    c.execute(
        "return Number(document.getElementById('refreshes').dataset.count)",
        vec![],
    )
    .await
    .unwrap()
    .as_u64()
    .unwrap()
}

/// Waits (up to `within`) until the page renewed its token `n` times.
async fn wait_for_renewals(c: &Client, n: u64, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let seen = renewals(c).await;
        if seen >= n {
            return;
        }
        assert!(Instant::now() < deadline, "{seen} renewals, wanted {n}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Marks the sheet frame's document; the mark survives as long as the frame is not reloaded.
async fn mark_frame(c: &Client) {
    wait_for(c, "iframe.oem-hub-sheet").await;
    c.enter_frame(0).await.unwrap();
    c.execute("window.oemHubTestMark = 'kept'", vec![])
        .await
        .unwrap();
    c.enter_parent_frame().await.unwrap();
}

async fn frame_still_marked(c: &Client) -> bool {
    c.enter_frame(0).await.unwrap();
    let mark = c
        .execute("return window.oemHubTestMark || null", vec![])
        .await
        .unwrap();
    c.enter_parent_frame().await.unwrap();
    mark == serde_json::json!("kept")
}

async fn expire_tenant_sessions(app: &TestApp) {
    let resp = app
        .emulator_request(
            reqwest::Method::POST,
            "control.localhost",
            "/sessions/expire",
        )
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
}

async fn open_sheet(c: &Client, module: &str) {
    wait_for(
        c,
        &format!("button.oem-hub-sheet-link[data-module={module}]"),
    )
    .await
    .click()
    .await
    .unwrap();
}

/// The case: 20-second embed tokens, a page open for two minutes.
#[tokio::test]
async fn a_page_stays_signed_in_for_two_minutes_on_twenty_second_tokens() {
    let app = Arc::new(TestApp::spawn_short_lived(20, 3).await);
    app.provision("acme").await;
    let url = app.host_page("portal.us.localhost", "customer=acme&user=ada");
    let acme = CustomerSlug::parse("acme").unwrap();
    let shared = app.clone();
    with_browser("embed_two_minutes", |c| async move {
        let started = Instant::now();
        c.goto(&url).await.unwrap();
        frame_text(&c, "Anvils").await;
        mark_frame(&c).await;
        // Renewed before each token ends (about every 15 s), with nothing else happening.
        wait_for_renewals(&c, 3, Duration::from_secs(70)).await;
        assert!(
            frame_still_marked(&c).await,
            "renewal never reloads the frame"
        );
        // The tenant ends its session: the page signs in again in the background with its
        // renewed token, before the user does anything.
        expire_tenant_sessions(&shared).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        while shared.store.issuance_count(&acme).await.unwrap() < 2 {
            assert!(Instant::now() < deadline, "no background sign-in");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(
            frame_still_marked(&c).await,
            "the background sign-in keeps the frame"
        );
        open_sheet(&c, "finance").await;
        frame_text(&c, "Receivables").await;
        mark_frame(&c).await;
        // The rest of the two minutes: watched each second, never a problem on the page.
        while started.elapsed() < Duration::from_secs(120) {
            assert!(
                c.find(fantoccini::Locator::Css(".oem-hub-problem"))
                    .await
                    .is_err(),
                "a problem after {:?}",
                started.elapsed()
            );
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        assert!(renewals(&c).await >= 6, "a renewal every 15 s or so");
        assert!(frame_still_marked(&c).await);
        open_sheet(&c, "sales").await;
        let text = frame_text(&c, "Anvils").await;
        assert!(!text.contains("not signed in"), "{text}");
        assert!(
            c.find(fantoccini::Locator::Css(".oem-hub-problem"))
                .await
                .is_err(),
            "no problem shown after two minutes"
        );
        let events = c
            .find(fantoccini::Locator::Css("#events"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!events.contains("oem-hub:token-expired"), "{events}");
        assert!(!events.contains("oem-hub:error"), "{events}");
    })
    .await;
}

/// With the hub's clock driven past the token's end: a 401 is renewed once through
/// `fetchToken`; when the host cannot give one, the page says so and tells the host.
#[tokio::test]
async fn an_ended_token_is_renewed_on_a_401_and_a_host_that_cannot_renew_is_told() {
    let app = Arc::new(TestApp::spawn().await);
    app.provision("acme").await;
    let url = app.host_page("portal.us.localhost", "customer=acme&user=ada");
    let shared = app.clone();
    with_browser("embed_token_expired", |c| async move {
        c.goto(&url).await.unwrap();
        frame_text(&c, "Anvils").await;
        // Sixteen minutes later on the hub's clock, the 15-minute token is dead; the next
        // sheet needs a new tenant session, so the module must call the hub.
        shared.clock.advance(Duration::from_secs(16 * 60));
        expire_tenant_sessions(&shared).await;
        open_sheet(&c, "finance").await;
        frame_text(&c, "Receivables").await;
        assert_eq!(renewals(&c).await, 1, "renewed once, on the 401");

        c.execute("window.failRefresh = true", vec![])
            .await
            .unwrap();
        shared.clock.advance(Duration::from_secs(16 * 60));
        expire_tenant_sessions(&shared).await;
        open_sheet(&c, "sales").await;
        let text = wait_for_text(
            &c,
            ".oem-hub-problem[data-code=token_expired]",
            "session has ended",
        )
        .await;
        assert!(text.contains("Reload the page"), "{text}");
        let event = wait_for_text(&c, "#events .oem-hub-token-expired", "token-expired").await;
        assert!(event.contains("session has ended"), "{event}");
    })
    .await;
}

/// The host page's own buttons: goto, select and clear, with `selections-changed`.
#[tokio::test]
async fn the_host_pages_buttons_switch_sheets_and_set_and_clear_selections() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let url = app.host_page("portal.us.localhost", "customer=acme&user=ada");
    with_browser("embed_commands", |c| async move {
        c.goto(&url).await.unwrap();
        frame_text(&c, "Anvils").await;
        let fill = |id: &'static str, text: &'static str| {
            let c = c.clone();
            async move {
                let input = wait_for(&c, &format!("#{id}")).await;
                input.clear().await.unwrap();
                input.send_keys(text).await.unwrap();
            }
        };
        let click = |id: &'static str| {
            let c = c.clone();
            async move { wait_for(&c, &format!("#{id}")).await.click().await.unwrap() }
        };

        fill("cmd-field", "region").await;
        fill("cmd-values", "West").await;
        click("cmd-select").await;
        wait_for(&c, "#cmd-result[data-state=done]").await;
        let filtered = frame_text(&c, "Magnets").await;
        assert!(!filtered.contains("Anvils"), "only West's rows: {filtered}");
        let event = wait_for_text(&c, "#events .oem-hub-selections-changed", "West").await;
        assert!(event.contains("\"field\":\"region\""), "{event}");

        fill("cmd-field", "").await;
        click("cmd-clear").await;
        wait_for(&c, "#cmd-result[data-state=done]").await;
        frame_text(&c, "Anvils").await;

        fill("cmd-module", "finance").await;
        fill("cmd-sheet", "financeLedger").await;
        click("cmd-goto").await;
        frame_text(&c, "Receivables").await;
        wait_for_text(&c, "#cmd-result", "goto done").await;

        // A selection without values, and a sheet outside the menu: refused, with why.
        fill("cmd-field", "account").await;
        fill("cmd-values", "").await;
        click("cmd-select").await;
        let refused = wait_for_text(&c, "#cmd-result[data-state=refused]", "select").await;
        assert!(refused.contains("at least one value"), "{refused}");
        fill("cmd-module", "finance").await;
        fill("cmd-sheet", "nosuch").await;
        click("cmd-goto").await;
        let refused = wait_for_text(&c, "#cmd-result[data-state=refused]", "not available").await;
        assert!(refused.contains("goto refused"), "{refused}");

        // The module's own PDF button: made by the tenant as the user, saved by the browser.
        wait_for(&c, "button.oem-hub-export[data-format=pdf]")
            .await
            .click()
            .await
            .unwrap();
        let done = wait_for_text(&c, "#events", "\"state\":\"done\"").await;
        assert!(done.contains("\"format\":\"pdf\""), "{done}");
        assert!(done.contains("\"sheet\":\"financeLedger\""), "{done}");
    })
    .await;
}
