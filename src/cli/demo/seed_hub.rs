//! What the demo puts in the hub's database before it serves: the source tenant's apps as
//! modules and, unless it starts without them, the demo customers with their own databases.

use super::{data, host_origins};
use crate::domain::{ModuleKey, ParseError, SheetId, TenantHostname};
use crate::emulator::EmulatorHandle;
use crate::emulator::seed::{self, SourceSeed};
use crate::qlik::{Credentials, QlikClient, QlikEndpoint};
use crate::store::{SealingKey, SheetRef, Store, TemplateVersion};
use anyhow::Context;
use secrecy::SecretString;

/// Registers the templates as modules (found through the Qlik client, as against Qlik Cloud)
/// and, given the host page's port (their origins), adds the demo customers with their own
/// databases.
pub(super) async fn seed_hub(
    store: &Store,
    emulator: &EmulatorHandle,
    source: &SourceSeed,
    data_dir: &std::path::Path,
    sealing_key: &SealingKey,
    host_port: Option<u16>,
) -> anyhow::Result<()> {
    if !store.list_modules().await?.is_empty() {
        return Ok(()); // a kept --data-dir was seeded by an earlier run
    }
    let client = QlikClient::new(
        QlikEndpoint::emulator(emulator.port()),
        Credentials {
            client_id: source.client_id.clone(),
            client_secret: SecretString::from(source.client_secret.clone()),
        },
    )?;
    seed_modules(store, &client, source).await?;
    let Some(host_port) = host_port else {
        return Ok(());
    };
    for customer in &data::DEMO_CUSTOMERS {
        let db = data::write_customer_db(data_dir, customer).await?;
        let spec = data::spec(customer, &db, &host_origins(host_port))?;
        let sealed = spec
            .data_connection
            .as_ref()
            .map(|c| sealing_key.seal(c.connection_string.expose()));
        store.insert_customer(&spec, sealed).await?;
    }
    Ok(())
}

/// Registers every app of the source tenant as a module at version 1, with the demo
/// template's sheets and load script.
pub async fn seed_modules(
    store: &Store,
    client: &QlikClient,
    source: &SourceSeed,
) -> anyhow::Result<()> {
    let host = TenantHostname::parse(&source.source_hostname)?;
    for item in client.tenant(&host).list_apps(None).await? {
        let key = ModuleKey::parse(&item.name.to_ascii_lowercase())?;
        let app_id = item
            .resource_id
            .clone()
            .with_context(|| format!("app item {} has no resource id", item.id))?;
        let sheets = source
            .apps
            .iter()
            .find(|a| a.id == app_id.as_str())
            .map(|a| {
                a.sheets
                    .iter()
                    .map(|s| {
                        Ok(SheetRef {
                            id: SheetId::parse(&s.id)?,
                            title: s.title.clone(),
                        })
                    })
                    .collect::<Result<Vec<_>, ParseError>>()
            })
            .transpose()?
            .unwrap_or_default();
        let script_template = seed::DEMO_TEMPLATES
            .iter()
            .find(|t| t.name == item.name)
            .map(|t| t.script.to_owned())
            .unwrap_or_default();
        let first = TemplateVersion {
            template_app_id: app_id,
            sheets,
            script_template,
            variables: Vec::new(),
            note: "demo template".to_owned(),
        };
        store.insert_module(&key, &item.name, &first).await?;
    }
    Ok(())
}
