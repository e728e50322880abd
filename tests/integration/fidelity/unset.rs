//! Issue 14 points 1 and 6 against the live emulator: unset strings are `""` on the wire and
//! unset in the client; one listed element the client cannot fully read does not fail a list.

use crate::helpers::TestApp;
use crate::users_spaces::bearer;
use reqwest::Method;
use serde_json::{Value, json};

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let host = &crate::helpers::source_host(&app.source);
    let response = app
        .emulator_request(Method::GET, host, path)
        .bearer_auth(token)
        .send();
    response.await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn unset_app_strings_are_empty_on_the_wire_and_unset_in_the_client() {
    let app = TestApp::bare().await;
    let host = crate::helpers::source_host(&app.source);
    let token = bearer(&app, &host).await;
    let template = &app.source.apps[0].id;
    let nx = get(&app, &token, &format!("/api/v1/apps/{template}")).await;
    let items = get(&app, &token, "/api/v1/items?resourceType=app").await;
    let item = items["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["resourceId"] == *template)
        .unwrap()
        .clone();
    for attributes in [&nx["attributes"], &item["resourceAttributes"]] {
        for key in ["spaceId", "originAppId", "publishTime", "lastReloadTime"] {
            assert_eq!(
                attributes[key],
                json!(""),
                "{key} of an unpublished personal app"
            );
        }
        assert_eq!(attributes["_resourcetype"], "app");
    }
    assert_eq!(item["spaceId"], json!(""));

    // The client reads each as unset: hybrid adoption asks `space_id.is_none()`.
    let listed = app.qlik().tenant(&host).list_apps(None).await.unwrap();
    let one = listed
        .iter()
        .find(|i| i.resource_id.as_ref().map(|v| v.as_str()) == Some(template))
        .unwrap();
    let attributes = one.resource_attributes.as_ref().unwrap();
    assert_eq!(one.space_id, None);
    assert_eq!(
        (
            &attributes.space_id,
            &attributes.origin_app_id,
            &attributes.publish_time
        ),
        (&None, &None, &None)
    );
}

#[tokio::test]
async fn a_listed_identity_provider_without_provider_does_not_fail_the_list() {
    let app = TestApp::bare().await;
    let host = crate::helpers::source_host(&app.source);
    let token = bearer(&app, &host).await;
    // `provider` is optional in Qlik's IDP types; a multi-cloud IdP can be created without it.
    let created: Value = app
        .emulator_request(Method::POST, &host, "/api/v1/identity-providers")
        .bearer_auth(&token)
        .json(
            &json!({"protocol": "qsefw-local-bearer-token", "base64Encoded": "dG9rZW4=",
                      "interactive": false, "active": true, "description": "no provider"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(created.get("provider").is_none(), "{created}");
    let idps = app
        .qlik()
        .tenant(&host)
        .list_identity_providers()
        .await
        .unwrap();
    let odd = idps
        .iter()
        .find(|i| Some(i.id.as_str()) == created["id"].as_str());
    assert_eq!(
        odd.map(|i| (i.protocol.as_str(), i.provider.as_str())),
        Some(("qsefw-local-bearer-token", ""))
    );
}
