//! The durable record of a TUI bulk run: its plan and each order's outcome, rewritten
//! atomically (temporary file, fsync, rename, fsync of the directory) before every request, so
//! that a run cut off by quitting or a crash is shown at the next start, exactly as it stood.
//!
//! A record is read as hostile: a file that is not a regular file, too large, not JSON, of
//! another kind or version, or with keys or ids no run of ours makes, is named in one sentence
//! and left alone — nothing is sent because of it.

use crate::backend::ids::check_user_key;
use crate::bulk_run::{BulkRow, BulkRun, BulkStage, RowState};
use crate::config::Lang;
use crate::domain::bulk_plan::{RowRequest, is_same_request};
use crate::domain::{Currency, Millis, Operation};
use crate::i18n::record::RecordMsg;
use crate::text::printable;
use serde::{Deserialize, Serialize};
use smartpay_i18n::Message;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a record says it is: anything else in the directory is not ours.
const KIND: &str = "smartpay-console tui bulk run";
const VERSION: u32 = 1;
/// A record of 100,000 orders is under 30 MB; anything larger was not written by a run.
const MAX_RECORD_BYTES: u64 = 32 * 1024 * 1024;
const MAX_ID_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRecord {
    pub kind: String,
    pub version: u32,
    pub run: String,
    /// The source the run was sent to (`Backend::describe`: a file path or an API address).
    pub source: String,
    pub operator: String,
    pub started_at: Millis,
    pub request: RowRequest,
    /// The run ended (every order answered, or stopped by the operator): nothing to show.
    pub finished: bool,
    pub rows: Vec<RecordRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordRow {
    pub order: String,
    pub currency: String,
    pub key: String,
    pub state: RowState,
    pub sent: Option<Operation>,
}

impl RunRecord {
    /// The record of `run` as it stands (the request fixed when it started).
    pub fn of(run: &BulkRun, request: RowRequest, operator: &str) -> RunRecord {
        let rows = run
            .rows
            .iter()
            .map(|row| RecordRow {
                order: row.id.clone(),
                currency: row.currency.code.to_string(),
                key: row.key.clone(),
                state: row.state.clone(),
                sent: row.sent.clone(),
            })
            .collect();
        RunRecord {
            kind: KIND.into(),
            version: VERSION,
            run: run.run_id.clone(),
            source: run.source.clone(),
            operator: operator.into(),
            started_at: run.started_at,
            request,
            finished: false,
            rows,
        }
    }

    /// The run as the view shows it after a restart; `source` is the one this console is on.
    pub fn to_run(&self, source: &str) -> BulkRun {
        let rows = self
            .rows
            .iter()
            .map(|row| BulkRow {
                id: row.order.clone(),
                currency: Currency::from_code_or_whole(&row.currency),
                order: None,
                plan: Ok(0),
                key: row.key.clone(),
                state: row.state.clone(),
                sent: row.sent.clone(),
            })
            .collect();
        let mut run = BulkRun::new(self.run.clone(), rows);
        run.request = Some(self.request.clone());
        run.stage = BulkStage::Recovered { asking: None };
        run.foreign = (self.source != source).then(|| printable(&self.source).into_owned());
        run.source = self.source.clone();
        run.started_at = self.started_at;
        run
    }

    /// Whether every field is one a run of ours writes (ids, keys, the run's name).
    fn check(&self, stem: &str) -> Result<(), RecordError> {
        if self.kind != KIND || self.version != VERSION {
            return Err(RecordError::OtherVersion);
        }
        if self.run != stem || check_user_key(&self.run).is_err() {
            return Err(RecordError::NameMismatch);
        }
        for row in &self.rows {
            let id_ok = !row.order.is_empty()
                && row.order.chars().count() <= MAX_ID_CHARS
                && row.order.chars().all(|c| !c.is_control());
            if !id_ok || check_user_key(&row.key).is_err() || row.currency.len() > 8 {
                return Err(RecordError::ForeignField);
            }
            // What a resume would replay must be what the run asked for, nothing else.
            if row.sent.as_ref().is_some_and(|sent| !is_same_request(&self.request, sent)) {
                return Err(RecordError::OtherOperation { order: row.order.clone() });
            }
        }
        Ok(())
    }
}

/// Why a run record or its summary was not written, or a record cannot be used (worded by
/// `i18n::record`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    Write { dir: String, error: String },
    Encode(String),
    OtherVersion,
    NameMismatch,
    ForeignField,
    OtherOperation { order: String },
    Unreadable(String),
    NotAFile,
    TooLarge(u64),
    Damaged(String),
    ExportCreate { path: String, error: String },
    ExportEncode(String),
    ExportWrite { path: String, error: String },
    ExportFull { dir: String, run: String },
}

