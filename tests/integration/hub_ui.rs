//! What a person does in the browser: the hub page, the status button, admin sign-in.

use crate::browser::{wait_for, wait_for_text, with_browser};
use crate::helpers::TestApp;

#[tokio::test]
async fn hub_page_renders_and_its_button_calls_the_server() {
    let app = TestApp::spawn().await;
    let url = app.hub_url.clone();
    with_browser("hub_page_button", |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_text(&c, "h1", "Analytics hub").await;
        wait_for(&c, "#check-status").await.click().await.unwrap();
        // Anonymous: only that the hub is up (details are for admins, see attacks::hub_hardening).
        let text = wait_for_text(&c, "#status-result", "oem-hub is up").await;
        assert!(!text.contains("customers"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn admin_signs_in_and_sees_the_customers() {
    let app = TestApp::spawn().await;
    let (url, password) = (format!("{}/admin", app.hub_url), app.admin_password.clone());
    with_browser("admin_sign_in", |c| async move {
        c.goto(&url).await.unwrap();
        wait_for(&c, "#admin-password").await;
        c.find(fantoccini::Locator::Id("admin-username"))
            .await
            .unwrap()
            .send_keys("admin")
            .await
            .unwrap();
        c.find(fantoccini::Locator::Id("admin-password"))
            .await
            .unwrap()
            .send_keys("wrong")
            .await
            .unwrap();
        c.find(fantoccini::Locator::Id("sign-in"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_text(&c, "#sign-in-error", "wrong username or password").await;
        let field = c
            .find(fantoccini::Locator::Id("admin-password"))
            .await
            .unwrap();
        field.clear().await.unwrap();
        field.send_keys(&password).await.unwrap();
        c.find(fantoccini::Locator::Id("sign-in"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let table = wait_for_text(&c, "#customers", "Acme Corp").await;
        assert!(
            table.contains("Globex Corporation") && table.contains("finance, sales"),
            "{table}"
        );
        wait_for_text(&c, "#admin-user", "admin").await;
    })
    .await;
}
