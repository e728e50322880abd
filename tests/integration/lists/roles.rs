//! Roles and group roles: the default roles listed and fetched, a group's roles replaced by
//! name or id (unknown roles refused), custom groups renamed, groups deleted.

use super::{bearer, call};
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn group_roles_are_replaced_by_name_or_id_and_unknown_roles_refused() {
    let app = TestApp::spawn().await;
    let qlik = app.qlik();
    let host = &crate::helpers::source_host(&app.source);
    let roles = qlik.tenant(host).list_roles().await.unwrap();
    let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
    for wanted in [
        "TenantAdmin",
        "AnalyticsAdmin",
        "DataAdmin",
        "Developer",
        "AuditAdmin",
    ] {
        assert!(names.contains(&wanted), "{wanted} in {names:?}");
    }
    let admin = roles.iter().find(|r| r.name == "TenantAdmin").unwrap();
    assert_eq!(
        (admin.role_type.as_str(), admin.level.as_deref()),
        ("default", Some("admin"))
    );

    let group = qlik
        .tenant(host)
        .create_group(&crate::helpers::id("analysts"))
        .await
        .unwrap();
    assert!(group.assigned_roles.is_empty());
    qlik.tenant(host)
        .set_group_roles(&group.id, &["AnalyticsAdmin", "Developer"])
        .await
        .unwrap();
    let listed = qlik.tenant(host).list_groups().await.unwrap();
    let held = &listed
        .iter()
        .find(|g| g.id == group.id)
        .unwrap()
        .assigned_roles;
    let held: Vec<(&str, &str)> = held
        .iter()
        .map(|r| (r.name.as_str(), r.id.as_str()))
        .collect();
    let id_of = |name: &str| roles.iter().find(|r| r.name == name).unwrap().id.as_str();
    assert_eq!(
        held,
        [
            ("AnalyticsAdmin", id_of("AnalyticsAdmin")),
            ("Developer", id_of("Developer"))
        ]
    );
    let err = qlik
        .tenant(host)
        .set_group_roles(&group.id, &["Developer", "NoSuchRole"])
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(400), Some("GROUPS-400")),
        "{err}"
    );

    // By id, with the schema's bare path; the whole role reference comes back.
    let token = bearer(&app, host).await;
    let group_path = format!("/api/v1/groups/{}", group.id);
    let by_id =
        json!([{ "op": "replace", "path": "assignedRoles", "value": [{ "id": admin.id }] }]);
    let (status, _) = call(
        &app,
        host,
        &token,
        (Method::PATCH, &group_path),
        Some(by_id),
    )
    .await;
    assert_eq!(status, 204);
    let (_, fetched) = call(&app, host, &token, (Method::GET, &group_path), None).await;
    assert_eq!(
        fetched["assignedRoles"],
        json!([{ "id": admin.id, "name": "TenantAdmin", "level": "admin", "type": "default" }])
    );
    let (status, role) = call(
        &app,
        host,
        &token,
        (Method::GET, &format!("/api/v1/roles/{}", admin.id)),
        None,
    )
    .await;
    assert_eq!((status, &role["name"]), (200, &json!("TenantAdmin")));
    let (status, err) = call(
        &app,
        host,
        &token,
        (Method::GET, "/api/v1/roles/nope"),
        None,
    )
    .await;
    assert_eq!(
        (status, &err["errors"][0]["code"]),
        (404, &json!("IDENTITIES-10402"))
    );
    let (_, page) = call(
        &app,
        host,
        &token,
        (Method::GET, "/api/v1/roles?limit=5"),
        None,
    )
    .await;
    assert!(
        page["links"]["next"]["href"]
            .as_str()
            .unwrap()
            .starts_with("/api/v1/roles?limit=5&next=")
    );

    // Names and descriptions change on custom groups only.
    let rename = json!([{ "op": "replace", "path": "/name", "value": "renamed" }]);
    let (status, _) = call(
        &app,
        host,
        &token,
        (Method::PATCH, &group_path),
        Some(rename.clone()),
    )
    .await;
    assert_eq!(status, 400);
    let custom = json!({ "name": "custom", "providerType": "custom", "assignedRoles": [{ "name": "Steward" }] });
    let (status, created) = call(
        &app,
        host,
        &token,
        (Method::POST, "/api/v1/groups"),
        Some(custom),
    )
    .await;
    assert_eq!(
        (status, &created["assignedRoles"][0]["name"]),
        (201, &json!("Steward"))
    );
    let custom_path = format!("/api/v1/groups/{}", created["id"].as_str().unwrap());
    let (status, _) = call(
        &app,
        host,
        &token,
        (Method::PATCH, &custom_path),
        Some(rename),
    )
    .await;
    assert_eq!(status, 204);

    let (status, _) = call(&app, host, &token, (Method::DELETE, &group_path), None).await;
    assert_eq!(status, 204);
    let (status, _) = call(&app, host, &token, (Method::GET, &group_path), None).await;
    assert_eq!(status, 404);
}
