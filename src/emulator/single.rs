//! The embedding pages: `/single/?appid=&sheet=|obj=&opt=&select=…` and
//! `/sense/app/{appId}/sheet/{sheetId}/state/analysis`. They render the sheet's title and the
//! app's loaded data (reduced by section access for the signed-in user, then filtered by
//! `select`) for a user who may see the app, with `Content-Security-Policy: frame-ancestors`
//! built from the tenant's CSP origins. A user section access locks out gets the page with
//! `id="qlik-section-access-denied"`, told apart from the space-level `qlik-forbidden`.

mod cells;
mod selections;

pub use selections::{filter_rows, parse_selections};

use super::section_access::{Denied, visible_data};
use super::state::SESSION_COOKIE;
use super::state::{DataTable, EmuApp, EmuTenant, TenantStatus, World};
use super::themes::look::{Label, Look};
use super::{EmuState, HostKind};
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use std::collections::HashMap;

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(status: StatusCode, title: &str, body: &str, csp: Option<&str>, look: &Look) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>{}</head><body data-theme=\"{}\">{body}</body></html>",
        escape_html(&look.lang),
        escape_html(title),
        look.style(),
        escape_html(&look.theme)
    );
    let mut response = (status, Html(html)).into_response();
    if let Some(csp) = csp.and_then(|c| HeaderValue::from_str(c).ok()) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

fn frame_ancestors(tenant: &EmuTenant) -> String {
    let mut sources = vec!["'self'".to_owned()];
    sources.extend(
        tenant
            .csp_origins
            .values()
            .filter(|e| e["frameAncestors"] == true)
            .filter_map(|e| e["origin"].as_str().map(str::to_owned)),
    );
    format!("frame-ancestors {}", sources.join(" "))
}

fn render(
    world: &World,
    hostname: &str,
    headers: &HeaderMap,
    app_id: &str,
    sheet_id: Option<&str>,
    select: &str,
    look: (Option<&str>, Option<&str>),
) -> Response {
    let Some(tenant) = world.tenant_by_host(hostname) else {
        return page(
            StatusCode::NOT_FOUND,
            "Not found",
            "<h1>Tenant not found</h1>",
            None,
            &Look::default(),
        );
    };
    let look = &Look::resolve(tenant, look.0, look.1);
    let csp = frame_ancestors(tenant);
    let csp = Some(csp.as_str());
    // Every answer from here on is a page of the tenant's look under its frame-ancestors.
    let answer = |status, title: &str, body: &str| page(status, title, body, csp, look);
    if tenant.status != TenantStatus::Active {
        return answer(
            StatusCode::FORBIDDEN,
            "Tenant disabled",
            "<h1>This tenant is disabled</h1>",
        );
    }
    let session = crate::http::cookie_value(headers, SESSION_COOKIE)
        .and_then(|sid| world.sessions.get(sid))
        .filter(|s| s.tenant_id == tenant.id && s.expires_at > Utc::now());
    let Some(session) = session else {
        return answer(
            StatusCode::UNAUTHORIZED,
            "Sign in",
            &heading("qlik-login-required", look.text(Label::NotSignedIn)),
        );
    };
    let Some(app) = tenant.apps.get(app_id) else {
        return answer(
            StatusCode::NOT_FOUND,
            "Not found",
            &format!("<h1>{}</h1>", look.text(Label::AppNotFound)),
        );
    };
    if !tenant.can_view(&session.user_id, app) {
        return answer(
            StatusCode::FORBIDDEN,
            "Forbidden",
            &heading("qlik-forbidden", look.text(Label::Forbidden)),
        );
    }
    let who = tenant.session_identity(session).unwrap_or_default();
    let data = match visible_data(app.section_access.as_ref(), &app.data, &who) {
        Ok(data) => data,
        Err(denied) => {
            return answer(
                StatusCode::FORBIDDEN,
                "Access denied",
                &section_access_denied(denied),
            );
        }
    };
    match sheet_html_in(app, &data, sheet_id, select, look) {
        Some((title, body)) => answer(StatusCode::OK, &title, &body),
        None => answer(
            StatusCode::NOT_FOUND,
            "Not found",
            &format!("<h1>{}</h1>", look.text(Label::SheetNotFound)),
        ),
    }
}

/// A refusal's heading, under the id that tells pages and tests which refusal it is.
fn heading(id: &str, text: &str) -> String {
    format!("<h1 id=\"{id}\">{text}</h1>")
}

