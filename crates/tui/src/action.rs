//! Everything that can happen to the TUI: a key, a resize, the clock, or the answer of an effect.

use crate::backend::{Outcome, Page};
use crate::config::views::{SavedView, ViewsError};
use crate::domain::{Millis, Order};
use crossterm::event::KeyEvent;

#[derive(Debug)]
pub enum Action {
    /// The first frame is about to be drawn at this size.
    Start(u16, u16),
    Key(KeyEvent),
    /// Text pasted in one piece (bracketed paste).
    Paste(String),
    Resize(u16, u16),
    Tick(Millis),
    RowsLoaded {
        request: u64,
        offset: usize,
        result: Result<Page, String>,
    },
    OrderLoaded {
        request: u64,
        /// Boxed, like `Executed`: an order is much larger than every other action.
        result: Result<Box<Order>, String>,
    },
    Executed {
        order_id: String,
        /// Boxed: an outcome carries an order.
        result: Result<Box<Outcome>, Failure>,
    },
    /// One order of a bulk run has its result (or is being sent: `sent` is its operation).
    BulkRow {
        index: usize,
        state: crate::bulk_run::RowState,
        sent: Option<crate::domain::Operation>,
    },
    /// The bulk run sent (or stopped before) its last order; why it stopped early, if it did.
    BulkFinished(Option<String>),
    /// The marked orders read afresh, in the run's order.
    BulkOrdersRead(Vec<Result<Box<Order>, String>>),
    /// At start: the newest bulk run left unfinished, the records that cannot be used, and
    /// the source this console is on.
    RunsFound {
        record: Option<Box<crate::run_record::RunRecord>>,
        problems: Vec<String>,
        source: String,
    },
    RunForgotten(Result<(), String>),
    RunExported(Result<std::path::PathBuf, String>),
    /// Orders awaiting capture, and how many expire within 24 h.
    QueueCounted(Result<(usize, usize), String>),
    /// The rows `*` asked for, with the query they match.
    MarkAllRead {
        query: crate::backend::ListQuery,
        result: Result<Vec<crate::backend::OrderRow>, String>,
    },
    ToastExpired(u64),
    /// The online mirror's sync state (progress, age of the data, reachability).
    Synced(Option<crate::backend::sync::SyncStatus>),
    /// The Drift view's findings were read, or its comparison ended.
    Drift(crate::drift::DriftAction),
    /// The palette's `open X`: the id of the order X names, or why none.
    Found {
        request: u64,
        named: String,
        result: Result<String, NotFound>,
    },
    /// The saved views' names, for the palette.
    ViewsListed(Result<Vec<String>, ViewsError>),
    /// `save NAME` was written (true: it replaced a view of that name).
    ViewSaved {
        name: String,
        result: Result<bool, ViewsError>,
    },
    /// `view NAME` was read.
    ViewOpened(Result<SavedView, ViewsError>),
    /// A mouse event (only with `--mouse`), and when it happened (for double-clicks).
    Mouse {
        event: crossterm::event::MouseEvent,
        at: Millis,
    },
    /// SIGTERM, SIGHUP or the input closing: leave cleanly.
    Quit,
}

/// Why a name found no single order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotFound {
    None,
    /// Several orders have that reference (counted up to 2).
    Several(usize),
    /// The source could not be read.
    Unreadable(String),
}

/// Why an operation did not happen, as the operator reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    /// A payment rule said no (nothing changed), as opposed to a failure to reach the source.
    pub refused: bool,
}
