//! The REST API under `/api/v1/` for the partner's automation (and the admin UI's sessions):
//! customers, plan, apply, jobs (with an SSE stream), templates, audit, and its OpenAPI document.

mod answers;
mod audit;
mod caller;
mod cors;
mod customers;
mod diagnosis;
mod embed;
mod embed_setup;
mod exports;
mod host_apps;
mod hybrid;
mod jobs;
pub mod json;
mod lifecycle;
mod modules;
mod openapi;
mod path;
mod qlik_events;
mod qlik_token;
mod reloads;
mod rollouts;
mod tokens;
mod users;

pub use caller::{Admin, Caller};
pub use openapi::{Access, access, build as openapi_document, operations};

use super::{AppError, AppState};
use crate::wire::ApiError;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The `/api/v1` routes: the router half of [`admin_routes`] and [`page_routes`], whose other
/// half is the document, so a route cannot exist without being documented.
pub fn routes(state: &AppState) -> Router<AppState> {
    let (admin, _) = admin_routes().split_for_parts();
    let (page, _) = page_routes().split_for_parts();
    admin.merge(page.layer(cors::registered_origins(state.store.clone())))
}

/// The routes the admin UI, the partner's automation and its backend call (and the document).
fn admin_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(tagged(
            "meta",
            OpenApiRouter::new().routes(routes!(openapi::document)),
        ))
        .merge(tagged(
            "customers",
            OpenApiRouter::new()
                .routes(routes!(customers::list, customers::create))
                .routes(routes!(customers::show, customers::update))
                .routes(routes!(customers::plan))
                .routes(routes!(customers::apply))
                .routes(routes!(lifecycle::deprovision))
                .routes(routes!(lifecycle::reactivate)),
        ))
        .merge(tagged(
            "hybrid",
            OpenApiRouter::new()
                .routes(routes!(hybrid::show, hybrid::setup))
                .routes(routes!(hybrid::token))
                .routes(routes!(hybrid::reconcile))
                .routes(routes!(hybrid::adopt))
                .routes(routes!(hybrid::expose)),
        ))
        .merge(tagged(
            "jobs",
            OpenApiRouter::new()
                .routes(routes!(jobs::list))
                .routes(routes!(jobs::show))
                .routes(routes!(jobs::cancel))
                .routes(routes!(jobs::events)),
        ))
        .merge(tagged(
            "modules",
            OpenApiRouter::new()
                .routes(routes!(modules::list))
                .routes(routes!(modules::menu_options, modules::set_menu_options))
                .routes(routes!(modules::versions, modules::add_version)),
        ))
        .merge(tagged(
            "rollouts",
            OpenApiRouter::new()
                .routes(routes!(rollouts::list, rollouts::start))
                .routes(routes!(rollouts::show))
                .routes(routes!(rollouts::resume))
                .routes(routes!(rollouts::rollback)),
        ))
        .merge(tagged(
            "audit",
            OpenApiRouter::new().routes(routes!(audit::query)),
        ))
        .merge(tagged(
            "embed",
            OpenApiRouter::new()
                .routes(routes!(embed::create_session))
                .routes(routes!(users::remove))
                .routes(routes!(users::sync, users::list))
                .routes(routes!(users::sweep)),
        ))
        .merge(tagged(
            "host-apps",
            OpenApiRouter::new()
                .routes(routes!(host_apps::list, host_apps::create))
                .routes(routes!(host_apps::set_customers)),
        ))
        .merge(tagged(
            "tokens",
            OpenApiRouter::new()
                .routes(routes!(tokens::list, tokens::create))
                .routes(routes!(tokens::revoke))
                .routes(routes!(tokens::rotate)),
        ))
        .merge(tagged(
            "reloads",
            OpenApiRouter::new()
                .routes(routes!(reloads::start))
                .routes(routes!(reloads::show))
                .routes(routes!(reloads::freshness))
                .routes(routes!(reloads::history))
                .routes(routes!(qlik_events::receive)),
        ))
}

/// The routes end-user pages call cross-origin with an embed token (CORS for customers'
/// registered origins only, layered on by [`routes`]; no cookies involved), tagged `embed`.
fn page_routes() -> OpenApiRouter<AppState> {
    let routes = OpenApiRouter::new()
        .routes(routes!(embed::qlik_jwt))
        .routes(routes!(qlik_token::qlik_token))
        .routes(routes!(embed::menu))
        .routes(routes!(embed::sheet_url))
        .routes(routes!(diagnosis::diagnose))
        .routes(routes!(host_apps::exchange))
        .routes(routes!(embed_setup::setup))
        .routes(routes!(embed_setup::session))
        .routes(routes!(exports::export))
        .routes(routes!(embed_setup::fallback));
    tagged("embed", routes)
}

/// `routes` with every operation under `tag` in the document: a group's tag is written once.
fn tagged(tag: &str, mut routes: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    for item in routes.get_openapi_mut().paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            operation.tags = Some(vec![tag.to_owned()]);
        }
    }
    routes
}

pub use embed::{PageSession, page_session};

/// Whether `origin` is registered by some active customer (the CORS rule for embedding).
pub async fn origin_registered(state: &AppState, origin: &str) -> Result<bool, ApiError> {
    Ok(cors::registered(&state.store, origin).await?)
}

/// `?customer=&limit=`: a list narrowed to one customer, and how long it may be.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    customer: Option<String>,
    limit: Option<i64>,
}

impl ListQuery {
    /// The customer asked for, if any.
    pub fn customer(&self) -> Result<Option<crate::domain::CustomerSlug>, AppError> {
        let parse = |c| param("customer", c, crate::domain::CustomerSlug::parse);
        self.customer.as_deref().map(parse).transpose()
    }

    /// How many entries at most, `default` unless asked.
    pub fn limit(&self, default: i64) -> i64 {
        self.limit.unwrap_or(default)
    }
}

/// Parses a path or query value with a domain parser, naming the parameter on failure.
pub fn param<T>(
    name: &str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, crate::domain::ParseError>,
) -> Result<T, AppError> {
    Ok(crate::ops::error::param(name, raw, parse)?)
}
