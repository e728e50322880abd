//! Client authentication at `/oauth/token` (RFC 6749 §2.3.1): the id and secret in the body
//! (`client_secret_post`, what @qlik/api sends) or in `Authorization: Basic`
//! (`client_secret_basic`, what Qlik's Python SDK sends); never both.

use crate::emulator::error::QlikError;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;

/// The client's credentials and how they came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAuth {
    pub id: String,
    pub secret: String,
    /// Sent in `Authorization: Basic`: a failure then answers `WWW-Authenticate`.
    pub basic: bool,
}

/// A refused token request. The RFC 6749 §5.2 error name is the `code` of Qlik's error
/// envelope (@qlik/api reads `errors` from `/oauth/token`); Qlik's own codes there are
/// UNCONFIRMED.
#[derive(Debug)]
pub struct OAuthError {
    pub error: QlikError,
    /// Answer `WWW-Authenticate: Basic` (RFC 6749 §5.2: a failed Basic authentication).
    pub challenge: bool,
}

impl OAuthError {
    /// `invalid_request`, 400.
    pub fn invalid_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", detail)
    }

    /// `invalid_client`, 401; challenged when the client used Basic.
    pub fn invalid_client(detail: impl Into<String>, basic: bool) -> Self {
        let mut e = Self::new(StatusCode::UNAUTHORIZED, "invalid_client", detail);
        e.challenge = basic;
        e
    }

    /// Any other RFC 6749 §5.2 error (`unauthorized_client`, `invalid_grant`, …), 400.
    pub fn bad(error: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, error, detail)
    }

    fn new(status: StatusCode, error: &str, detail: impl Into<String>) -> Self {
        Self {
            error: QlikError::of_status(status, error).detail(detail),
            challenge: false,
        }
    }
}

impl From<QlikError> for OAuthError {
    fn from(error: QlikError) -> Self {
        Self {
            error,
            challenge: false,
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = self.error.into_response();
        if self.challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"oauth\""),
            );
        }
        response
    }
}

/// The credentials of a token request whose body carried `body_id` and `body_secret`.
pub fn client_auth(
    headers: &HeaderMap,
    body_id: Option<&str>,
    body_secret: Option<&str>,
) -> Result<ClientAuth, OAuthError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .map(|(_, rest)| rest.trim());
    let Some(encoded) = basic else {
        let id = body_id.ok_or_else(|| OAuthError::invalid_request("client_id is required"))?;
        let secret = body_secret
            .ok_or_else(|| OAuthError::invalid_client("client_secret is required", false))?;
        return Ok(ClientAuth {
            id: id.to_owned(),
            secret: secret.to_owned(),
            basic: false,
        });
    };
    let (id, secret) = decode_basic(encoded)
        .ok_or_else(|| OAuthError::invalid_client("malformed Basic credentials", true))?;
    if body_secret.is_some() {
        return Err(OAuthError::invalid_request(
            "client credentials in both the Authorization header and the body",
        ));
    }
    if body_id.is_some_and(|b| b != id) {
        return Err(OAuthError::invalid_request(
            "client_id in the body does not match the Authorization header",
        ));
    }
    Ok(ClientAuth {
        id,
        secret,
        basic: true,
    })
}

/// `base64(urlencode(id) ":" urlencode(secret))` → (id, secret).
fn decode_basic(encoded: &str) -> Option<(String, String)> {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (id, secret) = text.split_once(':')?;
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8()
            .ok()
            .map(|c| c.into_owned())
    };
    let id = decode(id).filter(|id| !id.is_empty())?;
    Some((id, decode(secret)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(user: &str, pass: &str) -> HeaderMap {
        let value = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            format!("Basic {value}").parse().expect("header"),
        );
        headers
    }

    type Want = Result<(&'static str, &'static str, bool), (u16, &'static str, bool)>;

    #[test]
    fn client_authentication_table() {
        let mut garbage = HeaderMap::new();
        garbage.insert(header::AUTHORIZATION, "Basic !!!".parse().expect("header"));
        let mut bearer = HeaderMap::new();
        bearer.insert(header::AUTHORIZATION, "Bearer t".parse().expect("header"));
        let none = HeaderMap::new();
        let cases: [(&HeaderMap, Option<&str>, Option<&str>, Want); 11] = [
            (&none, Some("c"), Some("s"), Ok(("c", "s", false))),
            (&bearer, Some("c"), Some("s"), Ok(("c", "s", false))),
            (&none, None, Some("s"), Err((400, "invalid_request", false))),
            (&none, Some("c"), None, Err((401, "invalid_client", false))),
            (&basic("c", "s"), None, None, Ok(("c", "s", true))),
            (&basic("c", "s"), Some("c"), None, Ok(("c", "s", true))),
            // RFC 6749 §2.3.1: both parts form-urlencoded before base64.
            (
                &basic("a%3Ab", "p+q%25"),
                None,
                None,
                Ok(("a:b", "p q%", true)),
            ),
            (
                &basic("c", "s"),
                None,
                Some("s"),
                Err((400, "invalid_request", false)),
            ),
            (
                &basic("c", "s"),
                Some("d"),
                None,
                Err((400, "invalid_request", false)),
            ),
            (&garbage, None, None, Err((401, "invalid_client", true))),
            (
                &basic("", "s"),
                None,
                None,
                Err((401, "invalid_client", true)),
            ),
        ];
        for (headers, id, secret, want) in cases {
            let got = match client_auth(headers, id, secret) {
                Ok(a) => Ok((a.id, a.secret, a.basic)),
                Err(e) => Err((e.error.status.as_u16(), e.error.code, e.challenge)),
            };
            let want = want
                .map(|(i, s, b)| (i.to_owned(), s.to_owned(), b))
                .map_err(|(st, c, ch)| (st, c.to_owned(), ch));
            assert_eq!(got, want, "{headers:?} {id:?} {secret:?}");
        }
    }
}
