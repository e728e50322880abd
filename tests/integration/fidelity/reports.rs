//! Qlik's Reports API as the end user: a sheet as PDF and a visualization's data as XLSX,
//! requested through the hub's client with the user's own credential (the hub's JWT turned
//! into a tenant session, or the hub's OAuth impersonation token), hold the rows section
//! access leaves that user within the selection, and nobody else's; another user cannot
//! read the request or its file, and the request is refused on another customer's tenant.

use crate::attacks::cross_tenant::{backend_token, tenant_host};
use crate::helpers::{TestApp, admin_token};
use calamine::{Data, Reader, Xlsx};
use oem_hub::domain::{AppId, CustomerSlug, EmbeddingMode, SheetId, TenantHostname};
use oem_hub::emulator::Cell;
use oem_hub::qlik::reports::{QSelection, ReportRequest, ReportState, UserCredential};
use secrecy::SecretString;
use serde_json::{Value, json};
use std::time::Duration;

/// An embed session of `customer`'s user `id`, a viewer, with host `attributes`.
pub(crate) async fn embed(
    app: &TestApp,
    api: &str,
    customer: &str,
    id: &str,
    attributes: Value,
) -> String {
    let user = json!({"id": id, "name": id, "email": format!("{id}@x.example"),
        "groups": ["viewers"], "attributes": attributes});
    let resp = app
        .http
        .post(format!("{}/api/v1/embed/sessions", app.hub_url))
        .bearer_auth(api)
        .json(&json!({"customer": customer, "user": user}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    resp.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// What the hub's embed route `path` answers the session `embed`.
async fn hub(app: &TestApp, embed: &str, path: &str) -> Value {
    let resp = app
        .http
        .post(format!("{}{path}", app.hub_url))
        .bearer_auth(embed)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{path}");
    resp.json().await.unwrap()
}

/// The user's tenant session: the hub's Qlik JWT for them, signed in server-side.
async fn session(app: &TestApp, host: &TenantHostname, embed: &str) -> UserCredential {
    let login = hub(app, embed, "/api/v1/embed/qlik-jwt").await;
    let jwt = SecretString::from(login["jwt"].as_str().unwrap().to_owned());
    app.qlik()
        .tenant(host)
        .jwt_session(&jwt)
        .await
        .expect("a session")
}

/// The user's OAuth impersonation token, as the hub issues it to qlik-embed.
async fn bearer(app: &TestApp, embed: &str) -> UserCredential {
    let token = hub(app, embed, "/api/v1/embed/qlik-token").await;
    let token = token["access_token"].as_str().unwrap().to_owned();
    UserCredential::Bearer(SecretString::from(token))
}

/// acme provisioned with Sales reduced by `REGION` (the attribute `region` unlocks North or
/// South) and impersonation on; its host and published Sales app, whose overview sheet gets
/// a table object (the templates carry none) for data exports.
async fn acme(app: &TestApp) -> (TenantHostname, AppId) {
    acme_with_table(app, EmbeddingMode::Oauth).await
}

/// [`acme`] embedding with `mode`.
pub(crate) async fn acme_with_table(app: &TestApp, mode: EmbeddingMode) -> (TenantHostname, AppId) {
    let token = admin_token(&app.store, "reports").await;
    let slug = CustomerSlug::parse("acme").unwrap();
    crate::proxy_ui::set_mode(app, &slug, mode).await;
    crate::access::acme_reduced_by_region(app, &token).await;
    let (host, deployment) = crate::refresh::sales(app).await;
    let published = deployment.published_app_id.expect("published");
    let mut world = app.emulator.state.lock();
    let tenant = world.tenants.values_mut();
    let sales = tenant
        .filter_map(|t| t.apps.get_mut(published.as_str()))
        .next()
        .expect("the published app");
    let overview = sales.sheets.iter_mut().find(|s| s.id == "salesOverview");
    overview.expect("the overview sheet").cells.push(Cell {
        name: "ordersTable".into(),
        object_type: "table".into(),
    });
    (host, published)
}

fn overview() -> SheetId {
    SheetId::parse("salesOverview").unwrap()
}

/// Requests `request` as `user`, sees it processing then done, and downloads its output.
async fn export(
    app: &TestApp,
    host: &TenantHostname,
    user: &UserCredential,
    request: &ReportRequest,
) -> (String, Vec<u8>) {
    let qlik = app.qlik();
    let id = qlik
        .tenant(host)
        .create_report(user, request)
        .await
        .expect("queued");
    let first = qlik
        .tenant(host)
        .report_status(user, &id)
        .await
        .expect("status");
    assert_eq!(first.status, ReportState::Processing, "{first:?}");
    let every = Duration::from_millis(10);
    let done = qlik
        .tenant(host)
        .await_report(user, &id, every, 5)
        .await
        .unwrap();
    assert_eq!(done.status, ReportState::Done, "{done:?}");
    let location = done
        .location(&request.output.output_id)
        .expect("a location");
    let outputs = qlik.tenant(host).report_outputs(user, &id).await.unwrap();
    assert_eq!(outputs.data[0].location.as_deref(), Some(location));
    let file = qlik
        .tenant(host)
        .download_output(user, location)
        .await
        .unwrap();
    let bytes = file.bytes().await.unwrap().to_vec();
    (location.to_owned(), bytes)
}

pub(crate) fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("its text")
}

pub(crate) fn xlsx_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("an XLSX");
    let range = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    let text = |d: &Data| match d {
        Data::Float(f) => f.to_string(),
        other => other.to_string(),
    };
    range.rows().map(|r| r.iter().map(text).collect()).collect()
}

#[tokio::test]
async fn each_user_exports_only_their_rows_within_the_selection() {
    let app = TestApp::spawn().await;
    let (host, sales) = acme(&app).await;
    let api = backend_token(&app).await;
    let ada = embed(&app, &api, "acme", "ada", json!({"region": ["North"]})).await;
    let bob = embed(&app, &api, "acme", "bob", json!({"region": ["South"]})).await;
    let anvils = vec![QSelection::texts("product", &["Anvils"])];

    // Ada by her JWT session: the overview sheet as PDF, Anvils selected.
    let ada_session = session(&app, &host, &ada).await;
    let pdf = ReportRequest::sheet_pdf(sales.clone(), overview(), "ada-sheet", anvils);
    let (ada_pdf, bytes) = export(&app, &host, &ada_session, &pdf).await;
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&bytes);
    for want in [
        "Sales overview",
        "Sales",
        "product = Anvils",
        "NORTH",
        "Anvils",
        "12400",
    ] {
        assert!(text.contains(want), "{want:?} in Ada's PDF: {text}");
    }
    for absent in ["Rockets", "SOUTH", "4320", "WEST", "Magnets"] {
        assert!(!text.contains(absent), "{absent:?} in Ada's PDF: {text}");
    }

    // Ada by her impersonation token: the table's data as XLSX, Rockets selected.
    let ada_token = bearer(&app, &ada).await;
    let rockets = vec![QSelection::texts("product", &["Rockets"])];
    let xlsx = ReportRequest::data_xlsx(sales.clone(), "ordersTable", "ada-data", rockets);
    let (_, bytes) = export(&app, &host, &ada_token, &xlsx).await;
    assert_eq!(
        xlsx_rows(bytes),
        [
            ["REGION", "product", "amount"],
            ["NORTH", "Rockets", "8150.5"]
        ]
    );

    // Bob (South) reads neither Ada's request nor her file, and exports his own rows.
    let bob_token = bearer(&app, &bob).await;
    let qlik = app.qlik();
    let refused = qlik
        .tenant(&host)
        .download_output(&bob_token, &ada_pdf)
        .await;
    assert_eq!(refused.unwrap_err().status(), Some(404));
    let ada_id = qlik
        .tenant(&host)
        .create_report(&ada_session, &pdf)
        .await
        .unwrap();
    let refused = qlik.tenant(&host).report_status(&bob_token, &ada_id).await;
    assert_eq!(refused.unwrap_err().code(), Some("REP-404000"));
    let all = ReportRequest::sheet_pdf(sales, overview(), "bob-sheet", vec![]);
    let (_, bytes) = export(&app, &host, &bob_token, &all).await;
    let text = pdf_text(&bytes);
    assert!(text.contains("SOUTH") && text.contains("4320"), "{text}");
    for absent in ["NORTH", "Rockets", "12400", "Magnets"] {
        assert!(!text.contains(absent), "{absent:?} in Bob's PDF: {text}");
    }
}

