//! Point 4: Qlik names a group by name *and* provider type. An `idp` and a `custom` group of
//! one name are two groups; users are assigned `{name, providerType}`; oem-hub uses `idp`.

use crate::helpers::TestApp;
use crate::lists::{bearer, call};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn idp_and_custom_groups_of_one_name_are_told_apart() {
    let app = TestApp::bare().await;
    let host = crate::helpers::source_host(&app.source);
    let token = bearer(&app, &host).await;
    let post = |body: Value| {
        call(
            &app,
            &host,
            &token,
            (Method::POST, "/api/v1/groups"),
            Some(body),
        )
    };
    let (status, idp) = post(json!({"name": "viewers"})).await;
    assert_eq!((status, idp["providerType"].as_str()), (201, Some("idp")));
    let (status, custom) = post(json!({"name": "viewers", "providerType": "custom"})).await;
    assert_eq!(status, 201, "{custom}");
    assert_ne!(idp["id"], custom["id"]);
    let (status, _) = post(json!({"name": "viewers", "providerType": "custom"})).await;
    assert_eq!(status, 409, "a name is taken per provider type");

    let filter =
        "/api/v1/groups?filter=name%20eq%20%22viewers%22%20and%20providerType%20eq%20%22custom%22";
    let (status, found) = call(&app, &host, &token, (Method::GET, filter), None).await;
    assert_eq!(status, 200, "{found}");
    let ids: Vec<&Value> = found["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| &g["id"])
        .collect();
    assert_eq!(ids, [&custom["id"]]);

    let (_, user) = call(
        &app,
        &host,
        &token,
        (Method::POST, "/api/v1/users"),
        Some(json!({"subject": "oemhub:x:1", "name": "One"})),
    )
    .await;
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    let patch = |refs: Value| {
        let body = json!([{"op": "replace", "path": "/assignedGroups", "value": refs}]);
        call(&app, &host, &token, (Method::PATCH, &path), Some(body))
    };
    let (status, error) = patch(json!([{"name": "viewers"}])).await;
    assert_eq!(status, 400, "providerType is required: {error}");
    let (status, _) = patch(json!([{"name": "viewers", "providerType": "custom"}])).await;
    assert_eq!(status, 204);
    let (_, user) = call(&app, &host, &token, (Method::GET, &path), None).await;
    assert_eq!(
        user["assignedGroups"],
        json!([{"id": custom["id"], "name": "viewers", "providerType": "custom"}])
    );
}

#[tokio::test]
async fn the_client_assigns_users_the_idp_groups_it_creates() {
    let app = TestApp::bare().await;
    let host = crate::helpers::source_host(&app.source);
    let qlik = app.qlik();
    let group = qlik
        .tenant(&host)
        .create_group(&crate::helpers::id("analysts"))
        .await
        .unwrap();
    assert_eq!(group.provider_type, oem_hub::qlik::ProviderType::Idp);
    let user = qlik
        .tenant(&host)
        .ensure_user("oemhub:x:ann", "Ann", Some("ann@x.example"))
        .await
        .unwrap();
    qlik.tenant(&host)
        .set_user_groups(&user, &[&crate::helpers::id("analysts")])
        .await
        .unwrap();
    let token = bearer(&app, &host).await;
    let (_, record) = call(
        &app,
        &host,
        &token,
        (Method::GET, &format!("/api/v1/users/{user}")),
        None,
    )
    .await;
    assert_eq!(
        record["assignedGroups"][0]["id"].as_str(),
        Some(group.id.as_str()),
        "{record}"
    );
}
