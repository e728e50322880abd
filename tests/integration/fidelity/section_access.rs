//! Issue 17: Section Access applied per user as Qlik's engine applies it. Users signed in by
//! JWT (their groups from the signed `groups` claim) read only their rows through the engine
//! socket, `/single/` and qlik-embed; `*` is the values the access table lists; an ADMIN row
//! with no value reads everything; a user no row matches gets error 5 and the denied page.

use crate::helpers::TestApp;
use crate::jwt_login::{KEY, Tenant, claims, configured_tenant, login, session_cookie, sign};
use crate::lists::{bearer, call};
use futures::{SinkExt, StreamExt};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::HashMap;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// The hub's block (scheduler first), a root admin with no value, and an all-values group.
const SCRIPT: &str = "Section Access;
LOAD * INLINE [
ACCESS, USERID, GROUP, REGION
ADMIN, INTERNAL\\SA_SCHEDULER, *, *
ADMIN, ACME\\ROOT, *,
USER, *, NORTH-TEAM, NORTH
USER, *, OEMHUB:REGION=SOUTH, SOUTH
USER, *, MANAGERS, *
];
Section Application;
Orders: LOAD * INLINE [
REGION, product
NORTH, Anvils
SOUTH, Rockets
EAST, Turbines
];
";

/// A signed-in user: session cookie, user id and an impersonation-like bearer token.
struct Person {
    cookie: String,
    token: String,
}

/// Signs `sub` in with `groups`, assigns them to `space` and gives them a bearer token.
async fn person(
    app: &TestApp,
    tenant: &Tenant,
    bot: &str,
    space: &str,
    sub: &str,
    groups: &[&str],
) -> Person {
    let jwt = sign(claims(json!({"sub": sub, "groups": groups})), &KEY, 300);
    let response = login(app, tenant, &jwt, None).await;
    assert_eq!(response.status().as_u16(), 200, "{sub} signs in");
    let cookie = session_cookie(&response)
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let (_, me) = call_with_cookie(app, tenant, &cookie, "/api/v1/users/me").await;
    let user_id = me["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/spaces/{space}/assignments");
    let assign = json!({"type": "user", "assigneeId": user_id, "roles": ["consumer"]});
    let (status, body) = call(app, &tenant.host, bot, (Method::POST, &path), Some(assign)).await;
    assert_eq!(status, 201, "{body}");
    // qlik-embed's bearer token for the user: a copy of the bot's, acting as the user (what
    // OAuth impersonation issues).
    let token = format!("{sub}-token").replace('\\', "-");
    let mut world = app.emulator.state.lock();
    let mut issued = world.tokens[bot].clone();
    issued.user_id = Some(user_id);
    world.tokens.insert(token.clone(), issued);
    Person { cookie, token }
}