/// Acme provisioned and Ada (region North) signed in on its tenant: the tenant, the Sales
/// app, the partner backend's token and Ada's credential.
async fn ada_on_acme(app: &TestApp) -> (TenantHostname, AppId, String, UserCredential) {
    let (host, sales) = acme(app).await;
    let api = backend_token(app).await;
    let token = embed(app, &api, "acme", "ada", json!({"region": ["North"]})).await;
    let ada = session(app, &host, &token).await;
    (host, sales, api, ada)
}

#[tokio::test]
async fn unknown_sheets_objects_and_values_outside_the_users_rows_are_refused() {
    let app = TestApp::spawn().await;
    let (host, sales, _, ada) = ada_on_acme(&app).await;
    let qlik = app.qlik();
    let nowhere = SheetId::parse("noSuchSheet").unwrap();
    let request = ReportRequest::sheet_pdf(sales.clone(), nowhere, "x", vec![]);
    let refused = qlik
        .tenant(&host)
        .create_report(&ada, &request)
        .await
        .unwrap_err();
    assert_eq!(
        (refused.status(), refused.code()),
        (Some(404), Some("REP-404003"))
    );
    let no_object = ReportRequest::data_xlsx(sales.clone(), "noSuchChart", "x", vec![]);
    let refused = qlik
        .tenant(&host)
        .create_report(&ada, &no_object)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("REP-404002"));

    // A value Ada's rows do not hold fails the request with Qlik's selection error.
    let south = vec![QSelection::texts("REGION", &["SOUTH"])];
    let request = ReportRequest::sheet_pdf(sales.clone(), overview(), "x", south);
    let id = qlik
        .tenant(&host)
        .create_report(&ada, &request)
        .await
        .unwrap();
    let every = Duration::from_millis(10);
    let failed = qlik
        .tenant(&host)
        .await_report(&ada, &id, every, 5)
        .await
        .unwrap();
    assert_eq!(failed.status, ReportState::Failed);
    let error = &failed.request_errors.expect("errors")[0];
    assert_eq!(error.code, "REP-400008");
    let meta = error.meta.clone().unwrap_or_default();
    assert_eq!(
        meta["selectionErrors"][0]["errorType"], "fieldValuesMissing",
        "{meta}"
    );
}

