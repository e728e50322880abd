//! Hybrid distribution's refusals: each names the cause and what to do — bad input, a tenant
//! not provisioned, a token another customer holds, a wrong token on the site, a tenant
//! without the multi-cloud IdP, a missing managed space.

use crate::helpers::TestApp;
use crate::hybrid_site::{Hub, distribute, sales_insights, site_deployment};
use oem_hub::domain::{CustomerSlug, DeploymentStatus, DeploymentValues};
use reqwest::Method;
use serde_json::{Value, json};

fn assert_refused(got: (u16, Value), status: u16, needle: &str) -> Value {
    let (code, body) = got;
    assert_eq!(code, status, "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains(needle), "{needle:?} not in {message:?}");
    body
}

#[tokio::test]
async fn bad_input_and_a_customer_without_a_tenant_are_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let hub = Hub::new(&app).await;
    // Bad input names the field; nothing is written.
    for (body, field) in [
        (
            json!({"site_host": "https://qse", "deployment_name": "x"}),
            "site_host",
        ),
        (
            json!({"site_host": "qse.example", "deployment_name": "a\"b"}),
            "deployment_name",
        ),
        (json!({"site_host": "qse.example"}), "deployment_name"),
        (
            json!({"site_host": "qse.example", "deployment_name": "x", "token": "t"}),
            "token",
        ),
    ] {
        let (status, err) = hub
            .call(Method::PUT, "/customers/acme/hybrid", Some(body.clone()))
            .await;
        assert_eq!(
            (status, err["field"].as_str()),
            (400, Some(field)),
            "{body}: {err}"
        );
    }
    let acme = CustomerSlug::parse("acme").unwrap();
    assert!(app.store.hybrid_deployment(&acme).await.unwrap().is_none());
    assert_refused(
        hub.call(Method::GET, "/customers/acme/hybrid", None).await,
        404,
        "has no hybrid deployment",
    );

    // A customer without a tenant cannot get values: its tenant URL is the API endpoint.
    let spec = crate::rest::with_database(&app, crate::rest::customer("initech")).await;
    let (status, body) = hub.call(Method::POST, "/customers", Some(spec)).await;
    assert_eq!(status, 201, "{body}");
    let setup = json!({"site_host": "qse.partner.example", "deployment_name": "initech"});
    assert_refused(
        hub.call(Method::PUT, "/customers/initech/hybrid", Some(setup))
            .await,
        409,
        "apply its spec first",
    );
}

/// Acme provisioned with a deployment set up on the site: its values, id and token (not yet
/// pasted).
async fn acme_deployment(app: &TestApp, hub: &Hub<'_>) -> (DeploymentValues, String, String) {
    app.provision("acme").await;
    let setup = json!({"site_host": "qse.partner.example", "deployment_name": "acme prod"});
    let view = hub
        .view(Method::PUT, "/customers/acme/hybrid", Some(setup))
        .await;
    let (deployment, token) = site_deployment(app, &view.values).await;
    (view.values, deployment, token)
}

/// Pastes `token` as acme's deployment token; the status the hub answers.
async fn paste(hub: &Hub<'_>, token: &str) -> u16 {
    let body = json!({"token": token});
    let (status, _) = hub
        .call(Method::PUT, "/customers/acme/hybrid/token", Some(body))
        .await;
    status
}

