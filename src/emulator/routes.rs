//! The emulator's route tables as data: one `(method, path, handler)` row per Qlik call, so
//! the routers are built from them and the contract test can list exactly what is served.

use super::apps::Apps;
use super::collection::{delete, get, list};
use super::csp_origins::CspOrigins;
use super::data_connections::DataConnections;
use super::groups::Groups;
use super::idps::Idps;
use super::items::Items;
use super::oauth_clients::OAuthClients;
use super::reloads::Reloads;
use super::spaces::{Spaces, assignments::Assignments};
use super::tasks::Tasks;
use super::tasks::runs::{self, ResourceRuns, TaskRuns};
use super::users::Users;
use super::web_integrations::WebIntegrations;
use super::webhooks::{
    Webhooks,
    deliveries::{self, Deliveries},
};
use super::{
    EmuState, app_docs, auth, auth_settings, csp_origins, data_connections, engine, groups, idps,
    jwt_session, licenses, oauth_clients, org, publish, qlik_embed, reloads, reports, roles,
    scripts, single, spaces, tasks, tenant_admin, tenants, themes, users, web_integrations,
    webhooks,
};
use axum::Router;
use axum::routing::{MethodFilter, MethodRouter, on};

/// One served route.
pub type Route = (&'static str, &'static str, MethodRouter<EmuState>);

/// Rows `METHOD "path" => handler` as [`Route`]s, each method router serving its one method.
macro_rules! table {
    ($($method:ident $path:literal => $handler:expr),* $(,)?) => {
        vec![$((stringify!($method), $path, on(MethodFilter::$method, $handler))),*]
    };
}

/// Routes of `register.<region>.<domain>`.
pub fn register_table() -> Vec<Route> {
    table![
        POST "/oauth/token" => auth::token,
        POST "/api/v1/tenants" => tenants::create,
        POST "/api/v1/tenants/{tenantId}/actions/deactivate" => tenant_admin::deactivate,
        POST "/api/v1/tenants/{tenantId}/actions/reactivate" => tenant_admin::reactivate,
    ]
}

/// Routes of `console.<domain>`: the organization API (not part of `@qlik/api`).
pub fn console_table() -> Vec<Route> {
    table![
        POST "/oauth/token" => auth::token,
        GET "/api/core/tenants" => org::list_tenants,
    ]
}

/// Routes of `<tenant>.<region>.<domain>`.
pub fn tenant_table() -> Vec<Route> {
    let mut table = table![
        POST "/oauth/token" => auth::token,
        POST "/login/jwt-session" => jwt_session::login,
        GET "/single/" => single::single,
        GET "/qlik-embed/main.js" => qlik_embed::runtime,
        GET "/qlik-embed/render" => qlik_embed::render,
        GET "/app/{appId}" => engine::socket,
        GET "/sense/app/{appId}/sheet/{sheetId}/state/analysis" => single::sense_sheet,
        GET "/api/v1/csrf-token" => jwt_session::csrf_token,
        GET "/api/v1/tenants/{tenantId}" => tenants::get,
        PATCH "/api/v1/tenants/{tenantId}" => tenant_admin::patch,
        GET "/api/v1/licenses/overview" => licenses::overview,
        GET "/api/v1/licenses/settings" => licenses::get_settings,
        PUT "/api/v1/licenses/settings" => licenses::put_settings,
        GET "/api/v1/licenses/assignments" => licenses::assignments::list,
        POST "/api/v1/licenses/assignments/actions/add" => licenses::assignments::add,
        POST "/api/v1/licenses/assignments/actions/delete" => licenses::assignments::delete,
        GET "/api/core/auth-settings" => auth_settings::get,
        PATCH "/api/core/auth-settings" => auth_settings::patch,
        GET "/api/v1/users" => list::<Users>,
        POST "/api/v1/users" => users::create,
        PATCH "/api/v1/users/{userId}" => users::patch,
        GET "/api/v1/users/me" => users::me,
        GET "/api/v1/users/{userId}" => get::<Users>,
        DELETE "/api/v1/users/{userId}" => delete::<Users>,
        GET "/api/v1/items" => list::<Items>,
        GET "/api/v1/oauth-clients" => oauth_clients::list,
        POST "/api/v1/oauth-clients" => oauth_clients::create,
        DELETE "/api/v1/oauth-clients/{id}" => delete::<OAuthClients>,
        GET "/api/v1/oauth-clients/{id}/connection-configs/me" => oauth_clients::consent::get,
        PATCH "/api/v1/oauth-clients/{id}/connection-configs/me" => oauth_clients::consent::patch,
    ];
    table.extend(config_table());
    table.extend(apps_table());
    table.extend(tasks_table());
    table.extend(webhooks_table());
    table.extend(reports_table());
    table.extend(themes_table());
    table
}

