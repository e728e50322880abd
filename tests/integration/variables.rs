//! Reload-time variables end to end: a template version that declares `region` as a variable
//! keeps its script byte-identical on every customer's tenant, and each customer's reload
//! still reads only its own rows; an unsafe value is refused naming the parameter.

use crate::helpers::{TestApp, admin_token};
use oem_hub::domain::{CustomerSlug, ModuleKey, ParamName};
use oem_hub::store::TemplateVersion;
use serde_json::json;

const SCRIPT: &str = "LIB CONNECT TO 'customer_db';\nOrders: SQL SELECT region, product, amount FROM orders WHERE region = '$(region)';\n";

/// Records module `regional`: the demo's Sales template app, with `region` as a variable.
async fn regional_module(app: &TestApp) -> ModuleKey {
    let sales = app
        .store
        .get_module_version(&ModuleKey::parse("sales").expect("key"), 1)
        .await
        .expect("the demo's sales v1");
    let key = ModuleKey::parse("regional").expect("key");
    let version = TemplateVersion {
        template_app_id: sales.template_app_id,
        sheets: sales.sheets,
        script_template: SCRIPT.to_owned(),
        variables: vec![ParamName::parse("region").expect("name")],
        note: "region as a reload-time variable".to_owned(),
    };
    app.store
        .insert_module(&key, "Regional", &version)
        .await
        .expect("recorded");
    key
}

fn spec(db: &std::path::Path, region: &str) -> serde_json::Value {
    json!({
        "slug": "hooli", "display_name": "Hooli", "region": "us",
        "origins": ["https://app.partner.example"], "modules": ["regional"],
        "params": {"region": region},
        "data_connection": {"type": "sqlite", "connection_string": db.display().to_string()},
    })
}

#[tokio::test]
async fn a_variables_template_keeps_its_script_and_still_reads_only_the_customers_rows() {
    let app = TestApp::bare().await;
    let token = admin_token(&app.store, "variables").await;
    let rest = app.rest(&token);
    let module = regional_module(&app).await;
    let db = oem_hub::cli::demo::data::write_customer_db(
        &app.data_dir,
        &oem_hub::cli::demo::data::DEMO_CUSTOMERS[0],
    )
    .await
    .expect("a database");

    let (status, error) = rest
        .raw(
            reqwest::Method::POST,
            "/api/v1/customers",
            Some(spec(&db, "North'; DROP")),
        )
        .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (400, Some("params.region")),
        "{error}"
    );

    // Raw JSON: a typed spec never serializes its connection string.
    let (status, body) = rest
        .raw(
            reqwest::Method::POST,
            "/api/v1/customers",
            Some(spec(&db, "North")),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    app.provision("hooli").await;
    let slug = CustomerSlug::parse("hooli").expect("slug");
    let observed = app.store.get_state(&slug).await.expect("state").observed;
    let d = &observed.deployments[&module];
    let ids = [
        d.staging_app_id.clone().expect("staging"),
        d.published_app_id.clone().expect("published"),
    ];
    let world = app.emulator.state.lock();
    let tenant = world
        .tenants
        .values()
        .find(|t| Some(t.id.as_str()) == observed.tenant_id.as_ref().map(|i| i.as_str()))
        .expect("hooli's tenant");
    for id in &ids {
        let a = &tenant.apps[id.as_str()];
        assert_eq!(a.script, SCRIPT, "the template's script, byte for byte");
        let regions: Vec<&String> = a
            .data
            .iter()
            .flat_map(|t| t.rows.iter().map(|r| &r[0]))
            .collect();
        assert!(
            !regions.is_empty() && regions.iter().all(|r| *r == "North"),
            "{regions:?}"
        );
    }
}

#[tokio::test]
async fn a_version_with_more_variables_than_qlik_takes_is_refused() {
    let app = TestApp::bare().await;
    let token = admin_token(&app.store, "variables-limit").await;
    let names: Vec<String> = (0..21).map(|i| format!("p{i}")).collect();
    let body = json!({"template_app_id": "tmpl-1", "script_template": SCRIPT, "variables": names});
    let (status, error) = app
        .rest(&token)
        .raw(
            reqwest::Method::POST,
            "/api/v1/modules/sales/versions",
            Some(body),
        )
        .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (400, Some("variables")),
        "{error}"
    );
}
