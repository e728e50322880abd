//! A Qlik Cloud tenant's DNS hostname, such as `acme.us.qlikcloud.com`.

use super::{ParseError, is_dns_label, quoted, string_newtype};

/// A lowercase DNS hostname of at least two labels, without scheme, port or path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TenantHostname(String);

impl TenantHostname {
    /// Parses a hostname; upper case is folded to lower case, anything else odd is refused.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let host = raw.trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty() || host.len() > 253 {
            return Err(ParseError::new("must be a hostname of 1 to 253 characters"));
        }
        if host.contains("://") || host.contains(['/', ':', '@', '?', '#']) {
            return Err(ParseError::new(
                "must be a bare hostname, without scheme, port or path",
            ));
        }
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() < 2 {
            return Err(ParseError::new(
                "must have at least two labels, like tenant.us.qlikcloud.com",
            ));
        }
        if let Some(bad) = labels.iter().find(|l| !is_dns_label(l)) {
            return Err(ParseError::new(format!(
                "invalid DNS label {}",
                quoted(bad)
            )));
        }
        Ok(Self(host))
    }

    /// The first label: the tenant's name in Qlik Cloud's hostname scheme.
    pub fn first_label(&self) -> &str {
        self.0.split('.').next().unwrap_or_default()
    }
}

string_newtype!(TenantHostname);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_refused;

    #[test]
    fn accepts_and_normalises_hostnames() {
        let host = TenantHostname::parse("Acme.US.qlikcloud.com.").expect("valid");
        assert_eq!(host.as_str(), "acme.us.qlikcloud.com");
        assert_eq!(host.first_label(), "acme");
        assert!(TenantHostname::parse("acme.us.localhost").is_ok());
    }

    #[test]
    fn refuses_hostnames_with_extras() {
        let cases = [
            ("", "1 to 253"),
            ("https://acme.us.qlikcloud.com", "bare hostname"),
            ("acme.us.qlikcloud.com:443", "bare hostname"),
            ("acme.us.qlikcloud.com/x", "bare hostname"),
            ("user@acme.us.qlikcloud.com", "bare hostname"),
            ("localhost", "two labels"),
            ("-acme.us.qlikcloud.com", "invalid DNS label"),
            ("ac_me.us.qlikcloud.com", "invalid DNS label"),
            ("acme..qlikcloud.com", "invalid DNS label"),
            ("*.us.qlikcloud.com", "invalid DNS label '*'"),
            ("ac\tme.us.qlikcloud.com", "invalid DNS label 'acU+0009me'"),
        ];
        assert_refused(TenantHostname::parse, &cases);
    }
}
