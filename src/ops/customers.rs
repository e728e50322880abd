//! Customer use cases: add and change desired state (checked before anything is written), list
//! and show, check a slug, and plan. The console, the REST API and the CLI all call these.

use crate::domain::{CustomerSlug, CustomerSpec};
use crate::provision::{Engine, PlanView};
use crate::store::{CustomerRecord, Job, Observed, Store, StoreError};
use crate::wire::{ApiError, CustomerSummary, ErrorCode, SlugCheck};
use serde::{Deserialize, Serialize};

/// A customer as the API shows it: desired state, what was made real, and the last outcome.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CustomerView {
    pub spec: CustomerSpec,
    pub retired: bool,
    pub observed: Observed,
    pub last_result: Option<crate::domain::LastResult>,
    pub active_job: Option<Job>,
}

/// Every customer's desired state.
pub async fn list(store: &Store) -> Result<Vec<CustomerSpec>, ApiError> {
    let customers = store.list_customers().await?;
    Ok(customers.into_iter().map(|c| c.spec).collect())
}

/// The customer `slug`, or a 400 on `field` when there is none (for requests that name a
/// customer in their body rather than their path).
pub async fn known(
    store: &Store,
    slug: &CustomerSlug,
    field: &str,
) -> Result<CustomerRecord, ApiError> {
    match store.get_customer(slug).await {
        Err(StoreError::NotFound(_)) => Err(ApiError::invalid(field, "unknown customer")),
        other => Ok(other?),
    }
}

/// Adds a customer after the engine's checks; nothing is written on refusal.
pub async fn create(engine: &Engine, spec: &CustomerSpec) -> Result<CustomerRecord, ApiError> {
    let sealed = engine.check_spec(spec, true).await?;
    engine
        .store()
        .insert_customer(spec, sealed)
        .await
        .map_err(|e| write_error(e, spec))
}

/// Replaces the desired state of `slug` (the slug never changes, nor the region once the
/// tenant exists).
pub async fn update(
    engine: &Engine,
    slug: &CustomerSlug,
    spec: &CustomerSpec,
) -> Result<CustomerRecord, ApiError> {
    if &spec.slug != slug {
        return Err(ApiError::invalid(
            "slug",
            "does not match the URL; a slug never changes",
        ));
    }
    let current = engine.store().get_customer(slug).await?;
    if current.spec.region != spec.region && has_tenant(engine.store(), slug).await? {
        return Err(ApiError::invalid(
            "region",
            "cannot change once the tenant exists",
        ));
    }
    let sealed = engine.check_spec(spec, false).await?;
    engine
        .store()
        .update_customer(spec, sealed)
        .await
        .map_err(|e| write_error(e, spec))
}

/// Desired and observed state, the last result and the unfinished job.
pub async fn show(store: &Store, slug: &CustomerSlug) -> Result<CustomerView, ApiError> {
    let record = store.get_customer(slug).await?;
    let state = store.get_state(slug).await?;
    Ok(CustomerView {
        retired: record.retired_at.is_some(),
        spec: record.spec,
        observed: state.observed,
        last_result: state.last_result,
        active_job: store.active_job(slug).await?,
    })
}

/// The steps an apply would run (`refresh` reads the tenant for drift); refused for a retired
/// customer, whose tenant is deactivated.
pub async fn plan(
    engine: &Engine,
    slug: &CustomerSlug,
    refresh: bool,
) -> Result<PlanView, ApiError> {
    let customer = engine.store().get_customer(slug).await?;
    if customer.retired_at.is_some() {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!("{slug} is retired (its tenant is deactivated); reactivate it to plan"),
        ));
    }
    Ok(engine.plan(slug, refresh).await?)
}

/// Whether `raw` can name a new customer, and why not.
pub async fn check_slug(store: &Store, raw: &str) -> Result<SlugCheck, ApiError> {
    let parsed = match CustomerSlug::parse(raw) {
        Ok(parsed) => parsed,
        Err(problem) => {
            return Ok(SlugCheck {
                slug: raw.to_owned(),
                available: false,
                problem: Some(problem.to_string()),
            });
        }
    };
    let available = match store.get_customer(&parsed).await {
        Ok(_) => false,
        Err(StoreError::NotFound(_)) => true,
        Err(e) => return Err(e.into()),
    };
    Ok(SlugCheck {
        slug: raw.to_owned(),
        available,
        problem: (!available).then(|| format!("customer {parsed} already exists")),
    })
}

/// The console's customer rows: tenant, deployed versions, latest job, fallbacks.
pub async fn summaries(store: &Store) -> Result<Vec<CustomerSummary>, ApiError> {
    let customers = store.list_customers().await?;
    let mut rows = Vec::with_capacity(customers.len());
    for c in customers {
        let observed = store.get_state(c.slug()).await?.observed;
        let last_job = store
            .list_jobs(Some(c.slug()), 1)
            .await?
            .into_iter()
            .next()
            .map(|j| format!("{} {}", j.kind, j.state.as_str()));
        let proxy_fallbacks = store.fallback_users(c.slug()).await?;
        let mut modules = c.spec.modules.clone();
        modules.sort();
        rows.push(CustomerSummary {
            slug: c.spec.slug.clone(),
            display_name: c.spec.display_name.clone(),
            region: c.spec.region,
            modules,
            tenant_host: observed.hostname.clone(),
            versions: observed
                .deployments
                .iter()
                .filter_map(|(k, d)| d.version.map(|v| format!("{k} v{v}")))
                .collect(),
            last_job,
            retired: c.retired_at.is_some(),
            embedding: c.spec.embedding,
            proxy_fallbacks,
        });
    }
    Ok(rows)
}

async fn has_tenant(store: &Store, slug: &CustomerSlug) -> Result<bool, ApiError> {
    let s = store.get_state(slug).await?;
    Ok(s.observed.tenant_id.is_some() || s.observed.tenant_create_started_at.is_some())
}

/// A write refused by the database: the slug is taken (a listed module that was removed after
/// the spec was checked maps in `ops::error`).
fn write_error(e: StoreError, spec: &CustomerSpec) -> ApiError {
    match e {
        StoreError::Conflict(_) => ApiError {
            code: ErrorCode::Conflict,
            message: format!("slug: customer {} already exists", spec.slug),
            field: Some("slug".to_owned()),
        },
        other => other.into(),
    }
}
