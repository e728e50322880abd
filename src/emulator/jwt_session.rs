//! `POST /login/jwt-session`: a signed JWT from the partner becomes a tenant user and a browser
//! session (`eas.sid` + `_csrfToken` cookies); `GET /api/v1/csrf-token` hands out the CSRF
//! token in the `qlik-csrf-token` header.

use super::auth::TenantCaller;
use super::error::QlikError;
use super::idps::jwt_idp_from;
use super::jwt_login::{JwtIdp, verify};
use super::state::{
    BrowserSession, EmuUser, Identity, ProviderType, SESSION_COOKIE, TenantStatus, World,
};
use super::{EmuState, HostKind, ids};
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};

/// CSRF cookie name, as Qlik Cloud's.
pub const CSRF_COOKIE: &str = "_csrfToken";

fn jwt_from(headers: &HeaderMap) -> Result<&str, QlikError> {
    crate::http::bearer_token(headers)
        .ok_or_else(|| QlikError::unauthorized("missing JWT in the Authorization header"))
}

/// `POST /login/jwt-session` → 200 `{}` with session cookies, or 401 with the reason.
pub async fn login(
    State(state): State<EmuState>,
    Extension(host): Extension<HostKind>,
    headers: HeaderMap,
) -> Result<Response, QlikError> {
    let HostKind::Tenant { hostname, .. } = host else {
        return Err(QlikError::not_found("HTTP-404", "not a tenant host"));
    };
    let jwt = jwt_from(&headers)?;
    let mut world = state.lock();
    let session = login_user(&mut world, &hostname, jwt)?;
    let partitioned = world.config.knobs.partitioned_cookies;
    let (sid, csrf) = (ids::random_token(40), session.csrf_token.clone());
    world.sessions.insert(sid.clone(), session);
    drop(world);
    let mut response = (StatusCode::OK, axum::Json(serde_json::json!({}))).into_response();
    for cookie in [
        session_cookie(SESSION_COOKIE, &sid, true, partitioned),
        session_cookie(CSRF_COOKIE, &csrf, false, partitioned),
    ] {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    Ok(response)
}

/// A `SameSite=None; Secure` cookie (browsers accept `Secure` on http://*.localhost), with
/// `Partitioned` (CHIPS) when the emulator is told to. Whether Qlik sets it is unconfirmed.
pub fn session_cookie(name: &str, value: &str, http_only: bool, partitioned: bool) -> String {
    let mut cookie = format!("{name}={value}; Path=/; SameSite=None; Secure");
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if partitioned {
        cookie.push_str("; Partitioned");
    }
    cookie
}

fn login_user(world: &mut World, hostname: &str, jwt: &str) -> Result<BrowserSession, QlikError> {
    let tenant = world
        .tenant_by_host(hostname)
        .ok_or_else(|| QlikError::not_found("HTTP-404", format!("no tenant at {hostname}")))?;
    if tenant.status != TenantStatus::Active {
        return Err(QlikError::forbidden("tenant is disabled"));
    }
    let idps: Vec<_> = tenant
        .idps
        .values()
        .filter(|i| i["protocol"] == "jwtAuth" && i["active"] != false)
        .filter_map(|idp| jwt_idp_from(idp, &idp["options"]).ok())
        .collect();
    let settings = pick_idp(&idps, jwt)
        .ok_or_else(|| QlikError::unauthorized("the tenant has no active JWT identity provider"))?;
    let claims = verify(jwt, settings, Utc::now())
        .map_err(|rejection| QlikError::unauthorized(&rejection.to_string()))?;
    let tenant_id = tenant.id.clone();
    let tenant = world.tenant_mut(&tenant_id)?;
    let existing = tenant
        .users
        .values()
        .find(|u| u.subject == claims.sub)
        .map(|u| u.id.clone());
    // A subject seen for the first time (or again after `DELETE /users/{id}`) becomes a user,
    // as Qlik's JWT login creates users.
    let user_id = existing.unwrap_or_else(ids::hex24);
    let user = tenant
        .users
        .entry(user_id.clone())
        .or_insert_with(|| EmuUser {
            id: user_id.clone(),
            subject: claims.sub.clone(),
            name: claims.name.clone(),
            email: Some(claims.email.clone()),
            roles: Vec::new(),
            groups: Vec::new(),
            created_at: Utc::now(),
        });
    user.name = claims.name.clone();
    user.email = Some(claims.email.clone());
    // The claim names `idp` groups; without `autoCreateGroups` only existing ones count.
    let mut group_ids = Vec::new();
    for name in &claims.groups {
        let id = match tenant.auto_create_groups {
            true => Some(tenant.ensure_group(name, ProviderType::Idp)),
            false => tenant.group_id(name, ProviderType::Idp),
        };
        group_ids.extend(id);
    }
    if let Some(user) = tenant.users.get_mut(&user_id) {
        user.groups = group_ids;
    }
    tenant.auto_assign_license(&claims.sub);
    // The tenant's maximum session lifespan bounds the session; its inactivity timeout is
    // not emulated (a session expires at most this long after login).
    let lifespan = Duration::minutes(tenant.settings.auth.lifespan_minutes);
    Ok(BrowserSession {
        tenant_id,
        user_id,
        csrf_token: ids::random_token(32),
        expires_at: Utc::now() + lifespan,
        identity: Some(Identity {
            subject: claims.sub,
            groups: claims.groups,
        }),
    })
}

/// The IdP a login JWT is meant for when a tenant has several (during a key rotation): the
/// one holding its `kid` and its `iss`, else one holding its `kid` (verification then names
/// the issuer), else any (verification names the key). Nothing here is trusted yet.
fn pick_idp<'a>(idps: &'a [JwtIdp], jwt: &str) -> Option<&'a JwtIdp> {
    let token = jwt_compact::UntrustedToken::new(jwt).ok();
    let kid = token.as_ref().and_then(|t| t.header().key_id.clone());
    let iss = token
        .as_ref()
        .and_then(|t| t.deserialize_claims_unchecked::<serde_json::Value>().ok())
        .and_then(|c| c.custom["iss"].as_str().map(str::to_owned));
    let kid_matches = |i: &&JwtIdp| Some(&i.kid) == kid.as_ref();
    idps.iter()
        .find(|i| kid_matches(i) && Some(&i.issuer) == iss.as_ref())
        .or_else(|| idps.iter().find(kid_matches))
        .or_else(|| idps.first())
}

/// `GET /api/v1/csrf-token` → 204 with the session's token in `qlik-csrf-token`.
pub async fn csrf_token(State(state): State<EmuState>, caller: TenantCaller) -> Response {
    let token = caller
        .session_id
        .as_deref()
        .and_then(|sid| state.lock().sessions.get(sid).map(|s| s.csrf_token.clone()))
        .unwrap_or_else(|| ids::random_token(32));
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&token) {
        response.headers_mut().insert("qlik-csrf-token", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_cross_site_capable_and_optionally_partitioned() {
        let c = session_cookie(SESSION_COOKIE, "abc", true, false);
        assert_eq!(c, "eas.sid=abc; Path=/; SameSite=None; Secure; HttpOnly");
        assert!(session_cookie(CSRF_COOKIE, "x", false, true).ends_with("Secure; Partitioned"));
    }
}
