//! Jobs, leases, sealed secrets and the audit log on every backend (PostgreSQL when
//! `OEM_HUB_TEST_POSTGRES_URL` is set): the guarantees several hub replicas rely on.

use crate::store::{add_module, customer, for_each_backend};
use oem_hub::domain::{CustomerSlug, JobKind};
use oem_hub::store::{AuditEntry, JobState, Observed, SealingKey, Store, StoreError};

async fn seeded(store: &Store, slugs: &[&str]) {
    add_module(store, "sales").await;
    for slug in slugs {
        store
            .insert_customer(&customer(slug, &["sales"]), None)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn one_unfinished_job_per_customer_and_claims_are_exclusive() {
    for_each_backend(|store| async move {
        seeded(&store, &["acme", "globex"]).await;
        let acme = CustomerSlug::parse("acme").unwrap();
        let (job, new) = store.enqueue_job(&acme, JobKind::Apply).await.unwrap();
        assert!(new);
        let (again, new) = store.enqueue_job(&acme, JobKind::Apply).await.unwrap();
        assert_eq!((again.id.as_str(), new), (job.id.as_str(), false));

        // Two replicas race for the same job many times over: exactly one wins each time.
        for round in 0..20 {
            let (a, b) = tokio::join!(
                store.claim_job("replica-a", 60_000),
                store.claim_job("replica-b", 60_000)
            );
            let winners = [a.unwrap(), b.unwrap()].into_iter().flatten().count();
            assert_eq!(winners, usize::from(round == 0), "round {round}");
        }
        let held = store.get_job(&job.id).await.unwrap();
        let owner = held.lease_owner.clone().unwrap();
        let other = if owner == "replica-a" {
            "replica-b"
        } else {
            "replica-a"
        };
        // The loser cannot heartbeat, write observed state or finish it.
        assert!(
            !store
                .heartbeat_job(&job.id, other, 60_000, None)
                .await
                .unwrap()
        );
        let fence = oem_hub::store::Fence {
            job_id: &job.id,
            owner: other,
        };
        let err = store
            .save_observed(&acme, &Observed::default(), Some(fence))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::LeaseLost(_)), "{err}");
        assert!(
            !store
                .finish_job(&job.id, other, JobState::Failed, Some("x"))
                .await
                .unwrap()
        );
        // The holder progresses and finishes; then a new job may be queued.
        assert!(
            store
                .heartbeat_job(&job.id, &owner, 60_000, Some((3, 9, "spaces")))
                .await
                .unwrap()
        );
        let fence = oem_hub::store::Fence {
            job_id: &job.id,
            owner: &owner,
        };
        store
            .save_observed(&acme, &Observed::default(), Some(fence))
            .await
            .unwrap();
        assert!(
            store
                .finish_job(&job.id, &owner, JobState::Succeeded, None)
                .await
                .unwrap()
        );
        let done = store.get_job(&job.id).await.unwrap();
        assert_eq!(
            (done.state, done.step_index, done.step_name.as_str()),
            (JobState::Succeeded, 3, "spaces")
        );
        let (next, new) = store.enqueue_job(&acme, JobKind::Apply).await.unwrap();
        assert!(new && next.id != job.id);
    })
    .await;
}

#[tokio::test]
async fn an_expired_lease_is_taken_over_and_a_requeued_job_waits_its_turn() {
    for_each_backend(|store| async move {
        seeded(&store, &["acme"]).await;
        let acme = CustomerSlug::parse("acme").unwrap();
        let (job, _) = store.enqueue_job(&acme, JobKind::Apply).await.unwrap();
        assert!(store.claim_job("dead", 1).await.unwrap().is_some());
        // Wait (on the condition, not a fixed time) until the 1 ms lease has expired.
        let limit = std::time::Duration::from_secs(10);
        let taken = crate::helpers::wait_until("the lease to expire", limit, || async {
            store.claim_job("alive", 60_000).await.unwrap()
        })
        .await;
        assert_eq!((taken.id.as_str(), taken.attempts), (job.id.as_str(), 2));
        let later = chrono::Utc::now().timestamp_millis() + 3_600_000;
        assert!(
            store
                .requeue_job(&job.id, "alive", later, "Qlik answered 503")
                .await
                .unwrap()
        );
        assert!(
            store.claim_job("alive", 60_000).await.unwrap().is_none(),
            "not before its time"
        );
        let cancelled = store.cancel_job(&job.id).await.unwrap();
        assert_eq!(cancelled.state, JobState::Cancelled);
    })
    .await;
}

#[tokio::test]
async fn secrets_are_sealed_at_rest_and_the_audit_log_only_grows() {
    for_each_backend(|store| async move {
        seeded(&store, &[]).await;
        let key = SealingKey::from_base64(&SealingKey::generate_base64()).unwrap();
        let mut spec = customer("acme", &["sales"]);
        spec.data_connection = Some(
            serde_json::from_value(serde_json::json!(
                {"type": "postgres", "connection_string": "postgres://u:hunter2@db/acme"}
            ))
            .unwrap(),
        );
        let sealed = key.seal("postgres://u:hunter2@db/acme");
        let saved = store
            .insert_customer(&spec, Some(sealed.clone()))
            .await
            .unwrap();
        assert!(
            saved
                .spec
                .data_connection
                .unwrap()
                .connection_string
                .is_empty()
        );
        let raw: String = sqlx::query_scalar("SELECT spec FROM customers")
            .fetch_one(&any_pool(&store))
            .await
            .unwrap();
        assert!(!raw.contains("hunter2"), "{raw}");
        let opened = key.open(saved.connection_sealed.as_ref().unwrap()).unwrap();
        assert_eq!(
            secrecy::ExposeSecret::expose_secret(&opened),
            "postgres://u:hunter2@db/acme"
        );

        let entry = |path: &str| AuditEntry {
            at: 1,
            customer: Some("acme".into()),
            job_id: None,
            method: "GET".into(),
            host: "h".into(),
            path: path.into(),
            status: 200,
            duration_ms: 3,
        };
        store
            .append_audit(&[entry("/a"), entry("/b")])
            .await
            .unwrap();
        store.append_audit(&[entry("/c")]).await.unwrap();
        let paths: Vec<String> = store
            .query_audit(Some("acme"), 10)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.path)
            .collect();
        assert_eq!(paths, ["/a", "/b", "/c"]);
        assert_eq!(store.query_audit(None, 2).await.unwrap().len(), 2);
    })
    .await;
}

fn any_pool(store: &Store) -> sqlx::AnyPool {
    store.pool_for_tests()
}
