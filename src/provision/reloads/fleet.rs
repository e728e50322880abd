//! Fleet reloads: "reload now" over a set of customers × modules (or the whole fleet), worked
//! a few at a time — at most `fleet_concurrency` hub-wide and `per_source_cap` against one
//! customer database — with every item's state stored, so a restart resumes it.

mod poll;
mod run;

use super::super::{Engine, ProvisionError};
use super::{record, source_key};
use crate::domain::{CustomerSlug, FleetItemState, ModuleKey, ReloadTrigger, TenantHostname};
use crate::store::{CustomerRecord, FleetItem, FleetReload};

/// What to reload: empty lists mean every active customer and every module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetRequest {
    pub customers: Vec<CustomerSlug>,
    pub modules: Vec<ModuleKey>,
    pub per_source_cap: Option<u32>,
}

impl Engine {
    /// Records a fleet reload of what `req` names; its items run in the background.
    pub async fn start_fleet_reload(
        &self,
        req: &FleetRequest,
    ) -> Result<FleetReload, ProvisionError> {
        if req.per_source_cap == Some(0) {
            return Err(ProvisionError::Invalid {
                field: "per_source_cap",
                reason: "must be at least 1".to_owned(),
            });
        }
        let mut items = Vec::new();
        for customer in self.fleet_customers(&req.customers).await? {
            let source = self.source_of(&customer)?;
            let observed = self.store().get_state(customer.slug()).await?.observed;
            for module in &customer.spec.modules {
                let published = observed
                    .deployments
                    .get(module)
                    .is_some_and(|d| d.published_app_id.is_some());
                if published && (req.modules.is_empty() || req.modules.contains(module)) {
                    items.push(FleetItem {
                        customer: customer.slug().clone(),
                        module: module.clone(),
                        source: source.clone(),
                        state: FleetItemState::Pending,
                        reload_id: None,
                        error: None,
                    });
                }
            }
        }
        if items.is_empty() {
            return Err(ProvisionError::Invalid {
                field: "customers",
                reason: "nothing to reload: no published module matches".to_owned(),
            });
        }
        let id = format!("fr_{}", uuid::Uuid::now_v7().simple());
        Ok(self
            .store()
            .create_fleet_reload(&id, req.per_source_cap, &items)
            .await?)
    }

    async fn fleet_customers(
        &self,
        named: &[CustomerSlug],
    ) -> Result<Vec<CustomerRecord>, ProvisionError> {
        if named.is_empty() {
            let all = self.store().list_customers().await?;
            return Ok(all.into_iter().filter(|c| c.retired_at.is_none()).collect());
        }
        let mut found = Vec::new();
        for slug in named {
            let customer = self.store().get_customer(slug).await?;
            if customer.retired_at.is_some() {
                return Err(ProvisionError::Invalid {
                    field: "customers",
                    reason: format!("{slug} is retired"),
                });
            }
            found.push(customer);
        }
        Ok(found)
    }

    /// The customer's database as a cap key (its own slug when it has none).
    fn source_of(&self, customer: &CustomerRecord) -> Result<String, ProvisionError> {
        match &customer.connection_sealed {
            Some(sealed) => {
                let secret = self.open_sealed(sealed)?;
                Ok(source_key(secrecy::ExposeSecret::expose_secret(&secret)))
            }
            None => Ok(format!("customer:{}", customer.slug())),
        }
    }

    async fn tenant_of(
        &self,
        slug: &CustomerSlug,
    ) -> Result<(TenantHostname, crate::store::Observed), ProvisionError> {
        let observed = self.store().get_state(slug).await?.observed;
        let host = observed
            .hostname
            .clone()
            .ok_or_else(|| ProvisionError::step("reload now", "no tenant recorded"))?;
        Ok((host, observed))
    }

    /// Records `reload` of `item` as a reload now.
    async fn note_reload(
        &self,
        item: &FleetItem,
        reload: &crate::qlik::Reload,
    ) -> Result<crate::store::ReloadRecord, ProvisionError> {
        let noted = record(
            &item.customer,
            &item.module,
            reload,
            ReloadTrigger::ReloadNow,
        );
        self.store().record_reload(&noted).await?;
        Ok(noted)
    }

    async fn start_item(&self, id: &str, item: &mut FleetItem) -> Result<(), ProvisionError> {
        let (host, observed) = self.tenant_of(&item.customer).await?;
        let app = observed
            .deployments
            .get(&item.module)
            .and_then(|d| d.published_app_id.clone());
        let variables = self.reload_variables(&item.customer, &item.module).await?;
        let started = match app {
            Some(app) => self
                .inner
                .client
                .tenant(&host)
                .start_reload(&app, &variables)
                .await
                .map_err(|e| e.to_string()),
            None => Err("the module is no longer published".to_owned()),
        };
        match started {
            Ok(reload) => {
                self.note_reload(item, &reload).await?;
                item.state = FleetItemState::Running;
                item.reload_id = Some(reload.id);
            }
            Err(e) => {
                item.state = FleetItemState::Failed;
                item.error = Some(e);
            }
        }
        Ok(self.store().update_fleet_item(id, item).await?)
    }

    async fn poll_item(&self, id: &str, item: &mut FleetItem) -> Result<(), ProvisionError> {
        let Some(reload_id) = item.reload_id.clone() else {
            item.state = FleetItemState::Pending;
            return Ok(self.store().update_fleet_item(id, item).await?);
        };
        let (host, _) = self.tenant_of(&item.customer).await?;
        let reload = match self.inner.client.tenant(&host).get_reload(&reload_id).await {
            Ok(reload) => reload,
            // The reload is gone (its app deleted, say): nothing left to wait for.
            Err(e) if e.status() == Some(404) => {
                item.state = FleetItemState::Failed;
                item.error = Some(e.to_string());
                return Ok(self.store().update_fleet_item(id, item).await?);
            }
            Err(e) => return Err(e.into()),
        };
        if !reload.is_finished() {
            return Ok(());
        }
        let noted = self.note_reload(item, &reload).await?;
        item.state = match noted.status.is_failure() {
            true => FleetItemState::Failed,
            false => FleetItemState::Succeeded,
        };
        item.error = noted.log_excerpt;
        Ok(self.store().update_fleet_item(id, item).await?)
    }
}
