//! `oem-hub hybrid setup|token|sync|status`: a customer's deployment on its client-managed
//! Qlik Sense site, from the command line, through the same engine as the hub.

use crate::domain::{CustomerSlug, HybridAppStatus};
use crate::ops::hybrid;
use crate::wire::{ApiError, HybridView};
use anyhow::Context;
use std::path::{Path, PathBuf};

/// `oem-hub hybrid …`
#[derive(Debug, clap::Subcommand)]
pub enum HybridCommand {
    /// Set up the customer's deployment and print what to enter on the client-managed site.
    Setup {
        slug: String,
        /// The client-managed site's host (where the QMC is), e.g. qse.partner.com.
        #[arg(long)]
        site: String,
        /// The deployment's name, as distribution policies will match it.
        #[arg(long)]
        name: String,
    },
    /// Store the deployment's local bearer token and put it on the tenant's multi-cloud IdP.
    /// The token is read from FILE (`-` for stdin), never from the command line.
    Token {
        slug: String,
        #[arg(long, short, value_name = "FILE")]
        file: PathBuf,
    },
    /// Adopt the apps distributed to the customer's tenant (place them, check their limits).
    Sync { slug: String },
    /// Show the deployment, its status and its apps.
    Status {
        slug: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn api(e: ApiError) -> anyhow::Error {
    match &e.field {
        Some(field) if !e.message.starts_with(field.as_str()) => {
            anyhow::anyhow!("{field}: {}", e.message)
        }
        _ => anyhow::anyhow!("{}", e.message),
    }
}

/// Runs a `hybrid` verb.
pub async fn run(config: Option<&Path>, command: HybridCommand) -> anyhow::Result<()> {
    let engine = super::provisioning::engine(config).await?;
    let slug = |raw: &str| CustomerSlug::parse(raw).map_err(|e| anyhow::anyhow!("slug: {e}"));
    let (view, json) = match command {
        HybridCommand::Setup {
            slug: s,
            site,
            name,
        } => {
            let view = hybrid::setup(&engine, &slug(&s)?, &site, &name).await;
            (view.map_err(api)?, false)
        }
        HybridCommand::Token { slug: s, file } => {
            let text = if file.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin()).context("cannot read stdin")?
            } else {
                std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?
            };
            let s = slug(&s)?;
            hybrid::set_token(&engine, &s, &text).await.map_err(api)?;
            (hybrid::reconcile(&engine, &s).await.map_err(api)?, false)
        }
        HybridCommand::Sync { slug: s } => (
            hybrid::adopt(&engine, &slug(&s)?).await.map_err(api)?,
            false,
        ),
        HybridCommand::Status { slug: s, json } => {
            (hybrid::view(&engine, &slug(&s)?).await.map_err(api)?, json)
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        print!("{}", describe(&view));
    }
    Ok(())
}

/// The view as an admin reads it: the values to enter, then the apps.
pub fn describe(view: &HybridView) -> String {
    let v = &view.values;
    let mut out = format!(
        "Deployment {:?} of {} on {}: {} ({})\n\
         On the client-managed site (QMC → Cloud distribution → Deployment setup):\n\
         \x20 Deployment name:        {}\n\
         \x20 API endpoint:           {}\n\
         \x20 Audience:               {}\n\
         \x20 Use local bearer token: yes; paste its Qlik Cloud format into `oem-hub hybrid token`\n\
         \x20 Site license:           the tenant's signed license, number {}\n\
         Distribution policy:\n\
         \x20 Resource filter:        {}\n\
         \x20 Actions:                {}\n\
         \x20 Condition:              {}\n",
        view.deployment_name,
        view.customer,
        view.site_host,
        view.status,
        view.status_detail,
        v.deployment_name,
        v.api_endpoint,
        v.audience,
        view.license_number
            .as_deref()
            .unwrap_or("unknown (the tenant did not answer)"),
        v.resource_filter,
        v.actions,
        v.policy_condition,
    );
    if view.apps.is_empty() {
        out.push_str("No distributed apps adopted yet.\n");
    }
    for app in &view.apps {
        if app.status != HybridAppStatus::Adopted {
            out.push_str(&format!(
                "✗ {} ({}) refused: {}\n",
                app.name, app.app_id, app.reason
            ));
            continue;
        }
        out.push_str(&format!(
            "✓ {} ({}) adopted as module {}, view-only\n",
            app.name, app.app_id, app.module_key
        ));
        for sheet in &app.sheets {
            let extensions = match sheet.extension_types.as_slice() {
                [] => String::new(),
                types => format!(" — extensions: {}", types.join(", ")),
            };
            let shown = if sheet.exposed {
                "in the menu"
            } else {
                "hidden until exposed"
            };
            out.push_str(&format!(
                "    sheet {} ({}){extensions}: {shown}\n",
                sheet.title, sheet.id
            ));
        }
    }
    out
}
