//! Point 5: Qlik's users list selects by an RFC 7644 `filter` (case-insensitive); it has no
//! `subject=` or `email=` parameter, so the emulator does not honour them and the client
//! looks users up by filter.

use crate::helpers::TestApp;
use crate::lists::{bearer, call};
use reqwest::Method;
use serde_json::{Value, json};

fn subjects(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["subject"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn users_are_selected_by_filter_only() {
    let app = TestApp::bare().await;
    let host = crate::helpers::source_host(&app.source);
    let token = bearer(&app, &host).await;
    for subject in ["oemhub:acme:Ann", "oemhub:acme:ann", "oemhub:acme:bob"] {
        let body = json!({"subject": subject, "email": format!("{subject}@x.example")});
        let (status, _) = call(
            &app,
            &host,
            &token,
            (Method::POST, "/api/v1/users"),
            Some(body),
        )
        .await;
        assert_eq!(status, 201);
    }
    let (app, host, token) = (&app, &host, &token);
    let get = |query: &str| {
        let path = format!("/api/v1/users?limit=100&{query}");
        async move { call(app, host, token, (Method::GET, &path), None).await }
    };
    let (status, all) = get("subject=oemhub%3Aacme%3Abob").await;
    assert_eq!(status, 200);
    assert!(subjects(&all).len() >= 5, "subject= is not Qlik's: {all}");

    let (_, bob) = get(&oem_hub::qlik::eq_filter_query(
        "subject",
        "oemhub:acme:bob",
    ))
    .await;
    assert_eq!(subjects(&bob), ["oemhub:acme:bob"]);
    let (_, ann) = get(&oem_hub::qlik::eq_filter_query(
        "subject",
        "OEMHUB:ACME:ANN",
    ))
    .await;
    assert_eq!(
        subjects(&ann).len(),
        2,
        "filters are case-insensitive: {ann}"
    );
    let (_, either) = get("filter=subject%20co%20%22acme%3Ab%22%20or%20email%20eq%20%22oemhub%3Aacme%3AAnn%40x.example%22").await;
    assert_eq!(subjects(&either).len(), 3, "{either}");
    let (status, error) = get("filter=picture%20eq%20%22x%22").await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("filter"), "{error}");
}

#[tokio::test]
async fn the_client_finds_a_user_in_one_call_and_by_exact_subject() {
    let app = TestApp::bare().await;
    let host = crate::helpers::source_host(&app.source);
    let token = bearer(&app, &host).await;
    for n in 0..110 {
        let body = json!({"subject": format!("oemhub:acme:user{n}")});
        call(
            &app,
            &host,
            &token,
            (Method::POST, "/api/v1/users"),
            Some(body),
        )
        .await;
    }
    let qlik = app.qlik();
    let ann = qlik
        .tenant(&host)
        .ensure_user("oemhub:acme:Ann", "Ann", None)
        .await
        .unwrap();
    let requests = || async {
        let stats: Value = app
            .emulator_request(Method::GET, "control.localhost", "/stats")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        stats["stats"]["requests"].as_u64().unwrap()
    };
    let before = requests().await;
    let lower = qlik
        .tenant(&host)
        .ensure_user("oemhub:acme:ann", "ann", None)
        .await
        .unwrap();
    assert_ne!(lower, ann, "a subject differing in case is another user");
    let again = qlik
        .tenant(&host)
        .ensure_user("oemhub:acme:Ann", "Ann", None)
        .await
        .unwrap();
    assert_eq!(again, ann);
    // Two look-ups, one create; not the 2 pages of 113 users each look-up would walk.
    let spent = requests().await - before;
    assert_eq!(spent, 3, "look-ups went by filter, not through every user");
}
