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

/// The scheme a server is reached by; an origin is scheme, host and port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    /// `http` or `https`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

/// Whether `origin` (`scheme://host[:port]`) is the origin of a server reached by `scheme`
/// with the `Host` header `host`: `http://hub` is not the same origin as `https://hub`.
pub fn is_same_origin(origin: &str, scheme: Scheme, host: &str) -> bool {
    origin
        .split_once("://")
        .is_some_and(|(s, rest)| s.eq_ignore_ascii_case(scheme.as_str()) && rest == host)
}

/// The request's `Origin` when it is not the server's own (`scheme` and `Host`; same-origin
/// pages and non-browser callers, which send no `Origin`, give `None`).
pub fn cross_origin(headers: &HeaderMap, scheme: Scheme) -> Option<&str> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    (!is_same_origin(origin, scheme, host)).then_some(origin)
}

/// Whether a body error is a body limit (the hub's own layer's or a stream's), not the client
/// going away; the limit error sits somewhere down the chain of wrapped errors.
pub fn is_length_limit(e: &axum::Error) -> bool {
    let mut cause = std::error::Error::source(e);
    while let Some(inner) = cause {
        if inner.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = inner.source();
    }
    false
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
    fn same_origin_table() {
        use Scheme::{Http, Https};
        let host = "hub.example:3000";
        let cases = [
            (None, Https, true),
            (Some("https://hub.example:3000"), Https, true),
            (Some("http://hub.example:3000"), Http, true),
            // The scheme is part of the origin: a plain-http page is not the HTTPS hub.
            (Some("http://hub.example:3000"), Https, false),
            (Some("https://hub.example:3000"), Http, false),
            (Some("https://evil.example"), Https, false),
            (Some("https://hub.example"), Https, false),
            (Some("null"), Https, false),
        ];
        for (origin, scheme, same) in cases {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, HeaderValue::from_static(host));
            if let Some(o) = origin {
                h.insert(header::ORIGIN, HeaderValue::from_static(o));
            }
            assert_eq!(
                cross_origin(&h, scheme).is_none(),
                same,
                "{origin:?} {scheme:?}"
            );
        }
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
