//! A task's `start.schedule` evaluated: its RRULE (the `rrule` crate) from DTSTART
//! `startDateTime` in `timezone`, up to `endDateTime`. Pure: the scheduler passes the
//! emulated time in.

use crate::emulator::state::Schedule;
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Timelike, Utc};
use rrule::{Frequency, RRule, RRuleSet, Tz, Unvalidated};
use serde_json::Value;

/// The schedule of a task's `start.schedule`, checked: every error is a 400's message naming
/// the field and value at fault.
pub fn parse(schedule: &Value) -> Result<Schedule, String> {
    // UNCONFIRMED: `Schedule` may also be a string (an ISO 8601 interval) or carry `cron` or
    // `interval`; Qlik's reload tasks use `recurrence`, the only form the emulator runs.
    let Some(object) = schedule.as_object() else {
        return Err("start.schedule must be an object with a recurrence".to_owned());
    };
    let text = |key: &str| -> Result<Option<String>, String> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "start.schedule.{key} must be a string, got {other}"
            )),
        }
    };
    let Some(recurrence) = text("recurrence")? else {
        return Err("start.schedule has no recurrence (an RRULE)".to_owned());
    };
    let recurrence = strip_prefix(&recurrence).to_owned();
    let timezone = text("timezone")?.unwrap_or_else(|| "UTC".to_owned());
    let zone = zone(&timezone)?;
    let local = |key: &str| -> Result<Option<NaiveDateTime>, String> {
        text(key)?
            .map(|raw| local_time(&raw, zone).ok_or(format!("invalid {key} {raw:?}")))
            .transpose()
    };
    let schedule = Schedule {
        recurrence,
        start: local("startDateTime")?,
        end: local("endDateTime")?,
        timezone,
    };
    rule_set(&schedule, Utc::now())?;
    Ok(schedule)
}

/// The first occurrence strictly after `after`, if the schedule has one before its end;
/// `created` is DTSTART when the schedule names no `startDateTime`.
pub fn next_after(
    schedule: &Schedule,
    created: DateTime<Utc>,
    after: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, String> {
    let set = rule_set(schedule, created)?;
    let zone = set.get_dt_start().timezone();
    let end = schedule.end.map(|e| in_zone(e, zone));
    for occurrence in &set {
        if end.is_some_and(|end| occurrence > end) {
            return Ok(None);
        }
        if occurrence > after {
            return Ok(Some(occurrence.with_timezone(&Utc)));
        }
    }
    Ok(None)
}

/// Whether a task whose next occurrence is `next_at` fires at `now`, and its next occurrence
/// after that. Occurrences missed between `next_at` and `now` (one clock advance over several)
/// coalesce into the one firing (UNCONFIRMED: what Qlik does with occurrences it missed).
pub fn due(
    schedule: &Schedule,
    created: DateTime<Utc>,
    next_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(bool, Option<DateTime<Utc>>), String> {
    match next_at {
        Some(at) if at <= now => Ok((true, next_after(schedule, created, now)?)),
        other => Ok((false, other)),
    }
}

/// `RRULE:FREQ=…` → `FREQ=…`.
fn strip_prefix(recurrence: &str) -> &str {
    let trimmed = recurrence.trim();
    match trimmed.get(..6) {
        Some(head) if head.eq_ignore_ascii_case("RRULE:") => &trimmed[6..],
        _ => trimmed,
    }
}

/// The rule set of `schedule` with DTSTART in its zone.
fn rule_set(schedule: &Schedule, created: DateTime<Utc>) -> Result<RRuleSet, String> {
    let zone = zone(&schedule.timezone)?;
    let bad =
        |e: &dyn std::fmt::Display| format!("invalid recurrence {:?}: {e}", schedule.recurrence);
    if schedule.recurrence.contains(['\n', '\r']) {
        return Err(bad(&"one RRULE expected"));
    }
    let rule: RRule<Unvalidated> = schedule.recurrence.parse().map_err(|e| bad(&e))?;
    // UNCONFIRMED: Qlik's scheduler offers hourly runs at most; finer rules are refused.
    if matches!(rule.get_freq(), Frequency::Secondly | Frequency::Minutely) {
        return Err(bad(&"FREQ must be HOURLY or less frequent"));
    }
    let start = match schedule.start {
        Some(local) => in_zone(local, zone),
        None => created
            .with_nanosecond(0)
            .unwrap_or(created)
            .with_timezone(&zone),
    };
    rule.build(start).map_err(|e| bad(&e))
}

/// The time zone named `name` (IANA), as the `rrule` crate knows zones (it does not re-export
/// `chrono-tz`, so the name goes through its own TZID parser).
fn zone(name: &str) -> Result<Tz, String> {
    let invalid = || format!("invalid timezone {name:?}");
    if name.is_empty() || name.contains([':', ';', '\n', '\r', ' ']) {
        return Err(invalid());
    }
    let probe = format!("DTSTART;TZID={name}:20000101T000000\nRRULE:FREQ=DAILY");
    let set: RRuleSet = probe.parse().map_err(|_| invalid())?;
    Ok(set.get_dt_start().timezone())
}

/// A local date-time (`2025-04-17T06:00:00`); one with an offset or `Z` is taken as that
/// instant's local time in `zone` (UNCONFIRMED: Qlik's examples carry no offset).
fn local_time(raw: &str, zone: Tz) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M"))
        .ok()
        .or_else(|| {
            let instant = DateTime::parse_from_rfc3339(raw).ok()?;
            Some(instant.with_timezone(&zone).naive_local())
        })
        .map(|t| t.with_nanosecond(0).unwrap_or(t))
}

/// `local` in `zone`: the earlier of an ambiguous time, and a time skipped by a DST change
/// moved an hour on, as clocks move.
fn in_zone(local: NaiveDateTime, zone: Tz) -> DateTime<Tz> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t,
        LocalResult::None => zone
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .unwrap_or_else(|| zone.from_utc_datetime(&local)),
    }
}

#[cfg(test)]
mod tests;
