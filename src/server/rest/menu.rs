//! The partner menu for an embed session: the modules of the session's customer that the
//! user's groups may see, each with its sheets and their URLs on the customer's own tenant.
//! Everything is derived from the session; the browser names nothing but a module and sheet.

use super::embed::session;
use super::tenant_origin::tenant_origin;
use crate::api::{ApiError, ErrorCode, MenuModule, MenuSheet};
use crate::domain::{
    AppId, CustomerSlug, EmbedUser, HybridAppStatus, Opt, Origin, SingleUrl, Target,
};
use crate::server::{AppError, AppState};
use crate::store::{CustomerRecord, Deployment};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;

/// `GET /api/v1/embed/menu` (embed token).
pub async fn menu(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<MenuModule>>, AppError> {
    let (customer, user) = session(&state, &headers).await?;
    let customer = state
        .store
        .get_customer(&customer)
        .await
        .map_err(ApiError::from)?;
    let observed = state
        .store
        .get_state(customer.slug())
        .await
        .map_err(ApiError::from)?
        .observed;
    let Some(origin) = tenant_origin(&state, observed.hostname.as_ref())? else {
        return Ok(Json(Vec::new()));
    };
    if !may_see(&customer, &user) {
        return Ok(Json(Vec::new()));
    }
    let mut menu = Vec::new();
    for key in &customer.spec.modules {
        let Some((app, version)) = published(observed.deployments.get(key)) else {
            continue;
        };
        let module = state.store.get_module(key).await.map_err(ApiError::from)?;
        let template = state
            .store
            .get_module_version(key, version)
            .await
            .map_err(ApiError::from)?;
        let options = state
            .store
            .menu_options(key)
            .await
            .map_err(ApiError::from)?;
        let sheets = template
            .sheets
            .iter()
            .map(|s| {
                let url = SingleUrl::new(origin.clone(), app.clone(), Target::Sheet(s.id.clone()))
                    .opt(Opt::Currsel);
                let url = options.apply(url).build();
                MenuSheet {
                    id: s.id.to_string(),
                    title: s.title.clone(),
                    url,
                }
            })
            .collect();
        menu.push(MenuModule {
            key: key.to_string(),
            name: module.name,
            sheets,
            view_only: false,
        });
    }
    menu.extend(hybrid_modules(&state, customer.slug(), &origin).await?);
    Ok(Json(menu))
}

/// The customer's adopted distributed apps, view-only, with the sheets an admin exposed.
async fn hybrid_modules(
    state: &AppState,
    slug: &CustomerSlug,
    origin: &Origin,
) -> Result<Vec<MenuModule>, ApiError> {
    let apps = state
        .store
        .hybrid_apps(slug)
        .await
        .map_err(ApiError::from)?;
    let modules = apps
        .into_iter()
        .filter(|a| a.status == HybridAppStatus::Adopted)
        .map(|a| {
            let sheets = a
                .sheets
                .iter()
                .filter(|s| s.exposed)
                .map(|s| {
                    // The single-object form: no edit affordances, whatever the user's role.
                    let target = Target::Sheet(s.id.clone());
                    let url = SingleUrl::new(origin.clone(), a.app_id.clone(), target)
                        .opt(Opt::Currsel)
                        .build();
                    MenuSheet {
                        id: s.id.to_string(),
                        title: s.title.clone(),
                        url,
                    }
                })
                .collect();
            MenuModule {
                key: a.module_key.to_string(),
                name: a.name,
                sheets,
                view_only: true,
            }
        })
        .collect();
    Ok(modules)
}

#[derive(Debug, Deserialize)]
pub struct SheetQuery {
    module: String,
    sheet: String,
}

/// `GET /api/v1/embed/sheet-url?module=&sheet=` (embed token): the sheet's URL on the
/// session customer's tenant, or a clear refusal for anything outside that customer's menu.
pub async fn sheet_url(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<SheetQuery>,
) -> Result<Json<MenuSheet>, AppError> {
    let menu = menu(State(state), headers).await?.0;
    let module = menu
        .into_iter()
        .find(|m| m.key == q.module)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Forbidden,
                format!("module {:?} is not in your menu", q.module),
            )
        })?;
    let sheet = module
        .sheets
        .into_iter()
        .find(|s| s.id == q.sheet)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Forbidden,
                format!("sheet {:?} is not in module {}", q.sheet, q.module),
            )
        })?;
    Ok(Json(sheet))
}

/// A user sees the modules when one of their groups holds a role in the customer's space.
fn may_see(customer: &CustomerRecord, user: &EmbedUser) -> bool {
    user.groups
        .iter()
        .any(|g| customer.spec.group_roles.contains_key(g))
}

fn published(d: Option<&Deployment>) -> Option<(AppId, i64)> {
    let d = d?;
    Some((d.published_app_id.clone()?, d.version?))
}
