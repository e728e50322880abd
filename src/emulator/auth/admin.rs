//! Role checks: the routes Qlik reserves for tenant administrators (identity providers, other
//! users, data connection management) refuse a caller without the `TenantAdmin` role.

use super::TenantCaller;
use crate::emulator::EmuState;
use crate::emulator::error::QlikError;
use crate::emulator::state::EmuTenant;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The role Qlik's identity-providers API names for every call, and the emulator asks for on
/// user management (UNCONFIRMED for users: Qlik's users API names no role).
pub const TENANT_ADMIN: &str = "TenantAdmin";

/// A tenant caller holding `TenantAdmin`.
#[derive(Debug, Clone)]
pub struct TenantAdmin(pub TenantCaller);

impl EmuTenant {
    /// True when `user_id` holds `role` on this tenant.
    pub fn has_role(&self, user_id: &str, role: &str) -> bool {
        self.users
            .get(user_id)
            .is_some_and(|u| u.roles.iter().any(|r| r == role))
    }
}

/// The 403 Qlik answers for a missing role.
pub fn forbidden(role: &str) -> QlikError {
    QlikError::forbidden(&format!("this operation requires the {role} role"))
}

impl FromRequestParts<EmuState> for TenantAdmin {
    type Rejection = QlikError;

    async fn from_request_parts(parts: &mut Parts, state: &EmuState) -> Result<Self, QlikError> {
        let caller = TenantCaller::from_request_parts(parts, state).await?;
        let world = state.lock();
        let admin = world
            .tenants
            .get(&caller.tenant_id)
            .is_some_and(|t| t.has_role(&caller.user_id, TENANT_ADMIN));
        if admin {
            Ok(Self(caller))
        } else {
            Err(forbidden(TENANT_ADMIN))
        }
    }
}
