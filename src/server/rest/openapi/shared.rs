//! The document's shared parts: the security schemes (API tokens, admin session cookie, embed
//! tokens) and the one error response every operation may answer (`ApiError`).

use utoipa::Modify;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, ResponseBuilder};

/// Adds the security schemes and the `Error` response to the components.
pub struct Shared;

impl Modify for Shared {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        let bearer = |description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(description))
                    .build(),
            )
        };
        components.add_security_scheme(
            "apiToken",
            bearer(
                "An `ohk_…` API token. Scope `admin`: every route an admin session may use; scope \
                 `embed`: only POST /api/v1/embed/sessions, for the customers the token lists \
                 (403 otherwise). Unknown, expired and revoked tokens get 401.",
            ),
        );
        components.add_security_scheme(
            "adminSession",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "oemhub_admin",
                "The admin UI's session cookie",
            ))),
        );
        components.add_security_scheme(
            "embedToken",
            bearer(
                "An `ohe_…` embed token from POST /api/v1/embed/sessions or \
                 /api/v1/embed/host-sessions, sent from an origin the customer registered",
            ),
        );
        let error = ResponseBuilder::new()
            .description("Error: a code, a message, and the input field at fault if any")
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ApiError")))
                    .build(),
            )
            .build();
        components
            .responses
            .insert("Error".to_owned(), error.into());
    }
}
