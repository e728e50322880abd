//! Each customer's own look: a custom theme shipped with a template version reaches every
//! customer's tenant on rollout (once; replaced when it changes; removed when no version ships
//! it), bad archives are refused naming the cause, and customers with their own theme and
//! language get sheet URLs — and `/single/` pages — that carry them.

use crate::helpers::tenant::jwt_sign_in;
use crate::helpers::{TestApp, admin_token, fixtures, job_done};
use base64::Engine as _;
use oem_hub::domain::{CustomerSlug, ModuleKey, Origin, TenantHostname};
use oem_hub::provision::{Engine, RolloutRequest};
use oem_hub::store::RolloutState;
use oem_hub::theme_archive::pack;
use oem_hub::wire::VersionView;
use reqwest::Method;
use serde_json::{Value, json};

const HOST: &str = "http://host.localhost:4000";

/// A theme zip `acme-brand/` with `color` as its text colour.
fn brand_zip(color: &str) -> Vec<u8> {
    let qext = json!({"name": "Acme brand", "type": "theme", "version": "1.0.0"});
    let theme = json!({
        "_inherit": true, "_variables": {"@brand": color},
        "color": "@brand", "backgroundColor": "#fdf6e3",
        "dataColors": {"primaryColor": "@brand"}
    });
    let files = vec![
        (
            "acme-brand/acme-brand.qext".to_owned(),
            qext.to_string().into_bytes(),
        ),
        (
            "acme-brand/theme.json".to_owned(),
            theme.to_string().into_bytes(),
        ),
    ];
    pack(&files).expect("zip")
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `POST /api/v1/modules/sales/versions`: sales v1 again, shipping `themes` (zips).
async fn add_sales_version(app: &TestApp, token: &str, themes: &[Vec<u8>]) -> (u16, Value) {
    let key = ModuleKey::parse("sales").unwrap();
    let v1 = app.store.get_module_version(&key, 1).await.unwrap();
    let themes: Vec<Value> = themes.iter().map(|z| json!({"file": b64(z)})).collect();
    let body = json!({
        "template_app_id": v1.template_app_id, "sheets": v1.sheets,
        "script_template": v1.script_template, "themes": themes,
    });
    app.rest(token)
        .raw(Method::POST, "/api/v1/modules/sales/versions", Some(body))
        .await
}

/// `add_sales_version` that must succeed: the recorded version.
async fn added_sales_version(app: &TestApp, token: &str, themes: &[Vec<u8>]) -> VersionView {
    let (status, body) = add_sales_version(app, token, themes).await;
    assert_eq!(status, 201, "{body}");
    serde_json::from_value(body).expect("a version")
}

/// acme and globex, embedded from the test host page, provisioned at sales v1.
async fn provisioned(app: &TestApp) -> Vec<CustomerSlug> {
    let mut slugs = Vec::new();
    for slug in ["acme", "globex"] {
        let slug = fixtures::slug(slug);
        let mut record = app.store.get_customer(&slug).await.unwrap();
        record.spec.origins = vec![Origin::parse(HOST).unwrap()];
        app.store.update_customer(&record.spec, None).await.unwrap();
        app.provision(slug.as_str()).await;
        slugs.push(slug);
    }
    slugs
}

async fn roll_out(engine: &Engine, version: i64) {
    let request = RolloutRequest {
        module: ModuleKey::parse("sales").unwrap(),
        version,
        canaries: vec![],
        first_batch: 1,
        max_failure_pct: 0,
    };
    let started = engine.start_rollout(&request).await.unwrap();
    let done = engine.drive_rollout(&started.id).await.unwrap();
    assert_eq!(done.state, RolloutState::Completed, "{done:?}");
}

async fn host(app: &TestApp, slug: &CustomerSlug) -> TenantHostname {
    let observed = app.store.get_state(slug).await.unwrap().observed;
    observed.hostname.unwrap()
}

/// The tenant's themes as `(qextFilename, id)`, read from the emulator's own state.
async fn tenant_themes(app: &TestApp, slug: &CustomerSlug) -> Vec<(String, String)> {
    let host = host(app, slug).await;
    let world = app.emulator.state.lock();
    let tenant = world.tenant_by_host(host.as_str()).expect("the tenant");
    tenant
        .themes
        .values()
        .map(|t| (t.qext_filename.clone(), t.id.clone()))
        .collect()
}

/// The archive the tenant holds for theme `name`.
async fn tenant_archive(app: &TestApp, slug: &CustomerSlug, name: &str) -> Vec<u8> {
    let host = host(app, slug).await;
    let world = app.emulator.state.lock();
    let tenant = world.tenant_by_host(host.as_str()).expect("the tenant");
    let theme = tenant.themes.values().find(|t| t.qext_filename == name);
    theme.expect("the theme").archive.clone()
}

async fn theme_steps(engine: &Engine, slug: &CustomerSlug, refresh: bool) -> Vec<String> {
    let plan = engine.plan(slug, refresh).await.unwrap();
    plan.steps
        .iter()
        .map(|s| s.label())
        .filter(|l| l.contains("theme"))
        .collect()
}

#[tokio::test]
async fn a_theme_in_a_template_version_reaches_every_tenant_on_rollout() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "templates").await;
    let engine = app.engine();
    let _worker = engine.spawn_worker();
    // Two us customers (the tests' engine has the us region's OAuth client only): acme and
    // a second one; globex (eu) is set aside.
    app.store
        .set_retired(&fixtures::slug("globex"), Some(1))
        .await
        .unwrap();
    let second = crate::provision::add_customer(&app, "looks-b").await;
    let customers = vec![fixtures::slug("acme"), second];
    for slug in &customers {
        app.provision(slug.as_str()).await;
    }
    for slug in &customers {
        assert!(tenant_themes(&app, slug).await.is_empty(), "no theme at v1");
    }

    let v2 = added_sales_version(&app, &token, &[brand_zip("#aa0000")]).await;
    assert_eq!(v2.themes[0].name.as_str(), "acme-brand", "{v2:?}");
    assert_eq!(v2.themes[0].title, "Acme brand", "{v2:?}");
    roll_out(&engine, v2.version).await;
    let mut ids = Vec::new();
    for slug in &customers {
        let themes = tenant_themes(&app, slug).await;
        assert_eq!(themes.len(), 1, "{slug}: {themes:?}");
        assert_eq!(themes[0].0, "acme-brand", "{slug}");
        ids.push(themes[0].1.clone());
        assert!(
            theme_steps(&engine, slug, false).await.is_empty(),
            "{slug}: converged"
        );
        assert!(
            theme_steps(&engine, slug, true).await.is_empty(),
            "{slug}: no drift"
        );
    }

    // A changed theme is replaced in place: same id, the new archive.
    let changed = brand_zip("#0000aa");
    let v3 = added_sales_version(&app, &token, std::slice::from_ref(&changed)).await;
    assert_ne!(v3.themes[0].sha256, v2.themes[0].sha256);
    roll_out(&engine, v3.version).await;
    for (slug, id) in customers.iter().zip(&ids) {
        let themes = tenant_themes(&app, slug).await;
        assert_eq!(themes, [("acme-brand".to_owned(), id.clone())], "{slug}");
        let held = tenant_archive(&app, slug, "acme-brand").await;
        assert_eq!(held, changed, "{slug} holds the new archive");
    }
    // The same through Qlik's API, with the client (acme is in the us region).
    let acme = &customers[0];
    let (qlik, acme_host) = (app.qlik(), host(&app, acme).await);
    let name = "acme-brand".parse().unwrap();
    let listed = qlik.tenant(&acme_host).list_themes().await.unwrap();
    assert_eq!(listed[0].qext_filename.as_deref(), Some("acme-brand"));
    assert_eq!(listed[0].name.as_deref(), Some("Acme brand"));
    assert_eq!(
        qlik.tenant(&acme_host).download_theme(&name).await.unwrap(),
        changed
    );

    // A theme deleted by hand is drift that apply puts back.
    qlik.tenant(&acme_host).delete_theme(&name).await.unwrap();
    assert_eq!(theme_steps(&engine, acme, true).await, ["theme acme-brand"]);
    let (job, _) = engine.enqueue_repair(acme).await.unwrap();
    job_done(&engine, &job.id).await;
    assert_eq!(tenant_themes(&app, acme).await.len(), 1, "put back");

    // A version without the theme takes it off every tenant.
    let v4 = added_sales_version(&app, &token, &[]).await;
    roll_out(&engine, v4.version).await;
    for slug in &customers {
        assert!(
            tenant_themes(&app, slug).await.is_empty(),
            "{slug}: removed"
        );
    }
}

