//! Table tests of `plan` for new, partially provisioned, drifted and changed customers.

use super::*;
use crate::domain::{AppId, SpaceRole};
use crate::store::Deployment;

/// A valid id (or other parsed value) of whatever type the field wants.
pub(super) fn id<T: std::str::FromStr>(raw: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    raw.parse().expect("a valid value")
}

/// A named change to spec, observed state or hub, and the steps it must plan.
type Case = (
    &'static str,
    fn(&mut CustomerSpec, &mut Observed, &mut HubIdentity),
    &'static [&'static str],
);

pub(super) fn spec() -> CustomerSpec {
    serde_json::from_value(serde_json::json!({
        "slug": "acme", "display_name": "Acme", "region": "us",
        "origins": ["https://app.acme.example"], "modules": ["sales"],
        "params": {"region": "North"}, "group_roles": {"viewers": "consumer"},
        "data_connection": {"type": "sqlite", "connection_string": "/d/acme.db"}
    }))
    .expect("spec")
}

pub(super) fn targets(version: i64) -> BTreeMap<ModuleKey, ModuleVersion> {
    let key = ModuleKey::parse("sales").expect("key");
    let v = ModuleVersion {
        key: key.clone(),
        version,
        template_app_id: AppId::parse("tmpl-1").expect("app"),
        sheets: vec![],
        script_template: "T: SQL SELECT * FROM t WHERE r = {{region}};".to_owned(),
        variables: Vec::new(),
        note: String::new(),
        created_at: 0,
        themes: Vec::new(),
    };
    BTreeMap::from([(key, v)])
}

pub(super) fn hub() -> HubIdentity {
    HubIdentity {
        key_id: "kid-1".to_owned(),
        issuer: "https://hub.example/customers/acme".to_owned(),
        connection_digest: Some("d1".to_owned()),
        events_url: None,
    }
}

pub(super) fn labels(steps: &[Step]) -> Vec<String> {
    steps.iter().map(Step::label).collect()
}

/// What a fully provisioned customer looks like after `apply`.
pub(super) fn converged() -> Observed {
    let spec = spec();
    let key = content_key(&targets(1)[&ModuleKey::parse("sales").expect("k")], &spec).expect("key");
    let deployment = Deployment {
        staging_app_id: Some(id("stg")),
        staged_version: Some(1),
        scripted_key: Some(key.clone()),
        reload_id: None,
        reloaded_key: Some(key.clone()),
        published_app_id: Some(id("pub")),
        published_key: Some(key),
        version: Some(1),
        refresh_task_id: None,
        refresh_key: None,
    };
    Observed {
        tenant_id: Some(id("t1")),
        hostname: Some(id("acme.us.example")),
        tenant_name: Some("Acme".into()),
        bot_user_id: Some(id("bot")),
        idp_id: Some(id("idp")),
        idp_key_id: Some("kid-1".into()),
        idp_issuer: Some("https://hub.example/customers/acme".into()),
        web_integration_id: Some(id("wi")),
        web_integration_origins: vec!["https://app.acme.example".into()],
        csp_origins: BTreeMap::from([("https://app.acme.example".into(), id("csp"))]),
        staging_space_id: Some(id("s1")),
        production_space_id: Some(id("s2")),
        groups: BTreeMap::from([(id("viewers"), id("g1"))]),
        assignments: BTreeMap::from([(id("viewers"), (id("a1"), SpaceRole::Consumer))]),
        data_connection_id: Some(id("dc")),
        data_connection_digest: Some("d1".into()),
        deployments: BTreeMap::from([(ModuleKey::parse("sales").expect("k"), deployment)]),
        privilege: super::privilege::held(&spec.privilege),
        ..Observed::default()
    }
}

#[test]
fn a_new_customer_gets_every_step_in_order() {
    let steps = plan(
        &spec(),
        &targets(1),
        &Observed::default(),
        &hub(),
        &RefreshOffsets::new(),
    )
    .expect("plan");
    assert_eq!(
        labels(&steps),
        [
            "create tenant",
            "name tenant",
            "check bot user",
            "jwt identity provider",
            "everyone group roles",
            "licence auto-assignment",
            "session limits",
            "professional auto-assigned roles",
            "web integration",
            "csp origins",
            "staging space",
            "production space",
            "group viewers",
            "assign group viewers",
            "data connection",
            "import sales",
            "script sales",
            "reload sales",
            "publish sales",
        ]
    );
}

#[test]
fn a_converged_customer_needs_nothing() {
    let steps = plan(
        &spec(),
        &targets(1),
        &converged(),
        &hub(),
        &RefreshOffsets::new(),
    )
    .expect("plan");
    assert!(steps.is_empty(), "{steps:?}");
}

