//! Hybrid distribution per customer: the deployment on its client-managed site, the pasted
//! token (sealed), the tenant's multi-cloud identity provider, and adopting arrived apps.

mod adopt;
mod error;
mod sync;

pub use error::HybridError;

use super::Engine;
use super::plan::digest;
use crate::domain::{
    AppId, CustomerSlug, DeploymentName, DeploymentStatus, DeploymentValues, HybridAppStatus,
    HybridView, IdpId, LocalBearerToken, SheetId, SiteHost, TenantHostname,
};
use crate::store::HybridDeploymentRecord;
use secrecy::ExposeSecret;

impl Engine {
    /// The customer's deployment with its apps and the values to enter on the site.
    pub async fn hybrid_view(&self, slug: &CustomerSlug) -> Result<HybridView, HybridError> {
        let deployment = self.hybrid_deployment(slug).await?;
        let host = self.tenant_host(slug).await?;
        let name = deployment.name.clone();
        let tenant_url = self.qlik().endpoint().base_url(host.as_str());
        // Best effort: the view stays useful when the tenant is slow to answer.
        let license = self.qlik().tenant(&host).license_overview().await;
        Ok(HybridView {
            license_number: license.ok().and_then(|l| l.license_number),
            customer: slug.to_string(),
            site_host: deployment.site_host,
            deployment_name: deployment.name,
            values: DeploymentValues::new(&name, &tenant_url),
            status: deployment.status,
            status_detail: deployment.status_detail,
            token_received: deployment.token_sealed.is_some(),
            idp_id: deployment.idp_id,
            apps: self.store().hybrid_apps(slug).await?,
        })
    }

    /// Sets up the customer's deployment. Naming another deployment (or site) drops the token:
    /// the site issues a new one per deployment.
    pub async fn hybrid_setup(
        &self,
        slug: &CustomerSlug,
        site: &SiteHost,
        name: &DeploymentName,
    ) -> Result<HybridView, HybridError> {
        self.store().get_customer(slug).await?;
        self.tenant_host(slug).await?;
        let existing = self.store().hybrid_deployment(slug).await?;
        let same = existing
            .as_ref()
            .is_some_and(|d| &d.site_host == site && &d.name == name);
        let record = match existing {
            Some(d) if same => d,
            previous => HybridDeploymentRecord {
                site_host: site.clone(),
                name: name.clone(),
                token_sealed: None,
                token_digest: None,
                idp_id: previous.as_ref().and_then(|d| d.idp_id.clone()),
                idp_token_digest: previous.and_then(|d| d.idp_token_digest),
                status: DeploymentStatus::AwaitingToken,
                status_detail: "paste the deployment's local bearer token".to_owned(),
            },
        };
        self.store().save_hybrid_deployment(slug, &record).await?;
        self.hybrid_view(slug).await
    }

    /// Stores the pasted token, sealed. A token another customer's deployment holds is refused.
    pub async fn hybrid_set_token(
        &self,
        slug: &CustomerSlug,
        token: &LocalBearerToken,
    ) -> Result<(), HybridError> {
        let mut record = self.hybrid_deployment(slug).await?;
        let token_digest = digest(token.expose());
        if let Some(owner) = self.store().hybrid_token_owner(&token_digest).await?
            && owner != slug.as_str()
        {
            return Err(HybridError::TokenInUse(owner));
        }
        record.token_sealed = Some(self.seal(token.expose()));
        record.token_digest = Some(token_digest);
        record.status = DeploymentStatus::TokenReceived;
        record.status_detail = "the tenant's identity provider is not updated yet".to_owned();
        self.store().save_hybrid_deployment(slug, &record).await?;
        Ok(())
    }

