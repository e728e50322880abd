//! Qlik's custom theme archive, shared by the emulator (which refuses what Qlik refuses) and
//! the hub (which refuses a bad archive before it stores a template version), as `rate` is.
//!
//! The layout (qlik.dev "Get started building custom themes"; help.qlik.com "Uploading and
//! managing themes"): a zip holding a definition file `<name>.qext` (lower-case extension,
//! valid JSON, mandatory `name` and `"type": "theme"`) and `theme.json` beside it, in one
//! folder (`my-custom-theme/…`) or at the root. Limits: the zip at most 30 MB, any file at
//! most 30 MB, at most 500 files, at most 100 MB uncompressed. Files without a name and an
//! extension (`README`, `.gitignore`) are ignored. Files of disallowed MIME types
//! (executables, shared libraries, zips, shell/awk/batch/PHP scripts) are refused.
//! UNCONFIRMED: Qlik sniffs MIME types from content; here they are read from the extension.
//! UNCONFIRMED: whether Qlik ignores macOS `__MACOSX/` entries (here they are ignored), and
//! whether files outside the `.qext`'s folder are kept (here they are ignored).

mod pack;

pub use pack::pack;

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// The largest theme zip Qlik accepts.
pub const MAX_ZIP_BYTES: usize = 30 * 1024 * 1024;
/// The largest single file inside it.
pub const MAX_FILE_BYTES: u64 = 30 * 1024 * 1024;
/// The most files inside it.
pub const MAX_FILES: usize = 500;
/// The most bytes all its files may hold uncompressed.
pub const MAX_TOTAL_BYTES: u64 = 100 * 1024 * 1024;

/// Extensions of the MIME types Qlik refuses in a theme (`application/zip`,
/// `application/x-executable`, `-sharedlib`, `-object`, `-dosexec`, `-java-applet`,
/// `-coredump`, `text/x-shellscript`, `-awk`, `-msdos-batch`, `-php`).
const DISALLOWED: &[&str] = &[
    "zip", "exe", "dll", "so", "dylib", "o", "obj", "class", "jar", "core", "sh", "bash", "awk",
    "gawk", "nawk", "bat", "cmd", "php", "bin",
];

/// Why an archive is not a theme Qlik would take; each names the cause.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveError {
    #[error("not a zip archive: {0}")]
    NotZip(String),
    #[error("the archive is {0} bytes; Qlik takes at most 30 MB")]
    TooLarge(usize),
    #[error("the archive holds {0} files; Qlik takes at most 500")]
    TooManyFiles(usize),
    #[error("{0} is larger than 30 MB")]
    FileTooLarge(String),
    #[error("the files hold more than 100 MB uncompressed")]
    TotalTooLarge,
    #[error("{0}: the path leaves the archive")]
    UnsafePath(String),
    #[error("{0}: files of this type are not allowed in a theme")]
    Disallowed(String),
    #[error("no .qext file: a theme needs <name>.qext (lower-case extension) next to theme.json")]
    NoQext,
    #[error("more than one .qext file: {0}")]
    SeveralQext(String),
    #[error("{path}: {reason}")]
    BadQext { path: String, reason: String },
    #[error("{path}: \"type\" is {found}, not \"theme\"")]
    NotTheme { path: String, found: String },
    #[error("no theme.json next to {0}")]
    NoThemeJson(String),
    #[error("{path}: not a JSON object: {reason}")]
    BadThemeJson { path: String, reason: String },
}