#[tokio::test]
async fn bad_theme_archives_are_refused_naming_the_cause_and_nothing_is_recorded() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "templates").await;
    let zip = |files: &[(&str, &str)]| {
        let files: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(p, d)| ((*p).to_owned(), d.as_bytes().to_vec()))
            .collect();
        pack(&files).unwrap()
    };
    let qext = r#"{"name": "x", "type": "theme"}"#;
    let cases: Vec<(Vec<Vec<u8>>, &str, &str)> = vec![
        (
            vec![b"hello".to_vec()],
            "themes[0].file",
            "not a zip archive",
        ),
        (
            vec![zip(&[("t/theme.json", "{}")])],
            "themes[0].file",
            "no .qext file",
        ),
        (
            vec![zip(&[
                ("t/t.qext", r#"{"name": "x", "type": "visualization"}"#),
                ("t/theme.json", "{}"),
            ])],
            "themes[0].file",
            "not \"theme\"",
        ),
        (
            vec![zip(&[("t/t.qext", qext)])],
            "themes[0].file",
            "no theme.json next to t/t.qext",
        ),
        (
            vec![zip(&[
                ("t/t.qext", qext),
                ("t/theme.json", "{}"),
                ("t/x.sh", "echo"),
            ])],
            "themes[0].file",
            "t/x.sh: files of this type are not allowed",
        ),
        (
            vec![zip(&[("my theme.qext", qext), ("theme.json", "{}")])],
            "themes[0].file",
            "letters, digits",
        ),
        (
            vec![brand_zip("#111111"), brand_zip("#222222")],
            "themes[1].file",
            "another theme",
        ),
    ];
    for (themes, field, needle) in cases {
        let (status, err) = add_sales_version(&app, &token, &themes).await;
        assert_eq!(
            (status, err["field"].as_str()),
            (400, Some(field)),
            "{needle}: {err}"
        );
        assert!(
            err["message"].as_str().unwrap().contains(needle),
            "{needle}: {err}"
        );
    }
    let body = json!({"template_app_id": "x", "script_template": "", "themes": [{"file": "%%%"}]});
    let (status, err) = app
        .rest(&token)
        .raw(Method::POST, "/api/v1/modules/sales/versions", Some(body))
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (400, Some("themes[0].file")),
        "{err}"
    );
    let key = ModuleKey::parse("sales").unwrap();
    let versions = app.store.list_module_versions(&key).await.unwrap();
    assert_eq!(versions.len(), 1, "nothing half-written");
}

