//! The emulator's route tables as data: one `(method, path, handler)` row per Qlik call, so
//! the routers are built from them and the contract test can list exactly what is served.

use super::{
    EmuState, app_docs, apps, auth, csp_origins, data_connections, engine, groups, idps, items,
    jwt_session, licenses, oauth_clients, org, publish, qlik_embed, reloads, roles, scripts,
    single, spaces, tenant_admin, tenants, users, web_integrations,
};
use axum::Router;
use axum::routing::{MethodRouter, delete, get, patch, post, put};

/// One served route.
pub type Route = (&'static str, &'static str, MethodRouter<EmuState>);

/// Routes of `register.<region>.<domain>`.
pub fn register_table() -> Vec<Route> {
    vec![
        ("POST", "/oauth/token", post(auth::token)),
        ("POST", "/api/v1/tenants", post(tenants::create)),
        (
            "POST",
            "/api/v1/tenants/{tenantId}/actions/deactivate",
            post(tenant_admin::deactivate),
        ),
        (
            "POST",
            "/api/v1/tenants/{tenantId}/actions/reactivate",
            post(tenant_admin::reactivate),
        ),
    ]
}

/// Routes of `console.<domain>`: the organization API (not part of `@qlik/api`).
pub fn console_table() -> Vec<Route> {
    vec![
        ("POST", "/oauth/token", post(auth::token)),
        ("GET", "/api/core/tenants", get(org::list_tenants)),
    ]
}

/// Routes of `<tenant>.<region>.<domain>`.
pub fn tenant_table() -> Vec<Route> {
    let mut table = vec![
        ("POST", "/oauth/token", post(auth::token)),
        ("POST", "/login/jwt-session", post(jwt_session::login)),
        ("GET", "/single/", get(single::single)),
        ("GET", "/qlik-embed/main.js", get(qlik_embed::runtime)),
        ("GET", "/qlik-embed/render", get(qlik_embed::render)),
        ("GET", "/app/{appId}", get(engine::socket)),
        (
            "GET",
            "/sense/app/{appId}/sheet/{sheetId}/state/analysis",
            get(single::sense_sheet),
        ),
        ("GET", "/api/v1/csrf-token", get(jwt_session::csrf_token)),
        ("GET", "/api/v1/tenants/{tenantId}", get(tenants::get)),
        (
            "PATCH",
            "/api/v1/tenants/{tenantId}",
            patch(tenant_admin::patch),
        ),
        ("GET", "/api/v1/licenses/overview", get(licenses::overview)),
        ("GET", "/api/v1/users", get(users::list)),
        ("POST", "/api/v1/users", post(users::create)),
        ("PATCH", "/api/v1/users/{userId}", patch(users::patch)),
        ("GET", "/api/v1/users/me", get(users::me)),
        ("GET", "/api/v1/users/{userId}", get(users::get)),
        ("GET", "/api/v1/items", get(items::list)),
        ("GET", "/api/v1/oauth-clients", get(oauth_clients::list)),
        ("POST", "/api/v1/oauth-clients", post(oauth_clients::create)),
        (
            "DELETE",
            "/api/v1/oauth-clients/{id}",
            delete(oauth_clients::delete),
        ),
        (
            "GET",
            "/api/v1/oauth-clients/{id}/connection-configs/me",
            get(oauth_clients::consent::get),
        ),
        (
            "PATCH",
            "/api/v1/oauth-clients/{id}/connection-configs/me",
            patch(oauth_clients::consent::patch),
        ),
    ];
    table.extend(config_table());
    table.extend(apps_table());
    table
}