#[tokio::test]
async fn a_missing_malformed_reused_or_wrong_token_is_refused_naming_it() {
    let app = TestApp::spawn().await;
    let hub = Hub::new(&app).await;
    let (values, deployment, token) = acme_deployment(&app, &hub).await;
    assert_refused(
        hub.call(Method::POST, "/customers/acme/hybrid/adopt", None)
            .await,
        409,
        "paste the token",
    );
    let body = json!({"token": "not a token"});
    let (status, malformed) = hub
        .call(Method::PUT, "/customers/acme/hybrid/token", Some(body))
        .await;
    assert_eq!(
        (status, &malformed["field"]),
        (400, &json!("token")),
        "{malformed}"
    );
    assert_eq!(paste(&hub, &token).await, 200);

    // One deployment token serves one customer.
    app.provision("globex").await;
    let setup = json!({"site_host": "qse.partner.example", "deployment_name": "globex prod"});
    let (status, globex) = hub
        .call(Method::PUT, "/customers/globex/hybrid", Some(setup))
        .await;
    assert_eq!(status, 200, "{globex}");
    let reused = assert_refused(
        hub.call(
            Method::PUT,
            "/customers/globex/hybrid/token",
            Some(json!({"token": token})),
        )
        .await,
        409,
        "belongs to customer acme",
    );
    assert_eq!(reused["field"], "token");

    // A site on another license cannot distribute at all.
    crate::hybrid_site::site_license(&app, "eyJhbGciOiJFUzM4NCJ9.other-license").await;
    let (status, refused) = distribute(&app, &deployment, sales_insights("Overview")).await;
    assert_eq!(status, 403, "{refused}");
    assert!(
        refused.to_string().contains("not the tenant's"),
        "{refused}"
    );

    // A wrong token: the tenant trusts another deployment, so this one's push is refused.
    let values = DeploymentValues {
        deployment_name: "acme other".to_owned(),
        ..values
    };
    let (other, other_token) = site_deployment(&app, &values).await;
    assert_eq!(paste(&hub, &other_token).await, 200);
    let (status, wrong) = distribute(&app, &deployment, sales_insights("Overview")).await;
    assert_eq!(status, 401, "{wrong}");
    assert!(wrong.to_string().contains("does not match"), "{wrong}");
    let (status, ok) = distribute(&app, &other, sales_insights("Overview")).await;
    assert_eq!(status, 200, "{ok}");
}

#[tokio::test]
async fn a_lost_idp_or_managed_space_is_named_with_its_fix() {
    let app = TestApp::spawn().await;
    let hub = Hub::new(&app).await;
    let (_, deployment, token) = acme_deployment(&app, &hub).await;
    assert_eq!(paste(&hub, &token).await, 200);

    // The tenant lost the IdP (deleted in its console): adoption says to reconcile, and the
    // site cannot push; reconciling repairs both.
    let acme = CustomerSlug::parse("acme").unwrap();
    let observed = app.store.get_state(&acme).await.unwrap().observed;
    let tenant = observed.hostname.clone().unwrap();
    let record = app.store.hybrid_deployment(&acme).await.unwrap().unwrap();
    app.qlik()
        .tenant(&tenant)
        .delete_identity_provider(record.idp_id.as_ref().unwrap())
        .await
        .unwrap();
    assert_refused(
        hub.call(Method::POST, "/customers/acme/hybrid/adopt", None)
            .await,
        409,
        "reconcile the deployment",
    );
    let (status, gone) = distribute(&app, &deployment, sales_insights("Overview")).await;
    assert_eq!(status, 401, "{gone}");
    let view = hub
        .view(Method::POST, "/customers/acme/hybrid/reconcile", None)
        .await;
    assert_eq!(view.status, DeploymentStatus::Connected);
    let (status, _) = distribute(&app, &deployment, sales_insights("Overview")).await;
    assert_eq!(status, 200);

    // No managed space to place apps in: the admin is told to apply the customer's spec.
    let space = observed.production_space_id.clone().unwrap();
    let resp = app
        .emulator_request(Method::DELETE, &tenant, &format!("/api/v1/spaces/{space}"))
        .bearer_auth(bot_token(&app, &tenant).await)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    assert_refused(
        hub.call(Method::POST, "/customers/acme/hybrid/adopt", None)
            .await,
        409,
        "no managed space",
    );
    assert!(
        app.store.hybrid_apps(&acme).await.unwrap().is_empty(),
        "nothing half-adopted"
    );
}

/// A tenant-admin bearer token for `tenant` (the seeded client's bot).
async fn bot_token(app: &TestApp, tenant: &(impl std::fmt::Display + ?Sized)) -> String {
    let resp = app
        .emulator_request(Method::POST, tenant, "/oauth/token")
        .json(
            &json!({"client_id": app.source.client_id, "client_secret": app.source.client_secret,
            "grant_type": "client_credentials"}),
        )
        .send()
        .await
        .unwrap();
    let body: Value = resp.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}
