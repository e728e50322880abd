//! Per-module menu options: checked when set (400 naming the part), carried by every sheet
//! URL of the module, and obeyed by the sheet the user sees.

use crate::browser::{wait_for_text, with_browser};
use crate::embed_ui::frame_text;
use crate::helpers::TestApp;
use serde_json::{Value, json};

async fn put(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let path = "/api/v1/modules/sales/menu";
    app.rest(token)
        .raw(reqwest::Method::PUT, path, Some(body))
        .await
}

#[tokio::test]
async fn a_modules_fixed_selection_reaches_the_sheet_the_user_sees() {
    let app = TestApp::spawn().await;
    let token = crate::helpers::admin_token(&app.store, "automation").await;
    for (body, field) in [
        (json!({"opt": ["fullscreen"]}), "opt[0]"),
        (
            json!({"select": [{"field": "region", "values": []}]}),
            "select[0]",
        ),
        (json!({"lang": "klingon"}), "lang"),
        (json!({"colour": "red"}), "body"),
    ] {
        let (status, err) = put(&app, &token, body.clone()).await;
        assert_eq!(
            (status, err["field"].as_str()),
            (400, Some(field)),
            "{body}: {err}"
        );
    }
    let options = json!({"opt": ["ctxmenu"], "select": [{"field": "region", "values": ["North"]}]});
    let (status, saved) = put(&app, &token, options.clone()).await;
    assert_eq!((status, &saved), (200, &options));
    app.provision("acme").await;
    let url = app.host_page(
        "portal.us.localhost",
        "customer=acme&user=ada&element=sheet&module=sales&sheet=salesOverview",
    );
    with_browser("menu_options", |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_text(&c, "#events", "oem-hub:sheet-changed").await;
        let src = c
            .find(fantoccini::Locator::Css("iframe.oem-hub-sheet"))
            .await
            .unwrap()
            .attr("src")
            .await
            .unwrap()
            .unwrap();
        assert!(
            src.contains("opt=currsel,ctxmenu") && src.contains("select=region,North"),
            "{src}"
        );
        let sheet = frame_text(&c, "Anvils").await;
        assert!(sheet.contains("Rockets"), "both North rows: {sheet}");
        assert!(!sheet.contains("Magnets"), "West is not selected: {sheet}");
    })
    .await;
}
