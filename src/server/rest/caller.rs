//! Who calls the REST API and with what authority: the one place that authorizes. Admin
//! routes take [`Admin`] (which carries the state too); opening embed sessions takes a
//! [`Caller`] and asks [`Caller::embed_for`].

use crate::domain::{ApiTokenId, CustomerSlug, TokenScope};
use crate::http::bearer_token;
use crate::ops::tokens;
use crate::server::{AppError, AppState, admin_auth};
use crate::wire::{ApiError, ErrorCode};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// An authenticated caller: a signed-in admin (session cookie) or a usable API token.
#[derive(Debug, Clone)]
pub enum Caller {
    /// An admin session: everything.
    Session { username: String },
    /// An API token: what its scope allows.
    Token { id: ApiTokenId, scope: TokenScope },
}

impl Caller {
    /// How records name this caller (`admin:alice`, `token:tok_…`).
    pub fn label(&self) -> String {
        match self {
            Caller::Session { username } => format!("admin:{username}"),
            Caller::Token { id, .. } => format!("token:{id}"),
        }
    }

    /// Admin sessions and admin tokens; anything else is a 403 naming the scope it has.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        match self {
            Caller::Session { .. } => Ok(()),
            Caller::Token { scope, .. } if scope.is_admin() => Ok(()),
            Caller::Token { id, scope } => Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "API token {id} has scope {}; this route needs an admin token or session",
                    scope.kind()
                ),
            )),
        }
    }

    /// May this caller open embed sessions for `customer`? Admins may for every customer; an
    /// embed token only for the customers it lists (403 naming the customer otherwise).
    pub fn embed_for(&self, customer: &CustomerSlug) -> Result<(), ApiError> {
        match self {
            Caller::Session { .. } => Ok(()),
            Caller::Token { scope, .. } if scope.may_embed(customer) => Ok(()),
            Caller::Token { id, .. } => Err(ApiError::new(
                ErrorCode::Forbidden,
                format!("API token {id} may not open embed sessions for customer {customer}"),
            )),
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(secret) = bearer_token(&parts.headers) {
            let record =
                tokens::authenticate(&state.store, secret, crate::store::now_millis()).await?;
            return Ok(Caller::Token {
                id: record.id,
                scope: record.scope,
            });
        }
        // Sessions ride on a SameSite=Strict cookie and cross-origin requests are refused,
        // which is what makes cookie-authenticated writes CSRF-safe.
        let username = admin_auth::current_admin(state, &parts.headers).await?;
        Ok(Caller::Session { username })
    }
}

/// A request with admin authority: who made it and the state to serve it with. Taking it as a
/// handler's first argument is what makes a route admin-only (the attack suite checks every
/// documented admin route refuses an embed token).
#[derive(Debug, Clone)]
pub struct Admin {
    /// An admin session or an admin token.
    pub caller: Caller,
    /// What every handler works with.
    pub state: AppState,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        caller.require_admin()?;
        Ok(Admin {
            caller,
            state: state.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> CustomerSlug {
        CustomerSlug::parse(s).expect("valid")
    }

    #[test]
    fn who_may_do_what() {
        let id = ApiTokenId::parse("tok_0123456789abcdef01234567").expect("valid");
        let session = Caller::Session {
            username: "admin".into(),
        };
        let admin = Caller::Token {
            id: id.clone(),
            scope: TokenScope::Admin,
        };
        let embed = Caller::Token {
            id,
            scope: TokenScope::embed(vec![slug("acme")]).expect("valid"),
        };
        let cases = [
            (&session, true, true, true),
            (&admin, true, true, true),
            (&embed, false, true, false),
        ];
        for (caller, is_admin, acme, globex) in cases {
            assert_eq!(caller.require_admin().is_ok(), is_admin, "{caller:?}");
            assert_eq!(caller.embed_for(&slug("acme")).is_ok(), acme, "{caller:?}");
            assert_eq!(
                caller.embed_for(&slug("globex")).is_ok(),
                globex,
                "{caller:?}"
            );
        }
        let err = embed.embed_for(&slug("globex")).expect_err("refused");
        assert_eq!(err.code, ErrorCode::Forbidden);
        assert!(err.message.contains("globex"), "{}", err.message);
        assert_eq!(
            embed.require_admin().expect_err("refused").code,
            ErrorCode::Forbidden
        );
    }
}
