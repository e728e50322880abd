//! Table tests of login-JWT verification with real RS256 keys.

use super::*;
use jwt_compact::alg::{Hs256, Hs256Key, RsaPrivateKey};
use jwt_compact::{Claims, Header};
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use serde_json::{Value, json};
use std::sync::LazyLock;

static KEY: LazyLock<RsaPrivateKey> =
    LazyLock::new(|| RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("key generation"));
static OTHER_KEY: LazyLock<RsaPrivateKey> =
    LazyLock::new(|| RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("key generation"));

fn idp() -> JwtIdp {
    let pem = KEY
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("pem");
    // Qlik stores keys as single-line PEMs; the parser must cope.
    let single_line = pem.replace('\n', "");
    JwtIdp {
        issuer: "https://hub.partner.example".into(),
        kid: "hub-2026".into(),
        public_key: parse_public_key_pem(&single_line).expect("parses"),
        clock_tolerance_sec: 5,
    }
}

fn good_claims() -> Value {
    json!({
        "sub": "user-1", "subType": "user", "name": "Ada", "email": "ada@acme.example",
        "email_verified": true, "groups": ["viewers"], "jti": "j-1",
        "iss": "https://hub.partner.example", "aud": JWT_SESSION_AUDIENCE,
    })
}

fn sign(custom: Value, kid: &str, nbf_offset: i64, exp_offset: i64, key: &RsaPrivateKey) -> String {
    let now = Utc::now();
    let mut claims = Claims::new(custom);
    claims.not_before = Some(now + Duration::seconds(nbf_offset));
    claims.expiration = Some(now + Duration::seconds(exp_offset));
    claims.issued_at = Some(now);
    let header = Header::empty().with_key_id(kid);
    Rsa::rs256().token(&header, &claims, key).expect("signs")
}

fn with(field: &str, value: Value) -> Value {
    let mut claims = good_claims();
    claims[field] = value;
    claims
}

#[test]
fn accepts_a_well_formed_token() {
    let token = sign(good_claims(), "hub-2026", -10, 300, &KEY);
    let claims = verify(&token, &idp(), Utc::now()).expect("valid");
    assert_eq!(
        (claims.sub.as_str(), claims.groups.as_slice()),
        ("user-1", ["viewers".to_owned()].as_slice())
    );
}

#[test]
fn refusal_table() {
    let mut no_email = good_claims();
    no_email.as_object_mut().expect("object").remove("email");
    let cases: Vec<(&str, String, JwtRejection)> = vec![
        (
            "wrong kid",
            sign(good_claims(), "other", -10, 300, &KEY),
            JwtRejection::UnknownKid(Some("other".into())),
        ),
        (
            "other key",
            sign(good_claims(), "hub-2026", -10, 300, &OTHER_KEY),
            JwtRejection::BadSignature,
        ),
        (
            "wrong issuer",
            sign(
                with("iss", json!("https://evil")),
                "hub-2026",
                -10,
                300,
                &KEY,
            ),
            JwtRejection::Issuer,
        ),
        (
            "wrong audience",
            sign(with("aud", json!("qlik.api")), "hub-2026", -10, 300, &KEY),
            JwtRejection::Audience,
        ),
        (
            "window over an hour",
            sign(good_claims(), "hub-2026", -10, 3600, &KEY),
            JwtRejection::WindowTooLong(3610),
        ),
        (
            "expired",
            sign(good_claims(), "hub-2026", -400, -100, &KEY),
            JwtRejection::Expired,
        ),
        (
            "not yet valid",
            sign(good_claims(), "hub-2026", 100, 400, &KEY),
            JwtRejection::NotYetValid,
        ),
        (
            "missing email",
            sign(no_email, "hub-2026", -10, 300, &KEY),
            JwtRejection::MissingClaim("email"),
        ),
    ];
    for (name, token, want) in cases {
        assert_eq!(
            verify(&token, &idp(), Utc::now()).expect_err(name),
            want,
            "{name}"
        );
    }
}

#[test]
fn clock_tolerance_applies_to_nbf_and_exp() {
    let token = sign(good_claims(), "hub-2026", 3, 300, &KEY);
    assert!(
        verify(&token, &idp(), Utc::now()).is_ok(),
        "nbf 3 s ahead is within 5 s tolerance"
    );
}

#[test]
fn symmetric_and_unsigned_tokens_are_refused() {
    let key = Hs256Key::new(b"shared secret that should never work");
    let claims = Claims::new(good_claims());
    let hs = Hs256
        .token(&Header::empty().with_key_id("hub-2026"), &claims, &key)
        .expect("signs");
    assert_eq!(
        verify(&hs, &idp(), Utc::now()),
        Err(JwtRejection::Algorithm("HS256".into()))
    );
    let forged_header = "eyJhbGciOiJub25lIiwia2lkIjoiaHViLTIwMjYifQ"; // {"alg":"none","kid":"hub-2026"}
    let body = hs.split('.').nth(1).expect("payload");
    let none = format!("{forged_header}.{body}.");
    assert!(matches!(
        verify(&none, &idp(), Utc::now()),
        Err(JwtRejection::Algorithm(_) | JwtRejection::Malformed(_))
    ));
}

#[test]
fn pem_parsing_accepts_spki_and_pkcs1_and_refuses_garbage() {
    use rsa::pkcs1::EncodeRsaPublicKey;
    let public = KEY.to_public_key();
    let pkcs1 = public.to_pkcs1_pem(LineEnding::LF).expect("pkcs1");
    assert!(parse_public_key_pem(&pkcs1).is_ok());
    assert!(parse_public_key_pem("hello").is_err());
    assert!(
        parse_public_key_pem("-----BEGIN PUBLIC KEY-----AAAA-----END PUBLIC KEY-----").is_err()
    );
}
