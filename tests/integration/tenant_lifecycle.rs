//! Tenant rename/alias, deactivation with confirmation and purge window, and what a disabled
//! tenant refuses, through the client.

use crate::helpers::TestApp;
use oem_hub::domain::Region;
use oem_hub::qlik::{Credentials, QlikClient, QlikEndpoint};
use reqwest::Method;
use secrecy::SecretString;

#[tokio::test]
async fn rename_deactivate_and_reactivate_a_tenant() {
    let app = TestApp::spawn().await;
    let qlik = app.qlik();
    let tenant = qlik
        .create_tenant(Region::Us, &app.source.license_key)
        .await
        .unwrap();
    let host = tenant.hostnames[0].clone();

    qlik.tenant(&host)
        .rename_tenant(&tenant.id, "Acme Corp", Some("acme.us.localhost"))
        .await
        .unwrap();
    let renamed = qlik
        .tenant(&crate::helpers::id("acme.us.localhost"))
        .get_tenant(&tenant.id)
        .await
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.hostnames.as_slice()),
        (
            "Acme Corp",
            [host.clone(), crate::helpers::id("acme.us.localhost")].as_slice()
        )
    );
    let err = qlik
        .tenant(&host)
        .rename_tenant(&tenant.id, "x", Some("acme.eu.localhost"))
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(400),
        "an alias outside the region: {err}"
    );

    let err = qlik
        .deactivate_tenant(
            Region::Us,
            &tenant.id,
            &crate::helpers::id("wrong.us.localhost"),
            30,
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    let err = qlik
        .deactivate_tenant(Region::Us, &tenant.id, &host, 5)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "purgeAfterDays below 10: {err}");
    qlik.deactivate_tenant(
        Region::Us,
        &tenant.id,
        &crate::helpers::id("acme.us.localhost"),
        30,
    )
    .await
    .unwrap();

    // A disabled tenant refuses API calls with a cached token and new token requests.
    let err = qlik.tenant(&host).get_tenant(&tenant.id).await.unwrap_err();
    assert_eq!(err.status(), Some(403), "{err}");
    let fresh = QlikClient::new(
        QlikEndpoint::emulator(app.emulator.port()),
        Credentials {
            client_id: app.source.client_id.clone(),
            client_secret: SecretString::from(app.source.client_secret.clone()),
        },
    )
    .unwrap();
    let err = fresh.tenant(&host).me().await.unwrap_err();
    assert_eq!(err.status(), Some(403), "{err}");
    let login = app
        .emulator_request(Method::POST, &host, "/login/jwt-session")
        .bearer_auth("x.y.z")
        .send()
        .await
        .unwrap();
    assert_eq!(login.status().as_u16(), 403);

    qlik.reactivate_tenant(Region::Us, &tenant.id, &host)
        .await
        .unwrap();
    assert_eq!(
        qlik.tenant(&host)
            .get_tenant(&tenant.id)
            .await
            .unwrap()
            .status
            .as_deref(),
        Some("active")
    );
}
