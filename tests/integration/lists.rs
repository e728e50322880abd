//! Paged lists through the client against the emulator: Qlik's `limit` and cursor in
//! `links.next.href` on every list, all pages followed by the client; configuration changes
//! (web integration origins, IdP and app deletion). Roles and groups are in `roles`, the
//! console host's tenant list in `console`.

mod console;
mod roles;

use crate::helpers::TestApp;
use crate::jwt_login::configured_tenant;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// A client-credentials bearer token for `host`, fetched without the client (whose pacing
/// would slow down the bulk creation below).
pub async fn bearer(app: &TestApp, host: &(impl std::fmt::Display + ?Sized)) -> String {
    let body = json!({
        "client_id": app.source.client_id, "client_secret": app.source.client_secret,
        "grant_type": "client_credentials",
    });
    let reply: Value = app
        .emulator_request(Method::POST, host, "/oauth/token")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["access_token"].as_str().unwrap().to_owned()
}

/// Sends `method path` with an optional JSON body and returns status and JSON body.
pub async fn call(
    app: &TestApp,
    host: &(impl std::fmt::Display + ?Sized),
    token: &str,
    (method, path): (Method, &str),
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app.emulator_request(method, host, path).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The source tenant, called as Qlik's REST API with the partner's bearer token.
pub struct Source {
    pub app: TestApp,
    pub host: oem_hub::domain::TenantHostname,
    pub token: String,
}

impl Source {
    /// A bare hub and its source tenant.
    pub async fn new() -> Source {
        let app = TestApp::bare().await;
        let host = crate::helpers::source_host(&app.source);
        let token = bearer(&app, &host).await;
        Source { app, host, token }
    }

    /// `method path` with an optional JSON body: status and JSON body.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        call(&self.app, &self.host, &self.token, (method, path), body).await
    }
}

fn distinct<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    ids.collect::<BTreeSet<_>>().len()
}

#[tokio::test]
async fn spaces_groups_and_assignments_beyond_one_page_are_all_listed() {
    let source = Source::new().await;
    let crowded = json!({ "name": "crowded", "type": "shared" });
    let (status, space) = source
        .call(Method::POST, "/api/v1/spaces", Some(crowded))
        .await;
    assert_eq!(status, 201, "{space}");
    let space_id = space["id"].as_str().unwrap().to_owned();
    let assignments = format!("/api/v1/spaces/{space_id}/assignments");
    for n in 0..104 {
        let name = format!("n{n:03}");
        let space = json!({ "name": name, "type": "managed" });
        let (status, _) = source
            .call(Method::POST, "/api/v1/spaces", Some(space))
            .await;
        assert_eq!(status, 201);
        let group = json!({ "name": name });
        let (status, group) = source
            .call(Method::POST, "/api/v1/groups", Some(group))
            .await;
        assert_eq!(status, 201, "{group}");
        let assignment =
            json!({ "type": "group", "assigneeId": group["id"], "roles": ["consumer"] });
        let (status, _) = source
            .call(Method::POST, &assignments, Some(assignment))
            .await;
        assert_eq!(status, 201);
    }

    // Qlik's defaults: spaces 10 a page, groups 20; the next link carries limit and cursor.
    let (_, first) = source
        .call(Method::GET, "/api/v1/spaces?type=managed", None)
        .await;
    let page = (
        first["data"].as_array().unwrap().len(),
        &first["meta"]["count"],
    );
    assert_eq!(page, (10, &json!(104)));
    let next = first["links"]["next"]["href"].as_str().unwrap();
    assert!(
        next.starts_with("/api/v1/spaces?limit=10&next=") && next.ends_with("&type=managed"),
        "{next}"
    );
    let (_, groups) = source.call(Method::GET, "/api/v1/groups", None).await;
    assert_eq!(groups["data"].as_array().unwrap().len(), 20);
    let (status, err) = source
        .call(Method::GET, "/api/v1/groups?limit=101", None)
        .await;
    let refused = (status, &err["errors"][0]["status"]);
    assert_eq!(refused, (400, &json!(400)), "{err}");

    // The client follows every page.
    let qlik = source.app.qlik();
    let tenant = qlik.tenant(&source.host);
    let spaces = tenant.list_spaces().await.unwrap();
    assert_eq!(spaces.len(), 105);
    assert_eq!(distinct(spaces.iter().map(|s| s.id.as_str())), 105);
    let groups = tenant.list_groups().await.unwrap();
    assert_eq!(distinct(groups.iter().map(|g| g.id.as_str())), 104);
    let space = crate::helpers::id(&space_id);
    let assigned = tenant.list_assignments(&space).await.unwrap();
    let assignees = distinct(assigned.iter().map(|a| a.assignee_id.as_str()));
    assert_eq!(assignees, 104);
}

#[tokio::test]
async fn configuration_lists_page_with_each_apis_cursor() {
    let app = TestApp::bare().await;
    let tenant = configured_tenant(&app).await;
    let host = &tenant.host;
    let qlik = app.qlik();
    let api = qlik.tenant(host);
    for n in 0..11 {
        let origin = format!("https://app{n}.partner.example");
        api.create_web_integration(&format!("wi{n}"), &[origin.as_str()])
            .await
            .unwrap();
        api.create_frame_ancestor(&format!("csp{n}"), &origin)
            .await
            .unwrap();
        let db = format!("/tmp/db{n}.sqlite");
        api.create_data_connection(&format!("dc{n}"), "sqlite", &db)
            .await
            .unwrap();
    }
    let token = bearer(&app, host).await;
    for (path, cursor) in [
        ("/api/v1/web-integrations?limit=5", "startingAfter="),
        ("/api/v1/data-connections?limit=5", "page="),
        ("/api/v1/csp-origins?limit=5", "next="),
        ("/api/v1/identity-providers?limit=1", ""),
    ] {
        let (status, page) = call(&app, host, &token, (Method::GET, path), None).await;
        assert_eq!(status, 200, "{path}: {page}");
        let next = page["links"]["next"]["href"].as_str();
        match cursor {
            "" => assert!(next.is_none(), "{path}: one IdP, one page"),
            cursor => assert!(next.is_some_and(|n| n.contains(cursor)), "{path}: {page}"),
        }
    }

    assert_eq!(api.list_web_integrations().await.unwrap().len(), 12);
    assert_eq!(api.list_csp_origins().await.unwrap().len(), 12);
    assert_eq!(api.list_data_connections().await.unwrap().len(), 11);
    let idps = api.list_identity_providers().await.unwrap();
    assert_eq!(idps.len(), 1);

    // Changes the provisioning code makes: new origins, IdP key rotation, app removal.
    let origins = vec!["https://new.partner.example".to_owned()];
    api.set_web_integration_origins(&tenant.integration, &origins)
        .await
        .unwrap();
    let listed = api.list_web_integrations().await.unwrap();
    let changed = listed.iter().find(|w| w.id == tenant.integration).unwrap();
    assert_eq!(changed.valid_origins, origins);
    api.delete_identity_provider(&idps[0].id).await.unwrap();
    assert!(api.list_identity_providers().await.unwrap().is_empty());
    let source = &crate::helpers::source_host(&app.source);
    let source_api = qlik.tenant(source);
    let apps = source_api.list_apps(None).await.unwrap();
    let app_id = apps[0].resource_id.as_ref().unwrap();
    source_api.delete_app(app_id).await.unwrap();
    let err = source_api.get_app(app_id).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
}
