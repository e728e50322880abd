//! One tenant collection: what every Qlik API whose resources a tenant holds does alike (list
//! with Qlik's paging, read and delete by id, Qlik's answers for a missing tenant or item).
//! A resource says what differs by implementing [`Collection`]; the routes are the handlers here.

use super::auth::TenantCaller;
use super::call::TenantCall;
use super::error::{QlikError, Result};
use super::paging::{Paging, Query};
use super::state::{EmuTenant, World};
use axum::Json;
use axum::extract::{self, Path};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Where a request stands: the caller's tenant, the caller, and the ids of the route's
/// parents (`/spaces/{spaceId}/assignments` has one, top-level collections none).
pub struct Scope<'a> {
    pub tenant: &'a EmuTenant,
    pub caller: &'a TenantCaller,
    pub parents: &'a [String],
}

impl<'a> Scope<'a> {
    /// The scope of `caller` in `world`: their tenant must still be there.
    pub fn new(
        world: &'a World,
        caller: &'a TenantCaller,
        parents: &'a [String],
    ) -> Result<Self, QlikError> {
        let tenant = world.tenant(&caller.tenant_id)?;
        Ok(Self {
            tenant,
            caller,
            parents,
        })
    }
}

/// Which items a list query selects (built once per request, after checking the query).
pub type Selector<T> = Box<dyn Fn(&T, &Scope) -> bool>;

/// What a list query's parameter selects by exact value: absent, any value; given, that one.
pub struct Exactly(Option<String>);

impl Exactly {
    /// Parameter `key` of `query`.
    pub fn param(query: &Query, key: &str) -> Self {
        Self(query.get(key).cloned())
    }
    /// Whether it selects `value`.
    pub fn admits(&self, value: &str) -> bool {
        self.0.as_deref().is_none_or(|wanted| wanted == value)
    }
    /// Whether it selects an optional `value` (one that is absent only when not given).
    pub fn admits_some(&self, value: Option<&str>) -> bool {
        self.0.as_deref().is_none_or(|wanted| value == Some(wanted))
    }
}

/// How a list query orders items (its `sort` parameter), ties broken by cursor id.
pub type Order<T> = Box<dyn Fn(&T, &T) -> std::cmp::Ordering>;

/// A resource a tenant holds by id, and how its API differs from the others' in reading and
/// deleting one.
pub trait Collection: 'static {
    /// What the collection holds.
    type Item: 'static;

    /// The error for an item that is not there, or that the caller may not see.
    fn missing(id: &str) -> QlikError;
    /// The items under `parents`; a missing parent is that parent's error ([`held_in`] writes
    /// this and the next for a collection held in a field of the tenant).
    fn items<'t>(
        tenant: &'t EmuTenant,
        parents: &[String],
    ) -> Result<&'t BTreeMap<String, Self::Item>, QlikError>;
    /// The same, to change.
    fn items_mut<'t>(
        tenant: &'t mut EmuTenant,
        parents: &[String],
    ) -> Result<&'t mut BTreeMap<String, Self::Item>, QlikError>;
    /// The resource as Qlik answers it.
    fn render(item: &Self::Item, at: &Scope) -> Value;

    /// Refuses a caller before any lookup (a role the API requires); `id` is the item's.
    fn admit(_at: &Scope, _id: Option<&str>) -> Result<(), QlikError> {
        Ok(())
    }
    /// Whether the caller may see `item`; an item they may not is missing to them.
    fn visible(_item: &Self::Item, _at: &Scope) -> bool {
        true
    }
    /// Refuses deleting a visible `item` (a role deleting needs).
    fn may_delete(_item: &Self::Item, _at: &Scope) -> Result<(), QlikError> {
        Ok(())
    }
    /// What else goes with a deleted item (references to it, tokens it issued).
    fn deleted(_world: &mut World, _tenant_id: &str, _item: Self::Item) {}
}

/// A collection whose API lists it, paged as Qlik pages.
pub trait Listing: Collection {
    /// How the list pages.
    const PAGING: Paging;
    /// The list's path, the prefix of its links.
    const PATH: &'static str;
    /// Whether the list answers `meta.count`, the number of items selected (spaces do).
    const COUNTED: bool = false;
    /// Whether the list shows the newest first (reloads); otherwise the oldest first.
    const NEWEST_FIRST: bool = false;

    /// The list's path for the route's parents (nested collections name theirs).
    fn path(_parents: &[String]) -> String {
        Self::PATH.to_owned()
    }
    /// The resource as listed (some lists answer less, or more on request).
    fn listed(item: &Self::Item, at: &Scope, _query: &Query) -> Value {
        Self::render(item, at)
    }
    /// When the item was created: lists are in creation order, then by id. `None` keeps
    /// the order of ids.
    fn created(_item: &Self::Item) -> Option<DateTime<Utc>> {
        None
    }
    /// The id the list's cursor names: the key the item is held under, unless the API pages
    /// by another id.
    fn cursor<'i>(key: &'i str, _item: &'i Self::Item) -> &'i str {
        key
    }
    /// What the list's query parameters select; a malformed one is a 400.
    fn selector(_query: &Query) -> Result<Selector<Self::Item>, QlikError> {
        Ok(Box::new(|_, _| true))
    }
    /// The order the query asks for, where the API sorts on request (tasks); `None` keeps
    /// creation order ([`Listing::NEWEST_FIRST`]). A malformed `sort` is a 400.
    fn order(_query: &Query) -> Result<Option<Order<Self::Item>>, QlikError> {
        Ok(None)
    }
}

