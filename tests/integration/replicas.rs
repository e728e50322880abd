//! Two engine instances (two "replicas", each with its own connection pool) on one PostgreSQL
//! database: every customer converges, and no customer is ever worked on by both.

use crate::helpers::TestApp;
use crate::provision::add_customer;
use futures::FutureExt;
use oem_hub::provision::{Hooks, Point};
use oem_hub::store::{JobState, Store};
use sqlx::{Connection, Executor};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// A fresh database on the test PostgreSQL server, or `None` when none is configured.
async fn fresh_postgres() -> Option<String> {
    let admin_url = std::env::var("OEM_HUB_TEST_POSTGRES_URL").ok()?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let name = format!("oemhub_replicas_{}_{nanos}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let mut url = url::Url::parse(&admin_url).unwrap();
    url.set_path(&name);
    Some(url.to_string())
}

/// Copies the demo's modules (all versions) into `to`.
async fn copy_modules(from: &Store, to: &Store) {
    for module in from.list_modules().await.unwrap() {
        let first = from.get_module_version(&module.key, 1).await.unwrap();
        let template = oem_hub::store::TemplateVersion {
            template_app_id: first.template_app_id,
            sheets: first.sheets,
            script_template: first.script_template,
            variables: Vec::new(),
            note: first.note,
        };
        to.insert_module(&module.key, &module.name, &template)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn two_engines_on_one_postgres_never_run_the_same_customer_at_once() {
    let Some(url) = fresh_postgres().await else {
        eprintln!("OEM_HUB_TEST_POSTGRES_URL not set: skipping the two-replica test");
        return;
    };
    let mut app = TestApp::spawn().await;
    let replica_a = Store::connect(&url).await.unwrap();
    let replica_b = Store::connect(&url).await.unwrap();
    copy_modules(&app.store, &replica_a).await;
    // Customers are added through replica A's store (add_customer writes to app.store).
    let sqlite = std::mem::replace(&mut app.store, replica_a.clone());
    let mut slugs = Vec::new();
    for i in 0..6 {
        slugs.push(add_customer(&app, &format!("replica-{i}")).await);
    }
    app.store = sqlite;

    // Which engine reached which customer's points.
    let seen: Arc<Mutex<BTreeMap<String, Vec<&'static str>>>> = Arc::default();
    let hooks = |name: &'static str| {
        let seen = seen.clone();
        Hooks::new(move |p: &Point| {
            seen.lock()
                .unwrap()
                .entry(p.customer.to_string())
                .or_default()
                .push(name);
            tokio::task::yield_now().boxed()
        })
    };
    let a = app.engine_on(replica_a.clone(), hooks("a"));
    let b = app.engine_on(replica_b.clone(), hooks("b"));
    let mut jobs = Vec::new();
    for slug in &slugs {
        jobs.push(a.enqueue_apply(slug).await.unwrap().0.id);
    }
    let (stop, stopped) = tokio::sync::watch::channel(false);
    for engine in [a.clone(), b.clone()] {
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            engine
                .run_worker(async move {
                    let _ = stopped.wait_for(|s| *s).await;
                })
                .await;
        });
    }
    for id in &jobs {
        let job = crate::helpers::job_done(&b, id).await;
        assert_eq!(job.state, JobState::Succeeded, "{job:?}");
    }
    let _ = stop.send(true);

    let seen = seen.lock().unwrap().clone();
    for slug in &slugs {
        let engines: std::collections::BTreeSet<_> = seen[slug.as_str()].iter().collect();
        assert_eq!(engines.len(), 1, "{slug} was worked on by {engines:?}");
        let observed = replica_b.get_state(slug).await.unwrap().observed;
        assert_eq!(
            crate::provision::census(&app, &observed).await,
            (1, 1, 2, 2),
            "{slug}"
        );
    }
    eprintln!(
        "customers per engine: {:?}",
        seen.values().map(|v| v[0]).collect::<Vec<_>>()
    );
    replica_a.close().await;
    replica_b.close().await;
    drop_database(&url).await;
}

async fn drop_database(url: &str) {
    let admin_url = std::env::var("OEM_HUB_TEST_POSTGRES_URL").unwrap();
    let name = url::Url::parse(url)
        .unwrap()
        .path()
        .trim_start_matches('/')
        .to_owned();
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    admin
        .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
}
