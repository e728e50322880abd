//! The generated OpenAPI document against the running router: every documented operation is
//! served, and no other method on a documented path is.

use crate::helpers::TestApp;
use reqwest::Method;

/// Every documented operation is served by a handler (a JSON answer, not the UI fallback or a
/// 405), and every other method on a documented path is refused by the router.
#[tokio::test]
async fn the_router_serves_exactly_the_documented_operations() {
    let app = TestApp::spawn().await;
    let ops = oem_hub::server::rest::operations();
    assert!(ops.len() > 40, "{ops:?}");
    let concrete = |path: &str| {
        path.split('/')
            .map(|seg| if seg.starts_with('{') { "acme" } else { seg })
            .collect::<Vec<_>>()
            .join("/")
    };
    for (method, path) in &ops {
        let url = format!("{}{}", app.hub_url, concrete(path));
        let verb = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let resp = app.http.request(verb, &url).send().await.unwrap();
        let status = resp.status().as_u16();
        let kind = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        assert!(
            !matches!(status, 404 | 405) && kind.starts_with("application/json"),
            "{method} {path}: {status} {kind}"
        );
    }
    for (_, path) in &ops {
        for verb in ["get", "post", "put", "delete", "patch"] {
            if ops.iter().any(|(m, p)| m == verb && p == path) {
                continue;
            }
            let url = format!("{}{}", app.hub_url, concrete(path));
            let method = Method::from_bytes(verb.to_uppercase().as_bytes()).unwrap();
            let resp = app.http.request(method, &url).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), 405, "{verb} {path} is served");
        }
    }
}
