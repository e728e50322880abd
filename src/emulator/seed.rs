//! Seeding: a partner's source tenant with a regional OAuth client and template apps,
//! used by `oem-hub demo`, `oem-hub emulator --seed-demo` and tests.

use super::EmuState;
use super::ids;
use super::state::{EmuApp, EmuUser, OAuthClient, Sheet};
use crate::domain::Region;
use chrono::Utc;

/// What a seeded source tenant consists of.
#[derive(Debug, Clone)]
pub struct SourceSeed {
    pub region: Region,
    pub client_id: String,
    pub client_secret: String,
    pub source_hostname: String,
    pub license_key: String,
    pub apps: Vec<SeededApp>,
}

/// A template app in the source tenant.
#[derive(Debug, Clone)]
pub struct SeededApp {
    pub id: String,
    pub name: String,
    pub sheets: Vec<Sheet>,
}

/// A template to seed: name, description, sheets (id, title) and load script.
pub struct Template<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub sheets: &'a [(&'a str, &'a str)],
    pub script: &'a str,
}

/// The demo's two templates, whose scripts read from the customer's own database.
pub const DEMO_TEMPLATES: [Template<'static>; 2] = [
    Template {
        name: "Sales",
        description: "Orders by region and product",
        sheets: &[
            ("salesOverview", "Sales overview"),
            ("salesByProduct", "Sales by product"),
        ],
        script: "LIB CONNECT TO 'customer_db';\nOrders: SQL SELECT region, product, amount FROM orders;\n",
    },
    Template {
        name: "Finance",
        description: "Ledger balances by account and period",
        sheets: &[
            ("financeLedger", "Ledger"),
            ("financeCash", "Cash position"),
        ],
        script: "LIB CONNECT TO 'customer_db';\nLedger: SQL SELECT account, period, balance FROM ledger;\n",
    },
];

/// Creates one more regional OAuth client (a partner has one per region) and returns its
/// id and secret.
pub fn seed_regional_client(state: &EmuState, region: Region) -> (String, String) {
    let client = OAuthClient {
        client_id: ids::random_token(32).to_lowercase(),
        client_secret: ids::random_token(64),
        region,
    };
    state.lock().clients.push(client.clone());
    (client.client_id, client.client_secret)
}

/// Creates a regional OAuth client and a source tenant named `source_name` holding `templates`.
pub fn seed_source(
    state: &EmuState,
    region: Region,
    source_name: &str,
    templates: &[Template<'_>],
) -> SourceSeed {
    let mut world = state.lock();
    let client = OAuthClient {
        client_id: ids::random_token(32).to_lowercase(),
        client_secret: ids::random_token(64),
        region,
    };
    world.clients.push(client.clone());
    let tenant_id = world.add_tenant(source_name, region);
    let license_key = world.config.license_key.clone();
    let Some(tenant) = world.tenants.get_mut(&tenant_id) else {
        unreachable!("tenant {tenant_id} was just added")
    };
    let owner = EmuUser {
        id: ids::hex24(),
        subject: "partner\\developer".to_owned(),
        name: "Partner Developer".to_owned(),
        email: Some("developer@partner.example".to_owned()),
        roles: vec!["TenantAdmin".to_owned()],
        groups: Vec::new(),
        created_at: Utc::now(),
    };
    let owner_id = owner.id.clone();
    tenant.users.insert(owner_id.clone(), owner);
    let mut apps = Vec::new();
    for template in templates {
        let now = Utc::now();
        let app = EmuApp {
            section_access: None,
            id: ids::guid(),
            item_id: ids::hex24(),
            name: template.name.to_owned(),
            description: template.description.to_owned(),
            owner_id: owner_id.clone(),
            space_id: None,
            origin_app_id: None,
            publish_time: None,
            sheets: template
                .sheets
                .iter()
                .map(|(id, title)| Sheet {
                    id: (*id).to_owned(),
                    title: (*title).to_owned(),
                    cells: Vec::new(),
                })
                .collect(),
            script: template.script.to_owned(),
            script_history: Vec::new(),
            data: Vec::new(),
            created: now,
            modified: now,
            distributed: None,
        };
        apps.push(SeededApp {
            id: app.id.clone(),
            name: app.name.clone(),
            sheets: app.sheets.clone(),
        });
        tenant.apps.insert(app.id.clone(), app);
    }
    SourceSeed {
        region,
        client_id: client.client_id,
        client_secret: client.client_secret,
        source_hostname: tenant.hostnames[0].clone(),
        license_key,
        apps,
    }
}
