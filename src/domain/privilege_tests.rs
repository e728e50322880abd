//! Table tests of the `privilege` block: the embedded-tenant defaults, partial overrides, and
//! every bad value refused with its place named (serde's path to it).

use super::*;
use serde_json::json;

fn parse(value: serde_json::Value) -> Result<PrivilegeSpec, String> {
    let text = value.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

#[test]
fn an_absent_block_holds_the_embedded_defaults() {
    let spec = parse(json!({})).expect("empty block");
    assert!(spec.is_default());
    assert!(spec.everyone_roles.is_empty());
    assert_eq!(
        spec.licenses,
        LicenseAutoAssign {
            analyzer: true,
            professional: false
        }
    );
    assert_eq!(spec.sessions.inactivity_minutes.get(), 30);
    assert_eq!(spec.sessions.max_lifespan_minutes.get(), 480);
    assert_eq!(
        spec.professional_auto_roles,
        ProfessionalAutoRoles::default()
    );
    assert!(!spec.professional_auto_roles.shared_spaces);
}

#[test]
fn each_part_is_overridable_alone_and_reads_back_as_written() {
    let spec = parse(json!({
        "everyone_roles": ["EmbeddedAnalyticsUser", "SharedSpaceCreator", "EmbeddedAnalyticsUser"],
        "licenses": {"professional": true},
        "sessions": {"max_lifespan_minutes": 1440},
        "professional_auto_roles": {"data_services": true}
    }))
    .expect("overrides");
    assert_eq!(
        spec.everyone_roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>(),
        ["EmbeddedAnalyticsUser", "SharedSpaceCreator"],
        "sorted, duplicates dropped"
    );
    assert!(spec.licenses.analyzer && spec.licenses.professional);
    assert_eq!(spec.sessions.inactivity_minutes.get(), 30, "default kept");
    assert_eq!(spec.sessions.max_lifespan_minutes.get(), 1440);
    let roles = spec.professional_auto_roles;
    assert!(roles.data_services && !roles.shared_spaces && !roles.private_analytics);
    let echoed = serde_json::to_value(&spec).expect("serialize");
    assert_eq!(parse(echoed), Ok(spec));
}

#[test]
fn bad_values_are_refused_naming_where() {
    let cases = [
        (
            json!({"everyone_roles": ["NoSuchRole"]}),
            "everyone_roles[0]",
            "unknown variant",
        ),
        (
            json!({"everyone_roles": ["sharedspacecreator"]}),
            "everyone_roles[0]",
            "unknown variant",
        ),
        (
            json!({"everyone_roles": ["Developer", "TenantAdmin"]}),
            "everyone_roles",
            "admin role",
        ),
        (
            json!({"everyone_roles": "Developer"}),
            "everyone_roles",
            "sequence",
        ),
        (
            json!({"sessions": {"inactivity_minutes": 14}}),
            "sessions.inactivity_minutes",
            "15 to 1440",
        ),
        (
            json!({"sessions": {"inactivity_minutes": 1441}}),
            "sessions.inactivity_minutes",
            "15 to 1440",
        ),
        (
            json!({"sessions": {"inactivity_minutes": -1}}),
            "sessions.inactivity_minutes",
            "integer",
        ),
        (
            json!({"sessions": {"inactivity_minutes": 1e12}}),
            "sessions.inactivity_minutes",
            "",
        ),
        (
            json!({"sessions": {"max_lifespan_minutes": 90}}),
            "sessions.max_lifespan_minutes",
            "multiple of 60",
        ),
        (
            json!({"sessions": {"max_lifespan_minutes": 0}}),
            "sessions.max_lifespan_minutes",
            "multiple of 60",
        ),
        (
            json!({"sessions": {"max_lifespan_minutes": 10140}}),
            "sessions.max_lifespan_minutes",
            "10080",
        ),
        (
            json!({"sessions": {"max_lifespan_minutes": 99_999_999_999u64}}),
            "sessions.max_lifespan_minutes",
            "10080",
        ),
        (
            json!({"sessions": {"inactivity_minutes": 120, "max_lifespan_minutes": 60}}),
            "sessions",
            "must not exceed",
        ),
        (
            json!({"sessions": {"idle": 30}}),
            "sessions.idle",
            "unknown field",
        ),
        (
            json!({"licenses": {"analyzer": "yes"}}),
            "licenses.analyzer",
            "boolean",
        ),
        (
            json!({"licenses": {"creator": true}}),
            "licenses.creator",
            "unknown field",
        ),
        (
            json!({"professional_auto_roles": {"shared_spaces": 1}}),
            "professional_auto_roles.shared_spaces",
            "boolean",
        ),
        (json!({"features": {}}), "features", "unknown field"),
    ];
    for (input, place, why) in cases {
        let err = parse(input.clone()).expect_err(&input.to_string());
        assert!(err.starts_with(&format!("{place}:")), "{input}: {err}");
        assert!(err.contains(why), "{input}: {err}");
    }
}

#[test]
fn minutes_bounds_table() {
    let inactivity = [
        (15, true),
        (30, true),
        (1440, true),
        (14, false),
        (0, false),
        (1441, false),
    ];
    for (m, ok) in inactivity {
        assert_eq!(InactivityMinutes::parse(m).is_ok(), ok, "inactivity {m}");
    }
    let lifespan = [
        (60, true),
        (480, true),
        (10080, true),
        (59, false),
        (61, false),
        (10140, false),
        (u64::MAX, false),
    ];
    for (m, ok) in lifespan {
        assert_eq!(LifespanMinutes::parse(m).is_ok(), ok, "lifespan {m}");
    }
    let limits = |i, l| {
        SessionLimits::new(
            InactivityMinutes::parse(i).expect("i"),
            LifespanMinutes::parse(l).expect("l"),
        )
    };
    assert!(limits(60, 60).is_ok());
    assert!(limits(61, 60).is_err());
}

#[test]
fn roles_table() {
    for role in TenantRole::ALL {
        assert_eq!(TenantRole::parse(role.as_str()), Some(role), "{role}");
        let json = serde_json::to_value(role).expect("serialize");
        assert_eq!(json, json!(role.as_str()));
        if role.is_admin() {
            assert!(role.is_creator(), "{role}: admins are never end-user roles");
        }
    }
    let cases = [
        ("SharedSpaceCreator", true, false),
        ("PrivateAnalyticsContentCreator", true, false),
        ("DataServicesContributor", true, false),
        ("Developer", true, false),
        ("TenantAdmin", true, true),
        ("AnalyticsAdmin", true, true),
        ("EmbeddedAnalyticsUser", false, false),
        ("CollaborationPlatformUser", false, false),
    ];
    for (name, creator, admin) in cases {
        let role = TenantRole::parse(name).expect(name);
        assert_eq!(
            (role.is_creator(), role.is_admin()),
            (creator, admin),
            "{name}"
        );
    }
    assert_eq!(TenantRole::parse("tenantadmin"), None, "case-sensitive");
}

#[test]
fn held_state_reads_rows_written_before_it_existed() {
    let held: PrivilegeHeld = serde_json::from_value(json!({})).expect("empty");
    assert!(held.is_empty());
    let full = PrivilegeHeld {
        everyone_roles: Some(BTreeSet::new()),
        licenses: Some(LicenseAutoAssign::default()),
        sessions: Some(SessionLimits::default()),
        professional_auto_roles: Some(ProfessionalAutoRoles::default()),
    };
    let text = serde_json::to_string(&full).expect("serialize");
    assert_eq!(
        serde_json::from_str::<PrivilegeHeld>(&text).ok(),
        Some(full)
    );
}
