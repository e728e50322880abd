//! How a customer's data stays fresh after onboarding: per module (with a customer-wide
//! default), a reload schedule — an RFC 5545 recurrence rule in an IANA time zone, spread
//! inside a window the partner sets — or `manual`.

#[cfg(feature = "ssr")]
pub mod spread;

use super::{ModuleKey, ParseError, string_newtype};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest spreading window: half a day.
pub const MAX_SPREAD_MINUTES: u16 = 720;

/// The `refresh` block of a customer's spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshSpec {
    /// What every module gets unless `modules` says otherwise (`manual` when absent).
    #[serde(default)]
    pub default: Refresh,
    /// Per-module exceptions; each key must be one of the customer's modules.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub modules: BTreeMap<ModuleKey, Refresh>,
    /// The oldest the customer's data may be, in hours, before the fleet view flags it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_hours: Option<u16>,
}

impl RefreshSpec {
    /// The policy of `module`.
    pub fn for_module(&self, module: &ModuleKey) -> &Refresh {
        self.modules.get(module).unwrap_or(&self.default)
    }

    /// True when nothing is scheduled and no target set: the block can be left out.
    pub fn is_manual(&self) -> bool {
        self.default == Refresh::Manual
            && self.modules.values().all(|r| *r == Refresh::Manual)
            && self.target_hours.is_none()
    }
}

/// One module's refresh: `"manual"` or `{"schedule": {...}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Refresh {
    /// No schedule: the app is reloaded when apply changes it, or on demand.
    #[default]
    Manual,
    /// A Qlik scheduler task on the customer's tenant reloads the published app.
    Schedule(Schedule),
}

/// A recurring reload, e.g. `FREQ=DAILY;BYHOUR=2;BYMINUTE=0` in `Europe/Berlin`, started up
/// to `spread_minutes` later for each customer so a fleet does not reload in one minute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub rrule: Rrule,
    pub time_zone: TimeZone,
    /// The window each customer's start is spread in (0: all start at the rule's time).
    #[serde(default)]
    pub spread_minutes: u16,
}

/// The rule parts oem-hub accepts (RFC 5545 §3.3.10 without DTSTART, which Qlik takes
/// separately as `startDateTime`); the last six pin a run to days.
const PARTS: [&str; 13] = [
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
];

/// The rule parts that pin a run to days (the tail of [`PARTS`]), for `spread`.
#[cfg(feature = "ssr")]
const DAY_PARTS: &[&str] = PARTS.split_at(7).1;

/// The frequencies a reload may have. UNCONFIRMED: Qlik Cloud's scheduler offers hourly at
/// the most often; MINUTELY and SECONDLY are refused rather than flood a tenant.
pub const FREQUENCIES: [&str; 5] = ["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"];

/// An RFC 5545 recurrence rule without the `RRULE:` prefix, parts upper-cased, e.g.
/// `FREQ=DAILY;BYHOUR=2;BYMINUTE=0`. The server build also checks it with the `rrule` crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rrule(String);

