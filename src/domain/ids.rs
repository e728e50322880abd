//! Identifiers Qlik Cloud hands out: tenants, apps, sheets, spaces, groups and the other
//! resources oem-hub records. Opaque to oem-hub, but they end up in URLs, so their alphabet is checked.

use super::{ParseError, quoted_char, string_newtype};

fn parse_id(kind: &str, raw: &str, max: usize) -> Result<String, ParseError> {
    if raw.is_empty() || raw.len() > max {
        return Err(ParseError::new(format!(
            "{kind} must be 1 to {max} characters long"
        )));
    }
    if let Some(bad) = raw
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(ParseError::new(format!(
            "{kind} may only contain letters, digits, '-' and '_', found {}",
            quoted_char(bad)
        )));
    }
    Ok(raw.to_owned())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Parses the identifier, refusing characters that would need escaping in a URL.
            pub fn parse(raw: &str) -> Result<Self, ParseError> {
                parse_id($kind, raw, $max).map(Self)
            }
        }

        string_newtype!($name);
    };
}

id_type!(
    /// A tenant id, e.g. `TiQ8GPVr8qI714Lp5ChAAFFaU24MJy69`.
    TenantId,
    "tenant id",
    64
);
id_type!(
    /// An app id (a GUID in Qlik Cloud).
    AppId,
    "app id",
    64
);
id_type!(
    /// A sheet id inside an app; it survives copy, import and publish.
    SheetId,
    "sheet id",
    64
);

id_type!(
    /// A space id (`shared`, `managed` or `data` space).
    SpaceId,
    "space id",
    64
);
id_type!(
    /// A group id (groups API).
    GroupId,
    "group id",
    64
);
id_type!(
    /// A user id (users API), e.g. the bot user's.
    UserId,
    "user id",
    64
);
id_type!(
    /// An identity provider id (identity-providers API).
    IdpId,
    "identity provider id",
    64
);
id_type!(
    /// A web integration id (web-integrations API); the `qlik-web-integration-id` of embeds.
    WebIntegrationId,
    "web integration id",
    64
);
id_type!(
    /// A CSP entry id (csp-origins API).
    CspEntryId,
    "csp entry id",
    64
);
id_type!(
    /// A space assignment id (spaces API).
    AssignmentId,
    "assignment id",
    64
);
id_type!(
    /// A data connection id (`qID`, data-connections API).
    DataConnectionId,
    "data connection id",
    64
);
id_type!(
    /// A reload id (reloads API).
    ReloadId,
    "reload id",
    64
);
id_type!(
    /// A tenant OAuth client id (oauth-clients API).
    OauthClientId,
    "oauth client id",
    64
);
id_type!(
    /// A scheduler task id (tasks API), e.g. `67ffd32c08e939e2f3a31184`.
    TaskId,
    "task id",
    64
);
id_type!(
    /// A tenant webhook id (webhooks API).
    WebhookId,
    "webhook id",
    64
);
id_type!(
    /// A custom theme's id on a tenant (themes API).
    ThemeId,
    "theme id",
    64
);
id_type!(
    /// A theme as sheet URLs (`theme=`) and the themes API name it: a built-in theme's id
    /// (`horizon`) or a custom theme's `qextFilename` (`acme-brand` for `acme-brand.qext`).
    /// The hub keeps to URL-safe names (Qlik's file names may hold more).
    ThemeName,
    "theme name",
    100
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_qlik_shapes_and_refuse_url_metacharacters() {
        assert!(AppId::parse("f9e7a1c2-7a59-4bb9-9d8c-1f0bd1c8e2b4").is_ok());
        assert!(SheetId::parse("JRfvvQ").is_ok());
        assert!(TenantId::parse("TiQ8GPVr8qI714Lp5ChAAFFaU24MJy69").is_ok());
        for bad in ["", "a/b", "a&sheet=x", "a b", "é", &"x".repeat(65)] {
            assert!(AppId::parse(bad).is_err(), "{bad:?} should be refused");
        }
        let err = SheetId::parse("a?b").expect_err("a?b").to_string();
        assert!(err.starts_with("sheet id"), "{err}");
    }

    #[test]
    fn resource_ids_table() {
        let valid = [
            SpaceId::parse("5f1a2b3c4d5e6f7a8b9c0d1e").map(|v| v.to_string()),
            GroupId::parse("6123abcd").map(|v| v.to_string()),
            UserId::parse("60f1b2c3d4e5f6a7b8c9d0e1").map(|v| v.to_string()),
            IdpId::parse("idp_1").map(|v| v.to_string()),
            WebIntegrationId::parse("Kq3-x_9").map(|v| v.to_string()),
            CspEntryId::parse("c1").map(|v| v.to_string()),
            AssignmentId::parse("a-1").map(|v| v.to_string()),
            DataConnectionId::parse("0c1e7a7e-2b37-4d1e-9f6b-3d2a8f0b1c2d").map(|v| v.to_string()),
            ReloadId::parse("r1").map(|v| v.to_string()),
            OauthClientId::parse("3f9c0a7b6d5e4f3a2b1c0d9e8f7a6b5c").map(|v| v.to_string()),
        ];
        for value in valid {
            assert!(value.is_ok(), "{value:?}");
        }
        let invalid = [
            (SpaceId::parse("").map(|v| v.to_string()), "space id"),
            (GroupId::parse("g/1").map(|v| v.to_string()), "group id"),
            (UserId::parse("u 1").map(|v| v.to_string()), "user id"),
            (
                IdpId::parse("a?b").map(|v| v.to_string()),
                "identity provider id",
            ),
            (
                WebIntegrationId::parse("w#").map(|v| v.to_string()),
                "web integration id",
            ),
            (
                CspEntryId::parse(&"c".repeat(65)).map(|v| v.to_string()),
                "csp entry id",
            ),
            (
                AssignmentId::parse("a&b").map(|v| v.to_string()),
                "assignment id",
            ),
            (
                DataConnectionId::parse("é").map(|v| v.to_string()),
                "data connection id",
            ),
            (ReloadId::parse("r%20").map(|v| v.to_string()), "reload id"),
            (
                OauthClientId::parse("c.d").map(|v| v.to_string()),
                "oauth client id",
            ),
        ];
        for (value, kind) in invalid {
            let err = value.expect_err(kind).to_string();
            assert!(err.starts_with(kind), "{kind}: {err}");
        }
    }

    #[test]
    fn ids_travel_as_plain_json_strings() {
        let id = SpaceId::parse("s1").expect("valid");
        assert_eq!(serde_json::to_string(&id).ok().as_deref(), Some("\"s1\""));
        assert_eq!(serde_json::from_str::<SpaceId>("\"s1\"").ok(), Some(id));
        let err = serde_json::from_str::<SpaceId>("\"s/1\"").expect_err("refused");
        assert!(err.to_string().contains("space id"), "{err}");
    }
}
