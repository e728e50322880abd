//! Issue 17: the tenant settings a least-privilege setup changes, with `@qlik/api` 2.19.0's
//! field names and Qlik's refusals: the Everyone group's roles, licence auto-assignment and
//! assignments, session limits, tenant flags, deleting a user, and validating a script.

use crate::helpers::TestApp;
use crate::jwt_login::{KEY, Tenant, claims, configured_tenant, login, session_cookie, sign};
use crate::lists::{Source, bearer, call};
use reqwest::Method;
use serde_json::{Value, json};

const SETTINGS: &str = "/api/v1/groups/settings";
const EVERYONE: &str = "/systemGroups/000000000000000000000001/assignedRoles";

fn replace(path: &str, value: Value) -> Value {
    json!([{"op": "replace", "path": path, "value": value}])
}

fn everyone_roles(settings: &Value) -> Vec<&str> {
    let roles = settings["systemGroups"]["000000000000000000000001"]["assignedRoles"]
        .as_array()
        .expect("assignedRoles");
    roles.iter().map(|r| r["name"].as_str().unwrap()).collect()
}

/// The roles Everyone holds now.
async fn everyone_now(source: &Source) -> Vec<String> {
    let (_, settings) = source.call(Method::GET, SETTINGS, None).await;
    everyone_roles(&settings)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn everyone_starts_with_creator_roles_and_keeps_only_what_is_patched() {
    let source = Source::new().await;
    let (status, settings) = source.call(Method::GET, SETTINGS, None).await;
    assert_eq!(status, 200);
    let everyone = &settings["systemGroups"]["000000000000000000000001"];
    let named = (everyone["id"].as_str(), everyone["name"].as_str());
    assert_eq!(
        named,
        (Some("000000000000000000000001"), Some("com.qlik.Everyone"))
    );
    let creators = [
        "PrivateAnalyticsContentCreator",
        "SharedSpaceCreator",
        "ManagedSpaceCreator",
        "DataSpaceCreator",
    ];
    assert_eq!(everyone_roles(&settings), creators);
    let role = &everyone["assignedRoles"][0];
    assert!(
        role["id"].is_string() && role["level"] == "user" && role["type"] == "default",
        "{role}"
    );

    let private = replace(
        EVERYONE,
        json!([{"name": "PrivateAnalyticsContentCreator"}]),
    );
    assert_eq!(
        source.call(Method::PATCH, SETTINGS, Some(private)).await.0,
        204
    );
    assert_eq!(
        everyone_now(&source).await,
        ["PrivateAnalyticsContentCreator"]
    );
    let none = replace(EVERYONE, json!([]));
    assert_eq!(
        source.call(Method::PATCH, SETTINGS, Some(none)).await.0,
        204
    );
    assert!(everyone_now(&source).await.is_empty());
}

#[tokio::test]
async fn unknown_admin_or_malformed_roles_for_everyone_are_refused_and_change_nothing() {
    let source = Source::new().await;
    let other = "/systemGroups/000000000000000000000002/assignedRoles";
    let refused = [
        (
            replace(EVERYONE, json!([{"name": "NoSuchRole"}])),
            "NoSuchRole",
        ),
        (
            replace(EVERYONE, json!([{"name": "TenantAdmin"}])),
            "TenantAdmin",
        ),
        (replace(EVERYONE, json!("SharedSpaceCreator")), "array"),
        (replace(other, json!([])), "000000000000000000000002"),
    ];
    let before = everyone_now(&source).await;
    for (patch, named) in refused {
        let (status, body) = source.call(Method::PATCH, SETTINGS, Some(patch)).await;
        assert_eq!(status, 400, "{body}");
        let error = &body["errors"][0];
        assert_eq!(error["code"], "GROUPS-400", "{body}");
        let detail = error["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(named), "{body}");
    }
    assert_eq!(
        everyone_now(&source).await,
        before,
        "refused patches change nothing"
    );
}

#[tokio::test]
async fn licence_settings_are_read_and_replaced_and_bad_values_refused() {
    let source = Source::new().await;
    let licenses = "/api/v1/licenses/settings";
    let (status, body) = source.call(Method::GET, licenses, None).await;
    let defaults = json!({"autoAssignAnalyzer": true, "autoAssignProfessional": true});
    assert_eq!((status, body), (200, defaults));
    let put = json!({"autoAssignProfessional": false});
    let (status, body) = source.call(Method::PUT, licenses, Some(put)).await;
    let kept = json!({"autoAssignAnalyzer": true, "autoAssignProfessional": false});
    assert_eq!((status, body), (200, kept));
    let bad = json!({"autoAssignAnalyzer": "no"});
    let (status, body) = source.call(Method::PUT, licenses, Some(bad)).await;
    assert_eq!(status, 400);
    assert!(
        body["error"].is_string()
            && body["message"].is_string()
            && body["errors"][0]["title"].is_string(),
        "{body}"
    );
}

/// The session limits of auth settings: inactivity timeout, lifespan and whether they are
/// the defaults.
fn session_limits(body: &Value) -> (&Value, &Value, &Value) {
    (
        &body["userSessionInactivityTimeoutMinutes"],
        &body["maxUserSessionLifespanMinutes"],
        &body["isDefault"],
    )
}

#[tokio::test]
async fn session_limits_are_patched_within_qliks_bounds_and_kept() {
    let source = Source::new().await;
    let auth = "/api/core/auth-settings";
    let (status, body) = source.call(Method::GET, auth, None).await;
    assert_eq!(status, 200);
    let defaults = (&json!(30), &json!(1440), &json!(true));
    assert_eq!(session_limits(&body), defaults, "{body}");
    let refused = [
        ("/maxUserSessionLifespanMinutes", json!(90)),
        ("/maxUserSessionLifespanMinutes", json!(60 * 200)),
        ("/userSessionInactivityTimeoutMinutes", json!(10)),
        ("/userSessionInactivityTimeoutMinutes", json!("30")),
    ];
    for (path, value) in refused {
        let (status, body) = source
            .call(Method::PATCH, auth, Some(replace(path, value)))
            .await;
        assert_eq!(status, 400, "{path}: {body}");
        let detail = body["errors"][0]["detail"].as_str().unwrap();
        assert!(detail.starts_with(path.trim_start_matches('/')), "{detail}");
    }
    let patch = json!([
        {"op": "replace", "path": "/userSessionInactivityTimeoutMinutes", "value": 15},
        {"op": "replace", "path": "/maxUserSessionLifespanMinutes", "value": 480},
    ]);
    let (status, body) = source.call(Method::PATCH, auth, Some(patch)).await;
    assert_eq!(status, 200, "{body}");
    let patched = (&json!(15), &json!(480), &json!(false));
    assert_eq!(session_limits(&body), patched, "{body}");
    let (_, again) = source.call(Method::GET, auth, None).await;
    assert_eq!(again, body);
}

#[tokio::test]
async fn a_tenant_flag_is_patched_alone_and_a_bad_value_refused() {
    let source = Source::new().await;
    let (_, me) = source.call(Method::GET, "/api/v1/users/me", None).await;
    let tenant_path = format!("/api/v1/tenants/{}", me["tenantId"].as_str().unwrap());
    let flag = "/autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals";
    let off = Some(replace(flag, json!(false)));
    let (status, _) = source.call(Method::PATCH, &tenant_path, off).await;
    assert_eq!(status, 204);
    let (_, tenant) = source.call(Method::GET, &tenant_path, None).await;
    let flags = (
        &tenant["autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals"],
        &tenant["autoAssignCreateSharedSpacesRoleToProfessionals"],
    );
    assert_eq!(
        flags,
        (&json!(false), &json!(true)),
        "the other flag is kept"
    );
    let bad = Some(replace(flag, json!("off")));
    let (status, body) = source.call(Method::PATCH, &tenant_path, bad).await;
    let code = body["errors"][0]["code"].as_str();
    assert_eq!((status, code), (400, Some("TENANTS-400")), "{body}");
}

#[tokio::test]
async fn a_session_lasts_at_most_the_tenant_lifespan() {
    let app = TestApp::bare().await;
    let tenant = configured_tenant(&app).await;
    let bot = bearer(&app, &tenant.host).await;
    let patch = replace("/maxUserSessionLifespanMinutes", json!(60));
    let (status, _) = call(
        &app,
        &tenant.host,
        &bot,
        (Method::PATCH, "/api/core/auth-settings"),
        Some(patch),
    )
    .await;
    assert_eq!(status, 200);
    let response = login(&app, &tenant, &sign(claims(json!({})), &KEY, 300), None).await;
    let cookie = session_cookie(&response);
    let sid = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("eas.sid=");
    let expires = app.emulator.state.lock().sessions[sid].expires_at;
    let left = expires - chrono::Utc::now();
    assert!(
        left <= chrono::Duration::minutes(60) && left > chrono::Duration::minutes(59),
        "{left}"
    );
}

/// `acme\\dora` signed in by JWT on a configured tenant: the tenant's host, the bot's bearer
/// token, dora's session cookie and user id.
struct Dora {
    app: TestApp,
    tenant: Tenant,
    host: String,
    bot: String,
    sid: String,
    id: String,
}

/// A SCIM string escapes its backslash.
const DORA: &str = "/api/v1/users?filter=subject%20eq%20%22acme%5C%5Cdora%22";
const ASSIGNMENTS: &str = "/api/v1/licenses/assignments";

impl Dora {
    async fn signed_in() -> Dora {
        let app = TestApp::bare().await;
        let tenant = configured_tenant(&app).await;
        let bot = bearer(&app, &tenant.host).await;
        let jwt = sign(claims(json!({"sub": "acme\\dora"})), &KEY, 300);
        let response = login(&app, &tenant, &jwt, None).await;
        let sid = session_cookie(&response)
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let host = tenant.host.to_string();
        let (_, users) = call(&app, &host, &bot, (Method::GET, DORA), None).await;
        let id = users["data"][0]["id"]
            .as_str()
            .expect("dora exists")
            .to_owned();
        Dora {
            app,
            tenant,
            host,
            bot,
            sid,
            id,
        }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        call(&self.app, &self.host, &self.bot, (method, path), body).await
    }

    /// Deletes dora's user (204).
    async fn delete(&self) {
        let path = format!("/api/v1/users/{}", self.id);
        assert_eq!(self.call(Method::DELETE, &path, None).await.0, 204);
    }
}

#[tokio::test]
async fn a_deleted_user_is_gone_with_its_licence_and_its_session() {
    let dora = Dora::signed_in().await;
    let (_, listed) = dora.call(Method::GET, ASSIGNMENTS, None).await;
    let held: Vec<(&str, &str)> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["subject"].as_str().unwrap(), a["type"].as_str().unwrap()))
        .collect();
    assert!(
        held.contains(&("acme\\dora", "professional")),
        "auto-assigned at login: {listed}"
    );

    dora.delete().await;
    let path = format!("/api/v1/users/{}", dora.id);
    let (status, body) = dora.call(Method::DELETE, &path, None).await;
    let code = body["errors"][0]["code"].as_str();
    assert_eq!((status, code), (404, Some("USERS-7")));
    let (_, users) = dora.call(Method::GET, "/api/v1/users", None).await;
    let ids = users["data"].as_array().unwrap();
    assert!(ids.iter().all(|u| u["id"] != dora.id.as_str()), "{users}");
    let (_, listed) = dora.call(Method::GET, ASSIGNMENTS, None).await;
    let subjects = listed["data"].as_array().unwrap();
    assert!(
        subjects.iter().all(|a| a["subject"] != "acme\\dora"),
        "licence freed: {listed}"
    );
    let me = dora
        .app
        .emulator_request(Method::GET, &dora.host, "/api/v1/users/me")
        .header("cookie", &dora.sid)
        .send()
        .await
        .unwrap();
    let status = me.status().as_u16();
    assert_eq!(status, 401, "the deleted user's session ended");
}

