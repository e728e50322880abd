//! Table tests of the least-privilege steps: a new tenant gets every part right after its
//! identity provider, a part changed on the tenant (or in the spec) is put back alone, and a
//! converged tenant needs nothing.

use super::privilege::changes;
use super::tests::{converged, hub, labels, spec, targets};
use super::*;
use crate::domain::{PrivilegeHeld, PrivilegeSpec, TenantRole};
use std::collections::BTreeSet;

fn plan_for(spec: &CustomerSpec, observed: &Observed) -> Vec<String> {
    let steps = plan(spec, &targets(1), observed, &hub(), &RefreshOffsets::new()).expect("plan");
    labels(&steps)
}

fn privileged(block: serde_json::Value) -> CustomerSpec {
    CustomerSpec {
        privilege: serde_json::from_value(block).expect("privilege block"),
        ..spec()
    }
}

fn role(name: &str) -> TenantRole {
    TenantRole::parse(name).expect("a default role")
}

#[test]
fn privilege_steps_table() {
    type Drift = fn(&mut Observed);
    let cases: [(&str, Drift, &[&str]); 6] = [
        ("converged", |_| {}, &[]),
        (
            "a role hand-added to Everyone",
            |o| {
                let roles = BTreeSet::from([role("SharedSpaceCreator")]);
                o.privilege.everyone_roles = Some(roles);
            },
            &["everyone group roles"],
        ),
        (
            "Everyone holds a role oem-hub cannot name",
            |o| o.privilege.everyone_roles = None,
            &["everyone group roles"],
        ),
        (
            "professional licences auto-assigned by hand",
            |o| {
                if let Some(l) = o.privilege.licenses.as_mut() {
                    l.professional = true;
                }
            },
            &["licence auto-assignment"],
        ),
        (
            "a row written before least privilege",
            |o| o.privilege = PrivilegeHeld::default(),
            &[
                "everyone group roles",
                "licence auto-assignment",
                "session limits",
                "professional auto-assigned roles",
            ],
        ),
        (
            "a professional flag turned back on",
            |o| {
                if let Some(r) = o.privilege.professional_auto_roles.as_mut() {
                    r.private_analytics = true;
                }
            },
            &["professional auto-assigned roles"],
        ),
    ];
    for (name, drift, want) in cases {
        let mut observed = converged();
        drift(&mut observed);
        assert_eq!(plan_for(&spec(), &observed), want, "{name}");
    }
}

#[test]
fn an_override_in_the_spec_plans_its_part_with_the_spec_values() {
    let spec = privileged(serde_json::json!({
        "everyone_roles": ["EmbeddedAnalyticsUser"],
        "sessions": {"inactivity_minutes": 60, "max_lifespan_minutes": 1440}
    }));
    let steps = plan(
        &spec,
        &targets(1),
        &converged(),
        &hub(),
        &RefreshOffsets::new(),
    )
    .expect("plan");
    let changes: Vec<&PrivilegeChange> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Privilege { change } => Some(change),
            _ => None,
        })
        .collect();
    assert_eq!(changes.len(), 2, "{steps:?}");
    assert_eq!(
        changes[0],
        &PrivilegeChange::EveryoneRoles {
            roles: BTreeSet::from([role("EmbeddedAnalyticsUser")])
        }
    );
    let PrivilegeChange::Sessions { limits } = changes[1] else {
        panic!("sessions second: {changes:?}");
    };
    assert_eq!(
        (
            limits.inactivity_minutes.get(),
            limits.max_lifespan_minutes.get()
        ),
        (60, 1440)
    );
    assert_eq!(labels(&steps), ["everyone group roles", "session limits"]);
}

#[test]
fn a_new_tenant_gets_least_privilege_before_any_embedding_origin() {
    let names = plan_for(&spec(), &Observed::default());
    let at = |label: &str| names.iter().position(|n| n == label);
    let idp = at("jwt identity provider");
    let everyone = at("everyone group roles");
    let integration = at("web integration");
    assert!(idp < everyone && everyone < integration, "{names:?}");
}

#[test]
fn privilege_steps_survive_the_job_record() {
    for change in changes(&PrivilegeSpec::default(), &PrivilegeHeld::default()) {
        let step = Step::Privilege { change };
        let json = serde_json::to_value(&step).expect("serialize");
        assert_eq!(json["step"], "privilege", "{json}");
        let back: Step = serde_json::from_value(json.clone()).expect("deserialize");
        assert_eq!(back, step, "{json}");
    }
}