/// The item `id` the caller may see, under the scope's parents.
pub fn find<'t, C: Collection>(at: &Scope<'t>, id: &str) -> Result<&'t C::Item, QlikError> {
    C::admit(at, Some(id))?;
    C::items(at.tenant, at.parents)?
        .get(id)
        .filter(|item| C::visible(item, at))
        .ok_or_else(|| C::missing(id))
}

/// The same, to change: the checks are [`find`]'s.
pub fn find_mut<'w, C: Collection>(
    world: &'w mut World,
    caller: &TenantCaller,
    parents: &[String],
    id: &str,
) -> Result<&'w mut C::Item, QlikError> {
    find::<C>(&Scope::new(world, caller, parents)?, id)?;
    C::items_mut(world.tenant_mut(&caller.tenant_id)?, parents)?
        .get_mut(id)
        .ok_or_else(|| C::missing(id))
}

/// The id of the item a nested collection's route lives under (its first parent).
pub fn parent(parents: &[String]) -> &str {
    parents.first().map_or("", String::as_str)
}

/// [`Collection::admit`] of a collection nested under an item of `P` (a task's runs, a
/// webhook's deliveries): the parent must be one the caller may see, else it is `P`'s 404.
pub fn parent_visible<P: Collection>(at: &Scope) -> Result<(), QlikError> {
    find::<P>(at, parent(at.parents)).map(|_| ())
}

/// The page of the collection that `query` asks for, as `{data, links}` (and `meta`).
pub fn page<C: Listing>(at: &Scope, query: &Query) -> Result<Value, QlikError> {
    C::admit(at, None)?;
    let selects = C::selector(query)?;
    let order = C::order(query)?;
    let mut items: Vec<(&String, &C::Item)> = C::items(at.tenant, at.parents)?
        .iter()
        .filter(|(_, item)| C::visible(item, at) && selects(item, at))
        .collect();
    items.sort_by(|a, b| {
        if let Some(order) = &order {
            return order(a.1, b.1).then_with(|| cursor::<C>(a).cmp(cursor::<C>(b)));
        }
        let order = (C::created(a.1), cursor::<C>(a)).cmp(&(C::created(b.1), cursor::<C>(b)));
        if C::NEWEST_FIRST {
            order.reverse()
        } else {
            order
        }
    });
    let render = |(_, item): &(&String, &C::Item)| C::listed(item, at, query);
    let path = C::path(at.parents);
    let mut page = C::PAGING.page(&path, query, &items, cursor::<C>, render)?;
    if C::COUNTED {
        page["meta"] = json!({ "count": items.len() });
    }
    Ok(page)
}

/// The cursor id of a listed `(key, item)`.
fn cursor<'a, C: Listing>((key, item): &'a (&String, &C::Item)) -> &'a str {
    C::cursor(key, item)
}

/// `GET <collection>` → 200 the page.
pub async fn list<C: Listing>(
    call: TenantCall,
    Path(parents): Path<Vec<String>>,
    extract::Query(query): extract::Query<Query>,
) -> Result<Json<Value>> {
    let world = call.lock();
    page::<C>(&Scope::new(&world, &call, &parents)?, &query).map(Json)
}

/// `GET <collection>/{id}` → 200 the item.
pub async fn get<C: Collection>(
    call: TenantCall,
    Path(mut ids): Path<Vec<String>>,
) -> Result<Json<Value>> {
    let id = ids.pop().unwrap_or_default();
    let world = call.lock();
    let at = Scope::new(&world, &call, &ids)?;
    find::<C>(&at, &id).map(|item| Json(C::render(item, &at)))
}

/// `DELETE <collection>/{id}` → 204, with what goes with the item.
pub async fn delete<C: Collection>(
    call: TenantCall,
    Path(mut ids): Path<Vec<String>>,
) -> Result<StatusCode> {
    let id = ids.pop().unwrap_or_default();
    let mut world = call.lock();
    let at = Scope::new(&world, &call, &ids)?;
    C::may_delete(find::<C>(&at, &id)?, &at)?;
    let removed = C::items_mut(world.tenant_mut(&call.tenant_id)?, &ids)?.remove(&id);
    if let Some(item) = removed {
        C::deleted(&mut world, &call.tenant_id, item);
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `items` and `items_mut` of a top-level collection held in the tenant's field `$field`.
macro_rules! held_in {
    ($field:ident) => {
        fn items<'t>(
            tenant: &'t $crate::emulator::state::EmuTenant,
            _: &[String],
        ) -> Result<
            &'t std::collections::BTreeMap<String, Self::Item>,
            $crate::emulator::error::QlikError,
        > {
            Ok(&tenant.$field)
        }
        fn items_mut<'t>(
            tenant: &'t mut $crate::emulator::state::EmuTenant,
            _: &[String],
        ) -> Result<
            &'t mut std::collections::BTreeMap<String, Self::Item>,
            $crate::emulator::error::QlikError,
        > {
            Ok(&mut tenant.$field)
        }
    };
}
pub(crate) use held_in;
