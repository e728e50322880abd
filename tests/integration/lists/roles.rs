//! Roles and group roles: the default roles listed, fetched and paged; a group's roles replaced
//! by name or id (unknown roles refused); custom groups renamed, groups deleted.

use super::Source;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn the_default_roles_are_listed_fetched_and_paged() {
    let source = Source::new().await;
    let roles = source
        .app
        .qlik()
        .tenant(&source.host)
        .list_roles()
        .await
        .unwrap();
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
    let kind = (admin.role_type.as_str(), admin.level.as_deref());
    assert_eq!(kind, ("default", Some("admin")));
    let path = format!("/api/v1/roles/{}", admin.id);
    let (status, role) = source.call(Method::GET, &path, None).await;
    assert_eq!((status, &role["name"]), (200, &json!("TenantAdmin")));
    let (status, err) = source.call(Method::GET, "/api/v1/roles/nope", None).await;
    let code = &err["errors"][0]["code"];
    assert_eq!((status, code), (404, &json!("IDENTITIES-10402")));
    let (_, page) = source
        .call(Method::GET, "/api/v1/roles?limit=5", None)
        .await;
    let next = page["links"]["next"]["href"].as_str().unwrap_or_default();
    assert!(next.starts_with("/api/v1/roles?limit=5&next="), "{page}");
}

#[tokio::test]
async fn group_roles_are_replaced_by_name_or_id_and_unknown_roles_refused() {
    let source = Source::new().await;
    let qlik = source.app.qlik();
    let tenant = qlik.tenant(&source.host);
    let roles = tenant.list_roles().await.unwrap();
    let id_of = |name: &str| roles.iter().find(|r| r.name == name).unwrap().id.as_str();
    let group = tenant
        .create_group(&crate::helpers::id("analysts"))
        .await
        .unwrap();
    assert!(group.assigned_roles.is_empty());

    // By name, through the client.
    let named = ["AnalyticsAdmin", "Developer"];
    tenant.set_group_roles(&group.id, &named).await.unwrap();
    let listed = tenant.list_groups().await.unwrap();
    let held = &listed
        .iter()
        .find(|g| g.id == group.id)
        .unwrap()
        .assigned_roles;
    let held: Vec<(&str, &str)> = held
        .iter()
        .map(|r| (r.name.as_str(), r.id.as_str()))
        .collect();
    assert_eq!(held, named.map(|name| (name, id_of(name))));
    let err = tenant
        .set_group_roles(&group.id, &["Developer", "NoSuchRole"])
        .await
        .unwrap_err();
    let refused = (err.status(), err.code());
    assert_eq!(refused, (Some(400), Some("GROUPS-400")), "{err}");

    // By id, with the schema's bare path; the whole role reference comes back.
    let path = format!("/api/v1/groups/{}", group.id);
    let admin = id_of("TenantAdmin");
    let by_id = json!([{ "op": "replace", "path": "assignedRoles", "value": [{ "id": admin }] }]);
    let (status, _) = source.call(Method::PATCH, &path, Some(by_id)).await;
    assert_eq!(status, 204);
    let (_, fetched) = source.call(Method::GET, &path, None).await;
    let reference =
        json!([{ "id": admin, "name": "TenantAdmin", "level": "admin", "type": "default" }]);
    assert_eq!(fetched["assignedRoles"], reference);
}

#[tokio::test]
async fn only_custom_groups_are_renamed_and_a_deleted_group_is_gone() {
    let source = Source::new().await;
    let qlik = source.app.qlik();
    let group = qlik
        .tenant(&source.host)
        .create_group(&crate::helpers::id("analysts"))
        .await
        .unwrap();
    let group_path = format!("/api/v1/groups/{}", group.id);
    let rename = json!([{ "op": "replace", "path": "/name", "value": "renamed" }]);
    let (status, _) = source
        .call(Method::PATCH, &group_path, Some(rename.clone()))
        .await;
    assert_eq!(status, 400, "an IdP group keeps its name");

    let custom = json!({ "name": "custom", "providerType": "custom", "assignedRoles": [{ "name": "Steward" }] });
    let (status, created) = source
        .call(Method::POST, "/api/v1/groups", Some(custom))
        .await;
    let role = &created["assignedRoles"][0]["name"];
    assert_eq!((status, role), (201, &json!("Steward")), "{created}");
    let custom_path = format!("/api/v1/groups/{}", created["id"].as_str().unwrap());
    let (status, _) = source.call(Method::PATCH, &custom_path, Some(rename)).await;
    assert_eq!(status, 204);

    let (status, _) = source.call(Method::DELETE, &group_path, None).await;
    assert_eq!(status, 204);
    let (status, _) = source.call(Method::GET, &group_path, None).await;
    assert_eq!(status, 404);
}
