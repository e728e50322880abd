//! The sheet pages an iframe shows: `/single/` and `/sense/app/…`, gated by session, space
//! role (directly or through a JWT group) and framed only by the tenant's CSP origins.

use crate::helpers::TestApp;
use crate::jwt_login::{
    HOST_ORIGIN, KEY, Tenant, claims, configured_tenant, login, session_cookie, sign,
};
use oem_hub::emulator::{DataTable, EmuApp, Sheet};
use reqwest::Method;
use serde_json::{Value, json};

/// Puts an app with data into a new managed space of the tenant and gives group `viewers`
/// the consumer role there, through the API where the API exists.
async fn app_in_managed_space(app: &TestApp, tenant: &Tenant) -> String {
    let host = tenant.host.as_str();
    // Group auto-creation on, then a first login of a viewer creates the group.
    let patch = api(
        app,
        host,
        Method::PATCH,
        "/api/v1/groups/settings",
        json!([{"op":"replace","path":"/autoCreateGroups","value":true}]),
    )
    .await;
    assert_eq!(patch.0, 204, "{}", patch.1);
    let first = login(app, tenant, &sign(claims(json!({})), &KEY, 300), None).await;
    assert_eq!(first.status().as_u16(), 200);
    let groups = api(
        app,
        host,
        Method::GET,
        "/api/v1/groups?filter=name%20eq%20%22viewers%22",
        json!(null),
    )
    .await;
    let group_id = groups.1["data"][0]["id"]
        .as_str()
        .expect("group viewers was auto-created")
        .to_owned();

    let space = api(
        app,
        host,
        Method::POST,
        "/api/v1/spaces",
        json!({"name": "Analytics", "type": "managed"}),
    )
    .await;
    assert_eq!(space.0, 201, "{}", space.1);
    let space_id = space.1["id"].as_str().unwrap().to_owned();
    let dup = api(
        app,
        host,
        Method::POST,
        "/api/v1/spaces",
        json!({"name": "Analytics", "type": "managed"}),
    )
    .await;
    assert_eq!(
        (dup.0, dup.1["code"].as_str()),
        (409, Some("SpaceNameConflict"))
    );
    let bad_role = api(
        app,
        host,
        Method::POST,
        &format!("/api/v1/spaces/{space_id}/assignments"),
        json!({"type": "group", "assigneeId": group_id, "roles": ["producer"]}),
    )
    .await;
    assert_eq!(bad_role.0, 400, "producer is not a managed-space role");
    let assign = api(
        app,
        host,
        Method::POST,
        &format!("/api/v1/spaces/{space_id}/assignments"),
        json!({"type": "group", "assigneeId": group_id, "roles": ["consumer"]}),
    )
    .await;
    assert_eq!(assign.0, 201, "{}", assign.1);
    let again = api(
        app,
        host,
        Method::POST,
        &format!("/api/v1/spaces/{space_id}/assignments"),
        json!({"type": "group", "assigneeId": group_id, "roles": ["consumer"]}),
    )
    .await;
    assert_eq!(
        (again.0, again.1["code"].as_str()),
        (409, Some("AssignmentConflict"))
    );

    // Apps arrive by import/publish in the full flow; here the arrangement is direct.
    let mut world = app.emulator.state.lock();
    let t = world
        .tenants
        .values_mut()
        .find(|t| t.hostnames[0] == tenant.host.as_str())
        .unwrap();
    let template = world_template();
    let app_id = template.id.clone();
    t.apps.insert(
        app_id.clone(),
        EmuApp {
            space_id: Some(space_id),
            ..template
        },
    );
    app_id
}

fn world_template() -> EmuApp {
    let now = chrono::Utc::now();
    EmuApp {
        section_access: None,
        id: "0f6a3b7e-1111-4a4a-9a9a-000000000001".into(),
        item_id: "item-1".into(),
        name: "Sales".into(),
        description: String::new(),
        owner_id: "someone-else".into(),
        space_id: None,
        origin_app_id: None,
        publish_time: Some(now),
        sheets: vec![Sheet {
            id: "salesOverview".into(),
            title: "Sales overview".into(),
            cells: Vec::new(),
        }],
        script: String::new(),
        script_history: Vec::new(),
        data: vec![DataTable {
            name: "Orders".into(),
            columns: vec!["region".into(), "amount".into()],
            rows: vec![
                vec!["North".into(), "12400".into()],
                vec!["South".into(), "<b>4320</b>".into()],
            ],
        }],
        created: now,
        modified: now,
        distributed: None,
    }
}

/// A bearer-authenticated call with the regional client's token on `host`.
async fn api(
    app: &TestApp,
    host: &(impl std::fmt::Display + ?Sized),
    method: Method,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let token: Value = app
        .emulator_request(Method::POST, host, "/oauth/token")
        .json(&json!({"grant_type": "client_credentials", "client_id": app.source.client_id, "client_secret": app.source.client_secret}))
        .send().await.unwrap().json().await.unwrap();
    let mut req = app
        .emulator_request(method, host, path)
        .bearer_auth(token["access_token"].as_str().unwrap());
    if !body.is_null() {
        req = req.json(&body);
    }
    let response = req.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn open_sheet(
    app: &TestApp,
    tenant: &Tenant,
    query: &str,
    cookie: Option<&str>,
) -> (u16, String, String) {
    let mut req = app.emulator_request(Method::GET, &tenant.host, &format!("/single/?{query}"));
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    let response = req.send().await.unwrap();
    let csp = response
        .headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        response.status().as_u16(),
        csp,
        response.text().await.unwrap(),
    )
}

#[tokio::test]
async fn group_members_see_the_sheet_with_selections_and_others_do_not() {
    let app = TestApp::spawn().await;
    let tenant = configured_tenant(&app).await;
    let app_id = app_in_managed_space(&app, &tenant).await;
    let viewer = login(&app, &tenant, &sign(claims(json!({})), &KEY, 300), None).await;
    let cookie = session_cookie(&viewer)
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    let (status, csp, html) = open_sheet(
        &app,
        &tenant,
        &format!("appid={app_id}&sheet=salesOverview&opt=ctxmenu,nosuchopt&select=region,South"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 200, "{html}");
    // Qlik keeps CSP origins without their scheme.
    let source = HOST_ORIGIN.trim_start_matches("http://");
    assert_eq!(csp, format!("frame-ancestors 'self' {source}"));
    assert!(
        html.contains("Sales overview") && html.contains("&lt;b&gt;4320&lt;/b&gt;"),
        "{html}"
    );
    assert!(
        !html.contains("12400"),
        "North is filtered out by select: {html}"
    );

    let (status, _, _) = open_sheet(
        &app,
        &tenant,
        &format!("appid={app_id}&sheet=nope"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _, html) = open_sheet(
        &app,
        &tenant,
        &format!("appid={app_id}&sheet=salesOverview"),
        None,
    )
    .await;
    assert_eq!(status, 401, "{html}");

    let outsider = login(
        &app,
        &tenant,
        &sign(
            claims(json!({"sub": "acme\\eve", "groups": ["finance"]})),
            &KEY,
            300,
        ),
        None,
    )
    .await;
    let cookie = session_cookie(&outsider)
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let (status, _, html) = open_sheet(
        &app,
        &tenant,
        &format!("appid={app_id}&sheet=salesOverview"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 403, "{html}");
    assert!(html.contains("qlik-forbidden"), "{html}");
}
