//! Path parameters as extractors: one type per route parameter both documents it (its
//! `IntoParams`) and yields it parsed by its domain parser, so the document cannot drift from
//! the route and a bad value is the same 400 naming the parameter as every other parse error.

use super::param;
use crate::domain::{ApiTokenId, CustomerSlug, ModuleKey, ParseError};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// The route's `{name}`, parsed by `parse`. A path axum cannot decode is refused as its `Path`
/// extractor refuses it.
async fn segment<S: Send + Sync, T>(
    parts: &mut Parts,
    state: &S,
    name: &str,
    parse: impl Fn(&str) -> Result<T, ParseError>,
) -> Result<T, Response> {
    let Path(raw) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)?;
    let value = raw.get(name).map_or("", String::as_str);
    param(name, value, parse).map_err(IntoResponse::into_response)
}

/// Ids the hub makes itself (jobs, rollouts) are looked up as they come: an unknown one is a 404.
fn verbatim(raw: &str) -> Result<String, ParseError> {
    Ok(raw.to_owned())
}

/// Declares each path parameter: the type, the value it yields, its `{name}` in the route, its
/// parser and its description in the document.
macro_rules! path_params {
    ($(
        $(#[$doc:meta])*
        $name:ident($(#[$field:meta])* $ty:ty) = $param:literal, $parse:expr, $description:literal;
    )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, utoipa::IntoParams)]
        #[into_params(names($param), parameter_in = Path)]
        pub struct $name(#[doc = $description] $(#[$field])* pub $ty);

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = Response;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
                segment(parts, state, $param, $parse).await.map($name)
            }
        }
    )*};
}

path_params! {
    /// `{slug}` of a customer's routes.
    CustomerPath(CustomerSlug) = "slug", CustomerSlug::parse, "The customer";
    /// `{key}` of a module's routes.
    ModulePath(ModuleKey) = "key", ModuleKey::parse, "The module";
    /// `{id}` of an API token's routes.
    TokenPath(ApiTokenId) = "id", ApiTokenId::parse, "The token id";
    /// `{id}` of a host app's routes (documented as a string; it has a module key's form).
    HostAppPath(#[param(value_type = String)] ModuleKey) = "id", ModuleKey::parse, "The host app id";
    /// `{id}` of a job's routes.
    JobPath(String) = "id", verbatim, "The job id";
    /// `{id}` of a rollout's routes.
    RolloutPath(String) = "id", verbatim, "The rollout id";
}
