//! Generic errors (`HTTP-401`, `HTTP-404`, … from extractors, layers and fallbacks) written
//! in the envelope of the API whose path was called, as @qlik/api 2.19.0 types each one.

use super::{StatusStyle, style_for_path};
use serde_json::{Value, json};

/// Rewrites a generic error `body` for the API at `path`: the `status` member in that API's
/// style, and the licenses API's deprecated but required `error` and `message` members.
pub fn restyle(path: &str, status: u16, mut body: Value) -> Value {
    // OAuth, login and pages are not typed by @qlik/api: left as they are.
    if !path.starts_with("/api/") {
        return body;
    }
    let generic = |e: &Value| e["code"].as_str().is_some_and(|c| c.starts_with("HTTP-"));
    let style = style_for_path(path);
    if style == StatusStyle::Flat {
        let first = &body["errors"][0];
        if generic(first) {
            let title = first["title"].as_str().unwrap_or("Error").to_owned();
            let message = first["detail"].as_str().map(str::to_owned);
            return super::flat_body(status, &title, message.as_deref());
        }
        return body;
    }
    if let Some(errors) = body["errors"].as_array_mut() {
        for e in errors.iter_mut().filter(|e| generic(e)) {
            match style {
                StatusStyle::String => e["status"] = json!(status.to_string()),
                StatusStyle::Number => e["status"] = json!(status),
                StatusStyle::Omitted => {
                    if let Some(e) = e.as_object_mut() {
                        e.remove("status");
                    }
                }
                StatusStyle::Flat => {}
                StatusStyle::NumericCode => {
                    let message = e.get("detail").unwrap_or(&e["title"]);
                    let message = message.as_str().unwrap_or_default().to_owned();
                    *e = super::numeric_code_item(status, &message, None);
                }
            }
        }
    }
    if path.starts_with("/api/v1/licenses") {
        let first = body["errors"][0].clone();
        body["error"] = first["code"].clone();
        body["message"] = first.get("detail").unwrap_or(&first["title"]).clone();
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unauthorized() -> Value {
        json!({"errors": [{"code": "HTTP-401", "title": "Unauthorized", "detail": "no token",
                           "status": "401"}], "traceId": "t"})
    }

    #[test]
    fn the_status_member_follows_the_api_of_the_path() {
        for (path, want) in [
            ("/api/v1/users/me", Some(json!(401))),
            ("/api/v1/groups/settings", Some(json!(401))),
            ("/api/v1/tenants/x", Some(json!("401"))),
            ("/api/v1/web-integrations", Some(json!("401"))),
            ("/api/v1/spaces", None),
            ("/api/v1/apps/x", None),
            ("/api/v1/tasks/x", None),
            ("/oauth/token", Some(json!("401"))),
        ] {
            let body = restyle(path, 401, unauthorized());
            assert_eq!(body["errors"][0].get("status").cloned(), want, "{path}");
        }
    }

    #[test]
    fn the_tasks_api_answers_the_status_as_a_numeric_code() {
        let body = restyle("/api/v1/tasks/x", 401, unauthorized());
        let item = &body["errors"][0];
        assert_eq!(
            (&item["code"], &item["title"]),
            (&json!(401), &json!("no token"))
        );
        assert!(item["timestamp"].is_string() && item.get("status").is_none());
    }

    #[test]
    fn api_specific_codes_keep_their_style_and_licenses_gain_error_and_message() {
        let own = json!({"errors": [{"code": "SPACES-1", "title": "x", "status": "404"}]});
        assert_eq!(restyle("/api/v1/users", 404, own.clone()), own);
        let body = restyle("/api/v1/licenses/overview", 401, unauthorized());
        assert_eq!(
            (&body["error"], &body["message"]),
            (&json!("HTTP-401"), &json!("no token"))
        );
    }
}
