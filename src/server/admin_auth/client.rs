//! The client address a sign-in is throttled by: the TCP peer, or, when the peer is one of the
//! configured `trusted_proxies`, the last `X-Forwarded-For` hop that is not one of them.

use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// A client address as throttled and audited: an IPv4 address, an IPv6 /64 (one host can
/// have the whole /64), or `unknown` when the server was not told the peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(String);

impl ClientAddr {
    /// The stored form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address of a request from `peer` with `headers`.
    pub fn of(peer: Option<SocketAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Self {
        let Some(peer) = peer.map(|p| p.ip().to_canonical()) else {
            return Self("unknown".to_owned());
        };
        if !trusted.contains(&peer) {
            return Self::from_ip(peer);
        }
        // Each proxy appends the address it received from; read from the right, past ours.
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        let client = forwarded
            .iter()
            .rev()
            .map_while(|hop| hop.parse::<IpAddr>().ok().map(|ip| ip.to_canonical()))
            .find(|ip| !trusted.contains(ip));
        Self::from_ip(client.unwrap_or(peer))
    }

    fn from_ip(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => Self(v4.to_string()),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                Self(format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]))
            }
        }
    }
}

/// The address of the server function call being served (its request's `ConnectInfo`).
pub fn current_client(trusted: &[IpAddr]) -> ClientAddr {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>();
    let peer = parts.as_ref().and_then(|p| {
        p.extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0)
    });
    let headers = parts.map(|p| p.headers).unwrap_or_default();
    ClientAddr::of(peer, &headers, trusted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn client_address_table() {
        let proxy: IpAddr = "10.0.0.2".parse().expect("ip");
        let peer = |s: &str| Some(SocketAddr::new(s.parse().expect("ip"), 4000));
        let cases: [(Option<SocketAddr>, Option<&str>, &[IpAddr], &str); 7] = [
            (None, None, &[], "unknown"),
            (peer("203.0.113.9"), None, &[], "203.0.113.9"),
            // Not configured: the header is the client's to forge, so it is ignored.
            (
                peer("203.0.113.9"),
                Some("198.51.100.1"),
                &[],
                "203.0.113.9",
            ),
            (
                peer("10.0.0.2"),
                Some("198.51.100.1"),
                &[proxy],
                "198.51.100.1",
            ),
            // A forged left-most entry does not win over what our proxy saw.
            (
                peer("10.0.0.2"),
                Some("1.1.1.1, 198.51.100.1"),
                &[proxy],
                "198.51.100.1",
            ),
            (peer("10.0.0.2"), Some("garbage"), &[proxy], "10.0.0.2"),
            (peer("2001:db8:1:2:3:4:5:6"), None, &[], "2001:db8:1:2::/64"),
        ];
        for (peer, xff, trusted, want) in cases {
            let mut headers = HeaderMap::new();
            if let Some(v) = xff {
                headers.insert("x-forwarded-for", HeaderValue::from_static(v));
            }
            assert_eq!(
                ClientAddr::of(peer, &headers, trusted).as_str(),
                want,
                "{xff:?}"
            );
        }
    }
}
