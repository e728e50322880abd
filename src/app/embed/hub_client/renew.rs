//! The embed token's renewal: timed before its end on the hub's clock, and after a 401; the
//! host's `fetchToken` gives the new token, which must stand for the same customer and user.
//! Concurrent callers wait for one renewal; when none is possible the token has expired.

use super::super::timer::after;
use super::super::token_life::{FreshToken, renew_in};
use super::{HubClient, trade};
use crate::api::{ApiError, EmbedSetup, ErrorCode};
use crate::wire::EmbedSessionInfo;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

impl HubClient {
    /// Reads the page's setup, learning from it whom the token stands for, and times the
    /// token's renewal; a token that ended before the page mounted is renewed at once when
    /// the host gave `fetchToken` (which learns the owner and times the renewal itself).
    pub(super) async fn start(&self) -> Result<EmbedSetup, ApiError> {
        match self.setup().await {
            Ok(setup) => {
                let info = &setup.session;
                self.inner
                    .owner
                    .replace(Some((info.customer.clone(), info.user.clone())));
                self.schedule(info);
                Ok(setup)
            }
            Err(e) if e.code == ErrorCode::Unauthorized && self.inner.fetch_token.is_some() => {
                self.renew_now().await?;
                self.setup().await
            }
            Err(e) => Err(e),
        }
    }

    /// After a 401: whether a new token is in place (renewed now, or by another call since).
    pub(super) async fn renewed_after_refusal(&self) -> bool {
        if self.inner.owner.borrow().is_none() || self.expired() {
            // Never a valid token (nothing to renew), or already given up.
            return false;
        }
        let before = self.inner.generation.get();
        if self.renew().await.is_ok() || self.inner.generation.get() != before {
            return true;
        }
        self.expire();
        false
    }

    /// Renews the token now, or waits for the renewal under way.
    pub async fn renew(&self) -> Result<(), ApiError> {
        let pending = self.inner.pending.borrow().clone();
        let promise = match pending {
            Some(p) => p,
            None => {
                let me = self.clone();
                let p = wasm_bindgen_futures::future_to_promise(async move {
                    let done = me.renew_now().await;
                    me.inner.pending.replace(None);
                    done.map(|()| JsValue::UNDEFINED)
                        .map_err(|e| JsValue::from_str(&e.message))
                });
                self.inner.pending.replace(Some(p.clone()));
                p
            }
        };
        JsFuture::from(promise).await.map(|_| ()).map_err(|e| {
            let why = e.as_string().unwrap_or_default();
            ApiError::new(ErrorCode::Unauthorized, why)
        })
    }

    pub(super) async fn renew_now(&self) -> Result<(), ApiError> {
        let refused = |why: String| ApiError::new(ErrorCode::Unauthorized, why);
        let fetch = self
            .inner
            .fetch_token
            .clone()
            .ok_or_else(|| refused("the host page gave no fetchToken".to_owned()))?;
        let given = fetch
            .call0(&JsValue::NULL)
            .map_err(|e| refused(format!("fetchToken threw: {}", describe(&e))))?;
        let value = JsFuture::from(js_sys::Promise::resolve(&given))
            .await
            .map_err(|e| refused(format!("fetchToken failed: {}", describe(&e))))?;
        let raw = value.as_string().or_else(|| {
            js_sys::Reflect::get(&value, &"token".into())
                .ok()
                .and_then(|t| t.as_string())
        });
        let fresh =
            FreshToken::read(raw).ok_or_else(|| refused("fetchToken gave no token".to_owned()))?;
        self.adopt(fresh).await
    }

    /// Swaps in `fresh` (the host's `setToken`, or what `fetchToken` gave) once the hub
    /// confirms it stands for the same customer and user.
    pub async fn adopt(&self, fresh: FreshToken) -> Result<(), ApiError> {
        let refused = |why: String| ApiError::new(ErrorCode::Unauthorized, why);
        let token = match fresh {
            FreshToken::Embed(token) => token,
            FreshToken::HostJwt(jwt) => trade(self.base(), &jwt).await?,
        };
        let bearer = format!("Bearer {token}");
        let info = self.session_info(&bearer).await?;
        let owner = (info.customer.clone(), info.user.clone());
        let known = self.inner.owner.borrow().clone();
        if known.as_ref().is_some_and(|k| *k != owner) {
            return Err(refused(
                "the new token is for another user or customer".to_owned(),
            ));
        }
        self.inner.owner.replace(Some(owner));
        self.inner.bearer.replace(bearer);
        self.inner
            .generation
            .set(self.inner.generation.get().wrapping_add(1));
        self.inner.expired.set(false);
        self.schedule(&info);
        Ok(())
    }

    /// Renews before the token ends; if that fails, gives up when it has ended.
    fn schedule(&self, info: &EmbedSessionInfo) {
        let left = info.expires_at - info.now;
        let generation = self.inner.generation.get();
        let me = self.clone();
        after(renew_in(left), move || {
            if me.inner.generation.get() != generation || me.expired() {
                return;
            }
            leptos::task::spawn_local(async move {
                if me.renew().await.is_ok() || me.inner.generation.get() != generation {
                    return;
                }
                let end = left - renew_in(left);
                after(end, move || {
                    if me.inner.generation.get() == generation {
                        me.expire();
                    }
                });
            });
        });
    }

    /// The token ended for good: tell the module once.
    fn expire(&self) {
        if self.inner.expired.replace(true) {
            return;
        }
        let notify = self.inner.on_expired.borrow().clone();
        if let Some(notify) = notify {
            notify();
        }
    }
}

/// A thrown value as text.
fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok()?.as_string())
        .unwrap_or_else(|| "no reason given".to_owned())
}
