//! Keeps a customer's database credentials out of a data connection's connect statement: Qlik
//! stores `qUsername`/`qPassword` apart and never answers them back, while `qConnectStatement`
//! is readable by whoever may list the connection.

/// A connection string split into what Qlik may show and what it keeps secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionParts {
    /// The connect statement without credentials.
    pub statement: String,
    pub username: Option<String>,
    pub password: Option<String>,
}

/// Splits the user and password out of a URL connection string (`postgres://user:pw@host/db`,
/// percent-decoded); anything else (a SQLite path, a URL without credentials) is kept whole.
pub fn split_credentials(connection_string: &str) -> ConnectionParts {
    let whole = || ConnectionParts {
        statement: connection_string.to_owned(),
        username: None,
        password: None,
    };
    let Ok(mut url) = url::Url::parse(connection_string) else {
        return whole();
    };
    if url.cannot_be_a_base() || (url.username().is_empty() && url.password().is_none()) {
        return whole();
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let username = Some(decode(url.username())).filter(|u| !u.is_empty());
    let password = url.password().map(decode);
    if url.set_username("").is_err() || url.set_password(None).is_err() {
        return whole();
    }
    ConnectionParts {
        statement: url.to_string(),
        username,
        password,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_table() {
        let some = |s: &str| Some(s.to_owned());
        let cases = [
            (
                "postgres://acme:s3cret@db.example:5432/acme",
                "postgres://db.example:5432/acme",
                some("acme"),
                some("s3cret"),
            ),
            (
                "postgres://ac%40me:p%3Aw%2Fd@db/x?sslmode=require",
                "postgres://db/x?sslmode=require",
                some("ac@me"),
                some("p:w/d"),
            ),
            (
                "postgres://acme@db/x",
                "postgres://db/x",
                some("acme"),
                None,
            ),
            ("postgres://db/x", "postgres://db/x", None, None),
            ("/var/lib/acme.db", "/var/lib/acme.db", None, None),
            ("sqlite:///tmp/a.db", "sqlite:///tmp/a.db", None, None),
        ];
        for (input, statement, username, password) in cases {
            let parts = split_credentials(input);
            assert_eq!(
                parts,
                ConnectionParts {
                    statement: statement.to_owned(),
                    username,
                    password
                },
                "{input}"
            );
        }
    }
}
