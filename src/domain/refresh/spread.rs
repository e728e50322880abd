//! Spreading a fleet's schedules: each customer × module gets a stable second inside its
//! schedule's window, and the recurrence rule is shifted by it. Pure functions, table tests.

use super::{DAY_PARTS, Rrule, Schedule, TimeZone};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// What the scheduler task on a tenant holds: the shifted rule, its zone, and the hour of
/// its `startDateTime` (which places an hourly rule without `BYHOUR`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ScheduledReload {
    /// `RRULE:…` as Qlik's `start.schedule.recurrence` takes it.
    pub recurrence: String,
    pub time_zone: TimeZone,
    pub start_hour: u8,
    /// The template's reload-time variables, passed by every scheduled run.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, String>,
}

impl ScheduledReload {
    /// The text that tells whether a task on the tenant still holds this schedule.
    pub fn key(&self) -> String {
        schedule_key(
            &self.recurrence,
            self.time_zone.as_str(),
            self.start_hour,
            &self.variables,
        )
    }
}

/// `ScheduledReload::key()` from its parts (as a task read back from a tenant has them).
pub fn schedule_key(
    recurrence: &str,
    zone: &str,
    start_hour: u8,
    variables: &BTreeMap<String, String>,
) -> String {
    let mut key = format!("{recurrence}|{zone}|{start_hour:02}");
    if !variables.is_empty() {
        key.push('|');
        key.push_str(&serde_json::to_string(variables).unwrap_or_default());
    }
    key
}

/// Why a rule cannot be spread.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpreadError {
    #[error("spreading needs at most one BYMINUTE and one BYSECOND value")]
    SeveralTimes,
    #[error(
        "spreading by up to {minutes} minutes would push a run past midnight onto another day; \
         start earlier or shorten spread_minutes"
    )]
    PastMidnight { minutes: u32 },
}

/// The seconds a schedule's window holds (at least one).
pub fn window_slots(schedule: &Schedule) -> u32 {
    u32::from(schedule.spread_minutes).max(1) * 60
}

/// Which window a schedule's customers share: the same rule, zone and spread.
pub fn window_key(schedule: &Schedule) -> String {
    format!(
        "{}|{}|{}",
        schedule.rrule, schedule.time_zone, schedule.spread_minutes
    )
}

/// The slot a customer × module would take in an empty window: stable across replicas and
/// restarts (SHA-256, not the process's random hasher).
pub fn preferred_slot(slug: &str, module: &str, slots: u32) -> u32 {
    let digest = Sha256::digest(format!("{slug}/{module}").as_bytes());
    let head = u64::from_be_bytes(digest[..8].try_into().unwrap_or([0; 8]));
    u32::try_from(head % u64::from(slots.max(1))).unwrap_or(0)
}

/// The first slot from `preferred` on (wrapping) that nobody holds; `preferred` itself when
/// the window is full (then offsets repeat, which only a window smaller than the fleet causes).
pub fn free_slot(preferred: u32, slots: u32, taken: &BTreeSet<u32>) -> u32 {
    let slots = slots.max(1);
    (0..slots)
        .map(|step| (preferred + step) % slots)
        .find(|slot| !taken.contains(slot))
        .unwrap_or(preferred % slots)
}

/// `schedule` started `offset_s` seconds later: BYHOUR/BYMINUTE/BYSECOND rewritten (an
/// absent BYHOUR of a daily or longer rule is hour 0, the task's start), other parts kept.
pub fn shifted(schedule: &Schedule, offset_s: u32) -> Result<ScheduledReload, SpreadError> {
    let rule = &schedule.rrule;
    let (rrule, start_hour) = shift_rule(rule, offset_s)?;
    Ok(ScheduledReload {
        recurrence: format!("RRULE:{rrule}"),
        time_zone: schedule.time_zone.clone(),
        start_hour,
        variables: BTreeMap::new(),
    })
}

/// Checks that every offset the window allows can be applied.
pub fn check_window(schedule: &Schedule) -> Result<(), SpreadError> {
    shift_rule(&schedule.rrule, window_slots(schedule) - 1).map(|_| ())
}

