//! Table tests of the reload-events webhook steps: a hub with a public URL gives every tenant
//! one, a moved URL or a hand-deleted webhook is put back, no public URL removes it.

use super::tests::{converged, hub, labels, spec, targets};
use super::*;
use crate::domain::WebhookId;

const URL: &str = "https://hub.partner.example/api/v1/qlik-events/acme";

fn public() -> HubIdentity {
    HubIdentity {
        events_url: Some(URL.to_owned()),
        ..hub()
    }
}

fn with_webhook(url: &str) -> Observed {
    Observed {
        reload_webhook_id: Some(WebhookId::parse("w1").expect("id")),
        reload_webhook_url: Some(url.to_owned()),
        reload_webhook_secret_sealed: Some("sealed".to_owned()),
        ..converged()
    }
}

#[test]
fn webhook_steps_table() {
    let mut deleted = with_webhook(URL);
    deleted.reload_webhook_id = None; // observe forgets a webhook deleted on the tenant
    let cases: [(&str, Observed, HubIdentity, Vec<&str>); 5] = [
        ("new", converged(), public(), vec!["reload events webhook"]),
        ("held", with_webhook(URL), public(), vec![]),
        (
            "moved",
            with_webhook("https://old.example/api/v1/qlik-events/acme"),
            public(),
            vec!["reload events webhook"],
        ),
        ("deleted", deleted, public(), vec!["reload events webhook"]),
        (
            "no public url",
            with_webhook(URL),
            hub(),
            vec!["remove reload events webhook"],
        ),
    ];
    for (name, observed, hub, want) in cases {
        let steps = plan(
            &spec(),
            &targets(1),
            &observed,
            &hub,
            &RefreshOffsets::new(),
        )
        .expect("plan");
        assert_eq!(labels(&steps), want, "{name}");
    }
    let none = plan(
        &spec(),
        &targets(1),
        &converged(),
        &hub(),
        &RefreshOffsets::new(),
    );
    assert_eq!(none.map(|s| labels(&s)), Ok(Vec::<String>::new()));
}

#[test]
fn a_new_customer_gets_its_webhook_before_its_apps() {
    let steps = plan(
        &spec(),
        &targets(1),
        &Observed::default(),
        &public(),
        &RefreshOffsets::new(),
    )
    .expect("plan");
    let names = labels(&steps);
    let hook = names.iter().position(|n| n == "reload events webhook");
    let import = names.iter().position(|n| n.starts_with("import "));
    assert!(hook.is_some() && hook < import, "{names:?}");
}
