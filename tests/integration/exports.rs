//! Exports through the hub (`POST /api/v1/embed/exports`), made by the tenant as the user:
//! the PDF and the XLSX hold that user's rows within their selection only; another
//! customer's sheet, an unknown sheet and an Excel export naming no visualization are
//! refused; a user exporting too often is told to wait.

use crate::attacks::cross_tenant::backend_token;
use crate::fidelity::reports::{acme_with_table, embed, pdf_text, xlsx_rows};
use crate::helpers::TestApp;
use oem_hub::domain::EmbeddingMode;
use serde_json::{Value, json};

/// Posts an export as the embed session `token`; the status, content type and body.
async fn export(app: &TestApp, token: &str, body: Value) -> (u16, String, Vec<u8>) {
    let resp = app
        .http
        .post(format!("{}/api/v1/embed/exports", app.hub_url))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let kind = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, resp.bytes().await.unwrap().to_vec())
}

fn sheet(format: &str, selections: Value) -> Value {
    json!({"module": "sales", "sheet": "salesOverview", "format": format, "selections": selections})
}

#[tokio::test]
async fn exports_hold_the_users_rows_only_and_foreign_or_unknown_sheets_are_refused() {
    let app = TestApp::spawn().await;
    acme_with_table(&app, EmbeddingMode::Direct).await;
    app.provision("globex").await;
    let api = backend_token(&app).await;
    let ada = embed(&app, &api, "acme", "ada", json!({"region": ["North"]})).await;
    let bob = embed(&app, &api, "acme", "bob", json!({"region": ["South"]})).await;

    // Ada (North), Anvils selected: her PDF, made by her tenant session.
    let anvils = json!([{"field": "product", "values": ["Anvils"]}]);
    let (status, kind, pdf) = export(&app, &ada, sheet("pdf", anvils)).await;
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    let text = pdf_text(&pdf);
    for want in ["Sales overview", "NORTH", "Anvils", "12400"] {
        assert!(text.contains(want), "{want:?} in Ada's PDF: {text}");
    }
    for absent in ["Rockets", "SOUTH", "WEST"] {
        assert!(!text.contains(absent), "{absent:?} in Ada's PDF: {text}");
    }

    // Bob (South): the table's data as Excel, no selection; South only.
    let mut body = sheet("xlsx", json!([]));
    body["object"] = json!("ordersTable");
    let (status, _, xlsx) = export(&app, &bob, body).await;
    assert_eq!(status, 200);
    let rows = xlsx_rows(xlsx);
    let cells: Vec<String> = rows.iter().flatten().cloned().collect();
    assert!(cells.iter().any(|c| c == "SOUTH"), "{rows:?}");
    assert!(
        !cells.iter().any(|c| c == "NORTH" || c == "WEST"),
        "{rows:?}"
    );

    // Refusals, each with a clear answer and no report made.
    let gus = embed(&app, &api, "globex", "gus", json!({})).await;
    let finance = json!({"module": "finance", "sheet": "financeLedger", "format": "pdf"});
    let refusals = [
        (&gus, finance, 403, "not in your menu"),
        (
            &ada,
            json!({"module": "sales", "sheet": "nosuch", "format": "pdf"}),
            403,
            "nosuch",
        ),
        (&ada, sheet("xlsx", json!([])), 400, "object"),
        (
            &ada,
            json!({"module": "sales", "sheet": "salesOverview", "format": "docx"}),
            400,
            "format",
        ),
        (
            &ada,
            sheet("pdf", json!([{"field": "product", "values": []}])),
            400,
            "selections",
        ),
    ];
    for (token, body, want, needle) in refusals {
        let (status, _, answer) = export(&app, token, body.clone()).await;
        let answer = String::from_utf8_lossy(&answer).into_owned();
        assert_eq!(status, want, "{body}: {answer}");
        assert!(answer.contains(needle), "{body}: {answer}");
    }
}

#[tokio::test]
async fn a_user_exporting_too_often_is_told_to_wait() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let api = backend_token(&app).await;
    let ada = embed(&app, &api, "acme", "ada", json!({})).await;
    let mut answers = Vec::new();
    for _ in 0..4 {
        answers.push(export(&app, &ada, sheet("pdf", json!([]))).await.0);
    }
    assert_eq!(answers, [200, 200, 200, 429], "three at once, then a wait");
}
