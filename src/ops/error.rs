//! The one mapping of every layer's failures into the caller's `ApiError`: the store, the
//! provisioning engine, spec checks and hybrid distribution. Doors never map errors themselves.

use crate::provision::hybrid::HybridError;
use crate::provision::plan::PlanError;
use crate::provision::{CheckError, ProvisionError, SpecError};
use crate::store::StoreError;
use crate::wire::{ApiError, ErrorCode};

/// A conflict is a 409, a missing row a 404, and anything else is logged here and answered
/// opaquely (the store knows nothing of HTTP).
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(what) => {
                ApiError::new(ErrorCode::Conflict, format!("{what} already exists"))
            }
            StoreError::NotFound(what) => {
                ApiError::new(ErrorCode::NotFound, format!("{what} not found"))
            }
            StoreError::UnknownModule(key) => {
                ApiError::invalid("modules", format!("unknown module {key}"))
            }
            other => {
                tracing::error!(error = %other, "config database failure");
                ApiError::internal()
            }
        }
    }
}

/// Bad input is a 400 naming the field, a refused step 409, Qlik trouble 503.
impl From<ProvisionError> for ApiError {
    fn from(e: ProvisionError) -> Self {
        match e {
            ProvisionError::Store(e) => ApiError::from(e),
            ProvisionError::Plan(PlanError::Script(s)) => ApiError::from(SpecError::from(s)),
            ProvisionError::Plan(PlanError::Spread(s)) => ApiError::invalid("refresh", s),
            ProvisionError::Plan(p) => ApiError::invalid("modules", p),
            ProvisionError::Invalid { field, reason } => ApiError::invalid(field, reason),
            ProvisionError::StepFailed { .. } | ProvisionError::Permanent { .. } => {
                ApiError::new(ErrorCode::Conflict, e.to_string())
            }
            ProvisionError::Qlik(_) => {
                tracing::warn!(error = %e, "Qlik call failed");
                ApiError::new(ErrorCode::Unavailable, e.to_string())
            }
            other => {
                tracing::error!(error = %other, "provisioning failure");
                ApiError::internal()
            }
        }
    }
}

/// A spec refusal names the field at fault.
impl From<SpecError> for ApiError {
    fn from(e: SpecError) -> Self {
        ApiError::invalid(&e.field, e.message)
    }
}

impl From<CheckError> for ApiError {
    fn from(e: CheckError) -> Self {
        match e {
            CheckError::Invalid(e) => e.into(),
            CheckError::Failed(e) => e.into(),
        }
    }
}

/// How a hybrid failure reaches the caller.
impl From<HybridError> for ApiError {
    fn from(e: HybridError) -> Self {
        match e {
            HybridError::Invalid { field, message } => ApiError::invalid(field, message),
            HybridError::TokenInUse(_) => ApiError {
                code: ErrorCode::Conflict,
                message: e.to_string(),
                field: Some("token".to_owned()),
            },
            HybridError::NoDeployment(_) | HybridError::UnknownApp(_) => {
                ApiError::new(ErrorCode::NotFound, e.to_string())
            }
            HybridError::NoToken(_)
            | HybridError::NotProvisioned(_)
            | HybridError::NoManagedSpace(_)
            | HybridError::IdpMissing(_) => ApiError::new(ErrorCode::Conflict, e.to_string()),
            HybridError::Qlik(_) => {
                tracing::warn!(error = %e, "Qlik call failed");
                ApiError::new(ErrorCode::Unavailable, e.to_string())
            }
            HybridError::Store(e) => ApiError::from(e),
            HybridError::Seal(_) => {
                tracing::error!(error = %e, "hybrid token cannot be opened");
                ApiError::internal()
            }
        }
    }
}

/// A refused webhook delivery says which check failed.
impl From<crate::provision::events::EventError> for ApiError {
    fn from(e: crate::provision::events::EventError) -> Self {
        use crate::provision::events::EventError;
        match e {
            EventError::Unsigned | EventError::Forged => {
                ApiError::new(ErrorCode::Unauthorized, e.to_string())
            }
            EventError::Malformed(_) => ApiError::invalid("body", e),
            EventError::OtherTenant => ApiError::new(ErrorCode::Forbidden, e.to_string()),
            EventError::Stale | EventError::Replayed(_) => {
                ApiError::new(ErrorCode::Conflict, e.to_string())
            }
            EventError::Failed(e) => e.into(),
        }
    }
}

/// The engine when provisioning is configured, or a 503 naming what to configure.
pub fn configured(
    engine: Option<&crate::provision::Engine>,
) -> Result<&crate::provision::Engine, ApiError> {
    engine.ok_or_else(|| {
        ApiError::new(
            ErrorCode::Unavailable,
            "provisioning is not configured: set encryption_key, [jwt] and the qlik source tenant",
        )
    })
}

/// Parses a path or query parameter `name` with the domain's parser, naming it on refusal.
pub fn param<T>(
    name: &str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, crate::domain::ParseError>,
) -> Result<T, ApiError> {
    parse(raw).map_err(|e| ApiError::invalid(name, e))
}
