//! Hybrid (multi-cloud) distribution from a client-managed Qlik Sense site: the deployment's
//! name and site, the pasted local bearer token, and the values an admin enters in the QMC.

mod limits;
mod status;
mod token;
mod view;

pub use limits::{is_extension_type, odag_bindings};
pub use status::{DeploymentStatus, HybridAppStatus};
pub use token::LocalBearerToken;
pub use view::{HybridApp, HybridSheet, HybridView};

use super::{ModuleKey, ParseError, string_newtype};

/// The audience a multi-cloud deployment must name (QMC → Deployment setup → Audience).
pub const AUDIENCE: &str = "qlik.api";
/// The distribution policy's resource filter: apps only.
pub const RESOURCE_FILTER: &str = "App_*";
/// The distribution policy's action.
pub const POLICY_ACTION: &str = "Distribute";

/// A deployment name as set up on the client-managed site; distribution policies match it as
/// `subject.name`, so it may not hold quotes: letters, digits, space, `_`, `.`, `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeploymentName(String);

impl DeploymentName {
    /// Parses a deployment name (1–64 characters, starting with a letter or digit).
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let name = raw.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(ParseError::new(
                "deployment name must be 1 to 64 characters long",
            ));
        }
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(ParseError::new(
                "deployment name must start with a letter or digit",
            ));
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-')))
        {
            return Err(ParseError::new(format!(
                "deployment name may only contain letters, digits, space, '_', '.' and '-', found {bad:?}"
            )));
        }
        Ok(Self(name.to_owned()))
    }
}

string_newtype!(DeploymentName);

/// The client-managed Qlik Sense site's host name (where the QMC is), e.g. `qse.partner.com`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SiteHost(String);

impl SiteHost {
    /// Parses a host name with an optional port; no scheme or path.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let host = raw.trim().to_ascii_lowercase();
        let not_a_host = || {
            ParseError::new(format!(
                "site host {raw:?} is not a host name (no scheme or path, e.g. qse.partner.com)"
            ))
        };
        if host.contains('/') {
            return Err(not_a_host());
        }
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host.as_str(), None),
        };
        if let Some(port) = port
            && port.parse::<u16>().ok().filter(|p| *p > 0).is_none()
        {
            return Err(ParseError::new(format!(
                "site host port {port:?} is not a port number"
            )));
        }
        let labels_ok =
            !name.is_empty() && name.len() <= 253 && name.split('.').all(super::is_dns_label);
        if !labels_ok {
            return Err(not_a_host());
        }
        Ok(Self(host))
    }
}

string_newtype!(SiteHost);

/// What an admin enters on the client-managed side (QMC → Cloud distribution), all derived
/// from the customer's tenant and the deployment name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeploymentValues {
    pub deployment_name: String,
    /// "API endpoint": the customer's tenant URL.
    pub api_endpoint: String,
    pub audience: String,
    pub resource_filter: String,
    pub actions: String,
    /// The distribution policy's condition selecting this deployment.
    pub policy_condition: String,
}

impl DeploymentValues {
    /// The values for deployment `name` to the tenant at `tenant_url`.
    pub fn new(name: &DeploymentName, tenant_url: &str) -> Self {
        Self {
            deployment_name: name.as_str().to_owned(),
            api_endpoint: tenant_url.to_owned(),
            audience: AUDIENCE.to_owned(),
            resource_filter: RESOURCE_FILTER.to_owned(),
            actions: POLICY_ACTION.to_owned(),
            policy_condition: policy_condition(name),
        }
    }
}

/// The QMC rule condition that sends apps to deployment `name` (the QMC's default condition
/// `((subject.name=""))`, filled in).
pub fn policy_condition(name: &DeploymentName) -> String {
    format!("((subject.name=\"{}\"))", name.as_str())
}

/// The menu module key for an app distributed as `name`: `qse-` and the name in lowercase
/// letters, digits and `-`, with `-2`, `-3`… when the key is `taken` already.
pub fn hybrid_module_key(name: &str, taken: &[&str]) -> ModuleKey {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    // Room for "qse-" and a "-NN" suffix within the 40 characters of a key.
    slug.truncate(33);
    let slug = slug.trim_end_matches('-');
    let base = if slug.is_empty() {
        "qse-app".to_owned()
    } else {
        format!("qse-{slug}")
    };
    (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        })
        .filter(|key| !taken.contains(&key.as_str()))
        .find_map(|key| ModuleKey::parse(&key).ok())
        .unwrap_or_else(|| unreachable!("a free key always exists"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_refused;

    #[test]
    fn module_keys_for_distributed_apps() {
        let long = "A".repeat(60);
        let cases: [(&str, &[&str], &str); 6] = [
            ("Sales Overview", &[], "qse-sales-overview"),
            (
                "Sales Overview",
                &["qse-sales-overview"],
                "qse-sales-overview-2",
            ),
            ("Sales", &["qse-sales", "qse-sales-2"], "qse-sales-3"),
            ("Ünïcode & Co.", &[], "qse-n-code-co"),
            ("!!!", &[], "qse-app"),
            (&long, &[], "qse-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ];
        for (name, taken, want) in cases {
            assert_eq!(hybrid_module_key(name, taken).as_str(), want, "{name}");
        }
    }

    #[test]
    fn deployment_names() {
        for ok in ["Region1", "acme prod", "a.b-c_d"] {
            assert_eq!(DeploymentName::parse(ok).expect(ok).as_str(), ok);
        }
        let long = "a".repeat(65);
        let cases = [
            ("", "1 to 64"),
            ("x\"y", "'\"'"),
            ("-x", "start"),
            (long.as_str(), "1 to 64"),
        ];
        assert_refused(DeploymentName::parse, &cases);
    }

    #[test]
    fn site_hosts() {
        assert_eq!(
            SiteHost::parse("QSE.Partner.com").expect("host").as_str(),
            "qse.partner.com"
        );
        assert!(SiteHost::parse("qse.local:4443").is_ok());
        let cases = [
            ("qse/api", "not a host name"),
            ("", "not a host name"),
            ("a..b", "not a host name"),
            ("https://qse", "no scheme"),
            ("qse:0", "not a port number"),
            ("qse:x", "not a port number"),
        ];
        assert_refused(SiteHost::parse, &cases);
    }

    #[test]
    fn values_to_enter_on_the_site() {
        let name = DeploymentName::parse("acme").expect("name");
        let values = DeploymentValues::new(&name, "https://acme.us.qlikcloud.com");
        assert_eq!(values.policy_condition, "((subject.name=\"acme\"))");
        assert_eq!(values.audience, "qlik.api");
        assert_eq!(values.resource_filter, "App_*");
        assert_eq!(values.api_endpoint, "https://acme.us.qlikcloud.com");
    }
}
