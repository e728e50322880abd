//! A web origin (`scheme://host[:port]`), as Qlik's web integrations and CSP entries hold them.

use super::{ParseError, is_dns_label, string_newtype};

/// An `http` or `https` origin with a DNS or IPv4 host and an optional port; no path, query,
/// credentials or wildcard. Default ports are dropped so equal origins compare equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin(String);

impl Origin {
    /// Parses an origin, naming the part that makes it unacceptable.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let raw = raw.trim();
        let (scheme, rest) = raw
            .split_once("://")
            .ok_or_else(|| ParseError::new("must start with http:// or https://"))?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => "80",
            "https" => "443",
            _ => return Err(ParseError::new("scheme must be http or https")),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#']) {
            return Err(ParseError::new(
                "must not have a path, query or fragment (an origin is scheme://host[:port])",
            ));
        }
        if rest.contains('@') {
            return Err(ParseError::new("must not contain credentials"));
        }
        if rest.contains('*') {
            return Err(ParseError::new("wildcards are not allowed"));
        }
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        };
        let host = host.to_ascii_lowercase();
        if host.is_empty() || !host.split('.').all(is_dns_label) {
            return Err(ParseError::new(format!("invalid host {host:?}")));
        }
        let port = match port {
            Some(p) => match p.parse::<u16>() {
                Ok(n) if n > 0 && p == n.to_string() => (p != default_port).then_some(p),
                _ => return Err(ParseError::new(format!("invalid port {p:?}"))),
            },
            None => None,
        };
        Ok(Self(match port {
            Some(port) => format!("{scheme}://{host}:{port}"),
            None => format!("{scheme}://{host}"),
        }))
    }

    /// True for `https` origins.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

string_newtype!(Origin);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_refused;

    #[test]
    fn normalises_valid_origins() {
        let cases = [
            ("https://app.partner.com", "https://app.partner.com"),
            ("HTTPS://App.Partner.com/", "https://app.partner.com"),
            ("https://app.partner.com:443", "https://app.partner.com"),
            ("http://host.localhost:8080", "http://host.localhost:8080"),
            ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
            ("http://localhost:80", "http://localhost"),
        ];
        for (raw, want) in cases {
            assert_eq!(Origin::parse(raw).expect(raw).as_str(), want);
        }
    }

    #[test]
    fn refuses_what_is_not_an_origin() {
        let cases = [
            ("app.partner.com", "http:// or https://"),
            ("ftp://app.partner.com", "http or https"),
            ("https://app.partner.com/path", "path"),
            ("https://app.partner.com?x=1", "path, query"),
            ("https://*.partner.com", "wildcards"),
            ("https://user@partner.com", "credentials"),
            ("https://", "invalid host"),
            ("https://part ner.com", "invalid host"),
            ("https://partner.com:99999", "invalid port"),
            ("https://partner.com:0", "invalid port"),
            ("https://partner.com:08", "invalid port"),
        ];
        assert_refused(Origin::parse, &cases);
    }
}
