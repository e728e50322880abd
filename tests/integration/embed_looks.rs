//! Each customer's own look in real Chromium: its theme and language reach the sheet's page
//! (background colour, `lang`), and two customers' frames differ in screenshots.

use crate::browser::{wait_for, with_browser};
use crate::helpers::TestApp;
use fantoccini::Client;
use oem_hub::domain::CustomerSlug;

/// The frame's screenshot, its page's background colour and language.
async fn frame_look(c: &Client) -> (Vec<u8>, String, String) {
    let frame = wait_for(c, "iframe.oem-hub-sheet").await;
    c.enter_frame(0).await.unwrap();
    wait_for(c, "#qlik-sheet-title").await;
    let look = c
        .execute(
            "return [getComputedStyle(document.body).backgroundColor, document.documentElement.lang]",
            vec![],
        )
        .await
        .unwrap();
    c.enter_parent_frame().await.unwrap();
    let png = frame.screenshot().await.unwrap();
    let text = |i: usize| look[i].as_str().unwrap_or_default().to_owned();
    (png, text(0), text(1))
}

/// Each customer's own theme and language, as a person sees them in the frame.
#[tokio::test]
async fn two_customers_with_their_own_theme_and_language_look_different() {
    let app = TestApp::spawn().await;
    let token = crate::helpers::admin_token(&app.store, "looks").await;
    for (slug, theme, lang) in [("acme", "card", "de"), ("globex", "breeze", "fr-FR")] {
        let mut record = app
            .store
            .get_customer(&CustomerSlug::parse(slug).unwrap())
            .await
            .unwrap();
        record.spec.theme = Some(theme.parse().unwrap());
        record.spec.lang = Some(oem_hub::domain::Lang::parse(lang).unwrap());
        app.rest(&token)
            .update_customer(&record.spec)
            .await
            .unwrap();
        app.provision(slug).await;
    }
    let acme = app.host_page("portal.us.localhost", "customer=acme&user=ada");
    // globex's tenant is in eu, another site than the host page: its `auto` mode falls back
    // to the same-site proxy on host.localhost, which serves the same tenant pages.
    let globex = app.host_page("host.localhost", "customer=globex&user=gus");
    with_browser("embed_looks", |c| async move {
        c.goto(&acme).await.unwrap();
        let (acme_png, acme_bg, acme_lang) = frame_look(&c).await;
        c.goto(&globex).await.unwrap();
        let (globex_png, globex_bg, globex_lang) = frame_look(&c).await;
        assert_eq!((acme_lang.as_str(), globex_lang.as_str()), ("de", "fr-FR"));
        assert_eq!(acme_bg, "rgb(242, 242, 242)", "card's background");
        assert_eq!(globex_bg, "rgb(242, 248, 252)", "breeze's background");
        assert_ne!(acme_png, globex_png, "the screenshots differ");
    })
    .await;
}
