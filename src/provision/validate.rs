//! Checks on a customer spec that its types cannot make: modules exist, every template version
//! a customer may get renders safely with its parameters, and a data connection is present
//! (with its secret) when a script needs one.

use super::plan::CONNECTION_NAME;
use super::{Engine, ProvisionError, script};
use crate::domain::{CustomerSpec, MAX_SPREAD_MINUTES, ModuleKey, Refresh, RefreshSpec, spread};
use crate::store::{Sealed, StoreError};

/// A refused spec: the field at fault and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SpecError {
    pub field: String,
    pub message: String,
}

impl SpecError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<script::ScriptError> for SpecError {
    fn from(e: script::ScriptError) -> Self {
        match e {
            script::ScriptError::UnsafeValue { name, reason } => {
                Self::new(format!("params.{name}"), reason)
            }
            script::ScriptError::Missing(name) => Self::new(
                format!("params.{name}"),
                "required by a module's load-script template",
            ),
            script::ScriptError::Template(t) => {
                Self::new("modules", format!("a template is broken: {t}"))
            }
        }
    }
}

/// Why a spec could not be checked: refused, or the store failed.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Invalid(#[from] SpecError),
    #[error(transparent)]
    Failed(#[from] ProvisionError),
}

impl From<StoreError> for CheckError {
    fn from(e: StoreError) -> Self {
        CheckError::Failed(e.into())
    }
}

/// An access block names only the customer's modules.
fn check_access(
    modules: &[ModuleKey],
    access: &crate::domain::AccessSpec,
) -> Result<(), SpecError> {
    match access.modules.keys().find(|m| !modules.contains(m)) {
        Some(extra) => Err(SpecError::new(
            format!("access.modules.{extra}"),
            "is not one of the customer's modules",
        )),
        None => Ok(()),
    }
}

/// A refresh block names only the customer's modules, and every schedule's window fits.
fn check_refresh(modules: &[ModuleKey], refresh: &RefreshSpec) -> Result<(), SpecError> {
    if let Some(extra) = refresh.modules.keys().find(|m| !modules.contains(m)) {
        return Err(SpecError::new(
            format!("refresh.modules.{extra}"),
            "is not one of the customer's modules",
        ));
    }
    let named = std::iter::once(("refresh.default".to_owned(), &refresh.default)).chain(
        refresh
            .modules
            .iter()
            .map(|(m, r)| (format!("refresh.modules.{m}"), r)),
    );
    for (field, policy) in named {
        let Refresh::Schedule(schedule) = policy else {
            continue;
        };
        if schedule.spread_minutes > MAX_SPREAD_MINUTES {
            return Err(SpecError::new(
                format!("{field}.schedule.spread_minutes"),
                format!("must be at most {MAX_SPREAD_MINUTES}"),
            ));
        }
        spread::check_window(schedule)
            .map_err(|e| SpecError::new(format!("{field}.schedule"), e.to_string()))?;
    }
    Ok(())
}

impl Engine {
    /// Checks `spec` and seals its connection string. On update (`creating` false) an empty
    /// connection string keeps the stored one (`None` is returned for it).
    pub async fn check_spec(
        &self,
        spec: &CustomerSpec,
        creating: bool,
    ) -> Result<Option<Sealed>, CheckError> {
        let store = &self.inner.store;
        for module in &spec.modules {
            let record = match store.get_module(module).await {
                Err(StoreError::NotFound(_)) => {
                    return Err(
                        SpecError::new("modules", format!("unknown module {module}")).into(),
                    );
                }
                other => other?,
            };
            // The released version and any newer one a rollout may bring must render safely.
            for version in store
                .list_module_versions(module)
                .await?
                .iter()
                .filter(|v| v.version >= record.version)
            {
                script::render_module(&version.script_template, spec, module, &[])
                    .map_err(SpecError::from)?;
                script::variables(&version.variables, &spec.params).map_err(SpecError::from)?;
                if spec.data_connection.is_none()
                    && version.script_template.contains(CONNECTION_NAME)
                {
                    return Err(SpecError::new(
                        "data_connection",
                        format!("required: module {module}'s load script connects to '{CONNECTION_NAME}'"),
                    )
                    .into());
                }
            }
        }
        check_refresh(&spec.modules, &spec.refresh)?;
        check_access(&spec.modules, &spec.access)?;
        match &spec.data_connection {
            None => Ok(None),
            Some(c) if c.connection_string.is_empty() => match creating {
                true => {
                    Err(SpecError::new("data_connection.connection_string", "is required").into())
                }
                false => Ok(None),
            },
            Some(c) => Ok(Some(self.seal(c.connection_string.expose()))),
        }
    }
}
