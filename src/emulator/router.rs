//! Routing by Host header: the regional register host and the tenant hosts get separate
//! route tables, exactly as Qlik Cloud serves them on separate origins.

use super::error::QlikError;
use super::{
    EmuState, HostKind, app_docs, apps, auth, cors, csp_origins, data_connections, groups, idps,
    items, jwt_session, licenses, publish, realism, reloads, scripts, single, spaces, tenant_admin,
    tenants, users, web_integrations,
};
use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

/// The emulator's whole HTTP surface.
pub fn router(state: EmuState) -> Router {
    let domain = state.lock().config.domain.clone();
    let hosts = Hosts {
        register: register_routes(state.clone()),
        tenant: tenant_routes(state.clone()),
        control: realism::control_routes(state),
    };
    Router::new()
        .fallback(move |req: Request| dispatch(domain.clone(), hosts.clone(), req))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("emulator handler panicked");
            QlikError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "HTTP-500",
                "Internal Server Error",
            )
            .into_response()
        }))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(axum::middleware::from_fn(qlik_envelope_for_layers))
}

/// Largest request body the emulator reads (app imports included).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Layers (body limit, extractor rejections) answer in plain text; Qlik always answers JSON.
async fn qlik_envelope_for_layers(req: Request, next: axum::middleware::Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    // Pages (text/html, the embedding surface) and JSON are ours; empty or plain-text error
    // bodies come from layers and extractors.
    let from_layer = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if (status.is_client_error() || status.is_server_error()) && from_layer {
        let title = status.canonical_reason().unwrap_or("Error");
        return QlikError::new(status, &format!("HTTP-{}", status.as_u16()), title).into_response();
    }
    response
}

fn register_routes(state: EmuState) -> Router {
    Router::new()
        .route("/oauth/token", post(auth::token))
        .route("/api/v1/tenants", post(tenants::create))
        .route(
            "/api/v1/tenants/{tenant_id}/actions/deactivate",
            post(tenant_admin::deactivate),
        )
        .route(
            "/api/v1/tenants/{tenant_id}/actions/reactivate",
            post(tenant_admin::reactivate),
        )
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            realism::apply,
        ))
        .with_state(state)
}

fn tenant_routes(state: EmuState) -> Router {
    Router::new()
        .route("/oauth/token", post(auth::token))
        .route("/login/jwt-session", post(jwt_session::login))
        .route("/single/", get(single::single))
        .route(
            "/sense/app/{app_id}/sheet/{sheet_id}/state/analysis",
            get(single::sense_sheet),
        )
        .route("/api/v1/csrf-token", get(jwt_session::csrf_token))
        .route(
            "/api/v1/tenants/{tenant_id}",
            get(tenants::get).patch(tenant_admin::patch),
        )
        .route("/api/v1/licenses/overview", get(licenses::overview))
        .route("/api/v1/users/me", get(users::me))
        .route("/api/v1/users/{user_id}", get(users::get))
        .route(
            "/api/v1/apps/{app_id}",
            get(apps::get).delete(publish::delete),
        )
        .route("/api/v1/apps/import", post(app_docs::import))
        .route("/api/v1/apps/{app_id}/export", post(app_docs::export))
        .route("/api/v1/apps/{app_id}/copy", post(app_docs::copy))
        .route(
            "/api/v1/apps/{app_id}/publish",
            post(publish::publish).put(publish::republish),
        )
        .route(
            "/api/v1/apps/{app_id}/space",
            axum::routing::put(publish::move_to_space),
        )
        .route(
            "/api/v1/apps/{app_id}/scripts",
            get(scripts::list).post(scripts::replace),
        )
        .route(
            "/api/v1/apps/{app_id}/scripts/{script_id}",
            get(scripts::get),
        )
        .route("/api/v1/temp-contents/{id}", get(app_docs::download))
        .route(
            "/api/v1/data-connections",
            get(data_connections::list).post(data_connections::create),
        )
        .route(
            "/api/v1/data-connections/{id}",
            get(data_connections::get).delete(data_connections::delete),
        )
        .route("/api/v1/reloads", get(reloads::list).post(reloads::create))
        .route("/api/v1/reloads/{reload_id}", get(reloads::get))
        .route("/api/v1/items", get(items::list))
        .route(
            "/api/v1/identity-providers",
            get(idps::list).post(idps::create),
        )
        .route(
            "/api/v1/identity-providers/{id}",
            get(idps::get).patch(idps::patch).delete(idps::delete),
        )
        .route(
            "/api/v1/web-integrations",
            get(web_integrations::list).post(web_integrations::create),
        )
        .route(
            "/api/v1/web-integrations/{id}",
            get(web_integrations::get)
                .patch(web_integrations::patch)
                .delete(web_integrations::delete),
        )
        .route(
            "/api/v1/csp-origins",
            get(csp_origins::list).post(csp_origins::create),
        )
        .route(
            "/api/v1/csp-origins/actions/generate-header",
            get(csp_origins::generate_header),
        )
        .route(
            "/api/v1/csp-origins/{id}",
            get(csp_origins::get)
                .put(csp_origins::put)
                .delete(csp_origins::delete),
        )
        .route("/api/v1/spaces", get(spaces::list).post(spaces::create))
        .route(
            "/api/v1/spaces/{space_id}",
            get(spaces::get).delete(spaces::delete),
        )
        .route(
            "/api/v1/spaces/{space_id}/assignments",
            get(spaces::list_assignments).post(spaces::create_assignment),
        )
        .route(
            "/api/v1/spaces/{space_id}/assignments/{assignment_id}",
            axum::routing::delete(spaces::delete_assignment),
        )
        .route("/api/v1/groups", get(groups::list).post(groups::create))
        .route(
            "/api/v1/groups/settings",
            get(groups::get_settings).patch(groups::patch_settings),
        )
        .route("/api/v1/groups/{group_id}", get(groups::get))
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cors::tenant_cors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            realism::apply,
        ))
        .with_state(state)
}

/// The route table of each kind of host.
#[derive(Clone)]
struct Hosts {
    register: Router,
    tenant: Router,
    control: Router,
}

async fn dispatch(domain: String, hosts: Hosts, mut req: Request) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().host())
        .unwrap_or_default()
        .to_owned();
    let Some(kind) = HostKind::parse(&host, &domain) else {
        return QlikError::not_found("HTTP-404", format!("no Qlik Cloud host {host:?}"))
            .into_response();
    };
    let target = match kind {
        HostKind::Register(_) => hosts.register,
        HostKind::Tenant { .. } => hosts.tenant,
        HostKind::Control => hosts.control,
    };
    req.extensions_mut().insert(kind);
    match target.oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

async fn wrong_method(req: Request) -> QlikError {
    QlikError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "HTTP-405",
        "Method Not Allowed",
    )
    .detail(format!(
        "{} is not allowed on {}",
        req.method(),
        req.uri().path()
    ))
}

async fn unknown_route(req: Request) -> QlikError {
    QlikError::new(StatusCode::NOT_FOUND, "HTTP-404", "Not found").detail(format!(
        "no route for {} {}",
        req.method(),
        req.uri().path()
    ))
}
