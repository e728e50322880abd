//! Configuration tests: files, every environment variable the README documents, unknown
//! variables, and errors that never quote a value. The environment is passed in, never set.

use super::*;
use secrecy::ExposeSecret;
use std::io::Write;

type Env = Vec<(String, String)>;

fn env(pairs: &[(&str, &str)]) -> Env {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn toml_file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().expect("tmp");
    writeln!(f, "{text}").expect("write");
    f
}

#[test]
fn defaults_apply_without_a_file() {
    let s = Settings::load_from(None, Env::new()).expect("defaults load");
    assert_eq!(s.qlik.domain, "qlikcloud.com");
    assert_eq!(s.body_limit_bytes, 1024 * 1024);
}

#[test]
fn file_values_override_defaults() {
    let f = toml_file("listen = \"127.0.0.1:0\"\n[qlik]\ndomain = \"localhost\"\nport = 3100");
    let s = Settings::load_from(Some(f.path()), Env::new()).expect("loads");
    assert_eq!(
        (s.listen.port(), s.qlik.domain.as_str(), s.qlik.port),
        (0, "localhost", Some(3100))
    );
}

#[test]
fn unreadable_and_invalid_files_name_the_problem() {
    let err = Settings::load_from(Some(Path::new("/nonexistent/oem-hub.toml")), Env::new())
        .expect_err("missing");
    assert!(
        err.to_string().contains("/nonexistent/oem-hub.toml"),
        "{err}"
    );
    let f = toml_file("listen = 42\nbogus = true");
    let err = Settings::load_from(Some(f.path()), Env::new())
        .expect_err("invalid")
        .to_string();
    assert!(err.contains("listen") || err.contains("bogus"), "{err}");
    assert!(!err.contains('\n'), "{err}");
}

/// What a settings field reads back as, for the table below.
type Read = fn(&Settings) -> String;

fn secret(s: &Option<SecretString>) -> String {
    s.as_ref()
        .map(|s| s.expose_secret().to_owned())
        .unwrap_or_default()
}

