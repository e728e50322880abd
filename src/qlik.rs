//! The typed Qlik Cloud REST client. The same code talks to Qlik Cloud and to the emulator;
//! only the endpoint (scheme, domain, port) differs.

mod access;
mod apps;
mod calls;
mod client;
mod configure;
mod credentials;
mod engine;
mod error;
mod filter;
mod hybrid;
mod limiter;
mod lists;
mod models;
mod oauth_clients;
mod observe;
mod privilege;
mod reloads;
mod removals;
pub mod reports;
mod resolver;
mod retry;
mod tasks;
mod tenant_api;
mod tenants;
mod themes;
mod users;
mod webhooks;

pub use access::Assignee;
pub use client::{CallObserver, CallRecord, Credentials, QlikClient};
pub use credentials::{ConnectionParts, split_credentials};
pub use engine::EngineSheet;
pub use error::QlikError;
pub use filter::{eq_filter_query, filter_value};
pub use limiter::Limiter;
pub use models::{
    AssignedRole, Assignment, CspEntry, DataConnection, Group, IdentityProvider, Item, ItemList,
    LicenseOverview, Links, NxApp, NxAppAttributes, OrgTenant, ProviderType, Reload, Role,
    ScriptIssues, Space, Tenant, User, WebIntegration,
};
pub use oauth_clients::{CreatedClient, IMPERSONATION, UserToken};
pub use privilege::{
    AuthSettings, EVERYONE_GROUP_ID, GroupSettings, LicenseSettings, SystemGroup, TenantAutoRoles,
};
pub use reloads::ReloadStatus;
pub use resolver::{LoopbackLocalhost, is_localhost};
pub use retry::{Decision, RetryPolicy};
pub use tasks::{Task, reload_task};
pub use tenant_api::TenantApi;
pub use themes::{Theme, form as theme_form};
pub use webhooks::{RELOAD_FINISHED, Webhook, reload_webhook};

use crate::domain::Region;

/// Where Qlik Cloud is: `https://<host>` in production, `http://<host>:<port>` for the emulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QlikEndpoint {
    pub scheme: String,
    pub domain: String,
    pub port: Option<u16>,
}

impl QlikEndpoint {
    /// Qlik Cloud itself.
    pub fn qlik_cloud() -> Self {
        Self {
            scheme: "https".to_owned(),
            domain: "qlikcloud.com".to_owned(),
            port: None,
        }
    }

    /// The emulator on `127.0.0.1:<port>` under `*.localhost`.
    pub fn emulator(port: u16) -> Self {
        Self {
            scheme: "http".to_owned(),
            domain: "localhost".to_owned(),
            port: Some(port),
        }
    }

    /// The regional register host, e.g. `register.us.qlikcloud.com`.
    pub fn register_host(&self, region: Region) -> String {
        format!("register.{}.{}", region.code(), self.domain)
    }

    /// The organization (Cloud Console) host, e.g. `console.qlikcloud.com`.
    pub fn console_host(&self) -> String {
        format!("console.{}", self.domain)
    }

    /// `scheme://host[:port]` for `host`.
    pub fn base_url(&self, host: &str) -> String {
        match self.port {
            Some(port) => format!("{}://{host}:{port}", self.scheme),
            None => format!("{}://{host}", self.scheme),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_for_cloud_and_emulator() {
        let cloud = QlikEndpoint::qlik_cloud();
        assert_eq!(cloud.register_host(Region::Eu), "register.eu.qlikcloud.com");
        assert_eq!(cloud.console_host(), "console.qlikcloud.com");
        assert_eq!(
            cloud.base_url("acme.eu.qlikcloud.com"),
            "https://acme.eu.qlikcloud.com"
        );
        let emu = QlikEndpoint::emulator(3100);
        assert_eq!(
            emu.base_url("register.us.localhost"),
            "http://register.us.localhost:3100"
        );
    }
}
