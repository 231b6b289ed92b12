//! Saved views: named filters of the Order List (status, sort, direction, search), kept in
//! `views.toml` beside the config file, or the file `console.views_file` names so a team can
//! share one:
//!
//! ```toml
//! [[view]]
//! name = "to-capture"
//! status = "requires_capture"
//! sort = "deadline"
//! direction = "asc"
//! search = ""
//! ```
//!
//! A file that does not parse, has a key or value the console does not know, or repeats a
//! name is refused whole with one sentence, and is never written over. Writing replaces the
//! file atomically (a temporary file beside it, then a rename), so a reader never sees half.
//! A save re-reads the file and merges its view into what is there while it holds a lock on
//! `.views.toml.lock` beside it, so two consoles saving at the same moment both keep their
//! view (the last write never drops the other's).

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The longest view name, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// The longest saved search, in characters (the list's filter field allows no more).
pub const MAX_SEARCH_CHARS: usize = 200;
/// The sort columns a view may name (`orders list --sort`).
pub const SORTS: [&str; 4] = ["created", "amount", "customer", "deadline"];
/// The directions a view may name.
pub const DIRECTIONS: [&str; 2] = ["asc", "desc"];
/// A views file larger than this is not a views file.
const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// How long a save waits for another console's save to finish before it gives up.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// One saved view, as the file holds it. `status` is checked by the reader that applies it
/// (the statuses belong to the domain); the rest here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedView {
    pub name: String,
    /// A status, `expired`, `expiring_24h`, or absent for all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub sort: String,
    pub direction: String,
    #[serde(default)]
    pub search: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ViewsFile {
    #[serde(default)]
    view: Vec<SavedView>,
}

/// Why views could not be read or saved, as one sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewsError {
    #[error("The views file {path} cannot be read: {detail}. Nothing was changed.", path = path.display())]
    Unreadable { path: PathBuf, detail: String },
    #[error("The views file {path} is not a views file the console can use: {detail}. It was left as it is.", path = path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("The views file {path} cannot be written: {detail}. The file was left as it was.", path = path.display())]
    Unwritable { path: PathBuf, detail: String },
    #[error("There is no saved view named \"{name}\" (saved: {known}).")]
    Unknown { name: String, known: String },
    #[error(
        "\"{0}\" is not a view name: use 1 to 40 letters, digits, '-', '_' or '.', starting with a letter or digit."
    )]
    BadName(String),
}

/// A view name: 1 to 40 letters (any script), digits, `-`, `_` or `.`, starting with a letter
/// or a digit. The name is printed on screen and in sentences, so nothing else is allowed.
pub fn check_name(name: &str) -> Result<(), ViewsError> {
    let bad = || ViewsError::BadName(smartpay_hygiene::text::printable(name).chars().take(60).collect());
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first.is_alphanumeric() => {}
        _ => return Err(bad()),
    }
    if name.chars().count() > MAX_NAME_CHARS || !chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(bad());
    }
    Ok(())
}

/// The views in `path`, in file order; a missing file holds none.
pub fn load(path: &Path) -> Result<Vec<SavedView>, ViewsError> {
    let unreadable = |e: std::io::Error| ViewsError::Unreadable { path: path.to_path_buf(), detail: e.to_string() };
    let damaged = |detail: String| ViewsError::Damaged { path: path.to_path_buf(), detail };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut text = String::new();
    use std::io::Read;
    let read = file.take(MAX_FILE_BYTES + 1).read_to_string(&mut text);
    match read {
        Ok(n) if n as u64 > MAX_FILE_BYTES => return Err(damaged(format!("it is larger than {MAX_FILE_BYTES} bytes"))),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => return Err(damaged("it is not UTF-8 text".into())),
        Err(e) => return Err(unreadable(e)),
    }
    parse(&text).map_err(damaged)
}

/// Parses a views file's text; the error is the detail of [`ViewsError::Damaged`].
pub fn parse(text: &str) -> Result<Vec<SavedView>, String> {
    let file: ViewsFile = toml::from_str(text).map_err(|e| e.message().trim_end_matches('\n').to_string())?;
    let mut seen: Vec<&str> = Vec::new();
    for view in &file.view {
        check_name(&view.name).map_err(|e| e.to_string().trim_end_matches('.').to_string())?;
        let name = &view.name;
        if seen.contains(&name.as_str()) {
            return Err(format!("the name \"{name}\" is used twice"));
        }
        seen.push(name);
        if !SORTS.contains(&view.sort.as_str()) {
            return Err(format!("the view \"{name}\" has sort \"{}\" (use {})", clip(&view.sort), SORTS.join(", ")));
        }
        if !DIRECTIONS.contains(&view.direction.as_str()) {
            return Err(format!("the view \"{name}\" has direction \"{}\" (use asc or desc)", clip(&view.direction)));
        }
        if view.search.chars().count() > MAX_SEARCH_CHARS || view.search.chars().any(char::is_control) {
            return Err(format!(
                "the view \"{name}\" has a search longer than {MAX_SEARCH_CHARS} characters or with control characters"
            ));
        }
    }
    Ok(file.view)
}

fn clip(value: &str) -> String {
    smartpay_hygiene::text::printable(value).chars().take(40).collect()
}

/// The view named `name` in `path`.
pub fn find(path: &Path, name: &str) -> Result<SavedView, ViewsError> {
    check_name(name)?;
    let views = load(path)?;
    views.iter().find(|v| v.name == name).cloned().ok_or_else(|| ViewsError::Unknown {
        name: name.to_string(),
        known: if views.is_empty() {
            "none".into()
        } else {
            views.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ")
        },
    })
}

/// Saves `view` into `path`, replacing the view of the same name (returns true when it did).
/// A file that cannot be read as views is never written over. The file is read, merged and
/// written under the lock file beside it, so a view another console saves meanwhile is kept.
pub fn save(path: &Path, view: SavedView) -> Result<bool, ViewsError> {
    check_name(&view.name)?;
    let unwritable = |detail: String| ViewsError::Unwritable { path: path.to_path_buf(), detail };
    let _lock = lock(path).map_err(unwritable)?;
    let mut views = load(path)?;
    let replaced = match views.iter_mut().find(|v| v.name == view.name) {
        Some(old) => {
            *old = view;
            true
        }
        None => {
            views.push(view);
            false
        }
    };
    let text = toml::to_string(&ViewsFile { view: views })
        .map_err(|e| ViewsError::Unwritable { path: path.to_path_buf(), detail: e.to_string() })?;
    write_atomically(path, text.as_bytes())
        .map_err(|e| ViewsError::Unwritable { path: path.to_path_buf(), detail: e.to_string() })?;
    Ok(replaced)
}

/// Holds the lock on `.NAME.lock` beside `path` until dropped (the operating system releases it
/// if the console dies, so a crash never leaves the views locked). The lock file stays: removing
/// it would let a console waiting on the old one and a newer one both go ahead.
fn lock(path: &Path) -> Result<std::fs::File, String> {
    let dir = parent(path);
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let lock_path = dir.join(format!(".{}.lock", file_name(path)));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("its lock file {} cannot be opened: {e}", lock_path.display()))?;
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(format!("another console has been saving a view for {} s", LOCK_WAIT.as_secs()));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(format!("its lock file cannot be locked: {e}")),
        }
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "views.toml".into())
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk, then renames it over
/// `path`: a reader sees the old file or the new one, never half of either.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = parent(path);
    std::fs::create_dir_all(dir)?;
    let name = file_name(path);
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
#[path = "views_tests.rs"]
mod tests;
