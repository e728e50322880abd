//! The JSON request body handlers take: parsed before the handler runs, and when it does not
//! parse, answered with the 400 of the API it was sent to ([`QlikError::parse_json`]).

use super::error::QlikError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// An API as its request bodies see it: the code of its 400 for a malformed one.
pub trait Api {
    /// The code (`USERS-400`).
    const BAD_REQUEST: &'static str;
}

/// A request body sent to API `A`, parsed as JSON into `T`. Read as [`Bytes`] are (a body
/// past the size limit is refused as their extractor refuses it).
pub struct JsonBody<T, A>(pub T, pub PhantomData<fn() -> A>);

impl<T: DeserializeOwned, A: Api, S: Send + Sync> FromRequest<S> for JsonBody<T, A> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let value =
            QlikError::parse_json(&bytes, A::BAD_REQUEST).map_err(IntoResponse::into_response)?;
        Ok(Self(value, PhantomData))
    }
}