/// Every setting, by the variable that sets it, the value given, and how to read it back.
/// They are loaded all at once, since a section (`[jwt]`, `[proxy]`) needs all its required keys.
const DOCUMENTED: &[(&str, &str, Read)] = &[
    ("OEM_HUB_LISTEN", "0.0.0.0:4000", |s| s.listen.to_string()),
    ("OEM_HUB_DATABASE_URL", "postgres://h/db", |s| {
        s.database_url.clone()
    }),
    ("OEM_HUB_DIST_DIR", "/srv/dist", |s| {
        s.dist_dir.display().to_string()
    }),
    ("OEM_HUB_BODY_LIMIT_BYTES", "2048", |s| {
        s.body_limit_bytes.to_string()
    }),
    ("OEM_HUB_SECURE_COOKIES", "false", |s| {
        s.secure_cookies.to_string()
    }),
    ("OEM_HUB_ENCRYPTION_KEY", "c2VhbGluZw==", |s| {
        secret(&s.encryption_key)
    }),
    ("OEM_HUB_PUBLIC_URL", "https://hub.partner.example/", |s| {
        s.public_url
            .as_ref()
            .map(|u| u.to_string())
            .unwrap_or_default()
    }),
    ("OEM_HUB_TRUSTED_PROXIES", "[\"10.0.0.7\"]", |s| {
        format!("[\"{}\"]", s.trusted_proxies[0])
    }),
    ("OEM_HUB_QLIK__DOMAIN", "localhost", |s| {
        s.qlik.domain.clone()
    }),
    ("OEM_HUB_QLIK__SCHEME", "http", |s| s.qlik.scheme.clone()),
    ("OEM_HUB_QLIK__PORT", "3100", |s| {
        s.qlik.port.unwrap_or_default().to_string()
    }),
    ("OEM_HUB_QLIK__EMULATOR", "true", |s| {
        s.qlik.emulator.to_string()
    }),
    ("OEM_HUB_QLIK__SOURCE_TENANT", "dev.eu.qlikcloud.com", |s| {
        s.qlik.source_tenant.clone().unwrap_or_default()
    }),
    ("OEM_HUB_QLIK__CLIENT_ID", "client-1", |s| {
        s.qlik.client_id.clone().unwrap_or_default()
    }),
    // Digits only: still a string, as a secret should be.
    ("OEM_HUB_QLIK__CLIENT_SECRET", "0123456789", |s| {
        secret(&s.qlik.client_secret)
    }),
    (
        "OEM_HUB_QLIK__REGIONAL_CLIENTS__US__CLIENT_ID",
        "us-1",
        |s| s.qlik.regional_clients["us"].client_id.clone(),
    ),
    (
        "OEM_HUB_QLIK__REGIONAL_CLIENTS__US__CLIENT_SECRET",
        "us-secret",
        |s| {
            s.qlik.regional_clients["us"]
                .client_secret
                .expose_secret()
                .to_owned()
        },
    ),
    ("OEM_HUB_JWT__ISSUER", "https://hub.example", |s| {
        s.jwt.as_ref().map(|j| j.issuer.clone()).unwrap_or_default()
    }),
    ("OEM_HUB_JWT__KEY_ID", "k2", |s| {
        s.jwt.as_ref().map(|j| j.key_id.clone()).unwrap_or_default()
    }),
    (
        "OEM_HUB_JWT__PRIVATE_KEY_PEM",
        "-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----",
        |s| {
            s.jwt
                .as_ref()
                .map(|j| j.private_key_pem.expose_secret().to_owned())
                .unwrap_or_default()
        },
    ),
    // During a key rotation: the old keys as an array of tables, one line.
    (
        "OEM_HUB_JWT__PREVIOUS_KEYS",
        "[{key_id = \"k1\", private_key_pem = \"old-pem\"}]",
        |s| {
            s.jwt
                .as_ref()
                .and_then(|j| j.previous_keys.first())
                .map(|k| {
                    format!(
                        "[{{key_id = \"{}\", private_key_pem = \"{}\"}}]",
                        k.key_id,
                        k.private_key_pem.expose_secret()
                    )
                })
                .unwrap_or_default()
        },
    ),
    ("OEM_HUB_PROVISIONING__LEASE_SECS", "45", |s| {
        s.provisioning.lease_secs.to_string()
    }),
    ("OEM_HUB_PROVISIONING__CONCURRENCY", "3", |s| {
        s.provisioning.concurrency.to_string()
    }),
    ("OEM_HUB_PROVISIONING__MAX_ATTEMPTS", "9", |s| {
        s.provisioning.max_attempts.to_string()
    }),
    ("OEM_HUB_PROVISIONING__HYBRID_SYNC_SECS", "0", |s| {
        s.provisioning.hybrid_sync_secs.to_string()
    }),
    ("OEM_HUB_PROXY__HOST", "analytics.partner.example", |s| {
        s.proxy.as_ref().map(|p| p.host.clone()).unwrap_or_default()
    }),
    ("OEM_HUB_EMBED__TOKEN_TTL_SECS", "20", |s| {
        s.embed.token_ttl_secs.to_string()
    }),
    ("OEM_HUB_EMBED__SESSION_CHECK_SECS", "5", |s| {
        s.embed.session_check_secs.to_string()
    }),
    ("OEM_HUB_PROXY__IDLE_MINUTES", "5", |s| {
        s.proxy
            .as_ref()
            .map(|p| p.idle_minutes.to_string())
            .unwrap_or_default()
    }),
];

#[test]
fn every_documented_variable_takes_effect() {
    let all: Env = DOCUMENTED
        .iter()
        .map(|(k, v, _)| (k.to_string(), v.to_string()))
        .collect();
    let (s, ignored) = layered(None, all).expect("every variable loads");
    assert!(ignored.is_empty(), "{ignored:?}");
    for (name, value, read) in DOCUMENTED {
        assert_eq!(read(&s), *value, "{name}");
    }
    // DATABASE_URL is read too, below OEM_HUB_DATABASE_URL.
    let s = Settings::load_from(None, env(&[("DATABASE_URL", "sqlite://x.db")])).expect("loads");
    assert_eq!(s.database_url, "sqlite://x.db");
}

#[test]
fn variables_override_the_file() {
    let f = toml_file("[qlik]\nclient_id = \"file\"\n[provisioning]\nlease_secs = 10");
    let s = Settings::load_from(
        Some(f.path()),
        env(&[
            ("OEM_HUB_QLIK__CLIENT_SECRET", "from-env"),
            ("oem_hub_provisioning__lease_secs", "20"),
        ]),
    )
    .expect("loads");
    assert_eq!(s.qlik.client_id.as_deref(), Some("file"));
    assert_eq!(secret(&s.qlik.client_secret), "from-env");
    assert_eq!(s.provisioning.lease_secs, 20);
}

