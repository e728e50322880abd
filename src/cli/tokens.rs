//! `oem-hub tokens create|list|rotate|revoke`: API tokens on the configured database, through
//! the same operations as the REST API and the console (safe beside a running hub).

use crate::domain::{ApiTokenId, CustomerSlug, TokenName, TokenScope};
use crate::ops::tokens;
use crate::server::Settings;
use crate::store::{Store, now_millis};
use crate::wire::{ApiError, NewTokenRequest, TokenView};
use anyhow::bail;
use std::path::Path;

/// What a new token may do (stated on every `tokens create`: there is no default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScopeArg {
    /// Everything an admin may do.
    Admin,
    /// Only open embed sessions, for the customers given with --customer.
    Embed,
}

/// `oem-hub tokens …`
#[derive(Debug, clap::Subcommand)]
pub enum TokensCommand {
    /// Create a token named NAME and print its secret (send it as `Authorization: Bearer
    /// <secret>`); it is shown only this once.
    Create {
        name: String,
        /// `admin`, or `embed` (a partner backend that only opens embed sessions).
        #[arg(long, value_enum)]
        scope: ScopeArg,
        /// A customer an embed token may open sessions for (repeat for several).
        #[arg(long = "customer", value_name = "SLUG")]
        customers: Vec<String>,
        /// Expire after this many days (1–3650); without it the token does not expire.
        #[arg(long, value_name = "DAYS")]
        expires_in_days: Option<u32>,
    },
    /// List tokens: id, name, scope, status, created, expires, last used.
    List,
    /// Give a token a new secret and print it; the old secret stops working at once.
    Rotate { id: String },
    /// Revoke a token; every hub replica refuses it from its next request on.
    Revoke { id: String },
}

fn api(e: ApiError) -> anyhow::Error {
    anyhow::anyhow!("{}", e.message)
}

fn scope(arg: ScopeArg, customers: &[String]) -> anyhow::Result<TokenScope> {
    match arg {
        ScopeArg::Admin if !customers.is_empty() => {
            bail!("--customer: only an embed token lists customers (--scope embed)")
        }
        ScopeArg::Admin => Ok(TokenScope::Admin),
        ScopeArg::Embed => {
            let slugs = customers
                .iter()
                .map(|c| CustomerSlug::parse(c).map_err(|e| anyhow::anyhow!("--customer {c}: {e}")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            if slugs.is_empty() {
                bail!("--customer: an embed token needs at least one (--customer acme)");
            }
            TokenScope::embed(slugs).map_err(|e| anyhow::anyhow!("--customer: {e}"))
        }
    }
}

fn id(raw: &str) -> anyhow::Result<ApiTokenId> {
    ApiTokenId::parse(raw).map_err(|e| anyhow::anyhow!("id: {e}"))
}

fn when(millis: Option<i64>) -> String {
    millis
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "-".to_owned())
}

fn line(t: &TokenView) -> String {
    format!(
        "{:<28} {:<24} {:<28} {:<8} {:<16} {:<16} {}",
        t.id.as_str(),
        t.name.as_str(),
        t.scope.to_string(),
        t.status.as_str(),
        when(Some(t.created_at)),
        when(t.expires_at),
        when(t.last_used_at),
    )
}

/// Runs a `tokens` verb (needs only the database).
pub async fn run(config: Option<&Path>, command: TokensCommand) -> anyhow::Result<()> {
    let settings = Settings::load(config)?;
    let store = Store::connect(&settings.database_url).await?;
    let now = now_millis();
    match command {
        TokensCommand::Create {
            name,
            scope: kind,
            customers,
            expires_in_days,
        } => {
            let request = NewTokenRequest {
                name: TokenName::parse(&name).map_err(|e| anyhow::anyhow!("name: {e}"))?,
                scope: scope(kind, &customers)?,
                expires_in_days,
            };
            let issued = tokens::create(&store, &request, "cli", now)
                .await
                .map_err(api)?;
            println!("{}", issued.secret.expose());
            eprintln!(
                "API token {} ({:?}, scope {}) created; its secret is shown only this once",
                issued.token.id.as_str(),
                issued.token.name.as_str(),
                issued.token.scope
            );
        }
        TokensCommand::List => {
            for token in tokens::list(&store, now).await.map_err(api)? {
                println!("{}", line(&token));
            }
        }
        TokensCommand::Rotate { id: raw } => {
            let issued = tokens::rotate(&store, &id(&raw)?, now).await.map_err(api)?;
            println!("{}", issued.secret.expose());
            eprintln!(
                "API token {} rotated; the old secret no longer works",
                issued.token.id.as_str()
            );
        }
        TokensCommand::Revoke { id: raw } => {
            let token = tokens::revoke(&store, &id(&raw)?, "cli", now)
                .await
                .map_err(api)?;
            println!("revoked {}", token.id.as_str());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_flags_are_parsed_or_refused() {
        let acme = vec!["acme".to_owned()];
        assert_eq!(
            scope(ScopeArg::Admin, &[]).expect("valid"),
            TokenScope::Admin
        );
        assert_eq!(
            scope(ScopeArg::Embed, &acme).expect("valid").customers()[0].as_str(),
            "acme"
        );
        for (arg, customers, want) in [
            (ScopeArg::Admin, acme.clone(), "only an embed token"),
            (ScopeArg::Embed, vec![], "at least one"),
            (
                ScopeArg::Embed,
                vec!["Not Ok".to_owned()],
                "--customer Not Ok",
            ),
        ] {
            let err = scope(arg, &customers).expect_err("refused").to_string();
            assert!(err.contains(want), "{err}");
        }
    }
}