impl Rrule {
    /// Parses a rule, with or without a leading `RRULE:`.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let trimmed = raw.trim();
        let body = match trimmed.get(..6) {
            Some(p) if p.eq_ignore_ascii_case("RRULE:") => &trimmed[6..],
            _ => trimmed,
        };
        if body.is_empty() || body.len() > 300 {
            return Err(ParseError::new("a recurrence rule is 1 to 300 characters"));
        }
        let rule = body.to_ascii_uppercase();
        let mut freq = None;
        for part in rule.split(';') {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| ParseError::new(format!("{part:?} is not KEY=VALUE")))?;
            if !PARTS.contains(&key) {
                return Err(ParseError::new(format!(
                    "{key} is not a recurrence rule part oem-hub accepts ({})",
                    PARTS.join(", ")
                )));
            }
            if value.is_empty()
                || !value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b',' || b == b'-' || b == b'+')
            {
                return Err(ParseError::new(format!("{key} has no valid value")));
            }
            if key == "FREQ" {
                freq = Some(value.to_owned());
            }
        }
        match freq {
            Some(f) if FREQUENCIES.contains(&f.as_str()) => {}
            Some(f) => {
                return Err(ParseError::new(format!(
                    "FREQ={f} is not allowed: a reload repeats at most hourly ({})",
                    FREQUENCIES.join(", ")
                )));
            }
            None => return Err(ParseError::new("a recurrence rule needs FREQ")),
        }
        #[cfg(feature = "ssr")]
        check_with_rrule(&rule)?;
        Ok(Self(rule))
    }

    /// `(KEY, VALUE)` for each part, in the rule's order.
    pub fn parts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.split(';').filter_map(|p| p.split_once('='))
    }

    /// The value of part `key`, if the rule has it.
    pub fn part(&self, key: &str) -> Option<&str> {
        self.parts().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

#[cfg(feature = "ssr")]
fn check_with_rrule(rule: &str) -> Result<(), ParseError> {
    let text = format!("DTSTART:20260101T000000Z\nRRULE:{rule}");
    text.parse::<rrule::RRuleSet>()
        .map(|_| ())
        .map_err(|e| ParseError::new(format!("not a valid recurrence rule: {e}")))
}

string_newtype!(Rrule);

/// An IANA time zone name, e.g. `Europe/Berlin` (checked against the tz database on the
/// server build).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeZone(String);

impl TimeZone {
    /// Parses a time zone name.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let raw = raw.trim();
        let plausible = !raw.is_empty()
            && raw.len() <= 64
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b));
        if !plausible {
            return Err(ParseError::new(format!(
                "{raw:?} is not an IANA time zone name (e.g. Europe/Berlin, UTC)"
            )));
        }
        #[cfg(feature = "ssr")]
        if raw.parse::<chrono_tz::Tz>().is_err() {
            return Err(ParseError::new(format!(
                "{raw:?} is not in the IANA time zone database (e.g. Europe/Berlin, UTC)"
            )));
        }
        Ok(Self(raw.to_owned()))
    }
}

string_newtype!(TimeZone);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_table() {
        let cases = [
            (
                "FREQ=DAILY;BYHOUR=2;BYMINUTE=0",
                Ok("FREQ=DAILY;BYHOUR=2;BYMINUTE=0"),
            ),
            ("RRULE:freq=hourly;interval=4", Ok("FREQ=HOURLY;INTERVAL=4")),
            (
                "  rrule:FREQ=WEEKLY;BYDAY=MO,WE ",
                Ok("FREQ=WEEKLY;BYDAY=MO,WE"),
            ),
            ("FREQ=MINUTELY", Err("at most hourly")),
            ("FREQ=SECONDLY;INTERVAL=5", Err("at most hourly")),
            ("BYHOUR=2", Err("needs FREQ")),
            (
                "FREQ=DAILY;DTSTART=20260101",
                Err("not a recurrence rule part"),
            ),
            ("FREQ=DAILY;BYHOUR", Err("not KEY=VALUE")),
            ("FREQ=DAILY\nBYHOUR=2", Err("no valid value")),
            ("FREQ=DAILY;BYHOUR='2'", Err("no valid value")),
            ("FREQ=DAILY;BYHOUR=25", Err("not a valid recurrence rule")),
            ("", Err("1 to 300")),
        ];
        for (raw, want) in cases {
            match (Rrule::parse(raw), want) {
                (Ok(rule), Ok(text)) => assert_eq!(rule.as_str(), text, "{raw:?}"),
                (Err(e), Err(part)) => assert!(e.0.contains(part), "{raw:?}: {e}"),
                (got, want) => panic!("{raw:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn time_zones_table() {
        for ok in [
            "Europe/Berlin",
            "UTC",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+5",
        ] {
            assert!(TimeZone::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Europe/Nowhere", "Berlin; DROP", "../etc/passwd"] {
            assert!(TimeZone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_spec_block_reads_manual_and_schedules() {
        let block: RefreshSpec = serde_json::from_value(serde_json::json!({
            "default": {"schedule": {"rrule": "FREQ=DAILY;BYHOUR=2", "time_zone": "Europe/Berlin",
                                     "spread_minutes": 120}},
            "modules": {"ops": "manual"}
        }))
        .expect("parses");
        let ops = ModuleKey::parse("ops").expect("key");
        let sales = ModuleKey::parse("sales").expect("key");
        assert_eq!(block.for_module(&ops), &Refresh::Manual);
        assert!(
            matches!(block.for_module(&sales), Refresh::Schedule(s) if s.spread_minutes == 120)
        );
        assert!(!block.is_manual());
        assert!(RefreshSpec::default().is_manual());
        let bad = serde_json::from_value::<RefreshSpec>(serde_json::json!({"default": "hourly"}));
        assert!(bad.is_err());
    }
}
