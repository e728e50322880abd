//! The least-privilege shapes against `@qlik/api` 2.19.0: bodies sent, answers read, and what
//! each answer means for the spec (table tests).

use super::*;
use serde_json::json;

fn roles(names: &[&str]) -> BTreeSet<TenantRole> {
    names
        .iter()
        .map(|n| TenantRole::parse(n).expect(n))
        .collect()
}

#[test]
fn patch_bodies_are_qliks_json_patches() {
    assert_eq!(
        everyone_roles_patch(&roles(&["SharedSpaceCreator", "EmbeddedAnalyticsUser"])),
        json!([{ "op": "replace", "path": "/systemGroups/000000000000000000000001/assignedRoles",
                 "value": [{"name": "EmbeddedAnalyticsUser"}, {"name": "SharedSpaceCreator"}] }])
    );
    assert_eq!(
        everyone_roles_patch(&BTreeSet::new())[0]["value"],
        json!([])
    );
    assert_eq!(
        session_limits_patch(SessionLimits::default()),
        json!([
            { "op": "replace", "path": "/userSessionInactivityTimeoutMinutes", "value": 30 },
            { "op": "replace", "path": "/maxUserSessionLifespanMinutes", "value": 480 },
        ])
    );
    let flags = professional_roles_patch(ProfessionalAutoRoles {
        shared_spaces: true,
        ..ProfessionalAutoRoles::default()
    });
    let paths: Vec<(&str, bool)> = flags
        .as_array()
        .expect("array")
        .iter()
        .map(|op| {
            assert_eq!(op["op"], "replace");
            (
                op["path"].as_str().expect("path"),
                op["value"].as_bool().expect("bool"),
            )
        })
        .collect();
    assert_eq!(
        paths,
        [
            ("/autoAssignCreateSharedSpacesRoleToProfessionals", true),
            (
                "/autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
                false
            ),
            (
                "/autoAssignDataServicesContributorRoleToProfessionals",
                false
            ),
        ]
    );
}

#[test]
fn everyone_roles_table() {
    let settings = |everyone: serde_json::Value| -> GroupSettings {
        let mut body = json!({ "autoCreateGroups": true, "tenantId": "t1",
                               "links": { "self": { "href": "/api/v1/groups/settings" } } });
        if !everyone.is_null() {
            body["systemGroups"] = json!({ EVERYONE_GROUP_ID: everyone });
        }
        serde_json::from_value(body).expect("GroupSettings")
    };
    let role = |name: &str| json!({ "id": "r1", "name": name, "level": "user", "type": "default" });
    let cases = [
        ("no systemGroups", serde_json::Value::Null, Ok(roles(&[]))),
        (
            "no assignedRoles",
            json!({ "id": EVERYONE_GROUP_ID, "name": "com.qlik.Everyone", "enabled": true }),
            Ok(roles(&[])),
        ),
        (
            "default roles",
            json!({ "assignedRoles": [role("SharedSpaceCreator"), role("PrivateAnalyticsContentCreator")] }),
            Ok(roles(&[
                "PrivateAnalyticsContentCreator",
                "SharedSpaceCreator",
            ])),
        ),
        (
            "a custom role",
            json!({ "assignedRoles": [role("Developer"), role("Partner Creators")] }),
            Err("Partner Creators".to_owned()),
        ),
    ];
    for (name, everyone, want) in cases {
        assert_eq!(settings(everyone).everyone_roles(), want, "{name}");
    }
}

#[test]
fn settings_answers_table() {
    let licence = |v: serde_json::Value| -> LicenseAutoAssign {
        serde_json::from_value::<LicenseSettings>(v)
            .expect("SettingsBody")
            .auto_assign()
    };
    let on_off = |analyzer, professional| LicenseAutoAssign {
        analyzer,
        professional,
    };
    assert_eq!(
        licence(json!({"autoAssignAnalyzer": true, "autoAssignProfessional": false})),
        on_off(true, false)
    );
    assert_eq!(
        licence(json!({"autoAssignProfessional": true})),
        on_off(false, true)
    );
    assert_eq!(licence(json!({})), on_off(false, false));

    let auth = |i: u64, l: u64| -> Result<SessionLimits, String> {
        serde_json::from_value::<AuthSettings>(json!({
            "id": "a1", "tenantId": "t1", "isDefault": false,
            "userSessionInactivityTimeoutMinutes": i, "maxUserSessionLifespanMinutes": l
        }))
        .expect("AuthSettingsResource")
        .limits()
    };
    assert_eq!(auth(30, 480), Ok(SessionLimits::default()));
    assert!(auth(30, 1440).is_ok());
    for (i, l) in [(5, 480), (30, 90), (30, 20_000), (600, 480)] {
        assert!(auth(i, l).is_err(), "{i}/{l}");
    }

    let flags = |v: serde_json::Value| -> ProfessionalAutoRoles {
        serde_json::from_value::<TenantAutoRoles>(v)
            .expect("Tenant")
            .roles()
    };
    let all_on = ProfessionalAutoRoles {
        shared_spaces: true,
        private_analytics: true,
        data_services: true,
    };
    assert_eq!(
        flags(json!({"id": "t1", "name": "acme"})),
        all_on,
        "Qlik's default: on"
    );
    assert_eq!(
        flags(json!({
            "autoAssignCreateSharedSpacesRoleToProfessionals": false,
            "autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals": false,
            "autoAssignDataServicesContributorRoleToProfessionals": true
        })),
        ProfessionalAutoRoles {
            data_services: true,
            ..ProfessionalAutoRoles::default()
        }
    );
}
