//! `check` and `journal repair`: verifying the files the console keeps and rebuilding a
//! damaged journal.

use super::failure::ErrorJson;
use super::output::{print_json, write_stdout};
use super::{CheckArgs, Failure};
use crate::backend::BackendError;
use crate::backend::checksum::Damage;
use crate::backend::local::{LocalStore, OpenMode, verify};
use crate::config::Settings;
use crate::domain::Lang;
use crate::domain::time::now_millis;
use crate::online::journal_repair;
use crate::online::journal_seal;
use crate::words::{CommandText as W, counted};
use serde::Serialize;
use smartpay_i18n::Message;
use std::path::{Path, PathBuf};

/// One file checked, for the report.
#[derive(Serialize)]
struct Checked {
    /// orders, mirror or journal.
    what: &'static str,
    path: PathBuf,
    damaged: Vec<Damage>,
    /// Orders file only: whether its search index holds every order (when not, searches
    /// scan: the same answers, more slowly, until `reindex`); absent when it could not be read.
    #[serde(rename = "searchIndexComplete", skip_serializing_if = "Option::is_none")]
    search_index_complete: Option<bool>,
    /// A file older than the search index: `migrate` builds it (not `reindex`).
    #[serde(skip)]
    needs_migration: bool,
}

#[derive(Serialize)]
struct CheckReport<'a> {
    clean: bool,
    files: Vec<Checked>,
    /// Present when something is damaged: the same error the exit status reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson<'a>>,
}

pub fn check(settings: &Settings, args: CheckArgs, json: bool) -> Result<(), Failure> {
    let mut files = Vec::new();
    if let Some(db) = &settings.db {
        let (damaged, search_index_complete, needs_migration) = verify_store(db)?;
        files.push(Checked { what: "orders", path: db.clone(), damaged, search_index_complete, needs_migration });
    }
    // The key's account's journal and mirror (without a key, those of consoles older than
    // accounts).
    let (journal_file, mirror_file) = crate::online::account::files(settings)?;
    if args.mirror {
        let path = mirror_file;
        let damaged = if path.exists() { verify_store(&path)?.0 } else { Vec::new() };
        files.push(Checked { what: "mirror", path, damaged, search_index_complete: None, needs_migration: false });
    }
    if args.journal {
        let path = journal_file;
        files.push(Checked {
            what: "journal",
            damaged: journal_seal::verify(&path),
            path,
            search_index_complete: None,
            needs_migration: false,
        });
    }
    if files.is_empty() {
        return Err(Failure::usage_told(W::CheckNeedsFile, &[]));
    }
    let damaged: usize = files.iter().map(|f| f.damaged.len()).sum();
    let failure = (damaged > 0).then(|| {
        let said = |lang| counted(lang, damaged as u64, W::DamagedFoundOne, W::DamagedFoundMany);
        Failure::io(said(Lang::En)).with_japanese(said(Lang::Ja)).with_code("record.damaged")
    });
    if json {
        let error = failure.as_ref().map(Failure::as_json);
        print_json(&CheckReport { clean: damaged == 0, files, error })?;
    } else {
        let lines: String = files.iter().flat_map(|f| &f.damaged).map(|d| format!("{d}\n")).collect();
        write_stdout(&lines)?;
        let lang = settings.lang;
        for file in files.iter().filter(|f| f.damaged.is_empty()) {
            let what = match file.what {
                "mirror" => W::WhatMirror,
                "journal" => W::WhatJournal,
                _ => W::WhatOrders,
            };
            let key = if file.path.exists() { W::Verified } else { W::NothingYet };
            eprintln!("{}", key.fill(lang, &[("path", &file.path.display()), ("what", &what.text(lang))]));
        }
        for file in files.iter().filter(|f| f.search_index_complete == Some(false)) {
            let key = if file.needs_migration { W::IndexNotYetBuilt } else { W::IndexIncomplete };
            eprintln!("{}", key.fill(lang, &[("path", &file.path.display())]));
        }
    }
    match failure {
        None => Ok(()),
        Some(failure) => Err(Failure { reported: json, ..failure }),
    }
}

/// Every damaged record of an order file (a file that cannot be opened at all is one line),
/// whether its search index is complete (`None` when the file could not be read), and whether
/// the file is older than the index (schema 2: `migrate` builds it).
fn verify_store(path: &Path) -> Result<(Vec<Damage>, Option<bool>, bool), Failure> {
    let store = match LocalStore::open(path, OpenMode::Existing) {
        Ok(store) => store,
        // The line names the file once: `file PATH cannot be read: WHY`.
        Err(BackendError::Corrupt { detail, .. }) => {
            return Ok((
                vec![Damage::new("file", &path.display().to_string(), format!("cannot be read: {detail}"))],
                None,
                false,
            ));
        }
        Err(err @ BackendError::Storage(_)) => {
            return Ok((vec![Damage::new("file", &path.display().to_string(), err.to_string())], None, false));
        }
        Err(other) => return Err(other.into()),
    };
    // Read with the schema version when the store opened: no second read.
    let complete = Some(store.index_complete_at_open());
    let older = store.needs_migration();
    let mut found = match store.verify() {
        Ok(found) => found,
        Err(err @ (BackendError::Corrupt { .. } | BackendError::Storage(_) | BackendError::Io { .. })) => {
            return Ok((vec![Damage::new("file", &path.display().to_string(), err.to_string())], complete, older));
        }
        Err(other) => return Err(other.into()),
    };
    drop(store);
    found.extend(verify::verify_pages(path));
    Ok((found, complete, older))
}

pub fn repair_journal(settings: &Settings) -> Result<(), Failure> {
    let (path, _) = crate::online::account::files(settings)?;
    let repaired = journal_repair::repair(&path, now_millis())?;
    let Some(aside) = &repaired.moved_aside else {
        let said = W::NothingToRepair.fill(settings.lang, &[("path", &path.display()), ("kept", &repaired.kept)]);
        eprintln!("{said}");
        return Ok(());
    };
    let lines: String = repaired.left_out.iter().map(|d| format!("{d}\n")).collect();
    write_stdout(&lines)?;
    let args: [(&str, &dyn std::fmt::Display); 4] = [
        ("path", &path.display()),
        ("kept", &repaired.kept),
        ("lost", &repaired.left_out.len()),
        ("aside", &aside.display()),
    ];
    eprintln!("{}", W::Repaired.fill(settings.lang, &args));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_cannot_be_read_is_one_line_naming_it_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("orders.redb");
        std::fs::write(&path, vec![0xab; 8192]).expect("garbage");
        let Ok((found, complete, _)) = verify_store(&path) else { panic!("reported as damage") };
        assert_eq!(complete, None, "an unreadable file's index is not known");
        let line = found.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
        assert!(line.starts_with(&format!("file {} cannot be read: ", path.display())), "{line}");
        assert_eq!(line.matches(&*path.display().to_string()).count(), 1, "{line}");
    }
}
