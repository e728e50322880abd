//! Hybrid distribution: a customer's deployment on a client-managed site, the emulated site
//! distributing two apps (one with an extension object, one on-demand), adoption into the
//! managed space with the limits enforced, and an end user opening the adopted sheet.

use crate::browser::{wait_for, wait_for_text, with_browser};
use crate::embed_ui::frame_text;
use crate::helpers::TestApp;
use crate::helpers::fixtures::user;
use crate::hybrid_site::{Hub, SITE, distribute, on_demand, sales_insights, site_deployment};
use oem_hub::domain::{AppId, CustomerSlug, DeploymentStatus, HybridAppStatus};
use oem_hub::wire::{HybridApp, HybridView, MenuModule};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn distributed_apps_are_adopted_flagged_or_refused_and_served_view_only() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let hub = Hub::new(&app).await;
    let acme = CustomerSlug::parse("acme").unwrap();
    let observed = app.store.get_state(&acme).await.unwrap().observed;
    let tenant = observed.hostname.clone().unwrap();
    let space = observed.production_space_id.clone().unwrap();

    // The admin names the site and deployment; the hub answers what to enter in the QMC.
    let setup = json!({"site_host": SITE, "deployment_name": "acme prod"});
    let view = hub
        .view(Method::PUT, "/customers/acme/hybrid", Some(setup))
        .await;
    let values = view.values.clone();
    assert_eq!(
        values.api_endpoint,
        format!("http://{tenant}:{}", app.emulator.port())
    );
    assert_eq!(values.audience, "qlik.api");
    assert_eq!(values.resource_filter, "App_*");
    assert_eq!(values.policy_condition, "((subject.name=\"acme prod\"))");
    assert_eq!(view.status, DeploymentStatus::AwaitingToken);
    assert_eq!(
        view.license_number.as_deref(),
        Some("9999000000001234"),
        "the site must run on it"
    );

    // The site makes the deployment; before the tenant trusts it, distribution is refused.
    let (deployment, token) = site_deployment(&app, &values).await;
    let (status, refused) = distribute(&app, &deployment, sales_insights("Overview")).await;
    assert_eq!(status, 401, "{refused}");
    assert!(
        refused
            .to_string()
            .contains("no active multi-cloud identity provider"),
        "{refused}"
    );

    // The admin pastes the token as the QMC copies it; the hub puts it on the tenant's IdP.
    let view = hub
        .view(
            Method::PUT,
            "/customers/acme/hybrid/token",
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(view.status, DeploymentStatus::Connected);
    let secret = serde_json::from_str::<Value>(&token).unwrap()["base64Encoded"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        !serde_json::to_string(&view).unwrap().contains(&secret),
        "the token never comes back"
    );
    let stored: String = sqlx::query_scalar("SELECT token_sealed FROM hybrid_deployments")
        .fetch_one(&app.store.pool_for_tests())
        .await
        .unwrap();
    assert!(!stored.contains(&secret), "the token is sealed at rest");

    // Two apps arrive as Qlik describes: published, read-only, no owner, no space.
    let (status, sales) = distribute(&app, &deployment, sales_insights("Overview")).await;
    assert_eq!(
        (status, &sales["redistributed"]),
        (200, &json!(false)),
        "{sales}"
    );
    let (status, odag) = distribute(&app, &deployment, on_demand()).await;
    assert_eq!(status, 200, "{odag}");
    let sales_id: AppId = crate::helpers::id(sales["appId"].as_str().unwrap());
    let arrived = app.qlik().tenant(&tenant).get_app(&sales_id).await.unwrap();
    assert_eq!(arrived.attributes.published, Some(true));
    assert_eq!(arrived.attributes.space_id, None);
    // Qlik writes `"ownerId": ""` for it; the client reads `""` as unset (issue 14 point 1).
    assert_eq!(arrived.attributes.owner_id, None);
    assert!(!arrived.privileges.contains(&"reload".to_owned()));
    let reload = app
        .qlik()
        .tenant(&tenant)
        .start_reload(&sales_id, &Default::default())
        .await;
    assert_eq!(reload.unwrap_err().status(), Some(403), "read-only");

    // Adoption: Sales into the managed space with its extension sheet flagged; ODAG refused.
    let view = hub
        .view(Method::POST, "/customers/acme/hybrid/adopt", None)
        .await;
    let adopted = app_of(&view, &sales_id);
    assert_eq!(adopted.status, HybridAppStatus::Adopted);
    assert_eq!(adopted.module_key.as_str(), "qse-sales-insights");
    assert_eq!(adopted.space_id.as_ref(), Some(&space));
    let sheets = &adopted.sheets;
    assert_eq!(sheets[0].id.as_str(), "qseOverview");
    assert!(sheets[0].exposed && sheets[0].extension_types.is_empty());
    assert_eq!(sheets[1].extension_types, ["d3-sunburst"]);
    assert!(!sheets[1].exposed, "flagged before end users see it");
    let odag_id: AppId = crate::helpers::id(odag["appId"].as_str().unwrap());
    let refused = app_of(&view, &odag_id);
    assert_eq!(refused.status, HybridAppStatus::Refused);
    let reason = &refused.reason;
    assert!(
        reason.contains("on-demand") && reason.contains("odag_region"),
        "{reason}"
    );
    let placed = app.qlik().tenant(&tenant).get_app(&sales_id).await.unwrap();
    assert_eq!(
        placed.attributes.space_id.as_ref().map(|v| v.as_str()),
        Some(space.as_str())
    );
    let unplaced = app.qlik().tenant(&tenant).get_app(&odag_id).await.unwrap();
    assert_eq!(
        unplaced.attributes.space_id, None,
        "a refused app is not placed"
    );

    // Redistribution updates the same app: same space, same menu entry, sheet retitled.
    let (status, again) = distribute(&app, &deployment, sales_insights("Overview 2027")).await;
    assert_eq!(
        (status, &again["appId"]),
        (200, &json!(sales_id.as_str())),
        "{again}"
    );
    assert_eq!(again["redistributed"], true);
    let view = hub
        .view(Method::POST, "/customers/acme/hybrid/adopt", None)
        .await;
    let adopted = app_of(&view, &sales_id);
    assert_eq!(adopted.module_key.as_str(), "qse-sales-insights");
    assert_eq!(adopted.space_id.as_ref(), Some(&space));
    assert_eq!(adopted.sheets[0].title, "Overview 2027");

    // The end user finds the adopted app in the partner menu, view-only, and opens its sheet.
    let url = app.host_page("portal.us.localhost", "customer=acme&user=ada");
    with_browser("hybrid_sheet", |c| async move {
        c.goto(&url).await.unwrap();
        let menu = wait_for_text(&c, "nav.oem-hub-menu", "Sales Insights").await;
        assert!(
            menu.contains("view only") && !menu.contains("Product mix"),
            "{menu}"
        );
        wait_for(
            &c,
            "li[data-module=qse-sales-insights][data-view-only=true]",
        )
        .await;
        wait_for(
            &c,
            "button[data-module=qse-sales-insights][data-sheet=qseOverview]",
        )
        .await
        .click()
        .await
        .unwrap();
        let sheet = frame_text(&c, "Zeppelins").await;
        assert!(sheet.contains("Overview 2027"), "{sheet}");
        assert!(sheet.contains("Gliders"), "{sheet}");
    })
    .await;
    let ada = user("ada", &["viewers"]);
    let menu = app.menu_for("acme", &ada).await;
    let module = module_of(&menu, "qse-sales-insights");
    assert!(module.view_only);
    let ids: Vec<&str> = module.sheets.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["qseOverview"],
        "the extension sheet waits for an admin"
    );
    assert!(
        menu.iter().all(|m| m.key.as_str() != "qse-regional-detail"),
        "refused apps are not served"
    );

    // Once an admin exposes it, the flagged sheet joins the menu.
    hub.view(
        Method::PUT,
        &format!("/customers/acme/hybrid/apps/{sales_id}/sheets/qseSunburst"),
        Some(json!({"exposed": true})),
    )
    .await;
    let menu = app.menu_for("acme", &ada).await;
    assert_eq!(module_of(&menu, "qse-sales-insights").sheets.len(), 2);
}

/// The app `id` of the deployment's view.
fn app_of<'v>(view: &'v HybridView, id: &AppId) -> &'v HybridApp {
    let found = view.apps.iter().find(|a| &a.app_id == id);
    found.unwrap_or_else(|| panic!("{id} not in {view:?}"))
}

/// The menu's module `key`.
fn module_of<'m>(menu: &'m [MenuModule], key: &str) -> &'m MenuModule {
    let found = menu.iter().find(|m| m.key.as_str() == key);
    found.unwrap_or_else(|| panic!("{key} not in {menu:?}"))
}