#[tokio::test]
async fn a_jwt_login_creates_a_deleted_user_again_and_licences_are_removed_one_by_one() {
    let dora = Dora::signed_in().await;
    dora.delete().await;
    // Qlik's JWT login creates users: the subject comes back as a new user, with a licence.
    let jwt = sign(claims(json!({"sub": "acme\\dora"})), &KEY, 300);
    let again = login(&dora.app, &dora.tenant, &jwt, None).await;
    assert_eq!(again.status().as_u16(), 200);
    let (_, users) = dora.call(Method::GET, DORA, None).await;
    let reborn = users["data"][0]["id"].as_str().expect("dora again");
    assert_ne!(reborn, dora.id);

    let remove = "/api/v1/licenses/assignments/actions/delete";
    let body = json!({"delete": [{"subject": "acme\\dora", "type": "professional"}, {"subject": "acme\\nobody", "type": "analyzer"}]});
    let (status, answer) = dora.call(Method::POST, remove, Some(body)).await;
    assert_eq!(status, 207);
    assert_eq!(answer["data"][0]["status"], 200, "{answer}");
    let second = &answer["data"][1];
    let refused = (second["status"].as_i64(), second["code"].as_str());
    assert_eq!(refused, (Some(404), Some("LICENSES-016")), "{answer}");
}