async fn call_with_cookie(
    app: &TestApp,
    tenant: &Tenant,
    cookie: &str,
    path: &str,
) -> (u16, Value) {
    let response = app
        .emulator_request(Method::GET, &tenant.host, path)
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The tenant, with the app (section access loaded by the emulator's own parser) in a shared
/// space, and the bot's token.
async fn arranged() -> (TestApp, Tenant, String, String, String) {
    let app = TestApp::bare().await;
    let tenant = configured_tenant(&app).await;
    let bot = bearer(&app, &tenant.host).await;
    // Groups of the login JWTs become the users' groups, which their bearer tokens carry.
    let auto = json!([{"op": "replace", "path": "/autoCreateGroups", "value": true}]);
    let (status, _) = call(
        &app,
        &tenant.host,
        &bot,
        (Method::PATCH, "/api/v1/groups/settings"),
        Some(auto),
    )
    .await;
    assert_eq!(status, 204);
    let space = json!({"name": "Regions", "type": "shared"});
    let (status, space) = call(
        &app,
        &tenant.host,
        &bot,
        (Method::POST, "/api/v1/spaces"),
        Some(space),
    )
    .await;
    assert_eq!(status, 201, "{space}");
    let space_id = space["id"].as_str().unwrap().to_owned();
    let loaded =
        oem_hub::emulator::load_script::run_script(SCRIPT, &HashMap::new(), &HashMap::new())
            .await
            .expect("the script loads");
    let mut world = app.emulator.state.lock();
    let template = &app.source.apps[0].id;
    let mut doc = world
        .tenants
        .values()
        .find_map(|t| t.apps.get(template))
        .expect("the seeded app")
        .clone();
    doc.id = "regions-app".to_owned();
    doc.space_id = Some(space_id.clone());
    doc.data = loaded.tables;
    doc.section_access = loaded.access;
    let target = world
        .tenants
        .values_mut()
        .find(|t| t.hostnames.contains(&tenant.host.to_string()))
        .unwrap();
    target.apps.insert(doc.id.clone(), doc);
    drop(world);
    (app, tenant, bot, space_id, "regions-app".to_owned())
}

/// `GetTableData` of Orders over the engine socket with `auth` (a header), or the error.
async fn engine_rows(
    app: &TestApp,
    tenant: &Tenant,
    app_id: &str,
    auth: (&'static str, &str),
) -> Result<Vec<String>, Value> {
    let url = format!("ws://127.0.0.1:{}/app/{app_id}", app.emulator.port());
    let mut request = url.into_client_request().unwrap();
    let host = format!("{}:{}", tenant.host, app.emulator.port());
    request.headers_mut().insert("host", host.parse().unwrap());
    request
        .headers_mut()
        .insert(auth.0, auth.1.parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("socket");
    let rpc = |id: i64, handle: i64, method: &str, params: Value| {
        let message = json!({"jsonrpc": "2.0", "id": id, "handle": handle, "method": method, "params": params});
        Message::Text(message.to_string().into())
    };
    let mut answers = Vec::new();
    socket
        .send(rpc(1, -1, "OpenDoc", json!([app_id])))
        .await
        .unwrap();
    let table = json!({"qOffset": 0, "qRows": 100, "qSyncMode": 0, "qTableName": "Orders"});
    socket.send(rpc(2, 1, "GetTableData", table)).await.unwrap();
    while answers.len() < 2 {
        let Some(Ok(Message::Text(text))) = socket.next().await else {
            panic!("socket closed")
        };
        let answer: Value = serde_json::from_str(text.as_str()).unwrap();
        if answer.get("id").is_some() {
            answers.push(answer);
        }
    }
    if answers[0].get("error").is_some() {
        assert_eq!(
            answers[1]["error"]["code"], answers[0]["error"]["code"],
            "{answers:?}"
        );
        return Err(answers[0]["error"].clone());
    }
    let rows = answers[1]["result"]["qData"]
        .as_array()
        .expect("rows")
        .clone();
    Ok(rows
        .iter()
        .map(|r| r["qValue"][0]["qText"].as_str().unwrap().to_owned())
        .collect())
}

/// The regions `/single/` shows the session, or its status and body when refused.
async fn single_rows(
    app: &TestApp,
    tenant: &Tenant,
    app_id: &str,
    cookie: &str,
) -> Result<Vec<&'static str>, (u16, String)> {
    let response = app
        .emulator_request(
            Method::GET,
            &tenant.host,
            &format!("/single/?appid={app_id}"),
        )
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let html = response.text().await.unwrap();
    if status != 200 {
        return Err((status, html));
    }
    Ok(["NORTH", "SOUTH", "EAST"]
        .into_iter()
        .filter(|r| html.contains(&format!("<td>{r}</td>")))
        .collect())
}

#[tokio::test]
async fn each_user_reads_only_the_rows_section_access_grants_them() {
    let (app, tenant, bot, space, app_id) = arranged().await;
    let cases: [(&str, &[&str], &[&str]); 4] = [
        ("acme\\ann", &["north-team"], &["NORTH"]),
        ("acme\\bob", &["OEMHUB:REGION=SOUTH"], &["SOUTH"]),
        // `*` is every value the access table lists: NORTH and SOUTH, never EAST.
        ("acme\\meg", &["Managers"], &["NORTH", "SOUTH"]),
        // An ADMIN row without a value matches no data value; admins are spared strict
        // exclusion and read the field unreduced.
        ("acme\\root", &[], &["NORTH", "SOUTH", "EAST"]),
    ];
    for (sub, groups, want) in cases {
        let who = person(&app, &tenant, &bot, &space, sub, groups).await;
        let rows = engine_rows(&app, &tenant, &app_id, ("cookie", &who.cookie)).await;
        assert_eq!(rows.expect("admitted"), want, "{sub} on the engine socket");
        let bearer = format!("Bearer {}", who.token);
        let rows = engine_rows(&app, &tenant, &app_id, ("authorization", &bearer)).await;
        assert_eq!(
            rows.expect("admitted"),
            want,
            "{sub} on the engine socket by token"
        );
        let seen = single_rows(&app, &tenant, &app_id, &who.cookie).await;
        assert_eq!(seen.as_deref(), Ok(want), "{sub} on /single/");
        let render = app
            .emulator_request(
                Method::GET,
                &tenant.host,
                &format!("/qlik-embed/render?ui=classic/app&appid={app_id}"),
            )
            .bearer_auth(&who.token)
            .send()
            .await
            .unwrap();
        assert_eq!(render.status().as_u16(), 200, "{sub} on qlik-embed");
        let html = render.text().await.unwrap();
        for region in ["NORTH", "SOUTH", "EAST"] {
            let shown = html.contains(&format!("<td>{region}</td>"));
            assert_eq!(
                shown,
                want.contains(&region),
                "{sub} on qlik-embed: {region} in {html}"
            );
        }
    }
}

#[tokio::test]
async fn a_user_no_row_matches_is_denied_everywhere_by_name() {
    let (app, tenant, bot, space, app_id) = arranged().await;
    let eve = person(&app, &tenant, &bot, &space, "acme\\eve", &["sales"]).await;
    let error = engine_rows(&app, &tenant, &app_id, ("cookie", &eve.cookie))
        .await
        .expect_err("denied");
    assert_eq!(
        (error["code"].as_i64(), error["message"].as_str()),
        (Some(5), Some("Access denied")),
        "{error}"
    );
    let (status, html) = single_rows(&app, &tenant, &app_id, &eve.cookie)
        .await
        .expect_err("denied");
    assert_eq!(status, 403);
    assert!(
        html.contains("id=\"qlik-section-access-denied\"")
            && html.contains("You do not have access to this app"),
        "{html}"
    );
    assert!(
        !html.contains("Anvils") && !html.contains("qlik-forbidden"),
        "{html}"
    );
    let render = app
        .emulator_request(
            Method::GET,
            &tenant.host,
            &format!("/qlik-embed/render?ui=classic/app&appid={app_id}"),
        )
        .bearer_auth(&eve.token)
        .send()
        .await
        .unwrap();
    assert_eq!(render.status().as_u16(), 403);
    let html = render.text().await.unwrap();
    assert!(
        html.contains("qlik-section-access-denied") && !html.contains("Anvils"),
        "{html}"
    );
}

#[tokio::test]
async fn groups_come_from_the_signed_jwt_and_a_new_login_changes_them() {
    let (app, tenant, bot, space, app_id) = arranged().await;
    let ann = person(&app, &tenant, &bot, &space, "acme\\ann", &["north-team"]).await;
    assert_eq!(
        single_rows(&app, &tenant, &app_id, &ann.cookie)
            .await
            .as_deref(),
        Ok(&["NORTH"][..])
    );
    // The same user signed in again by the hub with another group: the new session reads the
    // new group's rows; the browser has no say in it.
    let jwt = sign(
        claims(json!({"sub": "acme\\ann", "groups": ["oemhub:region=south"]})),
        &KEY,
        300,
    );
    let again = login(&app, &tenant, &jwt, None).await;
    let cookie = session_cookie(&again).split(';').next().unwrap().to_owned();
    assert_eq!(
        single_rows(&app, &tenant, &app_id, &cookie)
            .await
            .as_deref(),
        Ok(&["SOUTH"][..])
    );
}
