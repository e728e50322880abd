//! Observed state as stored rows hold it: old rows load, ids that no longer parse are named.

use super::Observed;

/// Observed state as rows hold it (written when every id was a plain string).
fn stored() -> serde_json::Value {
    serde_json::json!({
        "tenant_id": "TiQ8GPVr8qI714Lp5ChAAFFaU24MJy69",
        "hostname": "acme.us.qlikcloud.com",
        "tenant_create_started_at": null,
        "tenant_name": "Acme",
        "bot_user_id": "60f1b2c3d4e5f6a7b8c9d0e1",
        "idp_id": "idp-1",
        "idp_key_id": "kid-1",
        "idp_issuer": "https://hub.example/customers/acme",
        "web_integration_id": "wi_1",
        "web_integration_origins": ["https://app.acme.example"],
        "csp_origins": {"https://app.acme.example": "csp1"},
        "staging_space_id": "s1",
        "production_space_id": "s2",
        "groups": {"Sales Analysts": "g1"},
        "assignments": {"Sales Analysts": ["a1", "consumer"]},
        "data_connection_id": "0c1e7a7e-2b37-4d1e-9f6b-3d2a8f0b1c2d",
        "data_connection_digest": "d1",
        "deployments": {"sales": {
            "staging_app_id": "stg-1", "staged_version": 2, "scripted_key": "v2:ab",
            "reload_id": "r1", "reloaded_key": "v2:ab", "published_app_id": "pub-1",
            "published_key": "v2:ab", "version": 2
        }},
        "oauth_client_id": "3f9c0a7b6d5e4f3a2b1c0d9e8f7a6b5c",
        "oauth_client_secret_sealed": "sealed",
        "oauth_client_origins": ["https://app.acme.example"],
        "oauth_client_trusted": true,
        "deactivated_purge_date": null
    })
}

#[test]
fn stored_rows_load_and_are_written_back_as_they_were() {
    let observed: Observed = serde_json::from_value(stored()).expect("a stored row loads");
    assert_eq!(serde_json::to_value(&observed).ok(), Some(stored()));
    let empty: Observed = serde_json::from_str("{}").expect("an empty row loads");
    assert_eq!(empty, Observed::default());
}

#[test]
fn a_stored_id_that_no_longer_parses_is_an_error_naming_its_kind() {
    let cases = [
        ("hostname", serde_json::json!("acme"), "two labels"),
        ("production_space_id", serde_json::json!("s/2"), "space id"),
        ("groups", serde_json::json!({"viewers": "g 1"}), "group id"),
        (
            "groups",
            serde_json::json!({" viewers": "g1"}),
            "surrounding spaces",
        ),
        (
            "assignments",
            serde_json::json!({"v": ["a1", "owner"]}),
            "unknown variant",
        ),
        (
            "deployments",
            serde_json::json!({"sales": {"published_app_id": "a?b"}}),
            "app id",
        ),
    ];
    for (field, value, reason) in cases {
        let mut row = stored();
        row[field] = value;
        let err = serde_json::from_value::<Observed>(row)
            .expect_err(field)
            .to_string();
        assert!(err.contains(reason), "{field}: {err}");
    }
}
