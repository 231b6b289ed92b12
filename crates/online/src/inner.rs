//! The state online mode shares between the foreground and the background sync thread: the
//! client, the journal, the mirror, what sync has learnt so far, and the status it reports.
//! The operations on it live by job: `backend` (reads), `sync` and `pages` (keeping the
//! mirror fresh), `refunds`, `operate`, `drive` and `recover` (operations and their replay).

use super::assemble::SessionInfo;
use super::mirror::synced_at;
use crate::domain::Millis;
use crate::domain::time::now_millis;
use crate::journal::Journal;
use crate::smartpay::api::SmartpayApi;
use crate::smartpay::errors::is_transient;
use crate::smartpay::reads::{Closing, closed};
use crate::store::BackendError;
use crate::store::local::LocalStore;
use crate::store::sync::SyncStatus;
use crate::wire::WireRefund;
use smartpay_i18n::sentences::{ErrorText, SyncText};
use smartpay_i18n::{Lang, Message};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

/// What the foreground and the background sync thread share.
pub struct Inner {
    /// A TUI (serve the mirror at once, warn on screen) rather than the CLI (warn on stderr).
    pub interactive: AtomicBool,
    pub client: Box<dyn SmartpayApi>,
    /// Cancelled when the console closes: the client's reads end at once, a pass between pages.
    pub closing: Closing,
    pub journal: Journal,
    /// A `--read-only` console never replays the journal: it shows open entries instead.
    pub read_only: bool,
    pub mirror: LocalStore,
    pub status: Mutex<SyncStatus>,
    /// Checkout sessions seen so far, by order id.
    pub sessions: Mutex<HashMap<String, SessionInfo>>,
    /// Refunds learnt from `GET /refunds` (see `refunds`).
    pub refunds: Mutex<RefundIndex>,
    /// Orders whose session was looked for through every page and not found (token orders).
    pub no_session: Mutex<HashSet<String>>,
    /// Where the spread full pass has got to (see `sync`).
    pub cursor: Mutex<SyncCursor>,
    /// `online.recheck_days` and `online.full_sync_hours`.
    pub recheck_days: u32,
    pub full_sync_hours: u32,
    /// One sync pass at a time.
    pub sync_lock: Mutex<()>,
    pub synced_once: AtomicBool,
    /// A pass in this process read every page (so every unreadable order was named).
    pub whole_pass_done: AtomicBool,
    /// The language of the warnings the CLI prints on stderr (the log keeps English).
    pub lang: Lang,
    /// `online.reference_template`: the `reference` sent with captures and refunds.
    pub reference_template: Option<String>,
    /// Tests move the console's clock; a release build has no way to.
    #[cfg(test)]
    pub clock_offset_ms: std::sync::atomic::AtomicI64,
}

/// Locks a mutex whose data stays valid even if a holder panicked (status, caches).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Inner {
    /// Joins a client, a journal and a mirror; nothing is sent yet.
    pub fn new(client: Box<dyn SmartpayApi>, journal: Journal, mirror: LocalStore, interactive: bool) -> Inner {
        let last_synced_at = synced_at(&mirror);
        let oldest_check_at = super::mirror::full_synced_at(&mirror);
        Inner {
            interactive: AtomicBool::new(interactive),
            lang: Lang::En,
            client,
            closing: Closing::new(),
            journal,
            read_only: false,
            mirror,
            status: Mutex::new(SyncStatus {
                reachable: true,
                last_synced_at,
                oldest_check_at,
                ..SyncStatus::default()
            }),
            sessions: Mutex::new(HashMap::new()),
            refunds: Mutex::new(RefundIndex::default()),
            no_session: Mutex::new(HashSet::new()),
            cursor: Mutex::new(SyncCursor::default()),
            recheck_days: 14,
            full_sync_hours: 6,
            sync_lock: Mutex::new(()),
            synced_once: AtomicBool::new(false),
            whole_pass_done: AtomicBool::new(false),
            reference_template: None,
            #[cfg(test)]
            clock_offset_ms: std::sync::atomic::AtomicI64::new(0),
        }
    }

    pub fn now(&self) -> Millis {
        let now = now_millis() + super::test_clock::offset_ms();
        #[cfg(test)]
        let now = now + self.clock_offset_ms.load(Ordering::SeqCst);
        now
    }

    /// The key is a `sk_live_` one: orders the API sends without `test` are live.
    pub fn live_key(&self) -> bool {
        lock(&self.status).live
    }

    /// Keeps the ids of the orders the last pass could not read, and says so (stderr for the
    /// CLI, the status bar for the TUI).
    pub fn note_unreadable(&self, ids: Vec<String>) {
        if !ids.is_empty() {
            let key = if ids.len() == 1 { SyncText::UnreadableOrder } else { SyncText::UnreadableOrders };
            self.warn_said(|lang| key.fill(lang, &[("count", &ids.len()), ("ids", &ids.join(", "))]));
        }
        lock(&self.status).unreadable_orders = ids;
    }

    pub fn mark_reachable(&self) {
        let mut status = lock(&self.status);
        status.reachable = true;
    }

    pub fn mark_unreachable(&self, err: &BackendError) {
        let mut status = lock(&self.status);
        status.reachable = false;
        status.last_error = Some(err.to_string());
    }

    /// Says something the operator must know (data served from the mirror). On stderr for the
    /// CLI; never in an interactive console (which owns the terminal), where the status bar
    /// says it instead.
    pub fn warn(&self, message: &str) {
        self.warn_said(|_| message.to_string());
    }

    /// [`Inner::warn`] of a sentence `say` writes in each language: English in the log, the
    /// console's language on stderr.
    pub fn warn_said(&self, say: impl Fn(Lang) -> String) {
        tracing::warn!("{}", say(Lang::En));
        if !self.interactive.load(Ordering::SeqCst) {
            eprintln!("{}", ErrorText::Warning.fill(self.lang, &[("message", &say(self.lang))]));
        }
    }

    /// Notes a failed request: a transient one means the API is out of reach.
    /// Whether a pass may read its next page: not once the console is closing.
    pub fn still_open(&self) -> Result<(), BackendError> {
        if self.closing.is_cancelled() { Err(closed()) } else { Ok(()) }
    }

    pub fn note<T>(&self, result: Result<T, BackendError>) -> Result<T, BackendError> {
        match &result {
            Ok(_) => self.mark_reachable(),
            Err(err) if is_transient(err) => self.mark_unreachable(err),
            Err(_) => {}
        }
        result
    }
}

/// What the console has learnt of the API's refunds.
#[derive(Debug, Default)]
pub struct RefundIndex {
    /// Whether `GET /payments/{id}` names its refunds (`None` until one was asked).
    pub(super) payments_name_refunds: Option<bool>,
    pub(super) by_payment: HashMap<String, Vec<WireRefund>>,
    pub(super) seen: HashSet<String>,
    /// Fresh for the current pass or read: paged since it last became stale.
    pub(super) fresh: bool,
    /// Listing failed in the current pass or read: not asked again until it becomes stale.
    pub(super) failed: bool,
}

impl RefundIndex {
    /// Asks for a fresh look (a new sync pass, an order read after an operation).
    pub fn mark_stale(&mut self) {
        self.fresh = false;
        self.failed = false;
    }
}

/// Where the spread full pass has got to, and when orders were last rechecked.
#[derive(Debug, Default)]
pub struct SyncCursor {
    pub(super) full_token: Option<String>,
    pub(super) full_started_at: Option<Millis>,
    pub(super) rechecked_at: Option<Millis>,
}
