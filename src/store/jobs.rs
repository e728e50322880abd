//! Provisioning jobs: queued, leased by one engine instance at a time, retried with backoff,
//! with progress and a final state. At most one unfinished job per customer.

use super::query::{Changes, Fetch};
use super::rows::{Columns, Record};
use super::{Store, StoreError, now_millis};
use crate::domain::{CustomerSlug, JobKind};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

pub use super::job_state::{JobState, StoredKind};

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Job {
    pub id: String,
    pub customer: CustomerSlug,
    /// What the job does; on the wire (and in the store) its `kind` and `params` (JSON).
    #[serde(flatten)]
    pub kind: StoredKind,
    pub state: JobState,
    pub step_index: i64,
    pub step_count: i64,
    pub step_name: String,
    pub attempts: i64,
    pub not_before: i64,
    pub lease_owner: Option<String>,
    pub cancel_requested: bool,
    pub error: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

const COLUMNS: &str = "id, customer_slug, kind, params, state, step_index, step_count, step_name, \
    attempts, not_before, lease_owner, cancel_requested, error, created_at, updated_at, finished_at";

impl Record for Job {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let row = Columns::of(row, "job");
        let (kind, params): (String, String) = (row.get("kind")?, row.get("params")?);
        Ok(Self {
            id: row.get("id")?,
            customer: row.parsed("customer_slug", CustomerSlug::parse)?,
            kind: StoredKind::from_columns(&kind, &params),
            state: row.parsed("state", JobState::parse)?,
            step_index: row.get("step_index")?,
            step_count: row.get("step_count")?,
            step_name: row.get("step_name")?,
            attempts: row.get("attempts")?,
            not_before: row.get("not_before")?,
            lease_owner: row.get("lease_owner")?,
            cancel_requested: row.get::<i64>("cancel_requested")? != 0,
            error: row.get("error")?,
            created_at: row.get("created_at")?,
            updated_at: row.get("updated_at")?,
            finished_at: row.get("finished_at")?,
        })
    }
}

impl Store {
    /// Queues a job for `customer`, or returns the customer's unfinished job if there is one
    /// (`true` when newly queued).
    pub async fn enqueue_job(
        &self,
        customer: &CustomerSlug,
        kind: JobKind,
    ) -> Result<(Job, bool), StoreError> {
        if let Some(active) = self.active_job(customer).await? {
            return Ok((active, false));
        }
        let id = uuid::Uuid::now_v7().to_string();
        let now = now_millis();
        let inserted = sqlx::query(
            "INSERT INTO jobs (id, customer_slug, kind, params, state, step_index, step_count, \
             step_name, attempts, not_before, cancel_requested, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'queued', 0, 0, '', 0, $5, 0, $5, $5)",
        )
        .bind(&id)
        .bind(customer.as_str())
        .bind(kind.as_str())
        .bind(kind.params())
        .bind(now)
        .execute(self.pool())
        .await;
        match inserted {
            Ok(_) => Ok((self.get_job(&id).await?, true)),
            // Another request queued one between our check and insert: return that one.
            Err(e) if StoreError::is_unique_violation(&e) => match self.active_job(customer).await?
            {
                Some(active) => Ok((active, false)),
                None => Err(e.into()),
            },
            Err(e) => Err(e.into()),
        }
    }