fn reports_table() -> Vec<Route> {
    table![
        POST "/api/v1/reports" => reports::create,
        GET "/api/v1/reports/{id}/status" => reports::status,
        GET "/api/v1/reports/{id}/outputs" => reports::outputs,
    ]
}

fn themes_table() -> Vec<Route> {
    table![
        GET "/api/v1/themes" => themes::list,
        POST "/api/v1/themes" => themes::upload,
        GET "/api/v1/themes/{id}" => themes::get,
        PATCH "/api/v1/themes/{id}" => themes::patch,
        DELETE "/api/v1/themes/{id}" => themes::delete,
        GET "/api/v1/themes/{id}/file" => themes::download,
        GET "/api/v1/themes/{id}/file/{*filepath}" => themes::download_file,
    ]
}

fn webhooks_table() -> Vec<Route> {
    table![
        GET "/api/v1/webhooks" => list::<Webhooks>,
        POST "/api/v1/webhooks" => webhooks::create,
        GET "/api/v1/webhooks/event-types" => webhooks::event_types,
        GET "/api/v1/webhooks/{id}" => get::<Webhooks>,
        PUT "/api/v1/webhooks/{id}" => webhooks::update,
        PATCH "/api/v1/webhooks/{id}" => webhooks::patch,
        DELETE "/api/v1/webhooks/{id}" => delete::<Webhooks>,
        GET "/api/v1/webhooks/{id}/deliveries" => list::<Deliveries>,
        GET "/api/v1/webhooks/{id}/deliveries/{deliveryId}" => get::<Deliveries>,
        POST "/api/v1/webhooks/{id}/deliveries/{deliveryId}/actions/resend" => deliveries::resend,
    ]
}

fn tasks_table() -> Vec<Route> {
    table![
        GET "/api/v1/tasks" => list::<Tasks>,
        POST "/api/v1/tasks" => tasks::create,
        GET "/api/v1/tasks/resources/{id}/runs" => list::<ResourceRuns>,
        GET "/api/v1/tasks/{id}" => get::<Tasks>,
        PUT "/api/v1/tasks/{id}" => tasks::update,
        DELETE "/api/v1/tasks/{id}" => delete::<Tasks>,
        POST "/api/v1/tasks/{id}/actions/start" => runs::start,
        GET "/api/v1/tasks/{id}/runs" => list::<TaskRuns>,
        GET "/api/v1/tasks/{id}/runs/last" => runs::last,
        GET "/api/v1/tasks/{id}/runs/{runId}/log" => runs::log,
    ]
}

