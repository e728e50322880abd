//! A webhook's deliveries: `GET …/deliveries` (newest first), `GET …/deliveries/{id}` and
//! `POST …/deliveries/{id}/actions/resend`, which posts the same payload again (201).

use super::deliver::{self, Attempt};
use super::{PAGING, Webhooks, error, sort_order, two_valued};
use crate::emulator::call::TenantCall;
use crate::emulator::collection::{
    Collection, Exactly, Listing, Order, Scope, Selector, find, held_in, parent, parent_visible,
};
use crate::emulator::error::{QlikError, Result};
use crate::emulator::paging::{Paging, Query};
use crate::emulator::state::EmuDelivery;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// `Delivery`: the request as sent (the body as the JSON it is, encrypted header values
/// omitted) and the receiver's answer, when one came.
pub fn to_json(d: &EmuDelivery) -> Value {
    let body: Value = serde_json::from_str(&d.body).unwrap_or_else(|_| json!(d.body));
    let mut out = json!({
        "id": d.id, "webhookId": d.webhook_id, "eventType": d.event_type,
        "status": if d.success { "success" } else { "fail" },
        "statusMessage": d.status_message, "triggeredAt": d.triggered_at,
        "request": { "url": d.url, "headers": d.request_headers, "body": body },
    });
    if let Some(r) = &d.response {
        out["response"] =
            json!({ "statusCode": r.status_code, "headers": r.headers, "body": r.body });
    }
    out
}

/// The deliveries of the webhook the route names (`parents[0]`); a webhook the caller may
/// not see has none to them (404 naming the webhook).
pub struct Deliveries;

impl Collection for Deliveries {
    type Item = EmuDelivery;

    held_in!(webhook_deliveries);

    fn missing(id: &str) -> QlikError {
        error(StatusCode::NOT_FOUND, format!("delivery {id} not found"))
    }
    fn render(d: &EmuDelivery, _: &Scope) -> Value {
        to_json(d)
    }
    fn admit(at: &Scope, _: Option<&str>) -> Result<(), QlikError> {
        parent_visible::<Webhooks>(at)
    }
    fn visible(d: &EmuDelivery, at: &Scope) -> bool {
        at.parents.first() == Some(&d.webhook_id)
    }
}

impl Listing for Deliveries {
    const PAGING: Paging = PAGING;
    const PATH: &'static str = "/api/v1/webhooks";
    /// UNCONFIRMED: the default order (newest first here).
    const NEWEST_FIRST: bool = true;

    fn path(parents: &[String]) -> String {
        format!("/api/v1/webhooks/{}/deliveries", parent(parents))
    }
    fn created(d: &EmuDelivery) -> Option<DateTime<Utc>> {
        Some(d.triggered_at)
    }
    fn selector(query: &Query) -> Result<Selector<EmuDelivery>, QlikError> {
        let success = two_valued(query, "status", ("success", "fail"))?;
        let kind = Exactly::param(query, "eventType");
        Ok(Box::new(move |d, _| {
            success.is_none_or(|s| d.success == s) && kind.admits(&d.event_type)
        }))
    }
    fn order(query: &Query) -> Result<Option<Order<EmuDelivery>>, QlikError> {
        sort_order::<EmuDelivery>(
            query,
            &[
                ("status", |a, b| b.success.cmp(&a.success)),
                ("triggeredAt", |a, b| a.triggered_at.cmp(&b.triggered_at)),
            ],
        )
    }
}

/// `POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/actions/resend` → 201 the new
/// `Delivery`: "Resends the delivery with the same payload", to the webhook as it now is,
/// answered once the receiver has answered. A failed resend is not retried (UNCONFIRMED).
pub async fn resend(
    call: TenantCall,
    Path((id, delivery_id)): Path<(String, String)>,
) -> Result<Response> {
    let attempt = {
        let world = call.lock();
        let parents = [id.clone()];
        let at = Scope::new(&world, &call, &parents)?;
        let delivery = find::<Deliveries>(&at, &delivery_id)?;
        let hook = find::<Webhooks>(&at, &id)?;
        let now = world.clock.now();
        let body = delivery.body.clone();
        Attempt::new(
            &call.tenant_id,
            hook,
            &delivery.event_type,
            body,
            0,
            false,
            now,
        )
    };
    let delivery = deliver::send(call.state().clone(), attempt)
        .await
        .ok_or_else(|| Webhooks::missing(&id))?;
    Ok((StatusCode::CREATED, Json(to_json(&delivery))).into_response())
}