    /// The customer's unfinished job, if any.
    pub async fn active_job(&self, customer: &CustomerSlug) -> Result<Option<Job>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM jobs WHERE customer_slug = $1 AND finished_at IS NULL"
        ))
        .bind(customer.as_str())
        .optional(self.pool())
        .await
    }

    /// One job.
    pub async fn get_job(&self, id: &str) -> Result<Job, StoreError> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1"))
            .bind(id)
            .one(self.pool(), || format!("job {id}"))
            .await
    }

    /// Jobs, newest first, optionally of one customer.
    pub async fn list_jobs(
        &self,
        customer: Option<&CustomerSlug>,
        limit: i64,
    ) -> Result<Vec<Job>, StoreError> {
        let rows = self
            .rows_of_customer(
                &format!("SELECT {COLUMNS} FROM jobs"),
                customer.map(CustomerSlug::as_str),
                "created_at DESC, id DESC",
                limit,
            )
            .await?;
        rows.iter().map(Job::from_row).collect()
    }

    /// Leases one runnable job to `owner` for `lease_ms`: a queued job whose time has come, or
    /// a running one whose lease expired (its worker died). Atomic per row on both backends.
    pub async fn claim_job(&self, owner: &str, lease_ms: i64) -> Result<Option<Job>, StoreError> {
        let now = now_millis();
        let candidates: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM jobs WHERE finished_at IS NULL AND not_before <= $1 \
             AND (lease_expires_at IS NULL OR lease_expires_at < $1) \
             ORDER BY not_before, created_at LIMIT 8",
        )
        .bind(now)
        .fetch_all(self.pool())
        .await?;
        // Another instance may take a candidate first: then the next one is tried.
        let claim = "UPDATE jobs SET lease_owner = $2, lease_expires_at = $3, state = 'running', \
                     attempts = attempts + 1, updated_at = $4 WHERE id = $1 \
                     AND finished_at IS NULL AND (lease_expires_at IS NULL OR lease_expires_at < $4)";
        for id in candidates {
            if self.take_lease(claim, &id, owner, now, lease_ms).await? {
                return Ok(Some(self.get_job(&id).await?));
            }
        }
        Ok(None)
    }

    /// Extends `owner`'s lease and records progress; `false` when the lease was lost.
    pub async fn heartbeat_job(
        &self,
        id: &str,
        owner: &str,
        lease_ms: i64,
        progress: Option<(i64, i64, &str)>,
    ) -> Result<bool, StoreError> {
        let now = now_millis();
        let (index, count, name) = match progress {
            Some((i, n, name)) => (Some(i), Some(n), Some(name.to_owned())),
            None => (None, None, None),
        };
        sqlx::query(
            "UPDATE jobs SET lease_expires_at = $1, updated_at = $2, \
             step_index = COALESCE($3, step_index), step_count = COALESCE($4, step_count), \
             step_name = COALESCE($5, step_name) \
             WHERE id = $6 AND lease_owner = $7 AND lease_expires_at > $2 AND finished_at IS NULL",
        )
        .bind(now + lease_ms)
        .bind(now)
        .bind(index)
        .bind(count)
        .bind(name)
        .bind(id)
        .bind(owner)
        .changed(self.pool())
        .await
    }

    /// Ends `owner`'s job in a final state.
    pub async fn finish_job(
        &self,
        id: &str,
        owner: &str,
        state: JobState,
        error: Option<&str>,
    ) -> Result<bool, StoreError> {
        let now = now_millis();
        sqlx::query(
            "UPDATE jobs SET state = $1, error = $2, finished_at = $3, updated_at = $3, \
             lease_owner = NULL, lease_expires_at = NULL WHERE id = $4 AND lease_owner = $5 \
             AND finished_at IS NULL",
        )
        .bind(state.as_str())
        .bind(error)
        .bind(now)
        .bind(id)
        .bind(owner)
        .changed(self.pool())
        .await
    }

    /// Gives `owner`'s job back to the queue, runnable again at `not_before`.
    pub async fn requeue_job(
        &self,
        id: &str,
        owner: &str,
        not_before: i64,
        error: &str,
    ) -> Result<bool, StoreError> {
        sqlx::query(
            "UPDATE jobs SET state = 'queued', error = $1, not_before = $2, updated_at = $3, \
             lease_owner = NULL, lease_expires_at = NULL WHERE id = $4 AND lease_owner = $5 \
             AND finished_at IS NULL",
        )
        .bind(error)
        .bind(not_before)
        .bind(now_millis())
        .bind(id)
        .bind(owner)
        .changed(self.pool())
        .await
    }

    /// Asks a job to stop: a queued one is cancelled now, a running one at its next step.
    pub async fn cancel_job(&self, id: &str) -> Result<Job, StoreError> {
        let now = now_millis();
        sqlx::query(
            "UPDATE jobs SET state = 'cancelled', finished_at = $1, updated_at = $1 \
             WHERE id = $2 AND state = 'queued' AND finished_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(self.pool())
        .await?;
        sqlx::query("UPDATE jobs SET cancel_requested = 1, updated_at = $1 WHERE id = $2 AND finished_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(self.pool())
            .await?;
        self.get_job(id).await
    }
}
