//! Row-level access in a customer's spec: apply puts a Section Access table before each
//! module's script (read back from the tenant, its structure intact, the scheduler's ADMIN row
//! there, a scheduled reload still succeeding); hostile access values are refused by name.

use crate::helpers::{TestApp, admin_token, wait_until};
use crate::refresh::{a_day_passes, sales, schedule_acme};
use oem_hub::domain::{CustomerSlug, ModuleKey, ReloadOutcome, ReloadTrigger};
use serde_json::json;
use std::time::Duration;

/// acme's spec with `access` (JSON) stored through REST; the refusal, if any.
async fn set_access(
    app: &TestApp,
    token: &str,
    access: serde_json::Value,
) -> Result<(), crate::helpers::rest::Refused> {
    let rest = app.rest(token);
    let customers = rest.customers().await.expect("customers");
    let mut spec =
        serde_json::to_value(customers.iter().find(|c| c.slug.as_str() == "acme")).expect("acme");
    spec["access"] = access;
    let (status, error) = rest
        .raw(reqwest::Method::PUT, "/api/v1/customers/acme", Some(spec))
        .await;
    if status == 200 {
        return Ok(());
    }
    Err(crate::helpers::rest::Refused {
        status,
        error: serde_json::from_value(error).expect("an ApiError"),
    })
}

fn north() -> serde_json::Value {
    json!({"default": {"field": "REGION", "groups": {"North Analysts": ["North"], "Managers": ["North", "South"]}}})
}

#[tokio::test]
async fn apply_writes_section_access_before_the_script_and_scheduled_reloads_keep_working() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "access").await;
    set_access(&app, &token, north()).await.expect("stored");
    schedule_acme(&app, &token).await;
    let (_, d) = sales(&app).await;
    let published = d.published_app_id.expect("published");
    let (script, access) = {
        let world = app.emulator.state.lock();
        let app = world
            .tenants
            .values()
            .find_map(|t| t.apps.get(published.as_str()))
            .expect("the published app");
        (app.script.clone(), app.section_access.clone())
    };
    let acme = CustomerSlug::parse("acme").expect("slug");
    let bot = app.store.get_state(&acme).await.expect("state").observed;
    let bot = bot
        .bot_subject
        .expect("the bot's subject was read")
        .to_uppercase();
    let bot_row = format!("ADMIN, {bot}, *, *");
    let head: Vec<&str> = script.lines().take(10).collect();
    assert_eq!(
        head,
        [
            "Section Access;",
            "LOAD * INLINE [",
            "ACCESS, USERID, GROUP, REGION",
            "ADMIN, INTERNAL\\SA_SCHEDULER, *, *",
            bot_row.as_str(),
            "USER, *, MANAGERS, NORTH",
            "USER, *, MANAGERS, SOUTH",
            "USER, *, NORTH ANALYSTS, NORTH",
            "];",
            "Section Application;",
        ]
    );
    let access = access.expect("the reload read the access table");
    assert_eq!(access.rows.len(), 5);

    a_day_passes(&app).await;
    let module = ModuleKey::parse("sales").expect("key");
    let engine = app.engine();
    let scheduled = wait_until("the scheduled reload", Duration::from_secs(60), || async {
        engine.reload_watch_once().await;
        let recent = app
            .store
            .recent_reloads(&acme, &module, 5)
            .await
            .expect("history");
        recent
            .into_iter()
            .find(|r| r.trigger == ReloadTrigger::Schedule && r.status != ReloadOutcome::Running)
    })
    .await;
    assert_eq!(scheduled.status, ReloadOutcome::Succeeded, "{scheduled:?}");
}

#[tokio::test]
async fn hostile_access_values_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "access-bad").await;
    let corpus = [
        "North'".to_owned(),
        "North]".to_owned(),
        "a;b".to_owned(),
        "line\nbreak".to_owned(),
        "$(vRegion)".to_owned(),
        "nul\0".to_owned(),
        "x".repeat(300),
    ];
    for bad in corpus {
        let access = json!({"default": {"field": "REGION", "groups": {"North Analysts": [bad]}}});
        let refused = set_access(&app, &token, access).await.expect_err("refused");
        let (status, field) = refused.status_and_field();
        let message = &refused.error.message;
        assert_eq!(status, 400, "{message}");
        let named = field.is_some_and(|f| f.starts_with("access"))
            || message.contains("access.default.groups");
        assert!(named, "{field:?}: {message}");
    }
    // 1 MB is over the hub's body limit before the spec is read (the domain's own test
    // refuses it by name too).
    let huge = json!({"default": {"field": "REGION", "groups": {"A": ["x".repeat(1 << 20)]}}});
    let refused = set_access(&app, &token, huge).await.expect_err("refused");
    assert_eq!(refused.status, 413, "{}", refused.error.message);
    let stray = json!({"modules": {"hr": "none"}});
    let refused = set_access(&app, &token, stray).await.expect_err("refused");
    assert_eq!(refused.status_and_field(), (400, Some("access.modules.hr")));
    set_access(&app, &token, north())
        .await
        .expect("a good rule is stored");
}

