//! The API-token and host-app-binding tables on every backend (SQLite always, PostgreSQL when
//! `OEM_HUB_TEST_POSTGRES_URL` is set), and the migration of tokens and host apps made before.

use crate::store::{customer, for_each_backend};
use oem_hub::domain::{ApiTokenId, CustomerSlug, TokenName, TokenScope, TokenStatus};
use oem_hub::store::{ApiTokenRecord, NewApiToken, Store, StoreError};
use sqlx::{Connection, Executor};

fn slug(s: &str) -> CustomerSlug {
    CustomerSlug::parse(s).unwrap()
}

fn new(name: &str, scope: TokenScope, expires_at: Option<i64>) -> NewApiToken {
    NewApiToken {
        name: TokenName::parse(name).unwrap(),
        scope,
        expires_at,
    }
}

/// Acme and globex, which embed-scoped tokens may list.
async fn with_customers(store: &Store) {
    for c in ["acme", "globex"] {
        let spec = customer(c, &[]);
        store.insert_customer(&spec, None).await.unwrap();
    }
}

fn embed_scope() -> TokenScope {
    TokenScope::embed(vec![slug("globex"), slug("acme")]).unwrap()
}

/// An admin token made at 1 000 ms; its id.
async fn admin_token(store: &Store) -> ApiTokenId {
    let admin = new("ops", TokenScope::Admin, None);
    let issued = store.create_api_token(&admin, "cli", 1_000).await.unwrap();
    issued.record.id
}

/// The token whose secret is `secret`, if any.
async fn by_secret(store: &Store, secret: &str) -> Option<ApiTokenRecord> {
    store.api_token_by_secret(secret).await.unwrap()
}

#[tokio::test]
async fn tokens_are_created_found_by_secret_and_listed_newest_first() {
    for_each_backend(|store| async move {
        with_customers(&store).await;
        let admin = new("ops", TokenScope::Admin, None);
        let a = store.create_api_token(&admin, "cli", 1_000).await.unwrap();
        let backend = new("backend", embed_scope(), Some(5_000));
        let e = store
            .create_api_token(&backend, "admin:root", 2_000)
            .await
            .unwrap();
        assert!(a.secret.expose().starts_with("ohk_") && a.record.id.as_str().starts_with("tok_"));
        assert_ne!(a.record.id, e.record.id);
        let found = by_secret(&store, e.secret.expose()).await.unwrap();
        assert_eq!(found, e.record);
        assert_eq!(found.scope, embed_scope());
        let made = (
            found.created_by.as_str(),
            found.created_at,
            found.expires_at,
        );
        assert_eq!(made, ("admin:root", 2_000, Some(5_000)));
        assert_eq!(found.status_at(4_999), TokenStatus::Active);
        assert_eq!(found.status_at(5_000), TokenStatus::Expired);
        assert!(by_secret(&store, "ohk_unknown").await.is_none());
        let listed: Vec<_> = store.list_api_tokens().await.unwrap();
        let ids: Vec<_> = listed.into_iter().map(|t| t.id).collect();
        assert_eq!(ids, [e.record.id, a.record.id], "newest first");
    })
    .await;
}

