//! Adopting the apps that arrived through a customer's deployment: published (distributed),
//! unplaced or already in the customer's managed space. On-demand apps are refused with the
//! reason; the others move into the managed space and list their sheets, extension sheets
//! hidden from the menu until an admin exposes them. Redistribution keeps key and space.

use super::super::Engine;
use super::HybridError;
use crate::domain::{CustomerSlug, hybrid_module_key, is_extension_type, odag_bindings};
use crate::domain::{HybridApp, HybridAppStatus, HybridSheet, HybridView, ModuleKey};
use crate::domain::{SpaceId, TenantHostname};
use crate::qlik::{EngineSheet, NxAppAttributes};

impl Engine {
    /// Adopts every app distributed to the customer's tenant; apps that left the tenant are
    /// forgotten. Needs the tenant's multi-cloud IdP to hold the deployment's token.
    pub async fn hybrid_adopt(&self, slug: &CustomerSlug) -> Result<HybridView, HybridError> {
        self.adopt_arrivals(slug).await?;
        self.hybrid_view(slug).await
    }

    /// Adoption itself, without building the admin's view (the periodic sync needs none).
    pub(super) async fn adopt_arrivals(&self, slug: &CustomerSlug) -> Result<(), HybridError> {
        let record = self.hybrid_deployment(slug).await?;
        let host = self.tenant_host(slug).await?;
        let space = self.managed_space(slug, &host).await?;
        if record.token_digest.is_none() {
            return Err(HybridError::NoToken(record.name.to_string()));
        }
        let idp = self.multi_cloud_idp(&host, record.idp_id.as_ref()).await?;
        if idp.is_none() || record.idp_token_digest != record.token_digest {
            return Err(HybridError::IdpMissing(record.name.to_string()));
        }
        let arrived: Vec<NxAppAttributes> = self
            .qlik()
            .tenant(&host)
            .list_apps(None)
            .await?
            .into_iter()
            .filter_map(|item| item.resource_attributes)
            .filter(|a| a.published == Some(true))
            .filter(|a| a.space_id.is_none() || a.space_id.as_ref() == Some(&space))
            .collect();
        let known = self.store().hybrid_apps(slug).await?;
        let mut taken: Vec<String> = self
            .store()
            .list_modules()
            .await?
            .into_iter()
            .map(|m| m.key.to_string())
            .chain(known.iter().map(|k| k.module_key.to_string()))
            .collect();
        for attributes in &arrived {
            let previous = known.iter().find(|k| k.app_id == attributes.id);
            if previous.is_some_and(|p| unchanged(p, attributes, &space)) {
                continue;
            }
            let module_key = match previous {
                Some(p) => p.module_key.clone(),
                None => {
                    let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
                    let key = hybrid_module_key(&attributes.name, &refs);
                    taken.push(key.to_string());
                    key
                }
            };
            let app = self
                .adopt_one(&host, &space, attributes, previous, module_key)
                .await?;
            self.store().save_hybrid_app(slug, &app).await?;
        }
        for gone in known
            .iter()
            .filter(|k| !arrived.iter().any(|a| a.id == k.app_id))
        {
            self.store().delete_hybrid_app(slug, &gone.app_id).await?;
        }
        let apps = self.store().hybrid_apps(slug).await?;
        let served = apps
            .iter()
            .filter(|a| a.status == HybridAppStatus::Adopted)
            .count();
        let detail = format!(
            "the last adoption serves {served} app(s) and refused {}",
            apps.len() - served
        );
        self.note_hybrid_detail(slug, detail).await
    }

    async fn adopt_one(
        &self,
        host: &TenantHostname,
        space: &SpaceId,
        attributes: &NxAppAttributes,
        previous: Option<&HybridApp>,
        module_key: ModuleKey,
    ) -> Result<HybridApp, HybridError> {
        let mut app = HybridApp {
            app_id: attributes.id.clone(),
            name: attributes.name.clone(),
            module_key,
            status: HybridAppStatus::Refused,
            reason: String::new(),
            space_id: attributes.space_id.clone(),
            published_at: attributes.publish_time.clone(),
            sheets: Vec::new(),
        };
        let script = self
            .qlik()
            .tenant(host)
            .current_script(&attributes.id)
            .await?;
        let bindings = odag_bindings(&script);
        if !bindings.is_empty() {
            app.reason = format!(
                "on-demand app: its load script binds {} (ODAG); Qlik Cloud does not support on-demand apps distributed from client-managed sites, so it is not placed or served",
                bindings.join(", ")
            );
            return Ok(app);
        }
        if attributes.space_id.as_ref() != Some(space) {
            self.qlik()
                .tenant(host)
                .move_app_to_space(&attributes.id, space)
                .await?;
        }
        let sheets = self.qlik().tenant(host).list_sheets(&attributes.id).await?;
        app.status = HybridAppStatus::Adopted;
        app.space_id = Some(space.clone());
        app.sheets = sheets
            .into_iter()
            .map(|s| flag_sheet(s, previous))
            .collect();
        Ok(app)
    }

