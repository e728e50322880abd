//! Reloads after onboarding: the watcher records every reload of a customer's published apps
//! (retrying a failed scheduled one, a bounded number of times), and fleet reloads run an
//! admin's "reload now" over many customers, capped per customer database.

mod fleet;
mod watch;

pub use fleet::FleetRequest;

use crate::domain::{ReloadOutcome, ReloadTrigger};
use crate::qlik::{Reload, ReloadStatus};
use crate::store::ReloadRecord;

/// How often a failed scheduled reload is retried before the hub waits for the next run.
pub const MAX_RETRIES: usize = 2;
/// How many lines of a failed reload's log the hub keeps.
const EXCERPT_LINES: usize = 5;
/// The longest log excerpt kept, in bytes.
const EXCERPT_BYTES: usize = 2_000;

impl super::Engine {
    /// The reload-time variables of `module`'s published version for `slug` (none when the
    /// template declares none), so every reload — scheduled, retried, reload now — passes them.
    pub(crate) async fn reload_variables(
        &self,
        slug: &crate::domain::CustomerSlug,
        module: &crate::domain::ModuleKey,
    ) -> Result<std::collections::BTreeMap<String, String>, super::ProvisionError> {
        let customer = self.store().get_customer(slug).await?;
        let observed = self.store().get_state(slug).await?.observed;
        let Some(version) = observed.deployments.get(module).and_then(|d| d.version) else {
            return Ok(std::collections::BTreeMap::new());
        };
        let target = self.store().get_module_version(module, version).await?;
        let variables = super::script::variables(&target.variables, &customer.spec.params)
            .map_err(super::plan::PlanError::from)?;
        Ok(variables)
    }
}

/// The database a connection string points at, without credentials: `scheme://host:port`
/// for a URL (customers on one database server share it), else the string itself (a file).
pub fn source_key(connection: &str) -> String {
    match url::Url::parse(connection) {
        Ok(url) if url.has_host() => {
            let host = url.host_str().unwrap_or_default();
            match url.port_or_known_default() {
                Some(port) => format!("{}://{host}:{port}", url.scheme()),
                None => format!("{}://{host}", url.scheme()),
            }
        }
        _ => connection.to_owned(),
    }
}

/// The hub's outcome for Qlik's status (an active or unknown one is still running).
pub fn outcome(status: &ReloadStatus) -> ReloadOutcome {
    match status {
        ReloadStatus::Succeeded => ReloadOutcome::Succeeded,
        ReloadStatus::Failed => ReloadOutcome::Failed,
        ReloadStatus::Canceled => ReloadOutcome::Canceled,
        ReloadStatus::ExceededLimit => ReloadOutcome::ExceededLimit,
        _ => ReloadOutcome::Running,
    }
}

/// The last lines of a log, for the freshness view.
pub fn excerpt(log: &str) -> String {
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(EXCERPT_LINES)..].join("\n");
    match tail.char_indices().nth(EXCERPT_BYTES) {
        Some((cut, _)) => tail[..cut].to_owned(),
        None => tail,
    }
}

/// Milliseconds of an RFC 3339 time Qlik sent; `None` for none or an unreadable one.
fn millis(t: Option<&str>) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(t?)
        .ok()
        .map(|t| t.timestamp_millis())
}

/// What the hub records of `reload` of `customer`/`module`, triggered by `trigger`.
fn record(
    customer: &crate::domain::CustomerSlug,
    module: &crate::domain::ModuleKey,
    reload: &Reload,
    trigger: ReloadTrigger,
) -> ReloadRecord {
    let status = outcome(&reload.status);
    let log = reload
        .log
        .as_deref()
        .map(excerpt)
        .or_else(|| reload.error_message.clone());
    ReloadRecord {
        customer: customer.clone(),
        module: module.clone(),
        reload_id: reload.id.clone(),
        status,
        trigger,
        created_at: millis(reload.creation_time.as_deref())
            .unwrap_or_else(crate::store::now_millis),
        started_at: millis(reload.start_time.as_deref()),
        ended_at: millis(reload.end_time.as_deref()),
        log_excerpt: log.filter(|_| status.is_failure()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_table() {
        let cases = [
            (
                "postgres://u:pw@db.partner.example:5432/acme",
                "postgres://db.partner.example:5432",
            ),
            (
                "postgres://db.partner.example/globex",
                "postgres://db.partner.example",
            ),
            ("mysql://db:3307/x", "mysql://db:3307"),
            ("/data/acme.db", "/data/acme.db"),
            ("sqlite:///data/acme.db", "sqlite:///data/acme.db"),
        ];
        for (raw, want) in cases {
            assert_eq!(source_key(raw), want, "{raw}");
        }
    }

    #[test]
    fn an_excerpt_is_the_last_lines_and_bounded() {
        let log = "a\n\nb\nc\nd\ne\nf\n";
        assert_eq!(excerpt(log), "b\nc\nd\ne\nf");
        assert_eq!(excerpt(&"x".repeat(5_000)).len(), EXCERPT_BYTES);
        assert_eq!(excerpt(""), "");
    }
}