/// The Sales script as Qlik reduces it: the reduction field and its values are upper case in
/// the data too (Qlik upper-cases the access table, not the data).
const REDUCED_SALES: &str = "LIB CONNECT TO 'customer_db';\nOrders: SQL SELECT upper(region) AS REGION, product, amount FROM orders;\n";

/// Releases a Sales version whose data has `REGION`, and gives acme a rule on it: the
/// `south-team` group sees South, the host attribute `region` unlocks North or South.
pub(crate) async fn acme_reduced_by_region(app: &TestApp, token: &str) {
    let sales = ModuleKey::parse("sales").expect("key");
    let v1 = app
        .store
        .get_module_version(&sales, 1)
        .await
        .expect("the demo's sales v1");
    let version = oem_hub::store::TemplateVersion {
        template_app_id: v1.template_app_id,
        sheets: v1.sheets,
        script_template: REDUCED_SALES.to_owned(),
        variables: vec![],
        note: "REGION upper case for section access".to_owned(),
    };
    let v2 = app
        .store
        .add_module_version(&sales, &version)
        .await
        .expect("v2");
    app.store
        .set_current_version(&sales, v2)
        .await
        .expect("released");
    let rule = json!({"field": "REGION", "groups": {"south-team": ["South"]},
        "attributes": {"region": ["North", "South"]}});
    set_access(app, token, json!({"modules": {"sales": {"rule": rule}}}))
        .await
        .expect("stored");
    app.provision("acme").await;
}

#[tokio::test]
async fn users_of_one_customer_see_only_the_rows_their_attributes_or_groups_allow() {
    use crate::browser::{wait_for_text, with_browser};
    use crate::embed_ui::frame_text;
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "access-rows").await;
    acme_reduced_by_region(&app, &token).await;
    let page = |query: &str| app.host_page("portal.us.localhost", query);
    // ada: the backend's embed session carries her attribute region=North.
    let ada_north = page("customer=acme&user=ada&attrs=region%3DNorth");
    // bob: the host signs his JWT itself, with the group south-team.
    let bob_south = page("customer=acme&user=bob&mode=jwt&groups=viewers,south-team");
    // cy: a viewer whom the rule gives nothing.
    let cy = page("customer=acme&user=cy");
    // ada again, after the host moved her to South.
    let ada_south = page("customer=acme&user=ada&attrs=region%3DSouth");
    with_browser("access_rows_ada", |c| async move {
        c.goto(&ada_north).await.unwrap();
        let rows = frame_text(&c, "Rockets").await;
        assert!(
            !rows.contains("SOUTH") && !rows.contains("Magnets"),
            "ada sees North only: {rows}"
        );
        c.goto(&ada_south).await.unwrap();
        let rows = frame_text(&c, "SOUTH").await;
        assert!(
            !rows.contains("Rockets"),
            "ada's new attribute holds at her next sign-in: {rows}"
        );
    })
    .await;
    with_browser("access_rows_bob", |c| async move {
        c.goto(&bob_south).await.unwrap();
        let rows = frame_text(&c, "SOUTH").await;
        assert!(
            !rows.contains("Rockets") && !rows.contains("Magnets"),
            "bob sees South only: {rows}"
        );
    })
    .await;
    with_browser("access_rows_cy", |c| async move {
        c.goto(&cy).await.unwrap();
        let problem = wait_for_text(
            &c,
            ".oem-hub-problem[data-code=no_access_row]",
            "no section access row",
        )
        .await;
        assert!(
            problem.contains("viewers"),
            "names the user's groups: {problem}"
        );
    })
    .await;
}

/// OAuth mode: the impersonated user is put into the attribute's group the apply made, so
/// qlik-embed's render is reduced as the frame is.
#[tokio::test]
async fn in_oauth_mode_an_attribute_reduces_the_qlik_embed_render_too() {
    use crate::browser::{wait_for, wait_for_text, with_browser};
    use oem_hub::domain::EmbeddingMode;
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "access-oauth").await;
    let acme = CustomerSlug::parse("acme").expect("slug");
    crate::proxy_ui::set_mode(&app, &acme, EmbeddingMode::Oauth).await;
    acme_reduced_by_region(&app, &token).await;
    let url = app.host_page(
        "host.localhost",
        "customer=acme&user=ada&attrs=region%3DNorth",
    );
    with_browser("access_oauth", |c| async move {
        c.goto(&url).await.unwrap();
        wait_for(&c, "qlik-embed .qlik-embed-root[data-status='200']").await;
        let rows = wait_for_text(&c, "qlik-embed .qlik-embed-root", "Rockets").await;
        assert!(
            !rows.contains("SOUTH") && !rows.contains("Magnets"),
            "ada sees North only: {rows}"
        );
    })
    .await;
}