    /// The customer's managed (production) space, which must still exist on the tenant.
    async fn managed_space(
        &self,
        slug: &CustomerSlug,
        host: &TenantHostname,
    ) -> Result<SpaceId, HybridError> {
        let observed = self.store().get_state(slug).await?.observed;
        let missing = || HybridError::NoManagedSpace(slug.to_string());
        let id = observed.production_space_id.ok_or_else(missing)?;
        let spaces = self.qlik().tenant(host).list_spaces().await?;
        spaces
            .into_iter()
            .find(|s| s.id == id && s.space_type == "managed")
            .map(|s| s.id)
            .ok_or_else(missing)
    }
}

/// True when the app was not distributed again since it was last looked at, and is where it
/// was left: nothing to read or move.
fn unchanged(known: &HybridApp, now: &NxAppAttributes, space: &SpaceId) -> bool {
    let placed = match known.status {
        HybridAppStatus::Adopted => now.space_id.as_ref() == Some(space),
        HybridAppStatus::Refused => now.space_id.is_none(),
    };
    placed && known.published_at.is_some() && known.published_at == now.publish_time
}

/// A sheet with its extension objects flagged. A flagged sheet stays hidden until an admin
/// exposes it; that choice holds while the sheet's extensions stay the same.
fn flag_sheet(sheet: EngineSheet, previous: Option<&HybridApp>) -> HybridSheet {
    let mut extension_types: Vec<String> = sheet
        .object_types
        .into_iter()
        .filter(|t| is_extension_type(t))
        .collect();
    extension_types.sort();
    extension_types.dedup();
    let before = previous.and_then(|p| p.sheets.iter().find(|s| s.id == sheet.id));
    let exposed = match before {
        Some(b) if b.extension_types == extension_types => b.exposed,
        _ => extension_types.is_empty(),
    };
    HybridSheet {
        id: sheet.id,
        title: sheet.title,
        extension_types,
        exposed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id<T: std::str::FromStr>(raw: &str) -> T
    where
        T::Err: std::fmt::Debug,
    {
        raw.parse().expect("a valid id")
    }

    fn engine_sheet(types: &[&str]) -> EngineSheet {
        EngineSheet {
            id: id("s"),
            title: "S".into(),
            object_types: types.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    fn known(extension_types: &[&str], exposed: bool) -> HybridApp {
        HybridApp {
            app_id: id("a"),
            name: "A".into(),
            module_key: id("qse-a"),
            status: HybridAppStatus::Adopted,
            reason: String::new(),
            space_id: None,
            published_at: None,
            sheets: vec![HybridSheet {
                id: id("s"),
                title: "S".into(),
                extension_types: extension_types.iter().map(|t| (*t).to_owned()).collect(),
                exposed,
            }],
        }
    }

    #[test]
    fn extension_sheets_stay_hidden_until_exposed() {
        let plain = flag_sheet(engine_sheet(&["barchart", "kpi"]), None);
        assert!(plain.exposed && plain.extension_types.is_empty());
        let flagged = flag_sheet(engine_sheet(&["d3-sunburst", "kpi", "d3-sunburst"]), None);
        assert_eq!(flagged.extension_types, ["d3-sunburst"]);
        assert!(!flagged.exposed);
        let exposed_before = known(&["d3-sunburst"], true);
        let kept = flag_sheet(engine_sheet(&["d3-sunburst"]), Some(&exposed_before));
        assert!(kept.exposed, "the admin's choice holds on redistribution");
        let changed = flag_sheet(engine_sheet(&["cl-kpi"]), Some(&exposed_before));
        assert!(!changed.exposed, "new extensions need a new look");
        let hidden_before = known(&[], false);
        assert!(!flag_sheet(engine_sheet(&["kpi"]), Some(&hidden_before)).exposed);
    }

    #[test]
    fn only_redistributed_or_moved_apps_are_read_again() {
        let mut app = known(&[], true);
        app.published_at = Some("t1".into());
        let space: SpaceId = id("space");
        app.space_id = Some(space.clone());
        let attributes = |space: Option<&str>, time: Option<&str>| NxAppAttributes {
            id: id("a"),
            name: "A".into(),
            description: None,
            owner_id: None,
            space_id: space.map(id),
            origin_app_id: None,
            publish_time: time.map(str::to_owned),
            published: Some(true),
        };
        assert!(unchanged(
            &app,
            &attributes(Some("space"), Some("t1")),
            &space
        ));
        assert!(!unchanged(
            &app,
            &attributes(Some("space"), Some("t2")),
            &space
        ));
        assert!(!unchanged(&app, &attributes(None, Some("t1")), &space));
        app.status = HybridAppStatus::Refused;
        assert!(unchanged(&app, &attributes(None, Some("t1")), &space));
        app.published_at = None;
        assert!(!unchanged(&app, &attributes(None, None), &space));
    }
}
