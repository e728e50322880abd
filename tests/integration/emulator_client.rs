//! The Qlik client against the emulator: Qlik's tutorial calls, pagination and error mapping.

use crate::helpers::TestApp;
use oem_hub::domain::Region;
use oem_hub::emulator::{EmuApp, Sheet};
use oem_hub::qlik::{Credentials, QlikClient, QlikEndpoint, QlikError};
use secrecy::SecretString;

#[tokio::test]
async fn tutorial_create_tenant_sequence_works_through_the_client() {
    let app = TestApp::spawn().await;
    let qlik = app.qlik();
    let source = &crate::helpers::source_host(&app.source);
    let license = qlik.tenant(source).license_overview().await.unwrap();
    assert_eq!(license.license_key, app.source.license_key);

    let tenant = qlik
        .create_tenant(Region::Us, &license.license_key)
        .await
        .unwrap();
    assert_eq!(
        (tenant.status.as_deref(), tenant.datacenter.as_deref()),
        (Some("active"), Some("us-east-1"))
    );
    let host = &tenant.hostnames[0];
    assert!(host.as_str().ends_with(".us.localhost"), "{host}");

    // The regional client works on the new tenant at once; its bot user appears there.
    let fetched = qlik.tenant(host).get_tenant(&tenant.id).await.unwrap();
    assert_eq!(fetched.id, tenant.id);
    let me = qlik.tenant(host).me().await.unwrap();
    assert_eq!(
        (me.tenant_id.as_str(), me.subject.starts_with("qlikbot\\")),
        (tenant.id.as_str(), true)
    );
}

#[tokio::test]
async fn template_apps_are_listed_with_their_attributes() {
    let app = TestApp::spawn().await;
    let qlik = app.qlik();
    let source = &crate::helpers::source_host(&app.source);
    let items = qlik.tenant(source).list_apps(None).await.unwrap();
    let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["Sales", "Finance"]);
    let sales = &items[0];
    let nx = qlik
        .tenant(source)
        .get_app(sales.resource_id.as_ref().unwrap())
        .await
        .unwrap();
    assert_eq!(nx.attributes.name, "Sales");
    assert_eq!(
        sales.resource_attributes.as_ref().unwrap().id,
        nx.attributes.id
    );
}

#[tokio::test]
async fn listing_follows_next_links_across_pages() {
    let app = TestApp::spawn().await;
    {
        let mut world = app.emulator.state.lock();
        let tenant = world.tenants.values_mut().next().unwrap();
        let template = tenant.apps.values().next().unwrap().clone();
        for n in 0..230 {
            let copy = EmuApp {
                id: format!("extra-app-{n:03}"),
                item_id: format!("extra-item-{n:03}"),
                name: format!("Extra {n}"),
                sheets: vec![Sheet {
                    id: "s1".into(),
                    title: "One".into(),
                    cells: Vec::new(),
                }],
                ..template.clone()
            };
            tenant.apps.insert(copy.id.clone(), copy);
        }
    }
    let items = app
        .qlik()
        .tenant(&crate::helpers::source_host(&app.source))
        .list_apps(None)
        .await
        .unwrap();
    assert_eq!(items.len(), 232);
    let mut ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 232, "no item twice");
}

#[tokio::test]
async fn qlik_errors_keep_status_code_and_title() {
    let app = TestApp::spawn().await;
    let err = app
        .qlik()
        .create_tenant(Region::Us, "not-the-license")
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(400), Some("TENANTS-2")),
        "{err}"
    );

    let err = app
        .qlik()
        .create_tenant(Region::Eu, &app.source.license_key)
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(401),
        "a US client is not valid on register.eu: {err}"
    );

    let wrong = QlikClient::new(
        QlikEndpoint::emulator(app.emulator.port()),
        Credentials {
            client_id: app.source.client_id.clone(),
            client_secret: SecretString::from("wrong".to_owned()),
        },
    )
    .unwrap();
    let err = wrong
        .tenant(&crate::helpers::source_host(&app.source))
        .license_overview()
        .await
        .unwrap_err();
    assert!(matches!(err, QlikError::Api { status: 401, .. }), "{err}");

    let err = app
        .qlik()
        .tenant(&crate::helpers::source_host(&app.source))
        .get_app(&crate::helpers::id("no-such-app"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn hosts_are_routed_by_host_header_not_path() {
    let app = TestApp::spawn().await;
    let http = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{}/api/v1/items", app.emulator.port());
    for (host, status) in [
        ("127.0.0.1", 404),
        ("nobody.us.localhost", 404),
        (app.source.source_hostname.as_str(), 401),
        ("register.us.localhost", 404),
    ] {
        let response = http.get(&url).header("host", host).send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{host}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(body["errors"][0]["code"].is_string(), "{host}: {body}");
    }
}

/// An app's sheets keep their visualizations through export and import, and the engine lists
/// them on the copy.
#[tokio::test]
async fn sheet_objects_survive_export_and_import() {
    use crate::hybrid_site::{Hub, SITE, distribute, sales_insights, site_deployment};
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let hub = Hub::new(&app).await;
    let setup = serde_json::json!({"site_host": SITE, "deployment_name": "acme"});
    let view = hub
        .view(reqwest::Method::PUT, "/customers/acme/hybrid", Some(setup))
        .await;
    let (deployment, token) = site_deployment(&app, &view.values).await;
    let body = serde_json::json!({"token": token});
    hub.call(
        reqwest::Method::PUT,
        "/customers/acme/hybrid/token",
        Some(body),
    )
    .await;
    let (_, sales) = distribute(&app, &deployment, sales_insights("Overview")).await;
    let acme = oem_hub::domain::CustomerSlug::parse("acme").unwrap();
    let tenant = app
        .store
        .get_state(&acme)
        .await
        .unwrap()
        .observed
        .hostname
        .unwrap();
    let qlik = app.qlik();
    let file = qlik
        .tenant(&tenant)
        .export_app(&crate::helpers::id(sales["appId"].as_str().unwrap()))
        .await
        .unwrap();
    let copy = qlik
        .tenant(&tenant)
        .import_app(&file, "Sales copy", None)
        .await
        .unwrap();
    let sheets = qlik
        .tenant(&tenant)
        .list_sheets(&copy.attributes.id)
        .await
        .unwrap();
    assert_eq!(sheets[0].object_types, ["kpi", "barchart"]);
    assert_eq!(sheets[1].object_types, ["d3-sunburst"]);
}