/// Signs `user` of `customer` in to its tenant as the page would: the embed token and the
/// tenant's session cookie.
async fn signed_in(app: &TestApp, api: &str, customer: &str) -> (String, String) {
    let user = fixtures::user("ada", &["viewers"]);
    let session = app.rest(api).open_session(customer, &user).await.unwrap();
    let login = app.rest(&session.token).qlik_jwt().await.unwrap();
    let resp = jwt_sign_in(app, &login, HOST).await;
    assert_eq!(resp.status().as_u16(), 200, "{customer} signs in");
    let cookie = resp.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    (session.token, cookie)
}

/// The first sheet URL of `customer`'s menu and the `/single/` page it shows.
async fn first_sheet(app: &TestApp, api: &str, customer: &str) -> (String, String) {
    let (token, cookie) = signed_in(app, api, customer).await;
    let menu = app.rest(&token).menu().await.unwrap();
    let sales = menu
        .iter()
        .find(|m| m.key.as_str() == "sales")
        .expect("sales in the menu");
    let url = url::Url::parse(&sales.sheets[0].url).unwrap();
    let path = format!("{}?{}", url.path(), url.query().unwrap_or_default());
    let page = app
        .emulator_request(Method::GET, url.host_str().unwrap(), &path)
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200, "{url}");
    (sales.sheets[0].url.clone(), page.text().await.unwrap())
}

