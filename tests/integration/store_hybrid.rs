//! Hybrid rows on every backend: a deployment written whole and updated in place, a token
//! digest that only one customer may hold, adopted apps replaced and forgotten.

use crate::helpers::id;
use crate::store::{customer, for_each_backend};
use oem_hub::api::{HybridApp, HybridSheet};
use oem_hub::domain::{CustomerSlug, DeploymentStatus, HybridAppStatus};
use oem_hub::store::{HybridDeploymentRecord, Sealed, StoreError};

fn deployment(name: &str, digest: Option<&str>) -> HybridDeploymentRecord {
    HybridDeploymentRecord {
        site_host: id("qse.partner.example"),
        name: id(name),
        token_sealed: digest.map(|d| Sealed(format!("sealed-{d}"))),
        token_digest: digest.map(str::to_owned),
        idp_id: None,
        idp_token_digest: None,
        status: DeploymentStatus::AwaitingToken,
        status_detail: String::new(),
    }
}

fn adopted(app_id: &str, title: &str) -> HybridApp {
    HybridApp {
        app_id: id(app_id),
        name: "Sales Insights".into(),
        module_key: id("qse-sales-insights"),
        status: HybridAppStatus::Adopted,
        reason: String::new(),
        space_id: Some(id("space-1")),
        published_at: Some("2026-11-30T10:00:00Z".into()),
        sheets: vec![HybridSheet {
            id: id("s1"),
            title: title.into(),
            extension_types: vec!["d3-sunburst".into()],
            exposed: false,
        }],
    }
}

#[tokio::test]
async fn hybrid_rows_round_trip_and_one_token_serves_one_customer() {
    for_each_backend(|store| async move {
        let acme = CustomerSlug::parse("acme").unwrap();
        let globex = CustomerSlug::parse("globex").unwrap();
        store
            .insert_customer(&customer("acme", &[]), None)
            .await
            .unwrap();
        store
            .insert_customer(&customer("globex", &[]), None)
            .await
            .unwrap();
        assert_eq!(store.hybrid_deployment(&acme).await.unwrap(), None);

        store
            .save_hybrid_deployment(&acme, &deployment("acme prod", None))
            .await
            .unwrap();
        let mut record = deployment("acme prod", Some("digest-a"));
        record.idp_id = Some(id("idp-1"));
        record.status = DeploymentStatus::Connected;
        store.save_hybrid_deployment(&acme, &record).await.unwrap();
        assert_eq!(store.hybrid_deployment(&acme).await.unwrap(), Some(record));
        assert_eq!(
            store
                .hybrid_token_owner("digest-a")
                .await
                .unwrap()
                .as_deref(),
            Some("acme")
        );
        let taken = store
            .save_hybrid_deployment(&globex, &deployment("globex", Some("digest-a")))
            .await;
        assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");
        assert_eq!(
            store.hybrid_deployment(&globex).await.unwrap(),
            None,
            "nothing written"
        );

        store
            .save_hybrid_app(&acme, &adopted("app-1", "Overview"))
            .await
            .unwrap();
        store
            .save_hybrid_app(&acme, &adopted("app-1", "Overview 2027"))
            .await
            .unwrap();
        let apps = store.hybrid_apps(&acme).await.unwrap();
        assert_eq!(apps, vec![adopted("app-1", "Overview 2027")]);
        assert!(store.hybrid_apps(&globex).await.unwrap().is_empty());
        store.delete_hybrid_app(&acme, &id("app-1")).await.unwrap();
        assert!(store.hybrid_apps(&acme).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_lease_has_one_owner_until_it_lapses() {
    for_each_backend(|store| async move {
        assert!(store.try_lease("hybrid-sync", "a", 60_000).await.unwrap());
        assert!(
            !store.try_lease("hybrid-sync", "b", 60_000).await.unwrap(),
            "held by a"
        );
        assert!(
            store.try_lease("hybrid-sync", "a", 60_000).await.unwrap(),
            "a renews"
        );
        assert!(
            store.try_lease("other", "b", 60_000).await.unwrap(),
            "names are separate"
        );
        assert!(
            store.try_lease("hybrid-sync", "a", -1).await.unwrap(),
            "a lets it lapse"
        );
        assert!(
            store.try_lease("hybrid-sync", "b", 60_000).await.unwrap(),
            "b takes it over"
        );
    })
    .await;
}
