//! Builders for the product's inputs in tests: customer specs and host users, valid unless a
//! test changes one field, so each test says only what matters to it.

use oem_hub::domain::{
    CustomerSlug, CustomerSpec, DisplayName, EmbedUser, GroupName, ModuleKey, Principal,
};

/// A customer spec: `slug` in the US region, with no modules, groups or origins.
pub struct SpecBuilder(CustomerSpec);

impl SpecBuilder {
    /// A spec for `slug`, displayed as its slug.
    pub fn new(slug: &str) -> Self {
        let spec = serde_json::from_value(serde_json::json!({
            "slug": slug, "display_name": slug, "region": "us"
        }))
        .expect("a minimal spec parses");
        Self(spec)
    }

    pub fn display_name(mut self, name: &str) -> Self {
        self.0.display_name = DisplayName::parse(name).expect("test display name");
        self
    }

    pub fn build(self) -> CustomerSpec {
        self.0
    }
}

/// The slug `raw`, which a test knows is valid.
pub fn slug(raw: &str) -> CustomerSlug {
    CustomerSlug::parse(raw).expect("test slug")
}

/// The module key `raw`, which a test knows is valid.
pub fn module(raw: &str) -> ModuleKey {
    ModuleKey::parse(raw).expect("test module key")
}

/// A host user `id` in `groups`, with a name and an email Qlik's JWT IdP accepts.
pub fn user(id: &str, groups: &[&str]) -> EmbedUser {
    EmbedUser {
        id: id.to_owned(),
        name: format!("User {id}"),
        email: Some(format!("{id}@host.example")),
        groups: groups
            .iter()
            .map(|g| GroupName::parse(g).expect("test group"))
            .collect(),
        attributes: Default::default(),
        principal: Principal::Host,
    }
}
