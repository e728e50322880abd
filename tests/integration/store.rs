//! The config store on every backend: SQLite always, PostgreSQL when
//! `OEM_HUB_TEST_POSTGRES_URL` is set (one fresh database per test, dropped afterwards).

use oem_hub::domain::CustomerSpec;
use oem_hub::domain::{AppId, CustomerSlug, ModuleKey, Region};
use oem_hub::store::{Store, StoreError, TemplateVersion};
use sqlx::{Connection, Executor};
use std::future::Future;

pub async fn for_each_backend<F, Fut>(test: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("hub.db").display());
    test(Store::connect(&sqlite).await.unwrap()).await;

    let Ok(admin_url) = std::env::var("OEM_HUB_TEST_POSTGRES_URL") else {
        return;
    };
    let name = format!("oemhub_test_{}", uuid_like());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let mut url = url::Url::parse(&admin_url).unwrap();
    url.set_path(&name);
    let store = Store::connect(url.as_str()).await.unwrap();
    test(store.clone()).await;
    store.close().await;
    admin
        .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{}_{nanos}", std::process::id())
}

pub fn customer(slug: &str, modules: &[&str]) -> CustomerSpec {
    serde_json::from_value(serde_json::json!({
        "slug": slug, "display_name": format!("{slug} Inc."), "region": "eu", "modules": modules,
    }))
    .unwrap()
}

pub fn template(app: &str) -> TemplateVersion {
    TemplateVersion {
        template_app_id: AppId::parse(app).unwrap(),
        sheets: vec![],
        script_template: "T: SQL SELECT 1;".to_owned(),
        variables: Vec::new(),
        note: String::new(),
    }
}

pub async fn add_module(store: &Store, key: &str) {
    store
        .insert_module(
            &ModuleKey::parse(key).unwrap(),
            key,
            &template(&format!("app-{key}")),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn customers_round_trip_with_their_modules() {
    for_each_backend(|store| async move {
        add_module(&store, "sales").await;
        add_module(&store, "finance").await;
        let saved = store
            .insert_customer(&customer("acme", &["sales", "finance"]), None)
            .await
            .unwrap();
        assert_eq!(saved.spec.region, Region::Eu);
        assert_eq!(
            saved
                .spec
                .modules
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>(),
            ["sales", "finance"]
        );
        let listed = store.list_customers().await.unwrap();
        assert_eq!(listed, vec![saved]);
        let counts = store.counts().await.unwrap();
        assert_eq!((counts.customers, counts.modules), (1, 2));
    })
    .await;
}

#[tokio::test]
async fn duplicates_conflict_and_failures_leave_nothing_half_written() {
    for_each_backend(|store| async move {
        add_module(&store, "sales").await;
        store
            .insert_customer(&customer("acme", &["sales"]), None)
            .await
            .unwrap();
        let dup = store
            .insert_customer(&customer("acme", &[]), None)
            .await
            .unwrap_err();
        assert!(
            matches!(dup, StoreError::Conflict(ref what) if what == "customer acme"),
            "{dup}"
        );

        let unknown = store
            .insert_customer(&customer("globex", &["sales", "nope"]), None)
            .await
            .unwrap_err();
        assert!(
            matches!(unknown, StoreError::UnknownModule(ref key) if key == "nope"),
            "{unknown}"
        );
        let missing = store
            .get_customer(&CustomerSlug::parse("globex").unwrap())
            .await
            .unwrap_err();
        assert!(
            matches!(missing, StoreError::NotFound(_)),
            "globex must not exist: {missing}"
        );

        let dup_module = store
            .insert_module(&ModuleKey::parse("sales").unwrap(), "Sales", &template("x"))
            .await
            .unwrap_err();
        assert!(matches!(dup_module, StoreError::Conflict(_)));
    })
    .await;
}

#[tokio::test]
async fn sessions_expire_and_can_be_deleted() {
    for_each_backend(|store| async move {
        store.insert_admin("admin", "hash").await.unwrap();
        let now = chrono::Utc::now().timestamp_millis();
        store
            .insert_session("live", "admin", now + 60_000)
            .await
            .unwrap();
        store.insert_session("old", "admin", now - 1).await.unwrap();
        assert_eq!(
            store.session_user("live").await.unwrap().as_deref(),
            Some("admin")
        );
        assert_eq!(store.session_user("old").await.unwrap(), None);
        store.delete_session("live").await.unwrap();
        assert_eq!(store.session_user("live").await.unwrap(), None);
    })
    .await;
}
