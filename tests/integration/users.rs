//! The host users' lifecycle: a user the host removes (one call, or a bulk sync that leaves
//! them out, or the inactivity policy on a driven clock) can no longer sign in and no longer
//! appears in the tenant's users; every removal and restore is in the customer's log.

use crate::helpers::tenant::jwt_sign_in;
use crate::helpers::{TestApp, admin_token, fixtures, token_with};
use oem_hub::domain::{
    CustomerSlug, Origin, QlikSubject, RemovalCause, TenantUserOutcome, TokenScope, UserEvent,
};
use oem_hub::wire::{CustomerUsers, ErrorCode, UserRemoval, UserSync};
use reqwest::Method;
use serde_json::json;
use std::time::Duration;

const HOST: &str = "http://host.localhost:4000";

/// acme with the host page's origin, provisioned by the hub's own engine.
async fn acme(app: &TestApp) -> CustomerSlug {
    let acme = fixtures::slug("acme");
    let mut record = app.store.get_customer(&acme).await.expect("acme");
    record.spec.origins = vec![Origin::parse(HOST).expect("origin")];
    app.store
        .update_customer(&record.spec, None)
        .await
        .expect("stored");
    app.provision("acme").await;
    acme
}

/// Opens a session for `id` and signs it in to acme's tenant as the page would; the embed token.
async fn sign_in(app: &TestApp, api: &str, id: &str) -> String {
    let user = fixtures::user(id, &["viewers"]);
    let token = app
        .rest(api)
        .open_session("acme", &user)
        .await
        .expect("session")
        .token;
    let login = app.rest(&token).qlik_jwt().await.expect("a Qlik JWT");
    let resp = jwt_sign_in(app, &login, HOST).await;
    assert_eq!(resp.status().as_u16(), 200, "{id} signs in");
    token
}

/// Whether acme's tenant has a user for host user `id`.
async fn on_tenant(app: &TestApp, acme: &CustomerSlug, id: &str) -> bool {
    let host = app.store.get_state(acme).await.expect("state").observed;
    let host = host.hostname.expect("a tenant");
    let subject = QlikSubject::of_host_user(acme, id);
    app.qlik()
        .tenant(&host)
        .find_user(subject.as_str())
        .await
        .expect("users")
        .is_some()
}

#[tokio::test]
async fn a_removed_user_can_no_longer_sign_in_and_leaves_the_tenant() {
    let app = TestApp::spawn().await;
    let acme = acme(&app).await;
    let api = token_with(
        &app.store,
        "acme-backend",
        TokenScope::Embed {
            customers: vec![acme.clone()],
        },
    )
    .await;
    let ada_token = sign_in(&app, &api, "ada").await;
    sign_in(&app, &api, "bob").await;
    assert!(on_tenant(&app, &acme, "ada").await && on_tenant(&app, &acme, "bob").await);

    let rest = app.rest(&api);
    let removed: UserRemoval = rest
        .call(
            Method::DELETE,
            "/api/v1/embed/users/ada?customer=acme",
            None::<&()>,
        )
        .await
        .expect("removed");
    assert_eq!(removed.tenant_user, TenantUserOutcome::Deleted);
    assert!(!on_tenant(&app, &acme, "ada").await, "gone from the tenant");
    assert!(on_tenant(&app, &acme, "bob").await, "bob stays");
    // Neither the old session nor a new one signs ada in again.
    let refused = app.rest(&ada_token).qlik_jwt().await.expect_err("refused");
    assert_eq!(refused.error.code, ErrorCode::Forbidden, "{refused:?}");
    let ada = fixtures::user("ada", &["viewers"]);
    let refused = rest.open_session("acme", &ada).await.expect_err("refused");
    assert_eq!(refused.error.code, ErrorCode::Forbidden, "{refused:?}");
    assert!(refused.error.message.contains("removed"), "{refused:?}");

    // A sync listing ada lets her back; one leaving bob out removes him.
    let synced: UserSync = rest
        .call(
            Method::PUT,
            "/api/v1/embed/users",
            Some(&json!({"customer": "acme", "users": ["ada", "bob"]})),
        )
        .await
        .expect("synced");
    assert_eq!(
        (synced.restored, synced.removed),
        (vec!["ada".to_owned()], vec![])
    );
    sign_in(&app, &api, "ada").await;
    let synced: UserSync = rest
        .call(
            Method::PUT,
            "/api/v1/embed/users",
            Some(&json!({"customer": "acme", "users": ["ada"]})),
        )
        .await
        .expect("synced");
    let gone: Vec<&str> = synced.removed.iter().map(|r| r.user_id.as_str()).collect();
    assert_eq!(gone, ["bob"]);
    assert!(!on_tenant(&app, &acme, "bob").await);

    let users: CustomerUsers = rest
        .call(
            Method::GET,
            "/api/v1/embed/users?customer=acme",
            None::<&()>,
        )
        .await
        .expect("users");
    let active: Vec<&str> = users.active.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(active, ["ada"]);
    let log: Vec<(&str, UserEvent, RemovalCause)> = users
        .log
        .iter()
        .map(|e| (e.user_id.as_str(), e.event, e.cause))
        .collect();
    assert_eq!(
        log,
        [
            ("ada", UserEvent::Removed, RemovalCause::Host),
            ("ada", UserEvent::Restored, RemovalCause::Sync),
            ("bob", UserEvent::Removed, RemovalCause::Sync),
        ]
    );
    assert!(users.log.iter().all(|e| e.actor.starts_with("token:")));
}

