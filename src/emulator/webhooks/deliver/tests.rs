//! Tables for the pure parts of delivery: the signature, the retry schedule, and the
//! headers an attempt sends and records.

use super::*;
use crate::emulator::state::EmuWebhook;

#[test]
fn the_signature_is_lowercase_hex_hmac_sha256_of_the_body() {
    for (secret, body, want) in [
        // RFC 4231, test case 2.
        (
            "Jefe",
            "what do ya want for nothing?",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            "key",
            "The quick brown fox jumps over the lazy dog",
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
        ),
    ] {
        assert_eq!(signature(secret, body.as_bytes()), want, "{secret}");
    }
    // Any change of the bytes changes it: the receiver must hash the raw body.
    assert_ne!(signature("k", b"{\"a\":1}"), signature("k", b"{\"a\": 1}"));
}

#[test]
fn retries_follow_the_schedule_then_stop() {
    for (attempt, want) in [
        (0, Some(60)),
        (1, Some(300)),
        (2, Some(1800)),
        (3, None),
        (99, None),
    ] {
        assert_eq!(
            retry_after(attempt).map(|d| d.num_seconds()),
            want,
            "after attempt {attempt}"
        );
    }
}

fn hook(secret: Option<&str>) -> EmuWebhook {
    EmuWebhook {
        name: "n".into(),
        url: "https://hooks.example.com/in".into(),
        event_types: vec![events::APP_RELOAD_FINISHED.into()],
        headers: [("X-Team".to_owned(), "data".to_owned())].into(),
        encrypted_headers: [("Authorization".to_owned(), "Bearer s3cret".to_owned())].into(),
        secret: secret.map(str::to_owned),
        level: "tenant".into(),
        ..EmuWebhook::new("w1".into(), "api".into(), "u", Utc::now())
    }
}

#[test]
fn an_attempt_sends_every_header_and_records_encrypted_ones_omitted() {
    let body = r#"{"type":"com.qlik.v1.app.reload.finished"}"#.to_owned();
    let signed = Attempt::new(
        "t",
        &hook(Some("k")),
        "e",
        body.clone(),
        0,
        true,
        Utc::now(),
    );
    let sent: BTreeMap<_, _> = signed.sent.iter().cloned().collect();
    assert_eq!(sent["Content-Type"], "application/json");
    assert_eq!(sent["User-Agent"], USER_AGENT);
    assert_eq!(sent["X-Team"], "data");
    assert_eq!(sent["Authorization"], "Bearer s3cret");
    assert_eq!(sent[SIGNATURE_HEADER], signature("k", body.as_bytes()));
    assert_eq!(signed.shown["Authorization"], OMITTED);
    assert_eq!(signed.shown["X-Team"], "data");
    let unsigned = Attempt::new("t", &hook(None), "e", body, 0, true, Utc::now());
    assert!(unsigned.sent.iter().all(|(k, _)| k != SIGNATURE_HEADER));
}
