//! The tenant side of qlik-embed: `GET /qlik-embed/main.js`, the runtime system that Qlik's
//! loader (`@qlik/embed-web-components`) fetches from the tenant, and the emulated runtime's
//! own channel `GET /qlik-embed/render?ui=&appid=&sheet=&select=`, which answers a sheet as HTML for
//! a bearer token of a user who may view the app (the OAuth way: no cookie involved), its
//! data reduced by section access for that user (a locked-out user gets the page's
//! `qlik-section-access-denied` refusal).
//!
//! Qlik's real runtime is private code; only the loader's side of the contract is Qlik's.

use super::auth::valid_token;
use super::section_access::visible_data;
use super::single::{section_access_denied, sheet_html};
use super::state::{TenantStatus, TokenAudience};
use super::{EmuState, HostKind};
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;

const RUNTIME: &str = include_str!("qlik_embed/runtime.js");

/// `GET /qlik-embed/main.js`.
pub async fn runtime() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        RUNTIME,
    )
        .into_response()
}

fn refusal(status: StatusCode, id: &str, text: &str) -> Response {
    (
        status,
        Html(format!(
            "<p class=\"qlik-embed-error\" id=\"{id}\">{text}</p>"
        )),
    )
        .into_response()
}

/// `GET /qlik-embed/render` with `Authorization: Bearer` → 200 HTML of the sheet.
pub async fn render(
    State(state): State<EmuState>,
    Extension(host): Extension<HostKind>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let HostKind::Tenant { hostname, .. } = host else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let world = state.lock();
    let Some(tenant) = world.tenant_by_host(&hostname) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if tenant.status != TenantStatus::Active {
        return refusal(
            StatusCode::FORBIDDEN,
            "qlik-tenant-disabled",
            "This tenant is disabled",
        );
    }
    let user = crate::http::bearer_token(&headers)
        .and_then(|t| valid_token(&world, t).ok())
        .filter(|t| t.audience == TokenAudience::Tenant(tenant.id.clone()))
        .and_then(|t| t.user_id);
    let Some(user) = user else {
        return refusal(
            StatusCode::UNAUTHORIZED,
            "qlik-login-required",
            "A valid access token is required",
        );
    };
    if !matches!(
        q.get("ui").map(String::as_str),
        Some("classic/app" | "analytics/sheet")
    ) {
        return refusal(
            StatusCode::BAD_REQUEST,
            "qlik-ui-unsupported",
            "Only the classic/app and analytics/sheet UIs are emulated",
        );
    }
    let app = q.get("appid").and_then(|id| tenant.apps.get(id));
    let Some(app) = app.filter(|a| tenant.can_view(&user, a)) else {
        return refusal(
            StatusCode::FORBIDDEN,
            "qlik-forbidden",
            "You do not have access to this app",
        );
    };
    let who = tenant.identity_of(&user).unwrap_or_default();
    let data = match visible_data(app.section_access.as_ref(), &app.data, &who) {
        Ok(data) => data,
        Err(denied) => {
            let html = section_access_denied(denied);
            let html = format!("<div class=\"qlik-embed-error\">{html}</div>");
            return (StatusCode::FORBIDDEN, Html(html)).into_response();
        }
    };
    let select = q.get("select").map_or("", String::as_str);
    match sheet_html(app, &data, q.get("sheet").map(String::as_str), select) {
        Some((_, body)) => Html(body).into_response(),
        None => refusal(StatusCode::NOT_FOUND, "qlik-not-found", "Sheet not found"),
    }
}
