//! Licenses API: the overview (with the signed license key used to create tenants), the
//! auto-assignment settings, and the users' assignments (`assignments`), freed when a user is
//! deleted.

pub mod assignments;

use super::body::{Api, JsonBody};
use super::call::{AdminCall, TenantCall};
use super::error::Result;
use super::state::{EmuTenant, LicenseAssignment};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

/// The Licenses API, as its request bodies see it.
pub struct LicensesApi;

impl Api for LicensesApi {
    const BAD_REQUEST: &'static str = "LICENSES-400";
}

/// The allotments of the emulated licence: `(type, units)`.
pub const ALLOTMENTS: [(&str, usize); 2] = [("professional", 50), ("analyzer", 1000)];

impl EmuTenant {
    /// Assignments of allotment `kind`.
    pub fn licenses_used(&self, kind: &str) -> usize {
        let licenses = self.settings.licenses.values();
        licenses.filter(|a| a.kind == kind).count()
    }

    /// Whether an assignment of `kind` is free.
    pub fn license_available(&self, kind: &str) -> bool {
        ALLOTMENTS
            .iter()
            .any(|(k, units)| *k == kind && self.licenses_used(kind) < *units)
    }

    /// Gives `subject` a licence at login, as the auto-assign settings say: professional when
    /// one is free and `autoAssignProfessional` is on, else analyzer when `autoAssignAnalyzer`
    /// is (UNCONFIRMED: that Qlik assigns at the first login, JWT logins included).
    pub fn auto_assign_license(&mut self, subject: &str) {
        if self.settings.licenses.contains_key(subject) {
            return;
        }
        let settings = &self.settings;
        let kind = if settings.auto_assign_professional && self.license_available("professional") {
            "professional"
        } else if settings.auto_assign_analyzer && self.license_available("analyzer") {
            "analyzer"
        } else {
            return;
        };
        let assignment = LicenseAssignment {
            kind: kind.to_owned(),
            created: Utc::now(),
        };
        self.settings
            .licenses
            .insert(subject.to_owned(), assignment);
    }
}

/// `GET /api/v1/licenses/overview` → 200.
pub async fn overview(call: TenantCall) -> Result<Json<Value>> {
    let world = call.lock();
    let tenant = world.tenant(&call.tenant_id)?;
    let allotments: Vec<Value> = ALLOTMENTS
        .iter()
        .map(|(name, units)| {
            json!({"name": name, "units": units,
            "unitsUsed": tenant.licenses_used(name), "overage": 0, "usageClass": "assigned"})
        })
        .collect();
    Ok(Json(json!({
        "licenseKey": world.config.license_key,
        "licenseNumber": "9999000000001234",
        "product": "Qlik Cloud",
        "status": "Ok",
        "trial": false,
        "valid": "2026-01-01/2027-12-31",
        "origin": "Internal",
        "secondaryNumber": "",
        "parameters": [],
        "allotments": allotments,
        "updated": chrono::Utc::now(),
        // Required in Qlik's `LicenseOverview`: "typically a content hash"; a fixed one here.
        "version": "A1B2-C3D4-E5F6-G7H8-J9K0",
    })))
}

/// `SettingsBody`: both members optional; one left out keeps its value.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SettingsBody {
    auto_assign_analyzer: Option<bool>,
    auto_assign_professional: Option<bool>,
}

fn settings_json(tenant: &EmuTenant) -> Value {
    let s = &tenant.settings;
    json!({ "autoAssignAnalyzer": s.auto_assign_analyzer,
            "autoAssignProfessional": s.auto_assign_professional })
}

/// `GET /api/v1/licenses/settings` → 200 `SettingsBody`. UNCONFIRMED: the role it needs
/// (the emulator asks for `TenantAdmin`, as for every tenant-wide setting).
pub async fn get_settings(call: AdminCall) -> Result<Json<Value>> {
    let world = call.lock();
    Ok(Json(settings_json(world.tenant(&call.tenant_id)?)))
}

/// `PUT /api/v1/licenses/settings` → 200 the settings now in force; a malformed body is a
/// 400 `LICENSES-400` (UNCONFIRMED code).
pub async fn put_settings(
    call: AdminCall,
    JsonBody(body, _): JsonBody<SettingsBody, LicensesApi>,
) -> Result<Json<Value>> {
    let mut tenant = call.tenant()?;
    if let Some(on) = body.auto_assign_analyzer {
        tenant.settings.auto_assign_analyzer = on;
    }
    if let Some(on) = body.auto_assign_professional {
        tenant.settings.auto_assign_professional = on;
    }
    Ok(Json(settings_json(&tenant)))
}
