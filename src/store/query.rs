//! Statement shapes the tables share: what a guarded write changed, a SELECT read as
//! records, and the newest rows of a log that is read whole or for one customer.

use super::rows::Record;
use super::{Store, StoreError};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Executor};

/// A write statement run for what it changed. Most guarded writes (a claim, a lease renewal,
/// an update by key) name one row, and their callers only ask whether it changed; the others
/// (an insert, an upsert, a sweep) ask nothing.
pub(super) trait Changes {
    /// Runs the statement on `on` (the pool or a transaction) for its effect alone.
    async fn run<'c, E>(self, on: E) -> Result<(), StoreError>
    where
        E: Executor<'c, Database = Any>;

    /// Runs the statement on `on`; true when it changed exactly one row, false when its guard
    /// or key matched none.
    async fn changed<'c, E>(self, on: E) -> Result<bool, StoreError>
    where
        E: Executor<'c, Database = Any>;

    /// Runs the statement on `on`; [`StoreError::NotFound`] naming `what` when its key
    /// matched no row (an update of something that does not exist).
    async fn found<'c, E>(self, on: E, what: impl FnOnce() -> String) -> Result<(), StoreError>
    where
        E: Executor<'c, Database = Any>;
}

impl<'q> Changes for Query<'q, Any, AnyArguments<'q>> {
    async fn run<'c, E>(self, on: E) -> Result<(), StoreError>
    where
        E: Executor<'c, Database = Any>,
    {
        self.execute(on).await?;
        Ok(())
    }

    async fn changed<'c, E>(self, on: E) -> Result<bool, StoreError>
    where
        E: Executor<'c, Database = Any>,
    {
        Ok(self.execute(on).await?.rows_affected() == 1)
    }

    async fn found<'c, E>(self, on: E, what: impl FnOnce() -> String) -> Result<(), StoreError>
    where
        E: Executor<'c, Database = Any>,
    {
        match self.execute(on).await?.rows_affected() {
            1 => Ok(()),
            _ => Err(StoreError::NotFound(what())),
        }
    }
}

/// A SELECT read as [`Record`]s.
pub(super) trait Fetch {
    /// Every row the statement selects on `on`, in its order.
    async fn all<'c, T, E>(self, on: E) -> Result<Vec<T>, StoreError>
    where
        T: Record,
        E: Executor<'c, Database = Any>;

    /// The row the statement selects on `on`, if there is one.
    async fn optional<'c, T, E>(self, on: E) -> Result<Option<T>, StoreError>
    where
        T: Record,
        E: Executor<'c, Database = Any>;

    /// The row the statement selects on `on`; [`StoreError::NotFound`] naming `what` when
    /// there is none.
    async fn one<'c, T, E>(self, on: E, what: impl FnOnce() -> String) -> Result<T, StoreError>
    where
        T: Record,
        E: Executor<'c, Database = Any>;
}

impl<'q> Fetch for Query<'q, Any, AnyArguments<'q>> {
    async fn all<'c, T, E>(self, on: E) -> Result<Vec<T>, StoreError>
    where
        T: Record,
        E: Executor<'c, Database = Any>,
    {
        self.fetch_all(on).await?.iter().map(T::from_row).collect()
    }

    async fn optional<'c, T, E>(self, on: E) -> Result<Option<T>, StoreError>
    where
        T: Record,
        E: Executor<'c, Database = Any>,
    {
        self.fetch_optional(on)
            .await?
            .as_ref()
            .map(T::from_row)
            .transpose()
    }

    async fn one<'c, T, E>(self, on: E, what: impl FnOnce() -> String) -> Result<T, StoreError>
    where
        T: Record,
        E: Executor<'c, Database = Any>,
    {
        self.optional(on)
            .await?
            .ok_or_else(|| StoreError::NotFound(what()))
    }
}

impl Store {
    /// The first `limit` rows of `select` in `order`, only those of `customer` (its
    /// `customer_slug` column) when one is given.
    pub(super) async fn rows_of_customer(
        &self,
        select: &str,
        customer: Option<&str>,
        order: &str,
        limit: i64,
    ) -> Result<Vec<AnyRow>, StoreError> {
        Ok(match customer {
            Some(slug) => {
                let sql = format!("{select} WHERE customer_slug = $1 ORDER BY {order} LIMIT $2");
                sqlx::query(&sql)
                    .bind(slug)
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                let sql = format!("{select} ORDER BY {order} LIMIT $1");
                sqlx::query(&sql).bind(limit).fetch_all(self.pool()).await?
            }
        })
    }
}
