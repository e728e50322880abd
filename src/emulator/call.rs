//! The extractor tenant API handlers take: the emulator's state together with the caller the
//! request authenticated as, so a handler names one argument and locks its tenant in one step.

use super::EmuState;
use super::auth::{TenantAdmin, TenantCaller};
use super::error::QlikError;
use super::state::{EmuTenant, World};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::sync::MutexGuard;

/// A call to a tenant's API by `caller`, authenticated by the extractor `A` ([`TenantCaller`]
/// for anyone on the tenant, [`TenantAdmin`] for administrators only). Derefs to the caller,
/// as axum's own extractors deref to what they extract.
pub struct TenantCall<A = TenantCaller> {
    state: EmuState,
    caller: TenantCaller,
    auth: PhantomData<fn() -> A>,
}

/// A call by a caller holding `TenantAdmin`; anyone else is refused with Qlik's 403.
pub type AdminCall = TenantCall<TenantAdmin>;

impl<A> TenantCall<A> {
    /// Locks the whole world (for handlers that reach past the caller's tenant).
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.state.lock()
    }

    /// Locks the world and finds the caller's tenant; one deleted since the call was
    /// authenticated is [`World::tenant`]'s 404.
    pub fn tenant(&self) -> Result<LockedTenant<'_>, QlikError> {
        let world = self.state.lock();
        world.tenant(&self.caller.tenant_id)?;
        Ok(LockedTenant {
            world,
            id: &self.caller.tenant_id,
        })
    }

    /// The state the call runs on (for work that outlives the request).
    pub fn state(&self) -> &EmuState {
        &self.state
    }
}

impl<A> Deref for TenantCall<A> {
    type Target = TenantCaller;

    fn deref(&self) -> &TenantCaller {
        &self.caller
    }
}

/// An extractor that authenticates a tenant caller.
pub trait Authenticates: FromRequestParts<EmuState, Rejection = QlikError> {
    /// The caller it authenticated.
    fn caller(self) -> TenantCaller;
}

impl Authenticates for TenantCaller {
    fn caller(self) -> TenantCaller {
        self
    }
}

impl Authenticates for TenantAdmin {
    fn caller(self) -> TenantCaller {
        self.0
    }
}

impl<A: Authenticates> FromRequestParts<EmuState> for TenantCall<A> {
    type Rejection = QlikError;

    async fn from_request_parts(parts: &mut Parts, state: &EmuState) -> Result<Self, QlikError> {
        let caller = A::from_request_parts(parts, state).await?.caller();
        Ok(Self {
            state: state.clone(),
            caller,
            auth: PhantomData,
        })
    }
}

/// The caller's tenant with the world locked: the lock is held as long as this lives.
pub struct LockedTenant<'a> {
    world: MutexGuard<'a, World>,
    id: &'a str,
}

impl Deref for LockedTenant<'_> {
    type Target = EmuTenant;

    fn deref(&self) -> &EmuTenant {
        // Found when locked; only the world's own handle could remove it, and that is held.
        &self.world.tenants[self.id]
    }
}

impl DerefMut for LockedTenant<'_> {
    fn deref_mut(&mut self) -> &mut EmuTenant {
        self.world
            .tenants
            .get_mut(self.id)
            .expect("the tenant was found when the world was locked")
    }
}
