//! The console host's organization API through the client: every tenant of the emulator,
//! across regions and pages, with its creation time; tokens are per host.

use super::{bearer, call};
use crate::helpers::TestApp;
use oem_hub::domain::Region;
use reqwest::Method;
use serde_json::json;
use std::collections::BTreeSet;

#[tokio::test]
async fn org_tenants_are_listed_across_regions_and_pages() {
    let app = TestApp::spawn().await;
    let qlik = app.qlik();
    let created = qlik
        .create_tenant(Region::Us, &app.source.license_key)
        .await
        .unwrap();
    let known: BTreeSet<String> = {
        let mut world = app.emulator.state.lock();
        for n in 0..30 {
            let region = if n % 2 == 0 { Region::Eu } else { Region::De };
            world.add_tenant(&format!("bulk{n:02}"), region);
        }
        world.tenants.keys().cloned().collect()
    };

    let listed = qlik.list_org_tenants().await.unwrap();
    let ids: BTreeSet<String> = listed.iter().map(|t| t.id.to_string()).collect();
    assert_eq!((listed.len(), &ids), (known.len(), &known));
    let found = listed.iter().find(|t| t.id == created.id).unwrap();
    assert_eq!(
        (&found.hostnames, found.status.as_str()),
        (&created.hostnames, "active")
    );
    assert_eq!(
        (found.region_code.as_deref(), found.created_by.as_deref()),
        (Some("us-east-1"), Some(app.source.client_id.as_str()))
    );
    let created_at = chrono::DateTime::parse_from_rfc3339(&found.created_at).unwrap();
    assert!((chrono::Utc::now() - created_at.to_utc()).num_seconds() < 60);

    // Qlik's default page of 20 and an absolute next link with `offset`; `next` works too.
    let console = "console.localhost";
    let token = bearer(&app, console).await;
    let (status, first) = call(
        &app,
        console,
        &token,
        (Method::GET, "/api/core/tenants"),
        None,
    )
    .await;
    assert_eq!((status, first["data"].as_array().unwrap().len()), (200, 20));
    let next = first["links"]["next"]["href"].as_str().unwrap();
    let prefix = format!(
        "http://{console}:{}/api/core/tenants?limit=20&offset=",
        app.emulator.port()
    );
    assert!(next.starts_with(&prefix), "{next}");
    let cursor = first["data"][19]["id"].as_str().unwrap();
    let by_offset = format!("/api/core/tenants?offset={cursor}");
    let by_next = format!("/api/core/tenants?next={cursor}");
    let (_, a) = call(&app, console, &token, (Method::GET, &by_offset), None).await;
    let (_, b) = call(&app, console, &token, (Method::GET, &by_next), None).await;
    assert_eq!(a["data"][0]["id"], b["data"][0]["id"]);
    assert_ne!(a["data"][0]["id"], json!(null));

    // A console token is good on the console host only, and a tenant token is refused there.
    let source = &crate::helpers::source_host(&app.source);
    let (status, _) = call(&app, source, &token, (Method::GET, "/api/v1/groups"), None).await;
    assert_eq!(status, 401);
    let tenant_token = bearer(&app, source).await;
    let (status, _) = call(
        &app,
        console,
        &tenant_token,
        (Method::GET, "/api/core/tenants"),
        None,
    )
    .await;
    assert_eq!(status, 401);
}