fn numbers(rule: &Rrule, key: &str) -> Vec<u32> {
    rule.part(key)
        .map(|v| v.split(',').filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_default()
}

fn shift_rule(rule: &Rrule, offset_s: u32) -> Result<(String, u8), SpreadError> {
    if offset_s == 0 {
        return Ok((rule.to_string(), 0));
    }
    let minutes = numbers(rule, "BYMINUTE");
    let seconds = numbers(rule, "BYSECOND");
    if minutes.len() > 1 || seconds.len() > 1 {
        return Err(SpreadError::SeveralTimes);
    }
    let base = minutes.first().copied().unwrap_or(0) * 60 + seconds.first().copied().unwrap_or(0);
    let total = base + offset_s;
    let carry = total / 3600;
    let hourly = rule.part("FREQ") == Some("HOURLY");
    let mut hours = numbers(rule, "BYHOUR");
    if hours.is_empty() && !hourly {
        hours.push(0);
    }
    let wraps = hours.iter().any(|h| h + carry >= 24);
    if wraps && (!matches!(rule.part("FREQ"), Some("HOURLY" | "DAILY")) || has_day_parts(rule)) {
        return Err(SpreadError::PastMidnight {
            minutes: offset_s / 60,
        });
    }
    let mut shifted_hours: Vec<u32> = hours.iter().map(|h| (h + carry) % 24).collect();
    shifted_hours.sort_unstable();
    shifted_hours.dedup();
    let mut parts: Vec<String> = rule
        .parts()
        .filter(|(k, _)| !matches!(*k, "BYHOUR" | "BYMINUTE" | "BYSECOND"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if !shifted_hours.is_empty() {
        let list: Vec<String> = shifted_hours.iter().map(u32::to_string).collect();
        parts.push(format!("BYHOUR={}", list.join(",")));
    }
    parts.push(format!("BYMINUTE={}", (total / 60) % 60));
    parts.push(format!("BYSECOND={}", total % 60));
    // An hourly rule without BYHOUR repeats from its start: the carry moves the start.
    let start_hour = if hourly && numbers(rule, "BYHOUR").is_empty() {
        u8::try_from(carry % 24).unwrap_or(0)
    } else {
        0
    };
    Ok((parts.join(";"), start_hour))
}

fn has_day_parts(rule: &Rrule) -> bool {
    // Shifting a rule pinned to days past midnight would move it to another day.
    rule.parts().any(|(k, _)| DAY_PARTS.contains(&k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(rule: &str, spread: u16) -> Schedule {
        Schedule {
            rrule: Rrule::parse(rule).expect("rule"),
            time_zone: TimeZone::parse("Europe/Berlin").expect("zone"),
            spread_minutes: spread,
        }
    }

    #[test]
    fn shifting_table() {
        let cases: [(&str, u32, Result<(&str, u8), ()>); 9] = [
            (
                "FREQ=DAILY;BYHOUR=2;BYMINUTE=0",
                0,
                Ok(("FREQ=DAILY;BYHOUR=2;BYMINUTE=0", 0)),
            ),
            (
                "FREQ=DAILY;BYHOUR=2;BYMINUTE=0",
                37 * 60 + 12,
                Ok(("FREQ=DAILY;BYHOUR=2;BYMINUTE=37;BYSECOND=12", 0)),
            ),
            (
                "FREQ=DAILY;BYHOUR=2,14;BYMINUTE=30",
                45 * 60,
                Ok(("FREQ=DAILY;BYHOUR=3,15;BYMINUTE=15;BYSECOND=0", 0)),
            ),
            (
                "FREQ=DAILY",
                90 * 60,
                Ok(("FREQ=DAILY;BYHOUR=1;BYMINUTE=30;BYSECOND=0", 0)),
            ),
            (
                "FREQ=DAILY;BYHOUR=23;BYMINUTE=30",
                60 * 60,
                Ok(("FREQ=DAILY;BYHOUR=0;BYMINUTE=30;BYSECOND=0", 0)),
            ),
            (
                "FREQ=HOURLY;INTERVAL=4",
                90 * 60,
                Ok(("FREQ=HOURLY;INTERVAL=4;BYMINUTE=30;BYSECOND=0", 1)),
            ),
            ("FREQ=DAILY;BYHOUR=2;BYMINUTE=0,30", 60, Err(())),
            ("FREQ=WEEKLY;BYDAY=MO;BYHOUR=23;BYMINUTE=30", 3600, Err(())),
            ("FREQ=DAILY;BYDAY=MO,TU;BYHOUR=23", 3600, Err(())),
        ];
        for (rule, offset, want) in cases {
            let got = shifted(&schedule(rule, 120), offset)
                .map(|s| (s.recurrence, s.start_hour))
                .map_err(|_| ());
            let want = want.map(|(r, h)| (format!("RRULE:{r}"), h));
            assert_eq!(got, want, "{rule} + {offset}s");
        }
    }

    #[test]
    fn a_window_that_crosses_midnight_on_fixed_days_is_refused() {
        assert!(check_window(&schedule("FREQ=WEEKLY;BYDAY=MO;BYHOUR=23", 30)).is_ok());
        assert!(check_window(&schedule("FREQ=WEEKLY;BYDAY=MO;BYHOUR=23", 61)).is_err());
        assert!(check_window(&schedule("FREQ=DAILY;BYHOUR=23", 120)).is_ok());
    }

    #[test]
    fn a_thousand_customers_get_distinct_stable_slots() {
        let slots = window_slots(&schedule("FREQ=DAILY;BYHOUR=2", 120));
        let assign = |order: &mut dyn Iterator<Item = u32>| {
            let mut taken = BTreeSet::new();
            let mut got = std::collections::BTreeMap::new();
            for i in order {
                let slot = free_slot(
                    preferred_slot(&format!("c{i}"), "sales", slots),
                    slots,
                    &taken,
                );
                taken.insert(slot);
                got.insert(i, slot);
            }
            got
        };
        let first = assign(&mut (0..1000));
        assert_eq!(
            first.values().collect::<BTreeSet<_>>().len(),
            1000,
            "distinct"
        );
        assert!(first.values().all(|s| *s < slots));
        assert_eq!(
            assign(&mut (0..1000)),
            first,
            "the same fleet, the same slots"
        );
    }

    #[test]
    fn a_full_window_repeats_the_preferred_slot() {
        let taken: BTreeSet<u32> = (0..60).collect();
        assert_eq!(free_slot(7, 60, &taken), 7);
        assert_eq!(free_slot(59, 60, &BTreeSet::from([59])), 0);
    }
}