fn config_table() -> Vec<Route> {
    vec![
        ("GET", "/api/v1/identity-providers", get(idps::list)),
        ("POST", "/api/v1/identity-providers", post(idps::create)),
        ("GET", "/api/v1/identity-providers/{id}", get(idps::get)),
        (
            "PATCH",
            "/api/v1/identity-providers/{id}",
            patch(idps::patch),
        ),
        (
            "DELETE",
            "/api/v1/identity-providers/{id}",
            delete(idps::delete),
        ),
        (
            "GET",
            "/api/v1/web-integrations",
            get(web_integrations::list),
        ),
        (
            "POST",
            "/api/v1/web-integrations",
            post(web_integrations::create),
        ),
        (
            "GET",
            "/api/v1/web-integrations/{id}",
            get(web_integrations::get),
        ),
        (
            "PATCH",
            "/api/v1/web-integrations/{id}",
            patch(web_integrations::patch),
        ),
        (
            "DELETE",
            "/api/v1/web-integrations/{id}",
            delete(web_integrations::delete),
        ),
        ("GET", "/api/v1/csp-origins", get(csp_origins::list)),
        ("POST", "/api/v1/csp-origins", post(csp_origins::create)),
        (
            "GET",
            "/api/v1/csp-origins/actions/generate-header",
            get(csp_origins::generate_header),
        ),
        ("GET", "/api/v1/csp-origins/{id}", get(csp_origins::get)),
        ("PUT", "/api/v1/csp-origins/{id}", put(csp_origins::put)),
        (
            "DELETE",
            "/api/v1/csp-origins/{id}",
            delete(csp_origins::delete),
        ),
        ("GET", "/api/v1/spaces", get(spaces::list)),
        ("POST", "/api/v1/spaces", post(spaces::create)),
        ("GET", "/api/v1/spaces/types", get(spaces::patch::types)),
        ("GET", "/api/v1/spaces/{spaceId}", get(spaces::get)),
        (
            "PATCH",
            "/api/v1/spaces/{spaceId}",
            patch(spaces::patch::patch),
        ),
        ("DELETE", "/api/v1/spaces/{spaceId}", delete(spaces::delete)),
        (
            "GET",
            "/api/v1/spaces/{spaceId}/assignments",
            get(spaces::assignments::list),
        ),
        (
            "POST",
            "/api/v1/spaces/{spaceId}/assignments",
            post(spaces::assignments::create),
        ),
        (
            "DELETE",
            "/api/v1/spaces/{spaceId}/assignments/{assignmentId}",
            delete(spaces::assignments::delete),
        ),
        ("GET", "/api/v1/groups", get(groups::list)),
        ("POST", "/api/v1/groups", post(groups::create)),
        ("GET", "/api/v1/groups/settings", get(groups::get_settings)),
        (
            "PATCH",
            "/api/v1/groups/settings",
            patch(groups::patch_settings),
        ),
        ("GET", "/api/v1/groups/{groupId}", get(groups::get)),
        (
            "PATCH",
            "/api/v1/groups/{groupId}",
            patch(groups::edit::patch),
        ),
        (
            "DELETE",
            "/api/v1/groups/{groupId}",
            delete(groups::edit::delete),
        ),
        ("GET", "/api/v1/roles", get(roles::list)),
        ("GET", "/api/v1/roles/{id}", get(roles::get)),
        (
            "GET",
            "/api/v1/data-connections",
            get(data_connections::list),
        ),
        (
            "POST",
            "/api/v1/data-connections",
            post(data_connections::create),
        ),
        (
            "GET",
            "/api/v1/data-connections/{qID}",
            get(data_connections::get),
        ),
        (
            "DELETE",
            "/api/v1/data-connections/{qID}",
            delete(data_connections::delete),
        ),
    ]
}

fn apps_table() -> Vec<Route> {
    vec![
        ("GET", "/api/v1/apps/{appId}", get(apps::get)),
        ("DELETE", "/api/v1/apps/{appId}", delete(publish::delete)),
        ("POST", "/api/v1/apps/import", post(app_docs::import)),
        (
            "POST",
            "/api/v1/apps/{appId}/export",
            post(app_docs::export),
        ),
        ("POST", "/api/v1/apps/{appId}/copy", post(app_docs::copy)),
        (
            "POST",
            "/api/v1/apps/{appId}/publish",
            post(publish::publish),
        ),
        (
            "PUT",
            "/api/v1/apps/{appId}/publish",
            put(publish::republish),
        ),
        (
            "PUT",
            "/api/v1/apps/{appId}/space",
            put(publish::move_to_space),
        ),
        ("GET", "/api/v1/apps/{appId}/scripts", get(scripts::list)),
        (
            "POST",
            "/api/v1/apps/{appId}/scripts",
            post(scripts::replace),
        ),
        (
            "GET",
            "/api/v1/apps/{appId}/scripts/{id}",
            get(scripts::get),
        ),
        ("GET", "/api/v1/temp-contents/{id}", get(app_docs::download)),
        ("GET", "/api/v1/reloads", get(reloads::list)),
        ("POST", "/api/v1/reloads", post(reloads::create)),
        ("GET", "/api/v1/reloads/{reloadId}", get(reloads::get)),
        (
            "POST",
            "/api/v1/reloads/{reloadId}/actions/cancel",
            post(reloads::cancel),
        ),
    ]
}

/// Builds a router from a table (rows on the same path share one method router).
pub fn build(table: Vec<Route>) -> Router<EmuState> {
    table
        .into_iter()
        .fold(Router::new(), |router, (_, path, handler)| {
            router.route(path, handler)
        })
}

/// `(host kind, method, path)` of every route served, for the contract test.
pub fn served() -> Vec<(&'static str, &'static str, &'static str)> {
    let register = register_table()
        .into_iter()
        .map(|(m, p, _)| ("register", m, p));
    let tenant = tenant_table().into_iter().map(|(m, p, _)| ("tenant", m, p));
    let console = console_table()
        .into_iter()
        .map(|(m, p, _)| ("console", m, p));
    register.chain(tenant).chain(console).collect()
}
