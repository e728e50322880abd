//! Authentication settings (`@qlik/api` 2.19.0 `core/auth-settings`): `GET` and `PATCH
//! /api/core/auth-settings`, the tenant's session inactivity timeout and maximum lifespan.
//!
//! Ranges from help.qlik.com ("Configuring session timeouts"): inactivity 15 to 1,440
//! minutes, lifespan 1 to 168 hours given in minutes, "a whole number of hours (divisible by
//! 60)" (the `.d.ts`). Both need `TenantAdmin`. New sessions take the lifespan; existing ones
//! keep theirs, as Qlik documents.

use super::body::{Api, JsonBody};
use super::call::AdminCall;
use super::error::{QlikError, Result};
use super::state::{AuthSettings, EmuTenant};
use axum::Json;
use serde_json::{Value, json};

/// The auth-settings API, as its request bodies see it.
pub struct AuthSettingsApi;

impl Api for AuthSettingsApi {
    /// The code of a malformed body or refused value (UNCONFIRMED: Qlik's code for it).
    const BAD_REQUEST: &'static str = "AUTH-SETTINGS-400";
}

fn bad(field: &str, detail: &str) -> QlikError {
    QlikError::bad_request(AuthSettingsApi::BAD_REQUEST, format!("{field}: {detail}"))
}

fn resource(tenant: &EmuTenant) -> Value {
    let a = &tenant.settings.auth;
    let mut body = json!({
        "id": tenant.id, "tenantId": tenant.id, "isDefault": !a.custom,
        "userSessionInactivityTimeoutMinutes": a.inactivity_minutes,
        "maxUserSessionLifespanMinutes": a.lifespan_minutes,
        "dynamicClientRegistrationEnabled": a.dcr_enabled,
    });
    // "Only present when dynamic client registration is enabled."
    if a.dcr_enabled {
        body["dcrAllowedAuthenticationMethods"] = json!(a.dcr_methods);
    }
    body
}

/// `GET /api/core/auth-settings` → 200 `AuthSettingsResource`.
pub async fn get(call: AdminCall) -> Result<Json<Value>> {
    let world = call.lock();
    Ok(Json(resource(world.tenant(&call.tenant_id)?)))
}

/// A whole number of minutes in `range`, or the 400 naming `field`.
fn minutes(field: &str, value: &Value, range: (i64, i64)) -> Result<i64, QlikError> {
    let n = value
        .as_i64()
        .ok_or_else(|| bad(field, "must be an integer number of minutes"))?;
    if n < range.0 || n > range.1 {
        let (low, high) = range;
        return Err(bad(field, &format!("must be {low} to {high} minutes")));
    }
    Ok(n)
}

/// Applies one `AuthSettingsJSONPatch` to `settings`.
fn apply(settings: &mut AuthSettings, op: &Value) -> Result<(), QlikError> {
    let path = op["path"].as_str().unwrap_or_default();
    let field = path.trim_start_matches('/');
    if op["op"] != "replace" {
        return Err(bad(field, "only the replace operation is supported"));
    }
    let value = &op["value"];
    match path {
        "/userSessionInactivityTimeoutMinutes" => {
            settings.inactivity_minutes = minutes(field, value, (15, 1440))?;
        }
        "/maxUserSessionLifespanMinutes" => {
            let n = minutes(field, value, (60, 168 * 60))?;
            if n % 60 != 0 {
                return Err(bad(
                    field,
                    "must be a whole number of hours (divisible by 60)",
                ));
            }
            settings.lifespan_minutes = n;
        }
        "/dynamicClientRegistrationEnabled" => {
            settings.dcr_enabled = value
                .as_bool()
                .ok_or_else(|| bad(field, "must be a boolean"))?;
        }
        "/dcrAllowedAuthenticationMethods" => {
            if !settings.dcr_enabled {
                return Err(bad(field, "needs dynamic client registration enabled"));
            }
            let methods: Vec<String> = serde_json::from_value(value.clone())
                .map_err(|_| bad(field, "must be an array of strings"))?;
            if let Some(m) = methods
                .iter()
                .find(|m| !["none", "client_secret"].contains(&m.as_str()))
            {
                return Err(bad(field, &format!("{m:?} is not none or client_secret")));
            }
            settings.dcr_methods = methods;
        }
        _ => {
            return Err(bad(
                field,
                "is not an authentication setting that can be patched",
            ));
        }
    }
    Ok(())
}

/// `PATCH /api/core/auth-settings` → 200 the settings now in force; all operations or none
/// apply, and a bad value is a 400 whose detail starts with the field's name.
pub async fn patch(
    call: AdminCall,
    JsonBody(ops, _): JsonBody<Vec<Value>, AuthSettingsApi>,
) -> Result<Json<Value>> {
    let mut tenant = call.tenant()?;
    let mut settings = tenant.settings.auth.clone();
    for op in &ops {
        apply(&mut settings, op)?;
    }
    settings.custom = true;
    tenant.settings.auth = settings;
    Ok(Json(resource(&tenant)))
}
