//! Qlik's platform-operations tutorial, end to end through the client against the emulator:
//! create tenant → configure → export/import → script → reload → publish → JWT login → open
//! the /single/ sheet; plus the failure paths of each step.

use crate::helpers::TestApp;
use crate::jwt_login::{KEY, claims, login, session_cookie, sign};
use oem_hub::cli::demo::data::{DEMO_CUSTOMERS, write_customer_db};
use oem_hub::domain::{
    AppId, Opt, Origin, Region, Selection, SheetId, SingleUrl, SpaceRole, Target,
};
use oem_hub::qlik::{Assignee, Reload, TenantApi};
use reqwest::Method;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use serde_json::json;
use std::time::Duration;

const POLL: Duration = Duration::from_millis(20);

/// Sets `script` on `app` and reloads it, waiting for the reload's end.
async fn reload_with(tenant: TenantApi<'_>, app: &AppId, script: &str) -> Reload {
    tenant.set_script(app, script, "test script").await.unwrap();
    tenant.reload_and_wait(app, POLL).await.unwrap()
}

#[tokio::test]
async fn tutorial_sequence_hydrates_a_customer_tenant_and_embeds_its_sheet() {
    let app = TestApp::spawn().await;
    let qlik = app.qlik();
    let source = crate::helpers::source_host(&app.source);
    let data_dir = tempfile::tempdir().unwrap();
    let acme_db = write_customer_db(data_dir.path(), &DEMO_CUSTOMERS[0])
        .await
        .unwrap();

    // Create.
    let license = qlik.tenant(&source).license_overview().await.unwrap();
    let tenant = qlik
        .create_tenant(Region::Us, &license.license_key)
        .await
        .unwrap();
    let host = tenant.hostnames[0].clone();

    // Configure.
    let pem = KEY
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap()
        .replace('\n', "");
    qlik.tenant(&host)
        .create_jwt_identity_provider("https://hub.partner.example", "hub-key-1", &pem, "oem-hub")
        .await
        .unwrap();
    let integration = qlik
        .tenant(&host)
        .create_web_integration("partner", &["http://host.localhost:4000"])
        .await
        .unwrap();
    qlik.tenant(&host)
        .create_frame_ancestor("partner", "http://host.localhost:4000")
        .await
        .unwrap();
    let staging = qlik
        .tenant(&host)
        .create_space("Staging", "shared")
        .await
        .unwrap();
    let production = qlik
        .tenant(&host)
        .create_space("Production", "managed")
        .await
        .unwrap();
    let viewers = qlik
        .tenant(&host)
        .create_group(&crate::helpers::id("viewers"))
        .await
        .unwrap();
    qlik.tenant(&host)
        .assign(
            &production.id,
            Assignee::Group(&viewers.id),
            &[SpaceRole::Consumer],
        )
        .await
        .unwrap();
    qlik.tenant(&host)
        .create_data_connection("customer_db", "sqlite", acme_db.to_str().unwrap())
        .await
        .unwrap();

    // Deploy: export the template from the source tenant, import into staging.
    let template = &app.source.apps[0];
    let file = qlik
        .tenant(&source)
        .export_app(&crate::helpers::id(&template.id))
        .await
        .unwrap();
    let staged = qlik
        .tenant(&host)
        .import_app(&file, "Sales", Some(&staging.id))
        .await
        .unwrap();
    assert_eq!(
        staged.attributes.space_id.as_ref().map(|v| v.as_str()),
        Some(staging.id.as_str())
    );

    // Hydrate: this customer's script (only the North region), reload, publish.
    let script = "LIB CONNECT TO 'customer_db';\nSET vRegion = 'North';\nOrders: SQL SELECT region, product, amount FROM orders WHERE region = '$(vRegion)';\n";
    qlik.tenant(&host)
        .set_script(&staged.attributes.id, script, "acme hydration")
        .await
        .unwrap();
    let reload = qlik
        .tenant(&host)
        .reload_and_wait(&staged.attributes.id, POLL)
        .await
        .unwrap();
    assert_eq!(reload.status, "SUCCEEDED", "{:?}", reload.log);
    assert!(
        reload
            .log
            .unwrap_or_default()
            .contains("Orders 2 Lines fetched")
    );
    let published = qlik
        .tenant(&host)
        .publish_app(&staged.attributes.id, &production.id)
        .await
        .unwrap();
    assert_eq!(
        published
            .attributes
            .origin_app_id
            .as_ref()
            .map(|v| v.as_str()),
        Some(staged.attributes.id.as_str())
    );
    let republished = qlik
        .tenant(&host)
        .republish_app(&staged.attributes.id, &published.attributes.id)
        .await
        .unwrap();
    assert_eq!(
        republished.attributes.id, published.attributes.id,
        "republish keeps the id"
    );

    // Embed: JWT login of a viewer, then the sheet — same sheet id as in the template.
    let tenant_ref = crate::jwt_login::Tenant {
        host: host.clone(),
        integration: integration.id.clone(),
    };
    let session = login(
        &app,
        &tenant_ref,
        &sign(claims(json!({})), &KEY, 300),
        Some("http://host.localhost:4000"),
    )
    .await;
    assert_eq!(session.status().as_u16(), 200);
    let cookie = session_cookie(&session)
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let sheet = &template.sheets[0];
    let tenant = Origin::parse(&format!("http://{host}:{}", app.emulator.port())).unwrap();
    let url = SingleUrl::new(
        tenant.clone(),
        published.attributes.id.clone(),
        Target::Sheet(SheetId::parse(&sheet.id).unwrap()),
    )
    .opt(Opt::Currsel)
    .select(Selection::new(Some("$"), "product", &["Anvils", "Rockets", "Magnets"]).unwrap())
    .build();
    let page = app
        .emulator_request(
            Method::GET,
            &host,
            url.strip_prefix(tenant.as_str()).unwrap(),
        )
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(&sheet.title), "{html}");
    assert!(
        html.contains("Anvils") && html.contains("Rockets"),
        "North rows: {html}"
    );
    assert!(
        !html.contains("Magnets"),
        "West is outside this customer's filter: {html}"
    );
}