impl RecordError {
    /// The sentence in `lang` (an operating system's own words kept as they came).
    pub fn text(&self, lang: Lang) -> String {
        use RecordError::*;
        match self {
            Write { dir, error } => RecordMsg::CannotWrite.fill(lang, &[("dir", dir), ("error", error)]),
            Encode(error) => RecordMsg::CannotEncode.fill(lang, &[("error", error)]),
            OtherVersion => RecordMsg::OtherVersion.text(lang).into(),
            NameMismatch => RecordMsg::NameMismatch.text(lang).into(),
            ForeignField => RecordMsg::ForeignField.text(lang).into(),
            OtherOperation { order } => RecordMsg::OtherOperation.fill(lang, &[("order", order)]),
            Unreadable(error) => RecordMsg::Unreadable.fill(lang, &[("error", error)]),
            NotAFile => RecordMsg::NotAFile.text(lang).into(),
            TooLarge(bytes) => RecordMsg::TooLarge.fill(lang, &[("bytes", bytes)]),
            Damaged(error) => RecordMsg::Damaged.fill(lang, &[("error", error)]),
            ExportCreate { path, error } => {
                RecordMsg::ExportCannotCreate.fill(lang, &[("path", path), ("error", error)])
            }
            ExportEncode(error) => RecordMsg::ExportCannotEncode.fill(lang, &[("error", error)]),
            ExportWrite { path, error } => RecordMsg::ExportCannotWrite.fill(lang, &[("path", path), ("error", error)]),
            ExportFull { dir, run } => RecordMsg::ExportFull.fill(lang, &[("dir", dir), ("run", run)]),
        }
    }
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// The directory run records live in (`<data dir>/bulk-runs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunDir(pub PathBuf);

impl RunDir {
    fn record_path(&self, run: &str) -> PathBuf {
        self.0.join(format!("{run}.json"))
    }

    /// Writes the record in place of the last one, atomically: a crash leaves the previous
    /// record or this one, never half of either.
    pub fn save(&self, record: &RunRecord) -> Result<(), RecordError> {
        let fail = |e: std::io::Error| RecordError::Write { dir: self.0.display().to_string(), error: e.to_string() };
        std::fs::create_dir_all(&self.0).map_err(fail)?;
        let bytes = serde_json::to_vec(record).map_err(|e| RecordError::Encode(e.to_string()))?;
        let temporary = self.0.join(format!(".{}.json.tmp", record.run));
        let mut file = std::fs::File::create(&temporary).map_err(fail)?;
        file.write_all(&bytes).map_err(fail)?;
        file.sync_all().map_err(fail)?;
        drop(file);
        std::fs::rename(&temporary, self.record_path(&record.run)).map_err(fail)?;
        // The rename itself is durable once the directory is.
        if let Ok(dir) = std::fs::File::open(&self.0) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// The newest run left unfinished, and a sentence in `lang` for each record that cannot be
    /// used.
    pub fn unfinished(&self, lang: Lang) -> (Option<RunRecord>, Vec<String>) {
        let Ok(entries) = std::fs::read_dir(&self.0) else { return (None, vec![]) };
        let mut found: Vec<RunRecord> = Vec::new();
        let mut problems = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".json").filter(|_| !name.starts_with('.')) else { continue };
            match read_record(&path, stem) {
                Ok(record) if !record.finished => found.push(record),
                Ok(_) => {}
                Err(why) => problems.push(printable(&format!("{}: {}", path.display(), why.text(lang))).into_owned()),
            }
        }
        found.sort_by_key(|r| r.started_at);
        (found.pop(), problems)
    }
}

fn read_record(path: &Path, stem: &str) -> Result<RunRecord, RecordError> {
    let unreadable = |e: std::io::Error| RecordError::Unreadable(e.to_string());
    let metadata = std::fs::symlink_metadata(path).map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(RecordError::NotAFile);
    }
    if metadata.len() > MAX_RECORD_BYTES {
        return Err(RecordError::TooLarge(metadata.len()));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let record: RunRecord = serde_json::from_slice(&bytes).map_err(|e| RecordError::Damaged(e.to_string()))?;
    record.check(stem)?;
    Ok(record)
}