fn config_table() -> Vec<Route> {
    table![
        GET "/api/v1/identity-providers" => list::<Idps>,
        POST "/api/v1/identity-providers" => idps::create,
        GET "/api/v1/identity-providers/{id}" => get::<Idps>,
        PATCH "/api/v1/identity-providers/{id}" => idps::patch,
        DELETE "/api/v1/identity-providers/{id}" => delete::<Idps>,
        GET "/api/v1/web-integrations" => list::<WebIntegrations>,
        POST "/api/v1/web-integrations" => web_integrations::create,
        GET "/api/v1/web-integrations/{id}" => get::<WebIntegrations>,
        PATCH "/api/v1/web-integrations/{id}" => web_integrations::patch,
        DELETE "/api/v1/web-integrations/{id}" => delete::<WebIntegrations>,
        GET "/api/v1/csp-origins" => list::<CspOrigins>,
        POST "/api/v1/csp-origins" => csp_origins::create,
        GET "/api/v1/csp-origins/actions/generate-header" => csp_origins::generate_header,
        GET "/api/v1/csp-origins/{id}" => get::<CspOrigins>,
        PUT "/api/v1/csp-origins/{id}" => csp_origins::put,
        DELETE "/api/v1/csp-origins/{id}" => delete::<CspOrigins>,
        GET "/api/v1/spaces" => list::<Spaces>,
        POST "/api/v1/spaces" => spaces::create,
        GET "/api/v1/spaces/types" => spaces::patch::types,
        GET "/api/v1/spaces/{spaceId}" => get::<Spaces>,
        PATCH "/api/v1/spaces/{spaceId}" => spaces::patch::patch,
        DELETE "/api/v1/spaces/{spaceId}" => delete::<Spaces>,
        GET "/api/v1/spaces/{spaceId}/assignments" => list::<Assignments>,
        POST "/api/v1/spaces/{spaceId}/assignments" => spaces::assignments::create,
        DELETE "/api/v1/spaces/{spaceId}/assignments/{assignmentId}" => delete::<Assignments>,
        GET "/api/v1/groups" => list::<Groups>,
        POST "/api/v1/groups" => groups::create,
        GET "/api/v1/groups/settings" => groups::get_settings,
        PATCH "/api/v1/groups/settings" => groups::patch_settings,
        GET "/api/v1/groups/{groupId}" => get::<Groups>,
        PATCH "/api/v1/groups/{groupId}" => groups::edit::patch,
        DELETE "/api/v1/groups/{groupId}" => delete::<Groups>,
        GET "/api/v1/roles" => roles::list,
        GET "/api/v1/roles/{id}" => roles::get,
        GET "/api/v1/data-connections" => list::<DataConnections>,
        POST "/api/v1/data-connections" => data_connections::create,
        GET "/api/v1/data-connections/{qID}" => get::<DataConnections>,
        DELETE "/api/v1/data-connections/{qID}" => delete::<DataConnections>,
    ]
}

fn apps_table() -> Vec<Route> {
    table![
        GET "/api/v1/apps/{appId}" => get::<Apps>,
        DELETE "/api/v1/apps/{appId}" => publish::delete,
        POST "/api/v1/apps/import" => app_docs::import,
        POST "/api/v1/apps/validatescript" => scripts::validate,
        POST "/api/v1/apps/{appId}/export" => app_docs::export,
        POST "/api/v1/apps/{appId}/copy" => app_docs::copy,
        POST "/api/v1/apps/{appId}/publish" => publish::publish,
        PUT "/api/v1/apps/{appId}/publish" => publish::republish,
        PUT "/api/v1/apps/{appId}/space" => publish::move_to_space,
        GET "/api/v1/apps/{appId}/scripts" => scripts::list,
        POST "/api/v1/apps/{appId}/scripts" => scripts::replace,
        GET "/api/v1/apps/{appId}/scripts/{id}" => scripts::get,
        GET "/api/v1/apps/{appId}/reloads/logs" => reloads::logs::list,
        GET "/api/v1/apps/{appId}/reloads/logs/{reloadId}" => reloads::logs::log,
        GET "/api/v1/temp-contents/{id}" => app_docs::download,
        GET "/api/v1/reloads" => list::<Reloads>,
        POST "/api/v1/reloads" => reloads::create,
        GET "/api/v1/reloads/{reloadId}" => get::<Reloads>,
        POST "/api/v1/reloads/{reloadId}/actions/cancel" => reloads::cancel,
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
