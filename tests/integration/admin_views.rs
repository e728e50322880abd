//! The rest of the admin console in Chromium: customer status, templates and versions, a
//! rollout watched to completion, the audit log filtered, deprovision with confirmation and
//! reactivate.

use crate::browser::{wait_for, wait_for_text, with_browser};
use crate::helpers::TestApp;
use fantoccini::Client;
use oem_hub::domain::{CustomerSlug, ModuleKey};
use oem_hub::store::TemplateVersion;

async fn type_into(c: &Client, css: &str, text: &str) {
    let field = wait_for(c, css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    wait_for(c, css).await.click().await.unwrap();
}

#[tokio::test]
async fn admin_manages_templates_rollouts_lifecycle_and_reads_the_audit_log() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    app.provision("globex").await;
    let key = ModuleKey::parse("sales").unwrap();
    let v1 = app.store.get_module_version(&key, 1).await.unwrap();
    let v2 = TemplateVersion {
        template_app_id: v1.template_app_id.clone(),
        sheets: v1.sheets.clone(),
        script_template: format!("// Sales v2\n{}", v1.script_template),
        variables: Vec::new(),
        note: "quarterly KPIs".to_owned(),
    };
    assert_eq!(app.store.add_module_version(&key, &v2).await.unwrap(), 2);
    let url = format!("{}/admin", app.hub_url);
    let password = app.admin_password.clone();
    let store = app.store.clone();
    with_browser("admin_views", |c| async move {
        c.goto(&url).await.unwrap();
        type_into(&c, "#admin-username", "admin").await;
        type_into(&c, "#admin-password", &password).await;
        click(&c, "#sign-in").await;
        let table = wait_for_text(&c, "#customers", "apply succeeded").await;
        assert!(
            table.contains("acme.us.localhost") || table.contains(".us.localhost"),
            "{table}"
        );
        assert!(table.contains("sales v1"), "{table}");

        click(&c, "#tab-templates").await;
        click(&c, "#templates details[data-module=sales] summary").await;
        let v = wait_for_text(&c, "#templates li[data-version='2']", "quarterly KPIs").await;
        assert!(v.contains("v2"), "{v}");

        click(&c, "#tab-rollouts").await;
        type_into(&c, "#rollout-module", "sales").await;
        type_into(&c, "#rollout-version", "2").await;
        click(&c, "#rollout-start").await;
        let done = wait_for(&c, "#rollout[data-state=completed]").await;
        let text = done.text().await.unwrap();
        assert!(
            text.contains("v1 → v2") && text.contains("acme: succeeded"),
            "{text}"
        );

        click(&c, "#tab-audit").await;
        type_into(&c, "#audit-customer", "globex\n").await;
        c.find(fantoccini::Locator::Css("#audit-limit"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let audit = wait_for_text(&c, "#audit", "/api/v1/spaces").await;
        assert!(
            audit.contains("globex") && !audit.contains("acme"),
            "filtered: {audit}"
        );

        click(&c, "#tab-customers").await;
        click(&c, "button[data-manage=acme]").await;
        click(&c, "#deprovision").await;
        let go = wait_for(&c, "#deprovision-go").await;
        assert!(
            go.attr("disabled").await.unwrap().is_some(),
            "needs the slug typed"
        );
        type_into(&c, "#deprovision-slug", "acme").await;
        click(&c, "#deprovision-go").await;
        wait_for(&c, "#lifecycle-job .job-progress[data-state=succeeded]").await;
        let acme = CustomerSlug::parse("acme").unwrap();
        assert!(
            store
                .get_customer(&acme)
                .await
                .unwrap()
                .retired_at
                .is_some()
        );
        let first = wait_for(&c, "#lifecycle-job .job-progress")
            .await
            .attr("data-job")
            .await
            .unwrap();
        click(&c, "#reactivate").await;
        // Done when the store says so and the page shows that job (not the first) succeeded.
        let deadline = std::time::Instant::now() + crate::browser::WAIT;
        loop {
            let active = store.get_customer(&acme).await.unwrap().retired_at.is_none();
            let shown = match c
                .find(fantoccini::Locator::Css(
                    "#lifecycle-job .job-progress[data-state=succeeded]",
                ))
                .await
            {
                Ok(el) => el.attr("data-job").await.ok().flatten() != first,
                Err(_) => false,
            };
            if active && shown {
                break;
            }
            if std::time::Instant::now() > deadline {
                let jobs: Vec<String> = store
                    .list_jobs(Some(&acme), 10)
                    .await
                    .unwrap()
                    .iter()
                    .map(|j| format!("{} {} {:?}", j.id, j.kind, j.state))
                    .collect();
                panic!("reactivation not seen: active={active} shown={shown} first={first:?} jobs={jobs:?}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    })
    .await;
}
