//! The partner menu of an embed session: the modules of the session's customer that the
//! user's groups may see, each with its sheets and their URLs on the customer's own tenant.
//! Every URL carries the module's menu options, with the customer's theme and language where
//! the module names none (`domain::sheet_options`).

use super::embed::{Session, tenant_origin};
use crate::domain::{
    AppId, EmbedUser, HybridAppStatus, ModuleKey, Opt, Origin, SingleUrl, Target, sheet_options,
};
use crate::qlik::QlikEndpoint;
use crate::store::{CustomerRecord, Deployment, Store};
use crate::wire::{ApiError, ErrorCode, MenuModule, MenuSheet};

/// The session's menu: published modules, then adopted distributed apps (view-only).
pub async fn menu(
    store: &Store,
    endpoint: &QlikEndpoint,
    session: &Session,
) -> Result<Vec<MenuModule>, ApiError> {
    let customer = store.get_customer(&session.customer).await?;
    let observed = store.get_state(customer.slug()).await?.observed;
    let Some(origin) = tenant_origin(endpoint, observed.hostname.as_ref())? else {
        return Ok(Vec::new());
    };
    if !may_see(&customer, &session.user) {
        return Ok(Vec::new());
    }
    let mut menu = Vec::new();
    for key in &customer.spec.modules {
        let Some((app, version)) = published(observed.deployments.get(key)) else {
            continue;
        };
        let module = store.get_module(key).await?;
        let template = store.get_module_version(key, version).await?;
        let options = sheet_options(&store.menu_options(key).await?, &customer.spec);
        let sheets = template
            .sheets
            .iter()
            .map(|s| {
                let url = SingleUrl::new(origin.clone(), app.clone(), Target::Sheet(s.id.clone()))
                    .opt(Opt::Currsel);
                let url = options.apply(url).build();
                MenuSheet {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    url,
                }
            })
            .collect();
        let access_denied = access_denied(&customer, key, &module.name, &session.user);
        menu.push(MenuModule {
            key: key.clone(),
            name: module.name,
            sheets,
            view_only: false,
            access_denied,
        });
    }
    menu.extend(hybrid_modules(store, &customer, &origin).await?);
    Ok(menu)
}

/// The sheet `sheet` of module `module` in the session's menu, or a 403 for anything outside.
pub async fn sheet(
    store: &Store,
    endpoint: &QlikEndpoint,
    session: &Session,
    module: &str,
    sheet: &str,
) -> Result<MenuSheet, ApiError> {
    let found = menu(store, endpoint, session)
        .await?
        .into_iter()
        .find(|m| m.key.as_str() == module)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Forbidden,
                format!("module {module:?} is not in your menu"),
            )
        })?;
    found
        .sheets
        .into_iter()
        .find(|s| s.id.as_str() == sheet)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Forbidden,
                format!("sheet {sheet:?} is not in module {module}"),
            )
        })
}

/// The customer's adopted distributed apps, view-only, with the sheets an admin exposed.
async fn hybrid_modules(
    store: &Store,
    customer: &CustomerRecord,
    origin: &Origin,
) -> Result<Vec<MenuModule>, ApiError> {
    let apps = store.hybrid_apps(customer.slug()).await?;
    // Distributed apps have no menu options of their own: the customer's look only.
    let look = sheet_options(&Default::default(), &customer.spec);
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
                    let url =
                        SingleUrl::new(origin.clone(), a.app_id.clone(), target).opt(Opt::Currsel);
                    let url = look.apply(url).build();
                    MenuSheet {
                        id: s.id.clone(),
                        title: s.title.clone(),
                        url,
                    }
                })
                .collect();
            MenuModule {
                key: a.module_key,
                name: a.name,
                sheets,
                view_only: true,
                access_denied: None,
            }
        })
        .collect();
    Ok(modules)
}

/// The named diagnosis for a user whom the module's section access gives no row, as Qlik
/// would answer them with "access denied" and an empty frame.
fn access_denied(
    customer: &CustomerRecord,
    module: &ModuleKey,
    name: &str,
    user: &EmbedUser,
) -> Option<String> {
    let rule = customer.spec.access.for_module(module)?;
    let groups = user.qlik_groups();
    if rule.admits(&groups) {
        return None;
    }
    let listed = match groups.is_empty() {
        true => "none".to_owned(),
        false => groups
            .iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    Some(format!(
        "There is no section access row for this user's groups ({listed}) in {name}: its \
         access rule on {} lets them see no data. Give the user a group or attribute the \
         customer's access rule lists, or add one to the rule and apply.",
        rule.field
    ))
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
