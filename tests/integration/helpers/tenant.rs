//! Signing in to a customer's tenant as the embed module would: the Qlik JWT the hub gave
//! the page, posted to the tenant's `/login/jwt-session` from the host page's origin.

use super::TestApp;
use oem_hub::wire::QlikLogin;
use reqwest::Method;

/// `POST /login/jwt-session` on `login`'s tenant with its JWT, from `origin`.
pub async fn jwt_sign_in(app: &TestApp, login: &QlikLogin, origin: &str) -> reqwest::Response {
    app.emulator_request(Method::POST, &login.tenant_host, "/login/jwt-session")
        .query(&[("qlik-web-integration-id", &login.web_integration_id)])
        .bearer_auth(&login.jwt)
        .header("origin", origin)
        .send()
        .await
        .expect("the tenant answers")
}
