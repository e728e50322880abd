use super::*;
use jwt_compact::Header;
use jwt_compact::alg::{Hs256, Hs256Key};
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use serde_json::{Value, json};
use std::sync::OnceLock;

fn rsa_key() -> &'static rsa::RsaPrivateKey {
    static KEY: OnceLock<rsa::RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("test value"))
}

fn ec_key() -> &'static p256::ecdsa::SigningKey {
    static KEY: OnceLock<p256::ecdsa::SigningKey> = OnceLock::new();
    KEY.get_or_init(|| p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng))
}

fn rsa_pem() -> String {
    rsa_key()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("test value")
}

fn apps() -> Vec<HostApp> {
    let ec_pem = ec_key()
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("test value");
    vec![
        HostApp {
            id: "saas".into(),
            issuer: "https://saas.example".into(),
            audience: "oem-hub".into(),
            key: HostKey::parse("RS256", &rsa_pem()).expect("test value"),
        },
        HostApp {
            id: "mobile".into(),
            issuer: "https://mobile.example".into(),
            audience: "oem-hub".into(),
            key: HostKey::parse("ES256", &ec_pem).expect("test value"),
        },
    ]
}

fn claims(iss: &str, extra: Value, lifetime: Duration) -> Claims<Value> {
    let mut custom = json!({
        "iss": iss, "aud": "oem-hub", "sub": "u-7", "name": "Ada",
        "email": "ada@acme.example", "groups": ["viewers"], "customer": "acme",
        "jti": "j-1",
    });
    for (k, v) in extra.as_object().expect("test value") {
        custom[k] = v.clone();
    }
    let now = Utc::now();
    let mut claims = Claims::new(custom);
    claims.issued_at = Some(now);
    claims.expiration = Some(now + lifetime);
    claims
}

fn rs256(extra: Value, lifetime: Duration) -> String {
    let c = claims("https://saas.example", extra, lifetime);
    Rsa::rs256()
        .token(&Header::empty(), &c, rsa_key())
        .expect("test value")
}

fn b64(v: &Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

#[test]
fn accepts_registered_keys_and_refuses_everything_else() {
    let five = Duration::minutes(5);
    let es = Es256
        .token(
            &Header::empty(),
            &claims("https://mobile.example", json!({}), five),
            ec_key(),
        )
        .expect("test value");
    let other_ec = p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng);
    let forged_es = Es256
        .token(
            &Header::empty(),
            &claims("https://mobile.example", json!({}), five),
            &other_ec,
        )
        .expect("test value");
    // Algorithm confusion: HS256 keyed with the (public) RSA key's PEM.
    let confused = Hs256
        .token(
            &Header::empty(),
            &claims("https://saas.example", json!({}), five),
            &Hs256Key::new(rsa_pem().as_bytes()),
        )
        .expect("test value");
    let body =
        serde_json::to_value(claims("https://saas.example", json!({}), five)).expect("test value");
    let none = format!("{}.{}.", b64(&json!({"alg": "none"})), b64(&body));
    let unknown = claims("https://evil.example", json!({}), five);
    let unknown = Rsa::rs256()
        .token(&Header::empty(), &unknown, rsa_key())
        .expect("test value");
    let mut tampered = rs256(json!({}), five);
    tampered.insert(tampered.len() - 5, 'A');

    // A one-year token claiming to be issued a year from now minus ten minutes.
    let mut future_iat = claims("https://saas.example", json!({}), Duration::days(365));
    future_iat.issued_at = Some(Utc::now() + Duration::days(365) - Duration::minutes(9));
    let future_iat = Rsa::rs256()
        .token(&Header::empty(), &future_iat, rsa_key())
        .expect("test value");
    let mut future_nbf = claims("https://saas.example", json!({}), five);
    future_nbf.not_before = Some(Utc::now() + Duration::minutes(2));
    let future_nbf = Rsa::rs256()
        .token(&Header::empty(), &future_nbf, rsa_key())
        .expect("test value");
    let crit = Rsa::rs256()
        .token(
            &Header::new(json!({"crit": ["exp-ext"], "exp-ext": 1})),
            &claims("https://saas.example", json!({}), five),
            rsa_key(),
        )
        .expect("test value");

    type Check = fn(&Result<VerifiedHost, HostJwtError>) -> bool;
    let table: Vec<(&str, String, Check)> = vec![
        ("rs256", rs256(json!({}), five), |r| {
            r.as_ref().is_ok_and(|v| {
                v.customer.as_str() == "acme" && v.user.id == "u-7" && v.jti == "j-1"
            })
        }),
        ("es256", es, |r| r.is_ok()),
        (
            "aud list",
            rs256(json!({"aud": ["x", "oem-hub"]}), five),
            |r| r.is_ok(),
        ),
        ("forged es256", forged_es, |r| {
            *r == Err(HostJwtError::BadSignature)
        }),
        ("tampered", tampered, |r| r.is_err()),
        ("hs256 confusion", confused, |r| {
            matches!(r, Err(HostJwtError::AlgorithmNotAllowed { .. }))
        }),
        ("alg none", none, |r| {
            matches!(
                r,
                Err(HostJwtError::AlgorithmNotAllowed { .. }) | Err(HostJwtError::Malformed(_))
            )
        }),
        ("unknown issuer", unknown, |r| {
            matches!(r, Err(HostJwtError::UnknownIssuer(_)))
        }),
        ("expired", rs256(json!({}), Duration::minutes(-5)), |r| {
            *r == Err(HostJwtError::Expired)
        }),
        ("too long", rs256(json!({}), Duration::hours(1)), |r| {
            *r == Err(HostJwtError::TooLong)
        }),
        ("future iat stretching a year", future_iat, |r| {
            matches!(
                r,
                Err(HostJwtError::NotYetValid("iat")) | Err(HostJwtError::TooLong)
            )
        }),
        ("future nbf", future_nbf, |r| {
            *r == Err(HostJwtError::NotYetValid("nbf"))
        }),
        ("crit header", crit, |r| *r == Err(HostJwtError::Critical)),
        (
            "no jti",
            rs256(json!({"jti": null}), five),
            |r| matches!(r, Err(HostJwtError::BadClaim(c)) if c.contains("jti")),
        ),
        ("wrong aud", rs256(json!({"aud": "qlik.api"}), five), |r| {
            matches!(r, Err(HostJwtError::WrongAudience(_)))
        }),
        ("no email", rs256(json!({"email": null}), five), |r| {
            matches!(r, Err(HostJwtError::BadClaim(_)))
        }),
        (
            "bad customer",
            rs256(json!({"customer": "Not A Slug"}), five),
            |r| matches!(r, Err(HostJwtError::BadClaim(_))),
        ),
        ("garbage", "not.a.jwt".to_owned(), |r| {
            matches!(r, Err(HostJwtError::Malformed(_)))
        }),
    ];
    let apps = apps();
    for (name, token, check) in table {
        let result = verify(&apps, &token, Utc::now());
        assert!(check(&result), "{name}: {result:?}");
    }
}

#[test]
fn keys_must_match_their_algorithm() {
    assert!(HostKey::parse("RS256", &rsa_pem()).is_ok());
    assert!(HostKey::parse("ES256", &rsa_pem()).is_err());
    assert!(
        HostKey::parse("HS256", &rsa_pem())
            .expect_err("refused")
            .to_string()
            .contains("RS256 or ES256")
    );
    assert!(
        HostKey::parse(
            "RS256",
            "-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----"
        )
        .expect_err("refused")
        .field()
            == "public_key_pem"
    );
}
