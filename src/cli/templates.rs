//! `oem-hub templates add-version <module> --file version.json [--theme brand.zip|dir]…`:
//! records a new template version with the custom themes it ships (roll it out with
//! `oem-hub rollout`). A theme is a Qlik theme zip, or a folder packed into one.

use super::provisioning::engine;
use crate::domain::{AppId, ModuleKey, ParamName};
use crate::ops::templates::{self, NewVersion};
use crate::store::SheetRef;
use anyhow::Context;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// `oem-hub templates …`
#[derive(Debug, clap::Subcommand)]
pub enum TemplatesCommand {
    /// Record a new version of a module's template, with the custom themes it ships.
    AddVersion {
        /// The module, e.g. `sales`.
        module: String,
        /// The version as JSON: {template_app_id, sheets?, script_template, variables?, note?}.
        #[arg(long)]
        file: PathBuf,
        /// A custom theme the version ships: a Qlik theme zip, or a folder holding
        /// `<name>.qext` and `theme.json` (repeatable).
        #[arg(long = "theme", value_name = "ZIP|DIR")]
        themes: Vec<PathBuf>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionFile {
    template_app_id: AppId,
    #[serde(default)]
    sheets: Vec<SheetRef>,
    script_template: String,
    #[serde(default)]
    variables: Vec<ParamName>,
    #[serde(default)]
    note: String,
}

/// Runs a `templates` verb.
pub async fn run(config: Option<&Path>, command: TemplatesCommand) -> anyhow::Result<()> {
    let TemplatesCommand::AddVersion {
        module,
        file,
        themes,
    } = command;
    let key = ModuleKey::parse(&module).map_err(|e| anyhow::anyhow!("module: {e}"))?;
    let text = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let body: VersionFile =
        serde_json::from_slice(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let mut archives = Vec::with_capacity(themes.len());
    for path in &themes {
        archives.push((path.display().to_string(), theme_zip(path)?));
    }
    let engine = engine(config).await?;
    let next = NewVersion {
        template_app_id: Some(body.template_app_id),
        sheets: body.sheets,
        script_template: body.script_template,
        variables: body.variables,
        note: body.note,
        themes: archives,
    };
    let recorded = templates::add_version(engine.store(), Ok(&engine), &key, next)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message))?;
    let names: Vec<String> = recorded.themes.iter().map(|t| t.name.to_string()).collect();
    println!(
        "recorded {key} v{} ({} sheets, themes: {}); roll it out with `oem-hub rollout {key} {}`",
        recorded.version,
        recorded.sheets.len(),
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        },
        recorded.version
    );
    Ok(())
}

/// The zip at `path`, or the folder at `path` packed as `<folder>/…`.
fn theme_zip(path: &Path) -> anyhow::Result<Vec<u8>> {
    if !path.is_dir() {
        return std::fs::read(path).with_context(|| format!("cannot read {}", path.display()));
    }
    let folder = path
        .file_name()
        .and_then(|n| n.to_str())
        .context("a theme folder needs a name")?;
    let mut files = Vec::new();
    collect(path, folder, &mut files)?;
    crate::theme_archive::pack(&files).context("cannot pack the theme folder")
}

fn collect(dir: &Path, prefix: &str, files: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let inner = format!("{prefix}/{name}");
        if entry.file_type()?.is_dir() {
            collect(&entry.path(), &inner, files)?;
        } else {
            files.push((inner, std::fs::read(entry.path())?));
        }
    }
    Ok(())
}
