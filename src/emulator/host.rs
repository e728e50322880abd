//! Which Qlik Cloud host a request is for, read from its Host header.

use crate::domain::Region;

/// The kind of host a request addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostKind {
    /// `register.<region>.<domain>`: tenant creation and (de)activation.
    Register(Region),
    /// `<label>.<region>.<domain>`: a tenant (looked up by full hostname).
    Tenant { hostname: String, region: Region },
    /// `control.<domain>`: the emulator's own knobs (not part of Qlik Cloud).
    Control,
    /// `console.<domain>`: the organization APIs (`console.qlikcloud.com` in Qlik Cloud).
    Console,
}

impl HostKind {
    /// Classifies `host` (port allowed) under `domain`; `None` for hosts the emulator does not
    /// serve.
    pub fn parse(host: &str, domain: &str) -> Option<Self> {
        let host = host.trim().to_ascii_lowercase();
        let host = strip_port(&host);
        let prefix = host.strip_suffix(domain)?.strip_suffix('.')?;
        match prefix {
            "control" => return Some(HostKind::Control),
            "console" => return Some(HostKind::Console),
            _ => {}
        }
        let (label, region) = prefix.rsplit_once('.')?;
        let region = Region::parse(region).ok()?;
        if label.is_empty() || label.contains('.') {
            return None;
        }
        Some(if label == "register" {
            HostKind::Register(region)
        } else {
            HostKind::Tenant {
                hostname: host.to_owned(),
                region,
            }
        })
    }
}

fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_table() {
        let tenant = |h: &str, r| {
            Some(HostKind::Tenant {
                hostname: h.to_owned(),
                region: r,
            })
        };
        let cases = [
            (
                "register.us.localhost:3100",
                Some(HostKind::Register(Region::Us)),
            ),
            (
                "register.eu.localhost",
                Some(HostKind::Register(Region::Eu)),
            ),
            (
                "acme.us.localhost:3100",
                tenant("acme.us.localhost", Region::Us),
            ),
            ("ACME.DE.localhost", tenant("acme.de.localhost", Region::De)),
            ("acme.mars.localhost", None),
            ("us.localhost", None),
            ("a.b.us.localhost", None),
            ("acme.us.example.com", None),
            ("127.0.0.1:3100", None),
            ("evillocalhost", None),
            ("control.localhost:3100", Some(HostKind::Control)),
            ("console.localhost:3100", Some(HostKind::Console)),
            (
                "console.us.localhost",
                tenant("console.us.localhost", Region::Us),
            ),
        ];
        for (host, want) in cases {
            assert_eq!(HostKind::parse(host, "localhost"), want, "{host}");
        }
    }
}