/// The refusal of a user section access locks out, as Qlik's "Access denied" (engine error 5,
/// `LOCERR_GENERIC_ACCESS_DENIED`); `data-reason` says which rule (UNCONFIRMED wording).
pub fn section_access_denied(denied: Denied) -> String {
    let reason = match denied {
        Denied::NotListed => "not-listed",
        Denied::NoData => "no-data",
    };
    format!(
        "<h1 id=\"qlik-section-access-denied\" data-error=\"LOCERR_GENERIC_ACCESS_DENIED\" data-reason=\"{reason}\">Access denied</h1><p>You do not have access to this app: its section access grants you no data.</p>"
    )
}

/// The sheet as the embedding pages show it (title, objects, the rows of `data`, the app's
/// tables as the user may read them, matching `select`): its title and HTML, or None when the
/// app has no such sheet.
pub fn sheet_html(
    app: &EmuApp,
    data: &[DataTable],
    sheet_id: Option<&str>,
    select: &str,
) -> Option<(String, String)> {
    sheet_html_in(app, data, sheet_id, select, &Look::default())
}

/// [`sheet_html`] with the labels of `look`'s language.
fn sheet_html_in(
    app: &EmuApp,
    data: &[DataTable],
    sheet_id: Option<&str>,
    select: &str,
    look: &Look,
) -> Option<(String, String)> {
    let (sheet, objects) = match sheet_id {
        Some(id) => {
            let sheet = app.sheets.iter().find(|s| s.id == id)?;
            (sheet.title.clone(), cells::html(sheet))
        }
        None => (app.name.clone(), String::new()),
    };
    let selections = parse_selections(select);
    let mut body = format!(
        "<h1 id=\"qlik-sheet-title\">{}</h1><p id=\"qlik-app-name\">{}</p>",
        escape_html(&sheet),
        escape_html(&app.name)
    );
    body.push_str(&objects);
    if data.is_empty() {
        body.push_str(&format!(
            "<p id=\"qlik-no-data\">{}</p>",
            look.text(Label::NoData)
        ));
    }
    for table in data {
        body.push_str(&format!(
            "<table data-table=\"{}\"><tr>",
            escape_html(&table.name)
        ));
        for column in &table.columns {
            body.push_str(&format!("<th>{}</th>", escape_html(column)));
        }
        body.push_str("</tr>");
        for row in filter_rows(table, &selections) {
            body.push_str("<tr>");
            for cell in row {
                body.push_str(&format!("<td>{}</td>", escape_html(cell)));
            }
            body.push_str("</tr>");
        }
        body.push_str("</table>");
    }
    Some((sheet, body))
}

fn hostname(host: &HostKind) -> &str {
    match host {
        HostKind::Tenant { hostname, .. } => hostname,
        HostKind::Register(_) | HostKind::Control | HostKind::Console => "",
    }
}

/// `GET /single/?appid=&sheet=|obj=&opt=&select=&theme=&lang=&bookmark=&identity=`; unknown
/// `opt` values are ignored, as Qlik does.
pub async fn single(
    State(state): State<EmuState>,
    Extension(host): Extension<HostKind>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    // `select` may repeat (one field per parameter, as Qlik documents); the rest may not.
    let select = pairs
        .iter()
        .filter(|(k, _)| k == "select")
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let q: HashMap<String, String> = pairs.into_iter().collect();
    let Some(app_id) = q.get("appid") else {
        return page(
            StatusCode::BAD_REQUEST,
            "Bad request",
            "<h1>appid is required</h1>",
            None,
            &Look::default(),
        );
    };
    let sheet = q.get("sheet").map(String::as_str);
    let look = (
        q.get("theme").map(String::as_str),
        q.get("lang").map(String::as_str),
    );
    render(
        &state.lock(),
        hostname(&host),
        &headers,
        app_id,
        sheet,
        &select,
        look,
    )
}

/// `GET /sense/app/{appId}/sheet/{sheetId}/state/analysis`.
pub async fn sense_sheet(
    State(state): State<EmuState>,
    Extension(host): Extension<HostKind>,
    headers: HeaderMap,
    Path((app_id, sheet_id)): Path<(String, String)>,
) -> Response {
    render(
        &state.lock(),
        hostname(&host),
        &headers,
        &app_id,
        Some(&sheet_id),
        "",
        (None, None),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape_html("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }
}