#[tokio::test]
async fn another_tenant_knows_neither_the_users_session_nor_the_customers_app() {
    let app = TestApp::spawn().await;
    let (_, sales, api, ada) = ada_on_acme(&app).await;
    app.provision("globex").await;
    let globex = TenantHostname::parse(&tenant_host(&app, "globex").await).unwrap();
    let qlik = app.qlik();
    // Ada's session is acme's: globex's tenant does not know it, nor acme's app.
    let request = ReportRequest::sheet_pdf(sales.clone(), overview(), "x", vec![]);
    let refused = qlik
        .tenant(&globex)
        .create_report(&ada, &request)
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(401), "{refused}");
    let gus = session(
        &app,
        &globex,
        &embed(&app, &api, "globex", "gus", json!({})).await,
    )
    .await;
    let refused = qlik
        .tenant(&globex)
        .create_report(&gus, &request)
        .await
        .unwrap_err();
    assert_eq!(
        (refused.status(), refused.code()),
        (Some(404), Some("REP-404001"))
    );
}

#[tokio::test]
async fn a_cookie_sessions_post_without_its_csrf_token_is_refused() {
    let app = TestApp::spawn().await;
    let (host, sales, _, ada) = ada_on_acme(&app).await;
    let qlik = app.qlik();
    let request = ReportRequest::sheet_pdf(sales, overview(), "x", vec![]);
    // A cookie session's POST without its own CSRF token is refused.
    let UserCredential::Session { cookies, .. } = ada else {
        unreachable!("a session")
    };
    let forged = UserCredential::Session {
        cookies,
        csrf_token: SecretString::from("forged".to_owned()),
    };
    let refused = qlik
        .tenant(&host)
        .create_report(&forged, &request)
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(403), "{refused}");
}
