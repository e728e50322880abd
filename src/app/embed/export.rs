//! Exports of the current sheet as PDF or Excel, made by the customer's tenant as the user
//! (`POST /api/v1/embed/exports`) and handed to the browser as a download.

use super::fetch::{Call, send_for_blob};
use super::js_object::{self, array, object};
use crate::api::{ApiError, ErrorCode};
pub use crate::wire::ExportFormat;
use wasm_bindgen::JsValue;

/// What to export: a sheet of the user's menu with the host's selections.
pub struct ExportRequest<'a> {
    pub module: &'a str,
    pub sheet: &'a str,
    pub format: ExportFormat,
    /// For `xlsx`: the visualization whose data is exported.
    pub object: Option<&'a str>,
    pub selections: &'a [(String, Vec<String>)],
}

/// The export's body: `{module, sheet, format, selections: [{field, values}]}`.
pub fn body(request: &ExportRequest<'_>) -> JsValue {
    let selections = array(request.selections.iter().map(|(field, values)| {
        object(&[
            ("field", field.as_str().into()),
            ("values", array(values.iter().map(|v| v.as_str().into()))),
        ])
    }));
    object(&[
        ("module", request.module.into()),
        ("sheet", request.sheet.into()),
        ("format", request.format.as_str().into()),
        ("object", request.object.map_or(JsValue::NULL, Into::into)),
        ("selections", selections),
    ])
}

/// Sends the export with `bearer` and saves the answer as `file_name`; its size in bytes.
pub fn download<'a>(
    url: &'a str,
    bearer: &'a str,
    body: JsValue,
    file_name: &'a str,
) -> super::Boxed<'a, Result<f64, ApiError>> {
    Box::pin(download_now(url, bearer, body, file_name))
}

async fn download_now(
    url: &str,
    bearer: &str,
    body: JsValue,
    file_name: &str,
) -> Result<f64, ApiError> {
    let unreachable = || {
        ApiError::new(
            ErrorCode::Unavailable,
            "the analytics hub cannot be reached from this page",
        )
    };
    let answer = send_for_blob(Call {
        method: "POST",
        url,
        headers: &[("authorization", bearer)],
        json: Some(body),
        credentials: false,
    })
    .await
    .map_err(|_| unreachable())?;
    let blob = match answer {
        Ok(blob) => blob,
        Err((status, error)) => {
            return Err(js_object::api_error(&error).unwrap_or_else(|| {
                ApiError::new(ErrorCode::Internal, format!("the hub answered {status}"))
            }));
        }
    };
    save(&blob, file_name)
        .map_err(|_| ApiError::new(ErrorCode::Internal, "the browser would not save the file"))?;
    Ok(blob.size())
}

/// Hands `blob` to the browser as a download named `file_name`.
fn save(blob: &web_sys::Blob, file_name: &str) -> Result<(), JsValue> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}
