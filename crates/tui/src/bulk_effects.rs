//! The I/O the marks, the deadline queue header and Bulk Payment Actions ask for, each run on
//! the blocking pool and answered as an [`Action`]: reading the marked orders afresh, the
//! run itself, run records (found at start, forgotten, exported), and the rows `*` marks. (The
//! queue's counts come with the list's first window: see `Effect::FetchRows`.)

use super::action::Action;
use super::bulk_run::StopFlag;
use super::run_record::{RunDir, RunRecord};
use crate::backend::{Backend, ListQuery};
use crate::config::Lang;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// "Expiring within 24 h", as the header counts it and the filter shows it.
pub const EXPIRING_SOON_MS: crate::domain::Millis = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkJob {
    /// Reads each marked order afresh for the confirmation.
    Read { ids: Vec<String> },
    /// Sends the run's orders in turn, rewriting the record before each request.
    Run { record: Box<RunRecord>, dir: Option<RunDir>, stop: StopFlag },
    /// At start: the newest run left unfinished, if any.
    FindRuns { dir: RunDir },
    /// Marks a record finished (the operator closed it for good); nothing is sent.
    Forget { dir: RunDir, record: Box<RunRecord> },
    /// Writes a run's summary as CSV next to its record.
    Export { dir: RunDir, record: Box<RunRecord> },
    /// Every row matching the list's filter (at most `query.limit`), for `*`.
    MarkAll { query: ListQuery },
}

/// Starts `job` on the blocking pool; its answer comes back through `tx`.
/// Its sentences (an order that cannot be read, a rule's refusal) are worded in `lang`.
pub fn start(job: BulkJob, backend: Arc<dyn Backend>, tx: UnboundedSender<Action>, lang: Lang) {
    tokio::task::spawn_blocking(move || {
        let action = match job {
            BulkJob::Read { ids } => Action::BulkOrdersRead(
                ids.iter().map(|id| backend.get(id).map(Box::new).map_err(|e| e.text(lang))).collect(),
            ),
            BulkJob::Run { record, dir, stop } => {
                crate::bulk_send::run(&*backend, *record, dir.as_ref(), &stop, &tx, lang);
                return;
            }
            BulkJob::FindRuns { dir } => {
                let (record, problems) = dir.unfinished(lang);
                Action::RunsFound { record: record.map(Box::new), problems, source: backend.describe() }
            }
            BulkJob::Forget { dir, record } => Action::RunForgotten(dir.save(&record).map_err(|e| e.text(lang))),
            BulkJob::Export { dir, record } => {
                Action::RunExported(crate::bulk_export::export(&dir, &record).map_err(|e| e.text(lang)))
            }
            BulkJob::MarkAll { query } => {
                let result = backend.list(&query).map(|page| page.rows).map_err(|e| e.text(lang));
                Action::MarkAllRead { query, result }
            }
        };
        let _ = tx.send(action);
    });
}
