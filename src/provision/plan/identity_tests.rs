//! Table tests of the identity steps: an IdP trusting another issuer or key is replaced, a
//! trusted OAuth client for the same origins is kept.

use super::tests::{converged, hub, id, spec, targets};
use super::*;

#[test]
fn an_idp_trusting_another_issuer_or_key_is_replaced() {
    let targets = targets(1);
    let cases = [
        ("hub-wide issuer of earlier versions", None, Some("kid-1")),
        (
            "another customer's issuer",
            Some("https://hub.example/customers/globex"),
            Some("kid-1"),
        ),
        (
            "rotated key",
            Some("https://hub.example/customers/acme"),
            Some("kid-0"),
        ),
    ];
    for (name, issuer, kid) in cases {
        let mut o = converged();
        o.idp_issuer = issuer.map(str::to_owned);
        o.idp_key_id = kid.map(str::to_owned);
        let steps = plan(&spec(), &targets, &o, &hub(), &RefreshOffsets::new()).expect("plans");
        assert_eq!(
            steps,
            vec![Step::JwtIdentityProvider {
                key_id: "kid-1".into(),
                issuer: "https://hub.example/customers/acme".into(),
            }],
            "{name}"
        );
    }
}

#[test]
fn a_trusted_oauth_client_for_the_same_origins_needs_nothing() {
    let mut s = spec();
    s.embedding = crate::domain::EmbeddingMode::Oauth;
    let mut o = converged();
    o.oauth_client_id = Some(id("c1"));
    o.oauth_client_origins = vec!["https://app.acme.example".into()];
    o.oauth_client_trusted = true;
    let steps = plan(&s, &targets(1), &o, &hub(), &RefreshOffsets::new()).expect("plan");
    assert!(steps.is_empty(), "{steps:?}");
}
