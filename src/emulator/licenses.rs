//! Licenses API: the overview that carries the signed license key used to create tenants.

use super::EmuState;
use super::auth::TenantCaller;
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

/// `GET /api/v1/licenses/overview` → 200.
pub async fn overview(State(state): State<EmuState>, _caller: TenantCaller) -> Json<Value> {
    let key = state.lock().config.license_key.clone();
    Json(json!({
        "licenseKey": key,
        "licenseNumber": "9999000000001234",
        "product": "Qlik Cloud",
        "status": "Ok",
        "trial": false,
        "valid": "2026-01-01/2027-12-31",
        "origin": "Internal",
        "secondaryNumber": "",
        "parameters": [],
        "allotments": [
            {"name": "professional", "units": 50, "unitsUsed": 1, "overage": 0, "usageClass": "assigned"},
            {"name": "analyzer", "units": 1000, "unitsUsed": 0, "overage": 0, "usageClass": "assigned"}
        ],
        "updated": chrono::Utc::now(),
        // Required in Qlik's `LicenseOverview`: "typically a content hash"; a fixed one here.
        "version": "A1B2-C3D4-E5F6-G7H8-J9K0",
    }))
}