    /// Makes the tenant's multi-cloud IdP hold the deployment's token: created when missing,
    /// replaced (delete + create) when it holds another token, left alone otherwise.
    pub async fn hybrid_reconcile(&self, slug: &CustomerSlug) -> Result<HybridView, HybridError> {
        let mut record = self.hybrid_deployment(slug).await?;
        let host = self.tenant_host(slug).await?;
        let sealed = record
            .token_sealed
            .clone()
            .ok_or_else(|| HybridError::NoToken(record.name.to_string()))?;
        let token = self.open_sealed(&sealed)?;
        let token = LocalBearerToken::parse(token.expose_secret())
            .map_err(|e| HybridError::invalid("token", e))?;
        let present = self.multi_cloud_idp(&host, record.idp_id.as_ref()).await?;
        let current = present.is_some() && record.idp_token_digest == record.token_digest;
        if !current {
            if let Some(id) = present {
                self.qlik()
                    .tenant(&host)
                    .delete_identity_provider(&id)
                    .await?;
            }
            let description = format!(
                "oem-hub: deployment {} on {}",
                record.name, record.site_host
            );
            let idp = self
                .qlik()
                .tenant(&host)
                .create_multi_cloud_identity_provider(&token, &description)
                .await?;
            record.idp_id = Some(idp.id);
            record.idp_token_digest = record.token_digest.clone();
        }
        record.status = DeploymentStatus::Connected;
        record.status_detail = format!(
            "the tenant's multi-cloud identity provider holds deployment {}'s token",
            record.name
        );
        self.store().save_hybrid_deployment(slug, &record).await?;
        self.hybrid_view(slug).await
    }

    /// Shows (or hides) a sheet of an adopted app in the partner menu.
    pub async fn hybrid_expose(
        &self,
        slug: &CustomerSlug,
        app_id: &AppId,
        sheet_id: &SheetId,
        exposed: bool,
    ) -> Result<HybridView, HybridError> {
        let mut apps = self.store().hybrid_apps(slug).await?;
        let app = apps
            .iter_mut()
            .find(|a| &a.app_id == app_id && a.status == HybridAppStatus::Adopted)
            .ok_or_else(|| HybridError::UnknownApp(format!("app {app_id}")))?;
        let sheet = app
            .sheets
            .iter_mut()
            .find(|s| &s.id == sheet_id)
            .ok_or_else(|| HybridError::UnknownApp(format!("sheet {sheet_id} of app {app_id}")))?;
        sheet.exposed = exposed;
        self.store().save_hybrid_app(slug, app).await?;
        self.hybrid_view(slug).await
    }

    /// Replaces the deployment's status detail (what the admin reads next to its status).
    async fn note_hybrid_detail(
        &self,
        slug: &CustomerSlug,
        detail: String,
    ) -> Result<(), HybridError> {
        let mut record = self.hybrid_deployment(slug).await?;
        record.status_detail = detail;
        self.store().save_hybrid_deployment(slug, &record).await?;
        Ok(())
    }

    /// The id of our multi-cloud IdP on the tenant, if it is still there.
    async fn multi_cloud_idp(
        &self,
        host: &TenantHostname,
        recorded: Option<&IdpId>,
    ) -> Result<Option<IdpId>, HybridError> {
        let Some(recorded) = recorded else {
            return Ok(None);
        };
        let idps = self.qlik().tenant(host).list_identity_providers().await?;
        Ok(idps
            .into_iter()
            .find(|i| &i.id == recorded && i.protocol == "qsefw-local-bearer-token")
            .map(|i| i.id))
    }

    async fn hybrid_deployment(
        &self,
        slug: &CustomerSlug,
    ) -> Result<HybridDeploymentRecord, HybridError> {
        self.store()
            .hybrid_deployment(slug)
            .await?
            .ok_or_else(|| HybridError::NoDeployment(slug.to_string()))
    }

    /// The customer's tenant host, once its tenant exists.
    async fn tenant_host(&self, slug: &CustomerSlug) -> Result<TenantHostname, HybridError> {
        self.store()
            .get_state(slug)
            .await?
            .observed
            .hostname
            .ok_or_else(|| HybridError::NotProvisioned(slug.to_string()))
    }
}
