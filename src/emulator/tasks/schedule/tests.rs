//! Schedule evaluation: time zones and a DST change, coalescing, `endDateTime`, refusals.

use super::*;
use serde_json::json;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a valid schedule")
        .with_timezone(&Utc)
}

fn schedule(body: Value) -> Schedule {
    parse(&body).expect("a valid schedule")
}

#[test]
fn a_daily_berlin_schedule_follows_the_dst_change() {
    let s = schedule(
        json!({"recurrence": "RRULE:FREQ=DAILY;BYHOUR=3;BYMINUTE=30;BYSECOND=0",
        "startDateTime": "2025-03-01T00:00:00", "timezone": "Europe/Berlin"}),
    );
    let created = utc("2025-03-01T00:00:00Z");
    let next = |after: &str| next_after(&s, created, utc(after)).expect("a valid schedule");
    // CET (+01:00) before 30 March 2025, CEST (+02:00) from then on.
    assert_eq!(
        next("2025-03-28T12:00:00Z"),
        Some(utc("2025-03-29T02:30:00Z"))
    );
    assert_eq!(
        next("2025-03-29T02:30:00Z"),
        Some(utc("2025-03-30T01:30:00Z"))
    );
    assert_eq!(
        next("2025-10-25T12:00:00Z"),
        Some(utc("2025-10-26T02:30:00Z"))
    );
}

#[test]
fn two_oclock_berlin_is_midnight_utc_in_summer_and_one_in_winter() {
    let s = schedule(
        json!({"recurrence": "FREQ=DAILY;BYHOUR=2;BYMINUTE=0;BYSECOND=0",
        "startDateTime": "2025-01-01T00:00:00", "timezone": "Europe/Berlin"}),
    );
    let created = utc("2025-01-01T00:00:00Z");
    let next = |after: &str| next_after(&s, created, utc(after)).expect("a valid schedule");
    assert_eq!(
        next("2025-01-10T12:00:00Z"),
        Some(utc("2025-01-11T01:00:00Z"))
    );
    assert_eq!(
        next("2025-06-10T12:00:00Z"),
        Some(utc("2025-06-11T00:00:00Z"))
    );
    // 30 March 2025 has no 02:00 in Berlin: that day's occurrence is skipped or moved, but
    // the next day's is at 02:00 CEST.
    let around = next("2025-03-29T12:00:00Z").expect("a valid schedule");
    assert!(around <= utc("2025-03-31T00:00:00Z"), "{around}");
    assert_eq!(
        next("2025-03-30T12:00:00Z"),
        Some(utc("2025-03-31T00:00:00Z"))
    );
}

#[test]
fn without_a_start_the_creation_time_is_dtstart_in_utc() {
    let s = schedule(json!({"recurrence": "FREQ=HOURLY;BYMINUTE=15;BYSECOND=0"}));
    assert_eq!(s.timezone, "UTC");
    let created = utc("2025-05-05T10:20:30Z");
    let next = next_after(&s, created, created).expect("a valid schedule");
    assert_eq!(next, Some(utc("2025-05-05T11:15:00Z")));
}

#[test]
fn missed_occurrences_coalesce_into_one_firing() {
    let s = schedule(json!({"recurrence": "FREQ=HOURLY;BYMINUTE=0;BYSECOND=0",
        "startDateTime": "2025-05-05T00:00:00"}));
    let created = utc("2025-05-05T00:00:00Z");
    let first = Some(utc("2025-05-05T01:00:00Z"));
    let (fires, next) =
        due(&s, created, first, utc("2025-05-05T00:59:59Z")).expect("a valid schedule");
    assert_eq!((fires, next), (false, first));
    // Five occurrences passed in one advance: one firing, the next one after now.
    let (fires, next) =
        due(&s, created, first, utc("2025-05-05T05:30:00Z")).expect("a valid schedule");
    assert_eq!((fires, next), (true, Some(utc("2025-05-05T06:00:00Z"))));
}

#[test]
fn no_occurrence_after_the_end() {
    let s = schedule(
        json!({"recurrence": "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
        "startDateTime": "2025-04-17T06:00:00", "endDateTime": "2025-04-18T06:00:00",
        "timezone": "UTC"}),
    );
    let created = utc("2025-04-01T00:00:00Z");
    let next = |after: &str| next_after(&s, created, utc(after)).expect("a valid schedule");
    assert_eq!(
        next("2025-04-16T00:00:00Z"),
        Some(utc("2025-04-17T10:20:00Z"))
    );
    assert_eq!(next("2025-04-17T10:20:00Z"), None);
    let (fires, after) =
        due(&s, created, None, utc("2025-05-01T00:00:00Z")).expect("a valid schedule");
    assert_eq!((fires, after), (false, None));
}

#[test]
fn bad_schedules_are_refused_naming_the_fault() {
    let cases = [
        (json!({"recurrence": "FREQ=SOMETIMES"}), "FREQ=SOMETIMES"),
        (
            json!({"recurrence": "RRULE:FREQ=MINUTELY;BYSECOND=0"}),
            "HOURLY",
        ),
        (json!({"recurrence": "FREQ=SECONDLY"}), "HOURLY"),
        (
            json!({"recurrence": "FREQ=DAILY", "timezone": "Mars/Olympus"}),
            "Mars/Olympus",
        ),
        (
            json!({"recurrence": "FREQ=DAILY", "startDateTime": "tomorrow"}),
            "startDateTime",
        ),
        (json!({"timezone": "UTC"}), "recurrence"),
        (json!("R/PT1H"), "object"),
    ];
    for (body, named) in cases {
        let err = parse(&body).expect_err(&body.to_string());
        assert!(err.contains(named), "{body}: {err}");
    }
}