#[tokio::test]
async fn validatescript_names_the_line_of_a_broken_section_access_block() {
    let app = TestApp::bare().await;
    let host = crate::helpers::source_host(&app.source);
    let bot = bearer(&app, &host).await;
    let validate = |script: &str| {
        let body = json!({ "script": script });
        call(
            &app,
            &host,
            &bot,
            (Method::POST, "/api/v1/apps/validatescript"),
            Some(body),
        )
    };
    let good = "Section Access;\nLOAD * INLINE [\nACCESS, USERID, GROUP, REGION\nADMIN, INTERNAL\\SA_SCHEDULER, *, *\nUSER, *, NORTH-TEAM, NORTH\n];\nSection Application;\n";
    let (status, body) = validate(good).await;
    assert_eq!((status, body), (200, json!({"Errors": [], "Warnings": []})));
    let wrong_width = good.replace("USER, *, NORTH-TEAM, NORTH", "USER, *, NORTH");
    let (_, body) = validate(&wrong_width).await;
    let error = &body["Errors"][0];
    assert_eq!(
        (&error["Line"], &error["Tab"], &error["Column"]),
        (&json!(5), &json!(0), &json!(1)),
        "{body}"
    );
    assert!(error["Msg"].as_str().unwrap().contains("cells"), "{body}");
    let unterminated = good.replace("];\n", "\n");
    let (_, body) = validate(&unterminated).await;
    assert_eq!(
        body["Errors"][0]["Line"], 2,
        "the INLINE statement's line: {body}"
    );
    assert!(
        body["Errors"][0]["Msg"]
            .as_str()
            .unwrap()
            .contains("INLINE"),
        "{body}"
    );
    let anonymous = app
        .emulator_request(Method::POST, &host, "/api/v1/apps/validatescript")
        .json(&json!({"script": good}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
}