#[tokio::test]
async fn customers_with_their_own_theme_and_language_get_their_own_sheets() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "templates").await;
    added_sales_version(&app, &token, &[brand_zip("#aa0000")]).await;
    let key = ModuleKey::parse("sales").unwrap();
    app.store.set_current_version(&key, 2).await.unwrap();
    for (slug, theme, lang) in [("acme", "acme-brand", "de"), ("globex", "card", "fr-FR")] {
        let mut record = app.store.get_customer(&fixtures::slug(slug)).await.unwrap();
        record.spec.theme = Some(theme.parse().unwrap());
        record.spec.lang = Some(oem_hub::domain::Lang::parse(lang).unwrap());
        let updated = app
            .rest(&token)
            .update_customer(&record.spec)
            .await
            .unwrap();
        assert_eq!(updated.theme, record.spec.theme);
    }
    provisioned(&app).await;

    let (acme_url, acme) = first_sheet(&app, &token, "acme").await;
    let (globex_url, globex) = first_sheet(&app, &token, "globex").await;
    assert!(
        acme_url.contains("theme=acme-brand") && acme_url.contains("lang=de"),
        "{acme_url}"
    );
    assert!(
        globex_url.contains("theme=card") && globex_url.contains("lang=fr-FR"),
        "{globex_url}"
    );
    assert!(acme.contains("<html lang=\"de\">"), "{acme}");
    assert!(acme.contains("data-theme=\"acme-brand\""), "{acme}");
    assert!(
        acme.contains("color:#aa0000"),
        "the theme's own colour: {acme}"
    );
    assert!(globex.contains("<html lang=\"fr-FR\">") && globex.contains("data-theme=\"card\""));
    assert!(!globex.contains("#aa0000"), "{globex}");

    // A module's own theme wins over the customer's; the customer's language stays.
    let menu = json!({"theme": "breeze"});
    let (status, _) = app
        .rest(&token)
        .raw(Method::PUT, "/api/v1/modules/sales/menu", Some(menu))
        .await;
    assert_eq!(status, 200);
    let (url, page) = first_sheet(&app, &token, "acme").await;
    assert!(
        url.contains("theme=breeze") && url.contains("lang=de"),
        "{url}"
    );
    assert!(page.contains("data-theme=\"breeze\""), "{page}");

    // A customer's theme and language are checked like the rest of its spec.
    let record = app
        .store
        .get_customer(&fixtures::slug("acme"))
        .await
        .unwrap();
    let original = serde_json::to_value(&record.spec).unwrap();
    for (field, bad) in [("theme", "no spaces"), ("lang", "klingon")] {
        let mut raw = original.clone();
        raw[field] = json!(bad);
        let (status, err) = app
            .rest(&token)
            .raw(Method::PUT, "/api/v1/customers/acme", Some(raw))
            .await;
        assert_eq!((status, err["field"].as_str()), (400, Some(field)), "{err}");
    }
}

#[tokio::test]
async fn the_themes_api_checks_archives_and_roles_as_qlik_does() {
    let app = TestApp::spawn().await;
    let host = app.source.source_hostname.clone();
    let bearer = crate::users_spaces::bearer(&app, &host).await;
    let upload = |body: Vec<u8>, content_type: &str| {
        app.emulator_request(Method::POST, &host, "/api/v1/themes")
            .bearer_auth(&bearer)
            .header("content-type", content_type.to_owned())
            .body(body)
    };
    let (content_type, form) = oem_hub::qlik::theme_form(&brand_zip("#aa0000"), "b0");
    let created = upload(form.clone(), &content_type).send().await.unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let theme: Value = created.json().await.unwrap();
    assert_eq!(
        (
            &theme["qextFilename"],
            &theme["name"],
            &theme["qextVersion"],
            &theme["type"]
        ),
        (
            &json!("acme-brand"),
            &json!("Acme brand"),
            &json!("1.0.0"),
            &json!("theme")
        )
    );
    let again = upload(form, &content_type).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 409, "the qextFilename is taken");
    let (ct, bad) = oem_hub::qlik::theme_form(b"not a zip", "b1");
    let refused = upload(bad, &ct).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["status"], 422, "the flat Error: {body}");
    assert!(
        body["meta"]["message"]
            .as_str()
            .unwrap()
            .contains("not a zip archive"),
        "{body}"
    );
    let not_form = upload(b"{}".to_vec(), "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(not_form.status().as_u16(), 415);
    let file = app
        .emulator_request(
            Method::GET,
            &host,
            "/api/v1/themes/acme-brand/file/theme.json",
        )
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status().as_u16(), 200);
    let theme_json: Value = file.json().await.unwrap();
    assert_eq!(theme_json["backgroundColor"], "#fdf6e3");
    let anonymous = app
        .emulator_request(Method::GET, &host, "/api/v1/themes")
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    let body: Value = anonymous.json().await.unwrap();
    assert!(
        body["title"].is_string() && body.get("errors").is_none(),
        "{body}"
    );
}
