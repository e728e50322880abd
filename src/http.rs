//! Small HTTP helpers shared by the hub server and the emulator.

use axum::http::{HeaderMap, header};

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
}

/// Whether `origin` (`scheme://host[:port]`) names the same host as the `Host` header `host`.
pub fn is_same_origin(origin: &str, host: &str) -> bool {
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest == host)
}

/// The request's `Origin` when it is not the hub's own `Host` (same-origin pages and
/// non-browser callers, which send no `Origin`, give `None`).
pub fn cross_origin(headers: &HeaderMap) -> Option<&str> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    (!is_same_origin(origin, host)).then_some(origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn cookie_lookup_table() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; oemhub_admin=tok; b=2"),
        );
        assert_eq!(cookie_value(&h, "oemhub_admin"), Some("tok"));
        assert_eq!(cookie_value(&h, "oemhub"), None);
        h.append(header::COOKIE, HeaderValue::from_static("eas.sid=s2"));
        assert_eq!(cookie_value(&h, "eas.sid"), Some("s2"));
    }

    #[test]
    fn bearer_table() {
        for (value, want) in [
            ("Bearer abc", Some("abc")),
            ("bearer x", Some("x")),
            ("Basic abc", None),
        ] {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
            assert_eq!(bearer_token(&h), want, "{value}");
        }
    }
}