#[tokio::test]
async fn a_token_for_an_unknown_customer_is_refused_and_nothing_is_written() {
    for_each_backend(|store| async move {
        with_customers(&store).await;
        let bad = TokenScope::embed(vec![slug("acme"), slug("nobody")]).unwrap();
        let err = store
            .create_api_token(&new("bad", bad, None), "cli", 3_000)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::NotFound(ref w) if w.contains("nobody")),
            "{err}"
        );
        assert!(store.list_api_tokens().await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn rotation_keeps_the_id_and_scope_and_the_old_secret_finds_nothing() {
    for_each_backend(|store| async move {
        with_customers(&store).await;
        let backend = new("backend", embed_scope(), None);
        let e = store
            .create_api_token(&backend, "cli", 2_000)
            .await
            .unwrap();
        let r = store
            .rotate_api_token(&e.record.id, 3_000)
            .await
            .unwrap()
            .unwrap();
        let kept = (&r.record.id, &r.record.scope, r.record.rotated_at);
        assert_eq!(kept, (&e.record.id, &embed_scope(), Some(3_000)));
        assert!(by_secret(&store, e.secret.expose()).await.is_none());
        let found = by_secret(&store, r.secret.expose()).await.unwrap();
        assert_eq!(found.id, e.record.id);
    })
    .await;
}

#[tokio::test]
async fn last_use_is_written_once_a_minute_at_most() {
    for_each_backend(|store| async move {
        let id = admin_token(&store).await;
        let used = async |store: &Store| store.api_token(&id).await.unwrap().unwrap().last_used_at;
        store.touch_api_token(&id, 10_000).await.unwrap();
        store.touch_api_token(&id, 69_999).await.unwrap();
        assert_eq!(used(&store).await, Some(10_000));
        store.touch_api_token(&id, 70_000).await.unwrap();
        assert_eq!(used(&store).await, Some(70_000));
    })
    .await;
}

#[tokio::test]
async fn revocation_sticks_and_blocks_rotation() {
    for_each_backend(|store| async move {
        let id = admin_token(&store).await;
        assert!(
            store
                .revoke_api_token(&id, "admin:root", 80_000)
                .await
                .unwrap()
        );
        // A second revocation keeps the first one's time and author.
        assert!(store.revoke_api_token(&id, "cli", 90_000).await.unwrap());
        let revoked = store.api_token(&id).await.unwrap().unwrap();
        let by = (revoked.revoked_at, revoked.revoked_by.as_deref());
        assert_eq!(by, (Some(80_000), Some("admin:root")));
        assert_eq!(revoked.status_at(0), TokenStatus::Revoked);
        assert!(store.rotate_api_token(&id, 95_000).await.unwrap().is_none());
        let ghost = ApiTokenId::parse("tok_000000000000000000000000").unwrap();
        assert!(!store.revoke_api_token(&ghost, "cli", 1).await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn host_apps_keep_their_customers_and_refuse_unknown_ones() {
    for_each_backend(|store| async move {
        for c in ["acme", "globex"] {
            store
                .insert_customer(&customer(c, &[]), None)
                .await
                .unwrap();
        }
        let record = oem_hub::store::HostAppRecord {
            id: "saas".into(),
            issuer: "https://saas.example".into(),
            audience: "oem-hub".into(),
            algorithm: "ES256".into(),
            public_key_pem: "pem".into(),
            customers: vec![slug("globex"), slug("acme"), slug("acme")],
            created_at: 0,
        };
        let saved = store.insert_host_app(&record, "test").await.unwrap();
        assert_eq!(saved.customers, vec![slug("acme"), slug("globex")]);
        assert_eq!(
            store.list_host_apps().await.unwrap()[0].customers,
            saved.customers
        );
        let bad = oem_hub::store::HostAppRecord {
            id: "other".into(),
            issuer: "https://other.example".into(),
            customers: vec![slug("nobody")],
            ..record.clone()
        };
        assert!(matches!(
            store.insert_host_app(&bad, "test").await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(
            store.list_host_apps().await.unwrap().len(),
            1,
            "nothing half-written"
        );
        let narrowed = store
            .set_host_app_customers("saas", &[slug("acme")])
            .await
            .unwrap();
        assert_eq!(narrowed.customers, vec![slug("acme")]);
        assert!(
            store
                .set_host_app_customers("saas", &[slug("nobody")])
                .await
                .is_err()
        );
        assert_eq!(
            store.list_host_apps().await.unwrap()[0].customers,
            vec![slug("acme")]
        );
        assert!(matches!(
            store.set_host_app_customers("ghost", &[]).await,
            Err(StoreError::NotFound(_))
        ));
    })
    .await;
}

/// Runs the migrations before scoped tokens on `url`, writes what an older hub would have,
/// then opens the store (running the rest).
async fn migrated_from_before(url: &str) -> Store {
    oem_hub::store::install_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut old = sqlx::migrate::Migrator::new(dir).await.unwrap();
    old.migrations = old
        .migrations
        .iter()
        .filter(|m| m.version < 14)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    old.run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO customers (slug, display_name, region, spec, created_at) VALUES ('acme', 'Acme', 'us', '{\"slug\":\"acme\",\"display_name\":\"Acme\",\"region\":\"us\"}', 1)",
        "INSERT INTO api_tokens (token_hash, name, created_by, created_at) VALUES ('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'legacy', 'cli', 5)",
        "INSERT INTO host_apps (id, issuer, audience, algorithm, public_key_pem, created_by, created_at) VALUES ('saas', 'https://saas.example', 'oem-hub', 'ES256', 'pem', 'test', 1)",
    ] {
        pool.execute(sql).await.unwrap();
    }
    pool.close().await;
    Store::connect(url).await.unwrap()
}

#[tokio::test]
async fn tokens_and_host_apps_from_before_scopes_migrate_to_admin_and_every_customer() {
    let dir = tempfile::tempdir().unwrap();
    let mut urls = vec![format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("old.db").display()
    )];
    let pg = std::env::var("OEM_HUB_TEST_POSTGRES_URL").ok();
    let name = format!(
        "oemhub_tokmig_{}_{}",
        std::process::id(),
        oem_hub::store::now_millis()
    );
    if let Some(admin_url) = &pg {
        let mut admin = sqlx::PgConnection::connect(admin_url).await.unwrap();
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        let mut url = url::Url::parse(admin_url).unwrap();
        url.set_path(&name);
        urls.push(url.to_string());
    }
    for url in &urls {
        let store = migrated_from_before(url).await;
        let tokens = store.list_api_tokens().await.unwrap();
        assert_eq!(tokens.len(), 1, "{url}");
        let legacy = &tokens[0];
        assert_eq!(legacy.id.as_str(), "tok_0123456789abcdef01234567");
        assert_eq!(
            (legacy.name.as_str(), legacy.scope.clone()),
            ("legacy", TokenScope::Admin)
        );
        assert_eq!(
            legacy.status_at(oem_hub::store::now_millis()),
            TokenStatus::Active
        );
        let apps = store.list_host_apps().await.unwrap();
        assert_eq!(apps[0].customers, vec![slug("acme")], "{url}");
        store.close().await;
    }
    if let Some(admin_url) = &pg {
        let mut admin = sqlx::PgConnection::connect(admin_url).await.unwrap();
        admin
            .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
            .await
            .unwrap();
    }
}
