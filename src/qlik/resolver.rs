//! DNS for the client: `*.localhost` always means loopback (as in browsers), so the
//! emulator's per-tenant hostnames work without touching /etc/hosts.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Resolves `localhost` and `*.localhost` to 127.0.0.1 and everything else through the system.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoopbackLocalhost;

/// True for names that RFC 6761 reserves for loopback.
pub fn is_localhost(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

impl Resolve for LoopbackLocalhost {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            if is_localhost(&host) {
                let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
                let addrs: Addrs = Box::new(std::iter::once(addr));
                return Ok(addrs);
            }
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localhost_names() {
        for (name, want) in [
            ("localhost", true),
            ("acme.us.localhost", true),
            ("ACME.US.LOCALHOST.", true),
            ("localhost.example.com", false),
            ("evillocalhost", false),
            ("acme.us.qlikcloud.com", false),
        ] {
            assert_eq!(is_localhost(name), want, "{name}");
        }
    }
}
