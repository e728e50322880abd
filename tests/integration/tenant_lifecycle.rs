//! Tenant rename/alias, deactivation with confirmation and purge window, and what a disabled
//! tenant refuses, through the client.

use crate::helpers::TestApp;
use oem_hub::domain::{Region, TenantHostname, TenantId};
use oem_hub::qlik::{Credentials, QlikClient, QlikEndpoint};
use reqwest::Method;
use secrecy::SecretString;

/// A new US tenant of a bare hub: the hub, the tenant's id and hostname.
async fn new_tenant() -> (TestApp, TenantId, TenantHostname) {
    let app = TestApp::bare().await;
    let tenant = app
        .qlik()
        .create_tenant(Region::Us, &app.source.license_key)
        .await
        .unwrap();
    let host = tenant.hostnames[0].clone();
    (app, tenant.id, host)
}

#[tokio::test]
async fn a_tenant_is_renamed_with_an_alias_in_its_own_region_only() {
    let (app, id, host) = new_tenant().await;
    let qlik = app.qlik();
    let alias: TenantHostname = crate::helpers::id("acme.us.localhost");
    qlik.tenant(&host)
        .rename_tenant(&id, "Acme Corp", Some(alias.as_str()))
        .await
        .unwrap();
    let renamed = qlik.tenant(&alias).get_tenant(&id).await.unwrap();
    let both = [host.clone(), alias.clone()];
    assert_eq!(
        (renamed.name.as_str(), renamed.hostnames.as_slice()),
        ("Acme Corp", both.as_slice())
    );
    let err = qlik
        .tenant(&host)
        .rename_tenant(&id, "x", Some("acme.eu.localhost"))
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(400),
        "an alias outside the region: {err}"
    );
    // The alias is the tenant's hostname too: it confirms a deactivation.
    qlik.deactivate_tenant(Region::Us, &id, &alias, 30)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_deactivated_tenant_refuses_everything_until_reactivated() {
    let (app, id, host) = new_tenant().await;
    let qlik = app.qlik();
    let err = qlik
        .deactivate_tenant(
            Region::Us,
            &id,
            &crate::helpers::id("wrong.us.localhost"),
            30,
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    let err = qlik
        .deactivate_tenant(Region::Us, &id, &host, 5)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "purgeAfterDays below 10: {err}");
    qlik.deactivate_tenant(Region::Us, &id, &host, 30)
        .await
        .unwrap();

    // A disabled tenant refuses API calls with a cached token and new token requests.
    let err = qlik.tenant(&host).get_tenant(&id).await.unwrap_err();
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

    qlik.reactivate_tenant(Region::Us, &id, &host)
        .await
        .unwrap();
    assert_eq!(
        qlik.tenant(&host)
            .get_tenant(&id)
            .await
            .unwrap()
            .status
            .as_deref(),
        Some("active")
    );
}
