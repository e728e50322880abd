//! The admin console in Chromium: onboard a customer through the form (checked as typed),
//! watch the apply job's live progress to the end, then open the new customer's sheet.

use crate::browser::{wait_for, wait_for_text, with_browser};
use crate::helpers::TestApp;
use fantoccini::{Client, Locator};
use oem_hub::cli::demo::data::{DemoCustomer, write_customer_db};

const INITECH: DemoCustomer = DemoCustomer {
    slug: "initech",
    name: "Initech",
    region: "us",
    modules: &["sales"],
    orders: &[
        ("Austin", "Staplers", 1_999.0),
        ("Austin", "TPS covers", 420.0),
    ],
    ledger: &[],
};

pub async fn type_into(c: &Client, id: &str, text: &str) {
    let field = wait_for(c, &format!("#{id}")).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

pub async fn click(c: &Client, css: &str) {
    wait_for(c, css).await.click().await.unwrap();
}

/// Waits until the element at `css` has no text.
async fn wait_cleared(c: &Client, css: &str) {
    let deadline = std::time::Instant::now() + crate::browser::WAIT;
    loop {
        let text = wait_for(c, css).await.text().await.unwrap();
        if text.is_empty() {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{css} kept {text:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn admin_onboards_a_customer_watches_it_provision_and_opens_its_sheet() {
    let app = TestApp::spawn().await;
    let db = write_customer_db(&app.data_dir, &INITECH).await.unwrap();
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    // The hub served on the partner's own site, as the US tenants are (see issue 7 for others).
    let origin = format!("http://hub.us.localhost:{port}");
    let password = app.admin_password.clone();
    with_browser("admin_onboarding", |c| async move {
        c.goto(&format!("{origin}/admin")).await.unwrap();
        type_into(&c, "admin-username", "admin").await;
        type_into(&c, "admin-password", &password).await;
        click(&c, "#sign-in").await;
        click(&c, "#new-customer").await;

        type_into(&c, "new-slug", "Initech!").await;
        let error = wait_for_text(&c, "#new-slug-error", "lowercase").await;
        assert!(!error.is_empty());
        let create = wait_for(&c, "#create-customer").await;
        assert!(
            create.attr("disabled").await.unwrap().is_some(),
            "invalid input cannot be sent"
        );
        type_into(&c, "new-slug", "initech").await;
        wait_cleared(&c, "#new-slug-error").await;
        type_into(&c, "new-name", "Initech").await;
        type_into(&c, "new-origins", "http://bad origin").await;
        wait_for_text(&c, "#new-origins-error", "bad origin").await;
        type_into(&c, "new-origins", &origin).await;
        click(&c, "input[name=module][value=sales]").await;
        type_into(&c, "new-db", &db.display().to_string()).await;
        click(&c, "#create-customer").await;

        let plan = wait_for_text(&c, "#plan-steps", "tenant").await;
        assert!(
            plan.lines().count() > 5,
            "a new customer's whole plan: {plan}"
        );
        click(&c, "#apply").await;
        wait_for(&c, "#panel .job-progress progress").await;
        let done = wait_for(&c, "#panel .job-progress[data-state=succeeded]").await;
        let step = done.text().await.unwrap();
        assert!(step.contains("succeeded"), "{step}");
        wait_for(&c, "#plan-empty").await;
        wait_for_text(&c, "#embed-preview nav.oem-hub-menu", "Sales").await;
        wait_for(&c, "#embed-preview iframe.oem-hub-sheet").await;
        c.enter_frame(0).await.unwrap();
        let sheet = wait_for_text(&c, "body", "Staplers").await;
        assert!(
            !sheet.contains("Anvils"),
            "initech's sheet shows initech's data: {sheet}"
        );
        c.enter_parent_frame().await.unwrap();
        let table = wait_for_text(&c, "#customers", "Initech").await;
        assert!(table.contains("initech"), "{table}");
        assert!(
            c.find(Locator::Css("#create-error:not(:empty)"))
                .await
                .is_err()
        );
    })
    .await;
}
