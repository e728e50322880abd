//! Environment variables as the configuration layer above the file: `OEM_HUB_<KEY>` (`__`
//! between levels, any case) and `DATABASE_URL`, read from an iterator so tests pass their own.

use figment::value::{Dict, Map, Value};
use figment::{Error, Metadata, Profile, Provider};

/// `OEM_HUB_*` variables that are read elsewhere (the CLI), not settings.
const NOT_SETTINGS: [&str; 2] = ["CONFIG", "EMULATOR_LICENSE_KEY"];
/// Prefixes of `OEM_HUB_*` variables that are not settings (the test suite's).
const NOT_SETTINGS_PREFIXES: [&str; 1] = ["TEST_"];
/// The prefix of settings variables.
const PREFIX: &str = "OEM_HUB_";

/// The name of figment's source for values from here, used to tell them from the file's.
pub(super) const SOURCE: &str = "environment variable(s)";

/// One settings variable and the settings path it sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct EnvVar {
    /// The variable as it was spelled, e.g. `OEM_HUB_QLIK__CLIENT_SECRET`.
    pub name: String,
    /// Lower-case path, e.g. `["qlik", "client_secret"]`.
    pub path: Vec<String>,
    value: String,
}

/// The variables among `vars` that are meant as settings, `DATABASE_URL` first so that
/// `OEM_HUB_DATABASE_URL` wins over it.
pub(super) fn settings_vars(vars: impl IntoIterator<Item = (String, String)>) -> Vec<EnvVar> {
    let mut out: Vec<EnvVar> = vars
        .into_iter()
        .filter_map(|(name, value)| {
            let path = settings_path(&name)?;
            Some(EnvVar { name, path, value })
        })
        .collect();
    out.sort_by_key(|v| !v.name.eq_ignore_ascii_case("DATABASE_URL"));
    out
}

fn settings_path(name: &str) -> Option<Vec<String>> {
    if name.eq_ignore_ascii_case("DATABASE_URL") {
        return Some(vec!["database_url".to_owned()]);
    }
    let head = name.get(..PREFIX.len())?;
    if !head.eq_ignore_ascii_case(PREFIX) {
        return None;
    }
    let key = name[PREFIX.len()..].to_ascii_uppercase();
    if NOT_SETTINGS.contains(&key.as_str())
        || NOT_SETTINGS_PREFIXES.iter().any(|p| key.starts_with(p))
    {
        return None;
    }
    Some(
        key.to_ascii_lowercase()
            .split("__")
            .map(str::to_owned)
            .collect(),
    )
}

/// The variables an `UnknownField` error of `err` points at: settings that do not exist.
pub(super) fn unknown(err: &Error, vars: &[EnvVar]) -> Vec<EnvVar> {
    let mut found = Vec::new();
    for e in err.clone() {
        let figment::error::Kind::UnknownField(field, _) = &e.kind else {
            continue;
        };
        let mut path = e.path.clone();
        if path.last() != Some(field) {
            path.push(field.clone());
        }
        found.extend(vars.iter().filter(|v| v.path.starts_with(&path)).cloned());
    }
    found
}

/// A figment provider over the selected variables.
pub(super) struct EnvLayer<'a>(pub &'a [EnvVar]);

impl Provider for EnvLayer<'_> {
    fn metadata(&self) -> Metadata {
        Metadata::named(SOURCE)
    }

    fn data(&self) -> Result<Map<Profile, Dict>, Error> {
        let mut dict = Dict::new();
        for var in self.0 {
            insert(&mut dict, &var.path, parse(&var.value));
        }
        Ok(Profile::Default.collect(dict))
    }
}

/// Values stay strings (a secret of digits is still a string; numbers and booleans are read
/// from strings by `extract_lossy`), except that `[…]` and `{…}` are arrays and tables.
fn parse(raw: &str) -> Value {
    let trimmed = raw.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        raw.parse().unwrap_or_else(|never| match never {})
    } else {
        Value::from(raw.to_owned())
    }
}

fn insert(dict: &mut Dict, path: &[String], value: Value) {
    match path {
        [] => {}
        [leaf] => {
            dict.insert(leaf.clone(), value);
        }
        [head, rest @ ..] => {
            let entry = dict
                .entry(head.clone())
                .or_insert_with(|| Value::from(Dict::new()));
            if entry.as_dict().is_none() {
                *entry = Value::from(Dict::new());
            }
            if let Value::Dict(_, inner) = entry {
                insert(inner, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_variables_are_settings_table() {
        let cases: [(&str, Option<&[&str]>); 9] = [
            ("OEM_HUB_LISTEN", Some(&["listen"])),
            ("oem_hub_listen", Some(&["listen"])),
            (
                "OEM_HUB_QLIK__CLIENT_SECRET",
                Some(&["qlik", "client_secret"]),
            ),
            (
                "OEM_HUB_QLIK__REGIONAL_CLIENTS__US__CLIENT_ID",
                Some(&["qlik", "regional_clients", "us", "client_id"]),
            ),
            ("DATABASE_URL", Some(&["database_url"])),
            ("OEM_HUB_CONFIG", None),
            ("OEM_HUB_EMULATOR_LICENSE_KEY", None),
            ("OEM_HUB_TEST_POSTGRES_URL", None),
            ("PATH", None),
        ];
        for (name, want) in cases {
            let want = want.map(|p| p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(settings_path(name), want, "{name}");
        }
    }

    #[test]
    fn database_url_comes_first_so_the_prefixed_one_wins() {
        let vars = settings_vars([
            ("OEM_HUB_DATABASE_URL".to_owned(), "b".to_owned()),
            ("DATABASE_URL".to_owned(), "a".to_owned()),
        ]);
        assert_eq!(vars[0].name, "DATABASE_URL");
    }
}