#[tokio::test]
async fn bad_user_lifecycle_calls_are_refused_naming_the_cause() {
    let app = TestApp::spawn().await;
    let globex_only = token_with(
        &app.store,
        "globex-backend",
        TokenScope::Embed {
            customers: vec![fixtures::slug("globex")],
        },
    )
    .await;
    let admin = admin_token(&app.store, "admin").await;
    for (token, method, path, body, status, field) in [
        (
            &globex_only,
            Method::DELETE,
            "/api/v1/embed/users/ada?customer=acme",
            None,
            403,
            None,
        ),
        (
            &admin,
            Method::DELETE,
            "/api/v1/embed/users/ada?customer=nobody",
            None,
            400,
            Some("customer"),
        ),
        (
            &admin,
            Method::DELETE,
            "/api/v1/embed/users/%20?customer=acme",
            None,
            400,
            Some("id"),
        ),
        (
            &admin,
            Method::PUT,
            "/api/v1/embed/users",
            Some(json!({"customer": "acme", "users": ["ok", ""]})),
            400,
            Some("users[1]"),
        ),
        (
            &admin,
            Method::PUT,
            "/api/v1/embed/users",
            Some(json!({"customer": "acme"})),
            400,
            None,
        ),
        (
            &globex_only,
            Method::POST,
            "/api/v1/embed/users/sweep",
            None,
            403,
            None,
        ),
    ] {
        let (got, error) = app.rest(token).raw(method.clone(), path, body).await;
        assert_eq!(got, status, "{method} {path}: {error}");
        if let Some(field) = field {
            assert_eq!(error["field"].as_str(), Some(field), "{path}: {error}");
        }
    }
    // Nothing was written by the refusals.
    assert!(
        app.store
            .user_events(&fixtures::slug("acme"))
            .await
            .expect("log")
            .is_empty()
    );
}

async fn sweep(app: &TestApp, token: &str) -> Vec<UserRemoval> {
    app.rest(token)
        .call(Method::POST, "/api/v1/embed/users/sweep", None::<&()>)
        .await
        .expect("swept")
}

#[tokio::test]
async fn the_inactivity_policy_removes_users_after_days_without_a_sign_in() {
    let app = TestApp::spawn().await;
    let acme = acme(&app).await;
    let mut record = app.store.get_customer(&acme).await.expect("acme");
    record.spec.users.remove_after_inactive_days = Some(30);
    app.store
        .update_customer(&record.spec, None)
        .await
        .expect("policy");
    let api = admin_token(&app.store, "host").await;
    sign_in(&app, &api, "ada").await;
    app.clock.advance(Duration::from_secs(20 * 86_400));
    sign_in(&app, &api, "bob").await;
    assert!(
        sweep(&app, &api).await.is_empty(),
        "nobody is 30 days idle yet"
    );
    app.clock.advance(Duration::from_secs(11 * 86_400));
    let removed = sweep(&app, &api).await;
    let ids: Vec<&str> = removed.iter().map(|r| r.user_id.as_str()).collect();
    assert_eq!(ids, ["ada"], "31 days since ada's sign-in, 11 since bob's");
    assert!(!on_tenant(&app, &acme, "ada").await && on_tenant(&app, &acme, "bob").await);
    let log = app.store.user_events(&acme).await.expect("log");
    assert_eq!(
        (log[0].cause, log[0].actor.as_str()),
        (RemovalCause::Inactive, "policy")
    );
}