#[test]
fn a_partially_provisioned_customer_resumes_where_it_stopped() {
    let mut o = converged();
    o.production_space_id = None;
    o.assignments.clear();
    let d = o.deployments.values_mut().next().expect("d");
    d.reloaded_key = None;
    d.published_app_id = None;
    d.published_key = None;
    let steps = plan(&spec(), &targets(1), &o, &hub(), &RefreshOffsets::new()).expect("plan");
    assert_eq!(
        labels(&steps),
        [
            "production space",
            "assign group viewers",
            "reload sales",
            "publish sales"
        ]
    );
}

#[test]
fn drift_and_changes_plan_only_what_differs() {
    let cases: [Case; 12] = [
        (
            "oauth embedding chosen",
            |s, _, _| s.embedding = crate::domain::EmbeddingMode::Oauth,
            &["impersonation oauth client"],
        ),
        (
            "oauth client for other origins",
            |s, o, _| {
                s.embedding = crate::domain::EmbeddingMode::Oauth;
                o.oauth_client_id = Some(id("c1"));
                o.oauth_client_origins = vec!["https://old.example".into()];
            },
            &["impersonation oauth client"],
        ),
        (
            "oauth client made before the trusted consent",
            |s, o, _| {
                s.embedding = crate::domain::EmbeddingMode::Oauth;
                o.oauth_client_id = Some(id("c1"));
                o.oauth_client_origins = vec!["https://app.acme.example".into()];
            },
            &["impersonation oauth client"],
        ),
        (
            "oauth embedding left",
            |_, o, _| o.oauth_client_id = Some(id("c1")),
            &["remove impersonation oauth client"],
        ),
        (
            "origins edited in Qlik",
            |_, o, _| o.web_integration_origins = vec!["https://evil.example".into()],
            &["web integration"],
        ),
        (
            "new origin",
            |s, _, _| {
                s.origins
                    .push(crate::domain::Origin::parse("https://b.example").expect("o"))
            },
            &["web integration", "csp origins"],
        ),
        (
            "role changed",
            |s, _, _| {
                s.group_roles.insert(
                    crate::domain::GroupName::parse("viewers").expect("g"),
                    crate::domain::SpaceRole::Contributor,
                );
            },
            &["assign group viewers"],
        ),
        (
            "row filter changed",
            |s, _, _| {
                s.params.insert(
                    crate::domain::ParamName::parse("region").expect("p"),
                    "South".into(),
                );
            },
            &["script sales", "reload sales", "publish sales"],
        ),
        (
            "signing key rotated",
            |_, _, h| h.key_id = "kid-2".into(),
            &["jwt identity provider"],
        ),
        (
            "mapping removed",
            |s, _, _| s.group_roles.clear(),
            &["unassign group viewers"],
        ),
        (
            "database removed",
            |s, _, h| {
                s.data_connection = None;
                h.connection_digest = None;
            },
            &["remove data connection"],
        ),
        (
            "module disabled",
            |s, _, _| s.modules.clear(),
            &["remove sales"],
        ),
    ];
    for (name, change, want) in cases {
        let (mut s, mut o, mut h) = (spec(), converged(), hub());
        change(&mut s, &mut o, &mut h);
        let steps = plan(&s, &targets(1), &o, &h, &RefreshOffsets::new()).expect(name);
        assert_eq!(labels(&steps), want, "{name}");
    }
}

#[test]
fn a_new_template_version_redeploys_the_module() {
    let steps = plan(
        &spec(),
        &targets(2),
        &converged(),
        &hub(),
        &RefreshOffsets::new(),
    )
    .expect("plan");
    assert_eq!(
        labels(&steps),
        [
            "import sales",
            "script sales",
            "reload sales",
            "publish sales"
        ]
    );
    assert!(matches!(steps[3], Step::Publish { version: 2, .. }));
}

#[test]
fn unsafe_parameters_and_unknown_modules_are_plan_errors() {
    let mut s = spec();
    s.params.insert(
        crate::domain::ParamName::parse("region").expect("p"),
        "x\ny".into(),
    );
    let err = plan(
        &s,
        &targets(1),
        &Observed::default(),
        &hub(),
        &RefreshOffsets::new(),
    )
    .expect_err("unsafe");
    assert!(err.to_string().starts_with("params.region:"), "{err}");
    let err = plan(
        &spec(),
        &BTreeMap::new(),
        &Observed::default(),
        &hub(),
        &RefreshOffsets::new(),
    )
    .expect_err("module");
    assert_eq!(
        err.to_string(),
        "modules: sales has no recorded template version"
    );
}