#[tokio::test]
async fn a_script_naming_an_unknown_connection_fails_the_reload_with_a_log() {
    let app = TestApp::spawn().await;
    let qlik = app.qlik();
    let source = crate::helpers::source_host(&app.source);
    let app_id: AppId = crate::helpers::id(&app.source.apps[0].id);
    let script = "LIB CONNECT TO 'nope';\nT: SQL SELECT 1;";
    let reload = reload_with(qlik.tenant(&source), &app_id, script).await;
    assert_eq!(reload.status, "FAILED");
    assert!(
        reload
            .log
            .unwrap_or_default()
            .contains("Connection 'nope' not found")
    );
    assert!(reload.error_message.unwrap_or_default().contains("nope"));

    // SQL errors fail too, and unsupported statements are refused rather than ignored.
    let data_dir = tempfile::tempdir().unwrap();
    let db = write_customer_db(data_dir.path(), &DEMO_CUSTOMERS[1])
        .await
        .unwrap();
    qlik.tenant(&source)
        .create_data_connection("customer_db", "sqlite", db.to_str().unwrap())
        .await
        .unwrap();
    for (script, expected) in [
        (
            "LIB CONNECT TO 'customer_db';\nT: SQL SELECT nope FROM orders;",
            "SQL error",
        ),
        (
            "LIB CONNECT TO 'customer_db';\nDROP TABLE orders;",
            "not supported",
        ),
        ("T: SQL SELECT 1;", "without LIB CONNECT"),
    ] {
        let reload = reload_with(qlik.tenant(&source), &app_id, script).await;
        assert_eq!(reload.status, "FAILED", "{script}");
        assert!(
            reload.error_message.unwrap_or_default().contains(expected),
            "{script}"
        );
    }
}

#[tokio::test]
async fn import_export_and_publish_refuse_bad_input() {
    let app = TestApp::spawn().await;
    let qlik = app.qlik();
    let source = crate::helpers::source_host(&app.source);
    let err = qlik
        .tenant(&source)
        .import_app(b"not an app", "x", None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
    let err = qlik
        .tenant(&source)
        .export_app(&crate::helpers::id("no-such-app"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
    let shared = qlik
        .tenant(&source)
        .create_space("Dev", "shared")
        .await
        .unwrap();
    let err = qlik
        .tenant(&source)
        .publish_app(&crate::helpers::id(&app.source.apps[0].id), &shared.id)
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(400),
        "publishing needs a managed space: {err}"
    );
}
