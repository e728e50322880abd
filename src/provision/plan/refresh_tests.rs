//! Table tests of the refresh steps `plan` adds: a schedule makes a task after publish, a
//! changed or hand-deleted task is put back, `manual` removes it, offsets shift the rule.

use super::tests::{converged, hub, labels, spec, targets};
use super::*;
use crate::domain::{CustomerSpec, RefreshSpec};

fn scheduled(rule: &str, spread: u16) -> CustomerSpec {
    let mut s = spec();
    s.refresh = serde_json::from_value(serde_json::json!({
        "default": {"schedule": {"rrule": rule, "time_zone": "Europe/Berlin", "spread_minutes": spread}}
    }))
    .expect("refresh");
    s
}

fn offsets(seconds: u32) -> RefreshOffsets {
    RefreshOffsets::from([(ModuleKey::parse("sales").expect("key"), seconds)])
}

fn held(spec: &CustomerSpec, offset: u32) -> Observed {
    let mut o = converged();
    let steps = plan(spec, &targets(1), &o, &hub(), &offsets(offset)).expect("plan");
    let Some(Step::RefreshSchedule { schedule, .. }) = steps.first() else {
        panic!("{steps:?}");
    };
    let d = o.deployments.values_mut().next().expect("d");
    d.refresh_task_id = Some("t1".parse().expect("task id"));
    d.refresh_key = Some(schedule.key());
    o
}

#[test]
fn a_new_scheduled_customer_gets_its_task_after_publish() {
    let s = scheduled("FREQ=DAILY;BYHOUR=2;BYMINUTE=0", 120);
    let steps = plan(&s, &targets(1), &Observed::default(), &hub(), &offsets(754)).expect("plan");
    let names = labels(&steps);
    assert_eq!(
        names[names.len() - 2..],
        ["publish sales", "refresh schedule sales"]
    );
    let Some(Step::RefreshSchedule { schedule, .. }) = steps.last() else {
        panic!("{steps:?}");
    };
    assert_eq!(
        schedule.recurrence,
        "RRULE:FREQ=DAILY;BYHOUR=2;BYMINUTE=12;BYSECOND=34"
    );
    assert_eq!(schedule.time_zone.as_str(), "Europe/Berlin");
}

#[test]
fn refresh_drift_table() {
    let s = scheduled("FREQ=DAILY;BYHOUR=2;BYMINUTE=0", 120);
    let cases: [(&str, fn(&mut Observed), &[&str]); 4] = [
        ("in place", |_| {}, &[]),
        (
            "deleted by hand",
            |o| {
                let d = o.deployments.values_mut().next().expect("d");
                d.refresh_task_id = None;
                d.refresh_key = None;
            },
            &["refresh schedule sales"],
        ),
        (
            "changed by hand",
            |o| o.deployments.values_mut().next().expect("d").refresh_key = None,
            &["refresh schedule sales"],
        ),
        (
            "published app gone",
            |o| {
                let d = o.deployments.values_mut().next().expect("d");
                d.published_app_id = None;
            },
            &["publish sales", "refresh schedule sales"],
        ),
    ];
    for (name, change, want) in cases {
        let mut o = held(&s, 754);
        change(&mut o);
        let steps = plan(&s, &targets(1), &o, &hub(), &offsets(754)).expect(name);
        assert_eq!(labels(&steps), want, "{name}");
    }
}

#[test]
fn a_new_offset_or_rule_updates_and_manual_removes() {
    let s = scheduled("FREQ=DAILY;BYHOUR=2;BYMINUTE=0", 120);
    let o = held(&s, 754);
    let moved = plan(&s, &targets(1), &o, &hub(), &offsets(755)).expect("plan");
    assert_eq!(labels(&moved), ["refresh schedule sales"]);
    let hourly = scheduled("FREQ=HOURLY;INTERVAL=4", 120);
    assert_eq!(
        labels(&plan(&hourly, &targets(1), &o, &hub(), &offsets(754)).expect("plan")),
        ["refresh schedule sales"]
    );
    let mut manual = s.clone();
    manual.refresh = RefreshSpec::default();
    let steps = plan(&manual, &targets(1), &o, &hub(), &offsets(754)).expect("plan");
    assert_eq!(labels(&steps), ["remove refresh schedule sales"]);
}

#[test]
fn a_rule_that_cannot_be_spread_is_a_plan_error() {
    let s = scheduled("FREQ=DAILY;BYHOUR=2;BYMINUTE=0,30", 120);
    let err = plan(&s, &targets(1), &converged(), &hub(), &offsets(60)).expect_err("spread");
    assert!(matches!(err, PlanError::Spread(_)), "{err}");
}

#[test]
fn reload_time_variables_are_content_and_ride_on_the_schedule() {
    let s = scheduled("FREQ=DAILY;BYHOUR=2;BYMINUTE=0", 0);
    let mut with_vars = targets(1);
    let v = with_vars.values_mut().next().expect("version");
    v.script_template = "T: SQL SELECT * FROM t WHERE r = '$(region)';".to_owned();
    v.variables = vec![crate::domain::ParamName::parse("region").expect("name")];
    let target = v.clone();
    let key = content_key(&target, &s).expect("key");
    let mut south = s.clone();
    south.params.insert(
        crate::domain::ParamName::parse("region").expect("name"),
        "South".to_owned(),
    );
    assert_ne!(
        content_key(&target, &south).expect("key"),
        key,
        "a new value reloads"
    );
    let steps = plan(&s, &with_vars, &Observed::default(), &hub(), &offsets(0)).expect("plan");
    let Some(Step::RefreshSchedule { schedule, .. }) = steps.last() else {
        panic!("{steps:?}");
    };
    assert_eq!(schedule.variables["region"], "North");
    assert!(
        schedule.key().ends_with(r#"|{"region":"North"}"#),
        "{}",
        schedule.key()
    );
    let mut unsafe_value = s.clone();
    unsafe_value.params.insert(
        crate::domain::ParamName::parse("region").expect("name"),
        "x'; DROP".to_owned(),
    );
    assert!(
        plan(
            &unsafe_value,
            &with_vars,
            &Observed::default(),
            &hub(),
            &offsets(0)
        )
        .is_err()
    );
}
