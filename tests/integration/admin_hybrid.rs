//! The console's "Client-managed distribution" card in Chromium: the deployment checked as
//! typed, the values to enter in the QMC, the pasted token (never shown again), adoption with
//! the extension sheet flagged and the on-demand app refused, and exposing the flagged sheet.

use crate::admin_onboarding::{click, type_into};
use crate::browser::{wait_for, wait_for_text, with_browser};
use crate::helpers::TestApp;
use crate::hybrid_site::{Hub, distribute, on_demand, sales_insights, site_deployment};
use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn an_admin_connects_a_site_and_adopts_its_apps_in_the_console() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let origin = format!("http://hub.us.localhost:{port}");
    let password = app.admin_password.clone();
    let app = std::sync::Arc::new(app);
    let shared = app.clone();
    with_browser("admin_hybrid", |c| async move {
        let app = shared;
        c.goto(&format!("{origin}/admin")).await.unwrap();
        type_into(&c, "admin-username", "admin").await;
        type_into(&c, "admin-password", &password).await;
        click(&c, "#sign-in").await;
        click(&c, "button[data-manage=acme]").await;

        type_into(&c, "hybrid-site", "https://qse.partner.example").await;
        wait_for_text(&c, "#hybrid-site-error", "not a host name").await;
        let save = wait_for(&c, "#hybrid-save").await;
        assert!(
            save.attr("disabled").await.unwrap().is_some(),
            "invalid input cannot be sent"
        );
        type_into(&c, "hybrid-site", crate::hybrid_site::SITE).await;
        type_into(&c, "hybrid-name", "acme console").await;
        click(&c, "#hybrid-save:not([disabled])").await;
        wait_for_text(&c, "#hybrid-condition", "((subject.name=\"acme console\"))").await;

        let hub = Hub::new(&app).await;
        let view = hub.view(Method::GET, "/customers/acme/hybrid", None).await;
        let (deployment, token) = site_deployment(&app, &view.values).await;
        type_into(&c, "hybrid-token", &token).await;
        click(&c, "#hybrid-token-save:not([disabled])").await;
        wait_for_text(&c, "#hybrid-status", "connected").await;
        let secret: Value = serde_json::from_str(&token).unwrap();
        let secret = secret["base64Encoded"].as_str().unwrap();
        assert!(
            !c.source().await.unwrap().contains(secret),
            "the token is not shown again"
        );

        assert_eq!(
            distribute(&app, &deployment, sales_insights("Overview"))
                .await
                .0,
            200
        );
        assert_eq!(distribute(&app, &deployment, on_demand()).await.0, 200);
        click(&c, "#hybrid-adopt").await;
        let apps = wait_for_text(&c, "#hybrid-apps", "Sales Insights").await;
        assert!(
            apps.contains("module qse-sales-insights, view-only"),
            "{apps}"
        );
        let refused = wait_for_text(&c, "#hybrid-apps .refused", "on-demand").await;
        assert!(refused.contains("odag_region"), "{refused}");
        let flagged = wait_for_text(
            &c,
            "li[data-sheet=qseSunburst][data-exposed=false]",
            "extensions: d3-sunburst",
        )
        .await;
        assert!(flagged.contains("Expose in menu"), "{flagged}");
        click(&c, "li[data-sheet=qseSunburst] button").await;
        wait_for(&c, "li[data-sheet=qseSunburst][data-exposed=true]").await;
    })
    .await;
}
