//! The end user's own credential, for calls that must run as them (a report sees what its
//! user may see): an OAuth access token from impersonation, or the session a hub-signed JWT
//! opens with `POST /login/jwt-session`, whose state-changing calls also carry the
//! `qlik-csrf-token` that `GET /api/v1/csrf-token` hands out.

use crate::qlik::TenantApi;
use crate::qlik::client::{UserCall, header_text};
use crate::qlik::error::QlikError;
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderName, HeaderValue, SET_COOKIE};
use secrecy::{ExposeSecret, SecretString};

/// The header Qlik reads the CSRF token from.
pub const CSRF_HEADER: &str = "qlik-csrf-token";

/// How a call proves who the user is.
#[derive(Debug, Clone)]
pub enum UserCredential {
    /// An access token for the user (OAuth impersonation, `TenantApi::impersonate`).
    Bearer(SecretString),
    /// A tenant session: the `Cookie` header value (`eas.sid=…; _csrfToken=…`) and the CSRF
    /// token for state-changing calls.
    Session {
        cookies: SecretString,
        csrf_token: SecretString,
    },
}

fn header(value: &str) -> Result<HeaderValue, QlikError> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        QlikError::Config("the user's credential holds characters a header cannot".to_owned())
    })?;
    // Kept out of debug output and HTTP/2 header compression tables.
    value.set_sensitive(true);
    Ok(value)
}

impl UserCredential {
    /// The headers that authenticate a `method` call as the user: the bearer token, or the
    /// cookies plus, for anything but `GET`/`HEAD`/`OPTIONS`, the CSRF token.
    pub fn headers(&self, method: &Method) -> Result<Vec<(HeaderName, HeaderValue)>, QlikError> {
        match self {
            Self::Bearer(token) => {
                let value = header(&format!("Bearer {}", token.expose_secret()))?;
                Ok(vec![(AUTHORIZATION, value)])
            }
            Self::Session {
                cookies,
                csrf_token,
            } => {
                let mut headers = vec![(COOKIE, header(cookies.expose_secret())?)];
                if !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
                    let name = HeaderName::from_static(CSRF_HEADER);
                    headers.push((name, header(csrf_token.expose_secret())?));
                }
                Ok(headers)
            }
        }
    }
}

/// The `Cookie` header value for `set_cookies` (`Set-Cookie` values): each cookie's
/// `name=value`, attributes dropped, a later cookie replacing an earlier one of its name.
pub fn cookie_header<'a>(set_cookies: impl IntoIterator<Item = &'a str>) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for raw in set_cookies {
        let first = raw.split(';').next().unwrap_or_default().trim();
        let Some((name, value)) = first.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        pairs.retain(|(n, _)| *n != name);
        pairs.push((name, value.trim()));
    }
    let joined: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
    joined.join("; ")
}

impl TenantApi<'_> {
    /// Opens a session as the user `jwt` (a JWT the hub signed for this tenant's JWT identity
    /// provider) names, for calls as that user: [`Self::jwt_cookies`], then
    /// [`Self::session_credential`].
    pub async fn jwt_session(self, jwt: &SecretString) -> Result<UserCredential, QlikError> {
        let cookies = self.jwt_cookies(jwt).await?;
        self.session_credential(cookies).await
    }

    /// `POST /login/jwt-session` with `jwt`: the `Cookie` header value of the session it
    /// opens.
    pub async fn jwt_cookies(self, jwt: &SecretString) -> Result<SecretString, QlikError> {
        let bearer = UserCredential::Bearer(jwt.clone());
        let login = self.user_call(Method::POST, "/login/jwt-session", &bearer)?;
        let answer = self.client().send_as_user(&login).await?;
        let set_cookies = answer.headers().get_all(SET_COOKIE);
        let cookies = cookie_header(set_cookies.iter().filter_map(|v| v.to_str().ok()));
        if cookies.is_empty() {
            return Err(QlikError::Decode {
                url: format!("{}/login/jwt-session", self.host()),
                message: "the sign-in set no session cookie".to_owned(),
            });
        }
        Ok(SecretString::from(cookies))
    }

    /// The session of `cookies` as a credential for calls as its user, with the
    /// `qlik-csrf-token` that `GET /api/v1/csrf-token` hands out.
    pub async fn session_credential(
        self,
        cookies: SecretString,
    ) -> Result<UserCredential, QlikError> {
        let headers = vec![(COOKIE, header(cookies.expose_secret())?)];
        let path = "/api/v1/csrf-token";
        let csrf = UserCall::new(Method::GET, self.host().as_str(), path, headers);
        let answer = self.client().send_as_user(&csrf).await?;
        let token = header_text(answer.headers(), CSRF_HEADER)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| QlikError::Decode {
                url: format!("{}/api/v1/csrf-token", self.host()),
                message: format!("no {CSRF_HEADER} header in the answer"),
            })?;
        Ok(UserCredential::Session {
            cookies,
            csrf_token: SecretString::from(token.to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(credential: &UserCredential, method: Method) -> Vec<(String, String)> {
        let headers = credential.headers(&method).expect("headers");
        let text = |v: &HeaderValue| v.to_str().expect("text").to_owned();
        headers
            .iter()
            .map(|(n, v)| (n.to_string(), text(v)))
            .collect()
    }

    #[test]
    fn credential_headers_table() {
        let bearer = UserCredential::Bearer(SecretString::from("tok"));
        let session = UserCredential::Session {
            cookies: SecretString::from("eas.sid=s; _csrfToken=c"),
            csrf_token: SecretString::from("c"),
        };
        let auth = ("authorization".to_owned(), "Bearer tok".to_owned());
        let cookie = ("cookie".to_owned(), "eas.sid=s; _csrfToken=c".to_owned());
        let csrf = ("qlik-csrf-token".to_owned(), "c".to_owned());
        let cases = [
            (&bearer, Method::GET, vec![auth.clone()]),
            (&bearer, Method::POST, vec![auth]),
            (&session, Method::GET, vec![cookie.clone()]),
            (&session, Method::HEAD, vec![cookie.clone()]),
            (&session, Method::POST, vec![cookie.clone(), csrf.clone()]),
            (&session, Method::DELETE, vec![cookie, csrf]),
        ];
        for (credential, method, want) in cases {
            assert_eq!(names(credential, method.clone()), want, "{method}");
        }
        let broken = UserCredential::Bearer(SecretString::from("a\nb"));
        assert!(broken.headers(&Method::GET).is_err());
    }

    #[test]
    fn cookie_header_table() {
        let cases: [(&[&str], &str); 4] = [
            (
                &[
                    "eas.sid=abc; Path=/; HttpOnly",
                    "_csrfToken=x; Path=/; Secure",
                ],
                "eas.sid=abc; _csrfToken=x",
            ),
            (&["a=1", "a=2; Path=/"], "a=2"),
            (&["no-equals; Path=/", "=v", " b = 2 "], "b=2"),
            (&[], ""),
        ];
        for (set_cookies, want) in cases {
            assert_eq!(
                cookie_header(set_cookies.iter().copied()),
                want,
                "{set_cookies:?}"
            );
        }
    }
}
