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
async fn hybrid_refusals_name_the_cause_and_the_fix() {
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

    app.provision("acme").await;
    app.provision("globex").await;
    let setup = json!({"site_host": "qse.partner.example", "deployment_name": "acme prod"});
    let view = hub
        .view(Method::PUT, "/customers/acme/hybrid", Some(setup))
        .await;
    let (deployment, token) = site_deployment(&app, &view.values).await;
    assert_refused(
        hub.call(Method::POST, "/customers/acme/hybrid/adopt", None)
            .await,
        409,
        "paste the token",
    );
    let malformed = hub
        .call(
            Method::PUT,
            "/customers/acme/hybrid/token",
            Some(json!({"token": "not a token"})),
        )
        .await;
    assert_eq!(malformed.1["field"], "token", "{}", malformed.1);
    assert_eq!(malformed.0, 400);
    let (status, _) = hub
        .call(
            Method::PUT,
            "/customers/acme/hybrid/token",
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(status, 200);

    // One deployment token serves one customer.
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
        ..view.values.clone()
    };
    let (other, other_token) = site_deployment(&app, &values).await;
    let (status, _) = hub
        .call(
            Method::PUT,
            "/customers/acme/hybrid/token",
            Some(json!({"token": other_token})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, wrong) = distribute(&app, &deployment, sales_insights("Overview")).await;
    assert_eq!(status, 401, "{wrong}");
    assert!(wrong.to_string().contains("does not match"), "{wrong}");
    let (status, ok) = distribute(&app, &other, sales_insights("Overview")).await;
    assert_eq!(status, 200, "{ok}");

    // The tenant lost the IdP (deleted in its console): adoption says to reconcile, and the
    // site cannot push; reconciling repairs both.
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
    let (status, gone) = distribute(&app, &other, sales_insights("Overview")).await;
    assert_eq!(status, 401, "{gone}");
    let view = hub
        .view(Method::POST, "/customers/acme/hybrid/reconcile", None)
        .await;
    assert_eq!(view.status, DeploymentStatus::Connected);
    let (status, _) = distribute(&app, &other, sales_insights("Overview")).await;
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