/// Serde's field names of a struct (its `deserialize_struct` call), to check the table above
/// against the structs themselves: a new field without a variable in the table fails here.
fn fields<T: serde::de::DeserializeOwned>() -> Vec<String> {
    use serde::de::{self, Visitor};
    struct Capture<'a>(&'a mut Vec<String>);
    impl<'de> serde::Deserializer<'de> for Capture<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.extend(fields.iter().map(|f| f.to_string()));
            Err(de::Error::custom("captured"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut out = Vec::new();
    let _ = T::deserialize(Capture(&mut out));
    out
}

#[test]
fn the_table_covers_every_field_of_every_section() {
    let sections: [(&str, Vec<String>); 6] = [
        ("QLIK__", fields::<QlikSettings>()),
        ("QLIK__REGIONAL_CLIENTS__US__", fields::<RegionalClient>()),
        ("JWT__", fields::<JwtSettings>()),
        ("PROVISIONING__", fields::<ProvisioningSettings>()),
        ("PROXY__", fields::<ProxySettings>()),
        ("EMBED__", fields::<EmbedSettings>()),
    ];
    let nested = [
        "qlik",
        "jwt",
        "provisioning",
        "proxy",
        "embed",
        "regional_clients",
    ];
    let mut wanted: Vec<String> = fields::<Settings>()
        .into_iter()
        .filter(|f| !nested.contains(&f.as_str()))
        .map(|f| f.to_ascii_uppercase())
        .collect();
    // The capture works (an empty list would make this test vacuous).
    assert!(
        wanted.contains(&"LISTEN".to_owned()) && wanted.contains(&"TRUSTED_PROXIES".to_owned())
    );
    for (prefix, names) in sections {
        assert!(!names.is_empty(), "{prefix}");
        wanted.extend(
            names
                .iter()
                .filter(|f| !nested.contains(&f.as_str()))
                .map(|f| format!("{prefix}{}", f.to_ascii_uppercase())),
        );
    }
    for key in wanted {
        let name = format!("OEM_HUB_{key}");
        assert!(
            DOCUMENTED.iter().any(|(n, _, _)| *n == name),
            "{name} is a setting but has no test"
        );
    }
}

#[test]
fn unknown_variables_are_ignored_and_reported_not_fatal() {
    let (s, mut ignored) = layered(
        None,
        env(&[
            ("OEM_HUB_BOGUS", "1"),
            ("OEM_HUB_QLIK__CLIENT_SECRT", "typo"),
            ("OEM_HUB_CONFIG", "/etc/oem-hub.toml"),
            ("OEM_HUB_TEST_POSTGRES_URL", "postgres://t"),
            ("OEM_HUB_QLIK__DOMAIN", "localhost"),
        ]),
    )
    .expect("loads");
    ignored.sort();
    assert_eq!(ignored, ["OEM_HUB_BOGUS", "OEM_HUB_QLIK__CLIENT_SECRT"]);
    assert_eq!(s.qlik.domain, "localhost");
    assert!(s.qlik.client_secret.is_none());
}

#[test]
fn errors_name_the_key_but_never_quote_a_secret() {
    let leak = "s3cr3t-value-42";
    let by_env: [(&str, String); 5] = [
        ("OEM_HUB_JWT", leak.to_owned()),
        ("OEM_HUB_QLIK", leak.to_owned()),
        ("OEM_HUB_ENCRYPTION_KEY", format!("[1, \"{leak}\"]")),
        ("OEM_HUB_QLIK__CLIENT_SECRET", format!("[\"{leak}\"]")),
        ("OEM_HUB_PROVISIONING__LEASE_SECS", leak.to_owned()),
    ];
    for (name, value) in by_env {
        let err = Settings::load_from(None, vec![(name.to_owned(), value)])
            .expect_err(name)
            .to_string();
        assert!(!err.contains("s3cr3t"), "{name}: {err}");
        assert!(err.contains(name), "{name}: {err}");
    }
    for text in [
        "encryption_key = 4242424242",
        "[jwt]\nissuer = \"i\"\nkey_id = \"k\"\nprivate_key_pem = [\"s3cr3t\"]",
        "[qlik]\nclient_secret = { v = \"s3cr3t\" }",
    ] {
        let f = toml_file(text);
        let err = Settings::load_from(Some(f.path()), Env::new())
            .expect_err(text)
            .to_string();
        assert!(!err.contains("s3cr3t") && !err.contains("4242"), "{err}");
    }
}

#[test]
fn a_public_url_must_be_https_with_a_host() {
    for bad in [
        "http://hub.example",
        "hub.example",
        "https://hub.example/?a=1",
        "ftp://x",
    ] {
        let err = Settings::load_from(None, env(&[("OEM_HUB_PUBLIC_URL", bad)]))
            .expect_err(bad)
            .to_string();
        assert!(err.contains("public_url"), "{bad}: {err}");
    }
    let unset = Settings::load_from(None, env(&[("OEM_HUB_PUBLIC_URL", "")]));
    assert!(unset.is_ok_and(|s| s.public_url.is_none()));
}
