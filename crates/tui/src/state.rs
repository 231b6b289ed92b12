//! Everything the TUI knows at one moment. Views draw it, `update` changes it; nothing in here
//! does I/O.

use super::theme::Theme;
use crate::backend::{ListQuery, OrderRow, SortKey, SourceKind};
use crate::config::Lang;
use crate::domain::{Millis, Operation, Order, OrderStatus, RefundReason};
use tui_input::Input;

/// How many rows the list keeps around the visible ones. Only this window is ever in memory,
/// whatever the number of orders.
pub const WINDOW: usize = 240;

/// Who is using the console and how it was started; fixed for the session.
#[derive(Debug, Clone)]
pub struct Session {
    pub lang: Lang,
    pub theme: Theme,
    pub read_only: bool,
    pub operator: String,
    pub source: SourceKind,
    /// Makes a fresh idempotency key (injected so tests get stable ones).
    pub keygen: fn() -> String,
}

#[cfg(test)]
impl Session {
    /// The session a unit test starts from: English, offline, read-write, operator `op`, every
    /// key `key`; a test changes what it is about (`Session { read_only: true, ..for_tests() }`).
    pub(crate) fn for_tests() -> Session {
        Session {
            lang: Lang::En,
            theme: Theme::default(),
            read_only: false,
            operator: "op".into(),
            source: SourceKind::Offline,
            keygen: || "key".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    List,
    Details,
    /// The last `reconcile` findings (`D` from the list).
    Drift,
}

/// The rows held in memory: `rows[i]` is row `start + i` of the query's result.
#[derive(Debug, Clone, Default)]
pub struct Window {
    pub start: usize,
    pub rows: Vec<OrderRow>,
}

impl Window {
    pub fn get(&self, index: usize) -> Option<&OrderRow> {
        index.checked_sub(self.start).and_then(|i| self.rows.get(i))
    }

    pub fn covers(&self, from: usize, to: usize) -> bool {
        from >= self.start && to <= self.start + self.rows.len()
    }
}

#[derive(Debug, Default)]
pub struct ListView {
    pub search: Input,
    /// The filter field has the keyboard.
    pub filtering: bool,
    pub status: Option<OrderStatus>,
    /// `f` past the statuses: the deadline queue's "expiring within 24 h" and "expired".
    pub deadline: Option<crate::domain::deadline_queue::DeadlineFilter>,
    pub sort: SortKey,
    pub descending: bool,
    /// Absolute index of the selected row among the matching orders.
    pub selected: usize,
    /// Absolute index of the first visible row.
    pub top: usize,
    pub window: Window,
    pub matching: usize,
    /// `matching` is a lower bound: the page of a new search has arrived and its count is
    /// still running (shown as "≥ N"; see `live_search`).
    pub at_least: bool,
    pub total: usize,
    /// The first page has arrived.
    pub loaded: bool,
    /// The latest list request; answers to older ones are dropped.
    pub request: u64,
    /// Offset of the request in flight, if any.
    pub pending: Option<usize>,
    /// After a refresh, select this order again wherever it now is in the window.
    pub anchor: Option<String>,
    pub error: Option<String>,
    /// The marked orders (`Space`), kept across filters until `u`.
    pub marks: crate::marks::Marks,
    /// The deadline queue in the header: awaiting capture, and expiring within 24 h.
    pub queue: Option<(usize, usize)>,
    /// The next fetch counts the queue again (start, refresh).
    pub recount: bool,
}

/// The bulk run over the marked orders, while its view is open.
pub type BulkView = Option<crate::bulk_run::BulkRun>;

impl ListView {
    pub fn new() -> ListView {
        ListView { descending: true, ..ListView::default() }
    }

    pub fn query(&self, offset: usize, limit: usize) -> ListQuery {
        let search = self.search.value().trim();
        ListQuery {
            status: self.status.clone(),
            search: (!search.is_empty()).then(|| search.to_string()),
            deadline: self.deadline,
            sort: self.sort,
            descending: self.descending,
            offset,
            limit,
        }
    }

    pub fn selected_row(&self) -> Option<&OrderRow> {
        self.window.get(self.selected)
    }
}

#[derive(Debug)]
pub struct DetailsView {
    pub id: String,
    pub order: Option<Order>,
    pub error: Option<String>,
    /// First visible history row (the history is shown newest first).
    pub scroll: usize,
    pub request: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Capture,
    Refund,
    Void,
}

impl ActionKind {
    pub const ALL: [ActionKind; 3] = [ActionKind::Capture, ActionKind::Refund, ActionKind::Void];

    pub fn has_amount(self) -> bool {
        self != ActionKind::Void
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Action,
    Amount,
    Reason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    Form,
    /// The operation restated; `on_confirm` is false at first, so Enter cancels.
    Confirm {
        operation: Operation,
        on_confirm: bool,
    },
    /// Sent; nothing can be submitted until the outcome arrives.
    InFlight {
        operation: Operation,
    },
}

#[derive(Debug)]
pub struct ActionsModal {
    pub order_id: String,
    pub kind: ActionKind,
    pub focus: Field,
    pub amount: Input,
    /// The amount is still the prefilled maximum: the first typed digit replaces it.
    pub pristine: bool,
    pub reason: RefundReason,
    pub stage: Stage,
    /// What the backend said when it refused or failed the last attempt.
    pub error: Option<String>,
}

/// The palette while it is open.
#[derive(Debug, Default)]
pub struct Palette {
    pub input: Input,
    /// Index into the filtered entries.
    pub selected: usize,
    /// The screen it was opened from: its actions are the ones offered.
    pub from: Option<crate::keymap::Context>,
    /// The saved views' names, once read.
    pub views: Vec<String>,
    /// A sentence about the last Enter (an unknown command, a bad name).
    pub error: Option<String>,
}

/// The idempotency key of the last confirmed operation that has not succeeded yet: confirming
/// the same operation again reuses it, so a retry can never do the operation twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingKey {
    pub order_id: String,
    pub operation: Operation,
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
}

#[derive(Debug)]
pub struct State {
    pub session: Session,
    /// The source in use, named shortly for the status bar (a file name, an API host).
    pub source_label: String,
    pub now: Millis,
    pub size: (u16, u16),
    pub screen: Screen,
    pub list: ListView,
    pub details: Option<DetailsView>,
    pub modal: Option<ActionsModal>,
    /// Bulk Payment Actions on the marked orders, while open.
    pub bulk: BulkView,
    pub bulk_settings: crate::bulk_run::BulkSettings,
    /// The help overlay and its scroll position.
    pub help: Option<usize>,
    /// The command palette, while open.
    pub palette: Option<Palette>,
    /// The latest order looked up from the palette; older answers are dropped.
    pub lookup: u64,
    /// Where saved views are kept (set at start; `None`: saving is off).
    pub views_file: Option<std::path::PathBuf>,
    /// The operator turned the mouse on (`--mouse`, `console.mouse`): without it, mouse input
    /// (a terminal left in mouse mode by another program) does nothing.
    pub mouse: bool,
    /// The console has the mouse: the last click (row, time) tells a double-click.
    pub last_click: Option<(usize, Millis)>,
    pub toast: Option<Toast>,
    /// Keys pressed while the "too small" screen hid the controls (they did nothing).
    pub ignored_keys: usize,
    /// Online mode: the background sync, as last polled.
    pub sync: Option<crate::backend::sync::SyncStatus>,
    pub pending_key: Option<PendingKey>,
    pub next_id: u64,
    pub quit: bool,
    /// "A payment request is still in flight; quit anyway?" is on screen (see `quit`).
    pub quit_question: bool,
    /// Something visible changed since the last frame.
    pub dirty: bool,
    /// The Drift view: the saved `reconcile` findings of this source.
    pub drift: crate::drift::DriftView,
}

impl State {
    pub fn new(session: Session, now: Millis, size: (u16, u16)) -> State {
        State {
            session,
            source_label: String::new(),
            now,
            size,
            screen: Screen::List,
            list: ListView::new(),
            details: None,
            modal: None,
            bulk: None,
            bulk_settings: Default::default(),
            help: None,
            palette: None,
            lookup: 0,
            views_file: None,
            mouse: false,
            last_click: None,
            toast: None,
            ignored_keys: 0,
            sync: None,
            pending_key: None,
            next_id: 0,
            quit: false,
            quit_question: false,
            dirty: true,
            drift: Default::default(),
        }
    }

    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn order(&self) -> Option<&Order> {
        self.details.as_ref().and_then(|d| d.order.as_ref())
    }
}
