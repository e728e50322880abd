//! Who a user is on their customer's tenant: the Qlik subject derived from the customer and the
//! host's user id, and the JWT issuer that only that customer's tenant trusts.

use super::{CustomerSlug, EmbedUser};
use serde::{Deserialize, Serialize};

/// Prefix of every subject oem-hub gives a host SaaS user.
pub const HOST_SUBJECT_PREFIX: &str = "oemhub:";
/// Prefix of the subjects of admins previewing a customer in the console.
pub const PREVIEW_SUBJECT_PREFIX: &str = "oemhub-preview:";

/// On whose word a user is signed in: the host SaaS's, or an oem-hub admin previewing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Principal {
    /// A user the partner's backend vouched for (API token or host-signed JWT).
    #[default]
    Host,
    /// An oem-hub admin seeing the customer's sheets as its users do.
    AdminPreview,
}

impl Principal {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Principal::Host => "host",
            Principal::AdminPreview => "admin_preview",
        }
    }

    /// The principal with stored name `raw`.
    pub fn parse(raw: &str) -> Option<Self> {
        [Principal::Host, Principal::AdminPreview]
            .into_iter()
            .find(|p| p.as_str() == raw)
    }
}

/// A user's Qlik subject (`sub` of its JWT, `subject` of its tenant user, the impersonation
/// lookup): `oemhub:<customer>:<host user id>`, or `oemhub-preview:<customer>:<admin>`.
///
/// The rule makes three promises. Every subject starts with an `oemhub` prefix, so none can
/// equal the tenant's bot (`qlikbot\<client id>`) or any other subject Qlik or another identity
/// provider gives out. The customer is part of it, so the same host id in two customers is two
/// users. Slugs hold no `:`, so the first two colons split it back unambiguously.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QlikSubject(String);

impl QlikSubject {
    /// The subject of `user` of `customer`.
    pub fn of(customer: &CustomerSlug, user: &EmbedUser) -> Self {
        let prefix = match user.principal {
            Principal::Host => HOST_SUBJECT_PREFIX,
            Principal::AdminPreview => PREVIEW_SUBJECT_PREFIX,
        };
        Self(format!("{prefix}{customer}:{}", user.id))
    }

    /// The subject of the host's user `user_id` of `customer`.
    pub fn of_host_user(customer: &CustomerSlug, user_id: &str) -> Self {
        Self(format!("{HOST_SUBJECT_PREFIX}{customer}:{user_id}"))
    }

    /// The subject as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for QlikSubject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The `iss` of the Qlik JWTs for `customer`, which only that customer's tenant's identity
/// provider trusts: the hub's configured issuer with `/customers/<slug>` appended.
pub fn tenant_issuer(hub_issuer: &str, customer: &CustomerSlug) -> String {
    format!("{}/customers/{customer}", hub_issuer.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, principal: Principal) -> EmbedUser {
        let mut user: EmbedUser = serde_json::from_value(serde_json::json!({
            "id": id, "name": "N", "email": "n@example.com"
        }))
        .expect("test value");
        user.principal = principal;
        user
    }

    #[test]
    fn subjects_table() {
        let acme = CustomerSlug::parse("acme").expect("test value");
        let globex = CustomerSlug::parse("globex").expect("test value");
        let cases = [
            (&acme, "ada", Principal::Host, "oemhub:acme:ada"),
            (&globex, "ada", Principal::Host, "oemhub:globex:ada"),
            (
                &acme,
                "qlikbot\\abc",
                Principal::Host,
                "oemhub:acme:qlikbot\\abc",
            ),
            (
                &acme,
                "oemhub:globex:ada",
                Principal::Host,
                "oemhub:acme:oemhub:globex:ada",
            ),
            (
                &acme,
                "admin",
                Principal::AdminPreview,
                "oemhub-preview:acme:admin",
            ),
        ];
        for (customer, id, principal, want) in cases {
            assert_eq!(
                QlikSubject::of(customer, &user(id, principal)).as_str(),
                want
            );
        }
    }

    #[test]
    fn no_host_id_reaches_a_reserved_or_other_customers_subject() {
        let acme = CustomerSlug::parse("acme").expect("test value");
        for id in [
            "qlikbot\\x",
            "auth0|123",
            "oemhub-preview:acme:admin",
            ":",
            "a:b",
        ] {
            let s = QlikSubject::of(&acme, &user(id, Principal::Host));
            assert!(s.as_str().starts_with("oemhub:acme:"), "{s}");
            assert!(!s.as_str().starts_with("qlikbot\\"), "{s}");
            assert!(!s.as_str().starts_with(PREVIEW_SUBJECT_PREFIX), "{s}");
        }
    }

    #[test]
    fn issuers_are_per_customer() {
        let acme = CustomerSlug::parse("acme").expect("test value");
        assert_eq!(
            tenant_issuer("https://hub.example/", &acme),
            "https://hub.example/customers/acme"
        );
        assert_eq!(
            Principal::parse("admin_preview"),
            Some(Principal::AdminPreview)
        );
        assert_eq!(Principal::parse("root"), None);
    }
}
