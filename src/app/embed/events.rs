//! The contract with the host page: events are dispatched on the mounted element (bubbling
//! `CustomEvent`s named `oem-hub:*`) and posted to the host window for its own origin only.
//! The JSON form (`Serialize`) documents the shape; the browser builds the same object.

use super::sign_in::ProblemCode;
use crate::api::Finding;
use serde::Serialize;

/// What the module tells the host page. `type` is the event name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum HostEvent {
    /// The menu is loaded.
    #[serde(rename = "oem-hub:ready")]
    Ready { modules: usize },
    /// A sheet is shown.
    #[serde(rename = "oem-hub:sheet-changed")]
    SheetChanged { module: String, sheet: String },
    /// Something failed; `causes` holds the server's diagnosis, if any.
    #[serde(rename = "oem-hub:error")]
    Error {
        code: ProblemCode,
        message: String,
        causes: Vec<Finding>,
    },
    /// The frame's size changed.
    #[serde(rename = "oem-hub:resize")]
    Resize { width: i32, height: i32 },
    /// The selections changed: `field` and its `values` now (none: cleared; no field: all
    /// cleared), and every selection in force.
    #[serde(rename = "oem-hub:selections-changed")]
    SelectionsChanged {
        field: Option<String>,
        values: Vec<String>,
        selections: Vec<(String, Vec<String>)>,
    },
    /// An export of the current sheet `started`, is `done` (its size in `bytes`) or `failed`
    /// (`message` says why).
    #[serde(rename = "oem-hub:export")]
    Export {
        state: &'static str,
        format: &'static str,
        module: String,
        sheet: String,
        bytes: Option<f64>,
        message: Option<String>,
    },
    /// The embed token ended and the host's `fetchToken` gave no new one.
    #[serde(rename = "oem-hub:token-expired")]
    TokenExpired { message: String },
}

impl HostEvent {
    /// The event's name, e.g. `oem-hub:ready`.
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::Ready { .. } => "oem-hub:ready",
            HostEvent::SheetChanged { .. } => "oem-hub:sheet-changed",
            HostEvent::Error { .. } => "oem-hub:error",
            HostEvent::Resize { .. } => "oem-hub:resize",
            HostEvent::SelectionsChanged { .. } => "oem-hub:selections-changed",
            HostEvent::TokenExpired { .. } => "oem-hub:token-expired",
            HostEvent::Export { .. } => "oem-hub:export",
        }
    }
}

/// Dispatches `event` on `el` and posts it to this window, addressed to its own origin so no
/// other origin (a framing page, say) can read it.
#[cfg(target_arch = "wasm32")]
pub fn emit(el: &web_sys::HtmlElement, event: &HostEvent) {
    let detail = to_js(event);
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(custom) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
        let _ = el.dispatch_event(&custom);
    }
    if let Some(window) = web_sys::window()
        && let Ok(origin) = window.location().origin()
    {
        let _ = window.post_message(&detail, &origin);
    }
}

/// The event as the plain object the host page receives.
#[cfg(target_arch = "wasm32")]
fn to_js(event: &HostEvent) -> wasm_bindgen::JsValue {
    use super::js_object::{array, findings, object};
    let strings = |values: &[String]| array(values.iter().map(|v| v.as_str().into()));
    let name = ("type", event.name().into());
    match event {
        HostEvent::Ready { modules } => object(&[name, ("modules", (*modules as f64).into())]),
        HostEvent::SheetChanged { module, sheet } => object(&[
            name,
            ("module", module.as_str().into()),
            ("sheet", sheet.as_str().into()),
        ]),
        HostEvent::Error {
            code,
            message,
            causes,
        } => object(&[
            name,
            ("code", code.as_str().into()),
            ("message", message.as_str().into()),
            ("causes", findings(causes)),
        ]),
        HostEvent::Resize { width, height } => object(&[
            name,
            ("width", (*width).into()),
            ("height", (*height).into()),
        ]),
        HostEvent::SelectionsChanged {
            field,
            values,
            selections,
        } => object(&[
            name,
            (
                "field",
                field
                    .as_deref()
                    .map_or(wasm_bindgen::JsValue::NULL, Into::into),
            ),
            ("values", strings(values)),
            (
                "selections",
                array(selections.iter().map(|(field, values)| {
                    object(&[
                        ("field", field.as_str().into()),
                        ("values", strings(values)),
                    ])
                })),
            ),
        ]),
        HostEvent::Export {
            state,
            format,
            module,
            sheet,
            bytes,
            message,
        } => object(&[
            name,
            ("state", (*state).into()),
            ("format", (*format).into()),
            ("module", module.as_str().into()),
            ("sheet", sheet.as_str().into()),
            (
                "bytes",
                bytes.map_or(wasm_bindgen::JsValue::NULL, Into::into),
            ),
            (
                "message",
                message
                    .as_deref()
                    .map_or(wasm_bindgen::JsValue::NULL, Into::into),
            ),
        ]),
        HostEvent::TokenExpired { message } => {
            object(&[name, ("message", message.as_str().into())])
        }
    }
}

/// Off the browser there is no host page.
#[cfg(not(target_arch = "wasm32"))]
pub fn emit(_el: &web_sys::HtmlElement, _event: &HostEvent) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_their_name_as_type() {
        let events = [
            HostEvent::Ready { modules: 2 },
            HostEvent::SheetChanged {
                module: "sales".into(),
                sheet: "s1".into(),
            },
            HostEvent::Error {
                code: ProblemCode::SignIn,
                message: "m".into(),
                causes: vec![],
            },
            HostEvent::Resize {
                width: 1,
                height: 2,
            },
            HostEvent::SelectionsChanged {
                field: Some("Region".into()),
                values: vec!["North".into()],
                selections: vec![("Region".into(), vec!["North".into()])],
            },
            HostEvent::TokenExpired {
                message: "m".into(),
            },
            HostEvent::Export {
                state: "done",
                format: "pdf",
                module: "sales".into(),
                sheet: "s1".into(),
                bytes: Some(1024.0),
                message: None,
            },
        ];
        for event in events {
            let json = serde_json::to_value(&event).expect("test value");
            assert_eq!(json["type"], event.name());
        }
    }
}