/// A theme archive that passed Qlik's checks.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeArchive {
    /// The `.qext` file's name without the extension: the theme's unique identifier on a
    /// tenant (`qextFilename`), which the themes API accepts wherever it takes an id.
    pub qext_filename: String,
    /// The `.qext` definition (`name`, `type`, `description`, `version`, `author`, …).
    pub qext: Map<String, Value>,
    /// `theme.json`.
    pub theme: Map<String, Value>,
    /// The theme's files by path relative to the `.qext`'s folder.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl ThemeArchive {
    /// Reads and checks `bytes` as a theme zip.
    pub fn read(bytes: &[u8]) -> Result<Self, ArchiveError> {
        if bytes.len() > MAX_ZIP_BYTES {
            return Err(ArchiveError::TooLarge(bytes.len()));
        }
        let all = entries(bytes)?;
        let qexts: Vec<&String> = all.keys().filter(|p| p.ends_with(".qext")).collect();
        let qext_path = match qexts.as_slice() {
            [] => return Err(ArchiveError::NoQext),
            [one] => (*one).clone(),
            many => {
                let names: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
                return Err(ArchiveError::SeveralQext(names.join(", ")));
            }
        };
        let (root, file) = match qext_path.rsplit_once('/') {
            Some((dir, file)) => (format!("{dir}/"), file.to_owned()),
            None => (String::new(), qext_path.clone()),
        };
        let qext = object(&all[&qext_path]).map_err(|reason| ArchiveError::BadQext {
            path: qext_path.clone(),
            reason,
        })?;
        check_qext(&qext_path, &qext)?;
        let theme_path = format!("{root}theme.json");
        let theme_bytes = all
            .get(&theme_path)
            .ok_or_else(|| ArchiveError::NoThemeJson(qext_path.clone()))?;
        let theme = object(theme_bytes).map_err(|reason| ArchiveError::BadThemeJson {
            path: theme_path.clone(),
            reason,
        })?;
        let files = all
            .into_iter()
            .filter_map(|(path, data)| Some((path.strip_prefix(&root)?.to_owned(), data)))
            .collect();
        Ok(Self {
            qext_filename: file.trim_end_matches(".qext").to_owned(),
            qext,
            theme,
            files,
        })
    }

    /// The display name (`name` of the `.qext`).
    pub fn name(&self) -> &str {
        self.qext_str("name").unwrap_or_default()
    }

    /// A string member of the `.qext`.
    pub fn qext_str(&self, key: &str) -> Option<&str> {
        self.qext.get(key).and_then(Value::as_str)
    }
}

fn check_qext(path: &str, qext: &Map<String, Value>) -> Result<(), ArchiveError> {
    let bad = |reason: &str| ArchiveError::BadQext {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    match qext.get("name").and_then(Value::as_str) {
        Some(name) if !name.trim().is_empty() => {}
        _ => return Err(bad("\"name\" is required (a non-empty string)")),
    }
    match qext.get("type") {
        Some(Value::String(t)) if t == "theme" => Ok(()),
        None => Err(bad("\"type\": \"theme\" is required")),
        Some(other) => Err(ArchiveError::NotTheme {
            path: path.to_owned(),
            found: other.to_string(),
        }),
    }
}

fn object(bytes: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("not a JSON object".to_owned()),
        Err(e) => Err(format!("invalid JSON: {e}")),
    }
}

/// Whether Qlik keeps a file: it has a name and an extension (`README`, `.gitignore` are
/// ignored), and it is no macOS resource fork.
fn kept(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let named =
        matches!(file.rsplit_once('.'), Some((stem, ext)) if !stem.is_empty() && !ext.is_empty());
    named && !path.starts_with("__MACOSX/")
}

/// Every kept file of the zip by its path, with the size and type limits applied.
fn entries(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, ArchiveError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ArchiveError::NotZip(e.to_string()))?;
    let files = (0..zip.len())
        .filter(|i| {
            zip.name_for_index(*i)
                .is_some_and(|n| n.is_ok_and(|n| !n.ends_with('/')))
        })
        .count();
    if files > MAX_FILES {
        return Err(ArchiveError::TooManyFiles(files));
    }
    let mut out = BTreeMap::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| ArchiveError::NotZip(e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map_err(|e| ArchiveError::NotZip(e.to_string()))?
            .into_owned();
        let path = entry
            .enclosed_name()
            .and_then(|p| p.to_str().map(|s| s.replace('\\', "/")))
            .ok_or_else(|| ArchiveError::UnsafePath(name.clone()))?;
        if !kept(&path) {
            continue;
        }
        let ext = path
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if DISALLOWED.contains(&ext.as_str()) {
            return Err(ArchiveError::Disallowed(path));
        }
        // The declared size is not trusted: at most one byte past the limit is read.
        let mut data = Vec::new();
        (&mut entry)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|e| ArchiveError::NotZip(format!("{path}: {e}")))?;
        if data.len() as u64 > MAX_FILE_BYTES {
            return Err(ArchiveError::FileTooLarge(path));
        }
        total += data.len() as u64;
        if total > MAX_TOTAL_BYTES {
            return Err(ArchiveError::TotalTooLarge);
        }
        out.insert(path, data);
    }
    Ok(out)
}

#[cfg(test)]
#[path = "theme_archive/tests.rs"]
mod tests;
