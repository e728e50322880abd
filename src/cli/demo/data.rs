//! The demo customers' own databases: one SQLite file per customer, with different rows, so
//! that each customer's sheets visibly show only its own data.

use crate::domain::CustomerSpec;
use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use std::path::{Path, PathBuf};

/// A demo customer: slug, display name, region, modules, and its rows.
pub struct DemoCustomer {
    pub slug: &'static str,
    pub name: &'static str,
    pub region: &'static str,
    pub modules: &'static [&'static str],
    pub orders: &'static [(&'static str, &'static str, f64)],
    pub ledger: &'static [(&'static str, &'static str, f64)],
}

/// The two demo customers.
pub const DEMO_CUSTOMERS: [DemoCustomer; 2] = [
    DemoCustomer {
        slug: "acme",
        name: "Acme Corp",
        region: "us",
        modules: &["sales", "finance"],
        orders: &[
            ("North", "Anvils", 12_400.0),
            ("North", "Rockets", 8_150.5),
            ("South", "Anvils", 4_320.0),
            ("West", "Magnets", 2_990.25),
        ],
        ledger: &[
            ("Cash", "2026-09", 51_000.0),
            ("Cash", "2026-10", 48_200.0),
            ("Receivables", "2026-10", 17_450.0),
        ],
    },
    DemoCustomer {
        slug: "globex",
        name: "Globex Corporation",
        region: "eu",
        modules: &["sales"],
        orders: &[
            ("Nordics", "Turbines", 91_000.0),
            ("Iberia", "Turbines", 33_500.0),
            ("Benelux", "Generators", 12_750.0),
        ],
        ledger: &[("Cash", "2026-10", 230_000.0)],
    },
];

/// Writes `customer`'s database file in `dir` (replacing an old one) and returns its path.
pub async fn write_customer_db(dir: &Path, customer: &DemoCustomer) -> anyhow::Result<PathBuf> {
    let path = dir.join(format!("{}-data.db", customer.slug));
    let _ = std::fs::remove_file(&path);
    crate::fs_private::create_file(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let pool = SqlitePool::connect_with(options)
        .await
        .with_context(|| format!("cannot create {}", path.display()))?;
    fill(
        &pool,
        "orders (region TEXT, product TEXT, amount REAL)",
        customer.orders,
    )
    .await?;
    fill(
        &pool,
        "ledger (account TEXT, period TEXT, balance REAL)",
        customer.ledger,
    )
    .await?;
    pool.close().await;
    Ok(path)
}

/// Creates `table` (its name and columns) and inserts `rows`, each two texts and a number.
async fn fill(pool: &SqlitePool, table: &str, rows: &[(&str, &str, f64)]) -> anyhow::Result<()> {
    sqlx::query(&format!("CREATE TABLE {table}"))
        .execute(pool)
        .await?;
    let name = table.split(' ').next().unwrap_or(table);
    for (text, other, number) in rows {
        sqlx::query(&format!("INSERT INTO {name} VALUES ($1, $2, $3)"))
            .bind(text)
            .bind(other)
            .bind(number)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// The demo customer's desired state: its modules, its own database as data connection, and
/// the host SaaS group `viewers` as consumers, embedded from the demo host page's `origins`.
pub fn spec(
    customer: &DemoCustomer,
    db: &Path,
    origins: &[String],
) -> anyhow::Result<CustomerSpec> {
    let spec = serde_json::json!({
        "slug": customer.slug,
        "origins": origins,
        "display_name": customer.name,
        "region": customer.region,
        "modules": customer.modules,
        "group_roles": { "viewers": "consumer" },
        "data_connection": { "type": "sqlite", "connection_string": db.display().to_string() },
        "embedding": "auto",
    });
    serde_json::from_value(spec).context("demo customer spec")
}
