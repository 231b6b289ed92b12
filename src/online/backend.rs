//! `OnlineBackend`: the `Backend` trait over the API client, the journal and the mirror.

use super::account::{Account, Mode, open_journal};
use super::assemble::{SessionInfo, assemble};
use super::background::Background;
use super::mirror::{open_mirror, synced_at};
use super::pages::next_token;
use super::refunds::RefundIndex;
use super::sync::SyncCursor;
use crate::backend::journal::Journal;
use crate::backend::local::LocalStore;
use crate::backend::smartpay::api::SmartpayApi;
use crate::backend::smartpay::client::SmartpayClient;
use crate::backend::smartpay::errors::is_transient;
use crate::backend::smartpay::wire::unreadable_sentence;
use crate::backend::sync::{OnlineStatus, SyncStatus};
use crate::backend::{Backend, BackendError, ListQuery, OperationRequest, Outcome, Page, SourceKind};
use crate::config::Settings;
use crate::domain::reconcile::ConsoleMark;
use crate::domain::time::now_millis;
use crate::domain::{Millis, Order};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// What the foreground and the background sync thread share.
pub(super) struct Inner {
    /// A TUI (serve the mirror at once, warn on screen) rather than the CLI (warn on stderr).
    pub interactive: AtomicBool,
    pub client: Box<dyn SmartpayApi>,
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
    /// `online.reference_template`: the `reference` sent with captures and refunds.
    pub reference_template: Option<String>,
    /// Tests move the console's clock; a release build has no way to.
    #[cfg(test)]
    pub clock_offset_ms: std::sync::atomic::AtomicI64,
}

/// Locks a mutex whose data stays valid even if a holder panicked (status, caches).
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Inner {
    /// Joins a client, a journal and a mirror; nothing is sent yet.
    pub fn new(client: Box<dyn SmartpayApi>, journal: Journal, mirror: LocalStore, interactive: bool) -> Inner {
        let last_synced_at = synced_at(&mirror);
        let oldest_check_at = super::mirror::full_synced_at(&mirror);
        Inner {
            interactive: AtomicBool::new(interactive),
            client,
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
            self.warn(&format!("{}.", unreadable_sentence("order", &ids)));
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
    /// CLI; never while a full-screen console owns the terminal (raw mode), where the status
    /// bar says it instead.
    pub fn warn(&self, message: &str) {
        tracing::warn!("{message}");
        let on_screen = crossterm::terminal::is_raw_mode_enabled().unwrap_or(false);
        if !self.interactive.load(Ordering::SeqCst) && !on_screen {
            eprintln!("warning: {message}");
        }
    }

    /// Notes a failed request: a transient one means the API is out of reach.
    pub fn note<T>(&self, result: Result<T, BackendError>) -> Result<T, BackendError> {
        match &result {
            Ok(_) => self.mark_reachable(),
            Err(err) if is_transient(err) => self.mark_unreachable(err),
            Err(_) => {}
        }
        result
    }

    /// The session of `order_id`, paging `/checkout-sessions` until it turns up (sessions
    /// have no filter in the API). Every session seen on the way is kept, and an order found
    /// to have none is remembered as such.
    fn session_of(&self, order_id: &str) -> Result<Option<SessionInfo>, BackendError> {
        if let Some(found) = lock(&self.sessions).get(order_id) {
            return Ok(Some(found.clone()));
        }
        if lock(&self.no_session).contains(order_id) {
            return Ok(None);
        }
        let mut token: Option<String> = None;
        loop {
            let page = self.note(self.client.list_checkout_sessions(token.as_deref(), 100))?;
            let next = next_token(token.as_ref(), &page);
            self.remember_sessions(page.data);
            if let Some(found) = lock(&self.sessions).get(order_id) {
                return Ok(Some(found.clone()));
            }
            match next {
                Some(next) => token = Some(next),
                None => {
                    lock(&self.no_session).insert(order_id.to_string());
                    return Ok(None);
                }
            }
        }
    }

    /// The order read fresh from the API, joined with its session and the journal, and
    /// written to the mirror.
    pub fn fetch(&self, id: &str) -> Result<Order, BackendError> {
        self.fetch_marked(id).map(|(order, _)| order)
    }

    /// As `fetch`, with the console marks its refunds carry (see `marks`).
    pub fn fetch_marked(&self, id: &str) -> Result<(Order, Vec<ConsoleMark>), BackendError> {
        let mut wire = self.note(self.client.get_order(id))?;
        let known = self.mirror.get(id).ok();
        // A shipping address alone does not make the customer known: the name and email come
        // from the session, and once known they are kept by the merge.
        let session = match &known {
            Some(k) if !k.customer.full_name().is_empty() || !k.customer.email.is_empty() => {
                lock(&self.sessions).get(id).cloned()
            }
            _ => self.session_of(id).unwrap_or(None),
        };
        lock(&self.refunds).mark_stale();
        self.resolve_refunds(&mut wire, known.as_ref(), super::refunds::Reading::One);
        let marks = super::marks::console_marks(&wire);
        let entries = self.journal.for_order(id)?;
        let order = assemble(wire, session.as_ref(), known.as_ref(), &entries, self.live_key(), self.now())?;
        self.mirror.insert_orders(std::slice::from_ref(&order))?;
        Ok((order, marks))
    }

    /// `fetch`, or the mirrored copy when the API is out of reach.
    pub fn read(&self, id: &str) -> Result<Order, BackendError> {
        match self.fetch(id) {
            Err(err) if is_transient(&err) => {
                let mirrored = self.mirror.get(id).map_err(|_| err)?;
                let label = lock(&self.status).label(self.now());
                self.warn(&format!("the API is out of reach; showing the copy mirrored locally ({label})."));
                Ok(mirrored)
            }
            other => other,
        }
    }
}

pub struct OnlineBackend {
    /// An `Option` only so that `Drop` can hand it to a plain thread (see there).
    inner: Option<Arc<Inner>>,
    /// The background sync thread, once [`OnlineBackend::start_background`] has started it.
    background: Mutex<Option<Background>>,
}

/// How long closing waits for the background sync to stop (as long as the TUI waits for its
/// own tasks).
pub const STOP_WAIT: Duration = Duration::from_secs(2);

impl OnlineBackend {
    pub fn open(url: &str, settings: &Settings, interactive: bool) -> Result<OnlineBackend, BackendError> {
        let key = settings.secret_key.as_ref().ok_or(BackendError::MissingKey)?;
        let account = Account::of(key)?;
        let timeout = Duration::from_secs(settings.timeout_secs.max(1));
        let client = SmartpayClient::with_retry(url, key, timeout, settings.retry)?;
        let (journal, adopted) = open_journal(&settings.paths, &account, client.base_url())?;
        let journal_damaged = journal.problem().is_some();
        let mirror = open_mirror(&account.mirror_file(&settings.paths), client.base_url())?;
        let mut inner = Inner::new(Box::new(client), journal, mirror, interactive);
        inner.read_only = settings.read_only;
        inner.reference_template = settings.reference_template.clone();
        inner.recheck_days = settings.recheck_days;
        inner.full_sync_hours = settings.full_sync_hours;
        {
            let mut status = lock(&inner.status);
            status.replay_off = settings.read_only;
            status.journal_damaged = journal_damaged;
            status.live = account.mode == Mode::Live;
        }
        if adopted > 0 {
            inner.warn(&format!(
                "this key has no journal yet: it took over {adopted} unresolved operation(s) from the journal last used for {}.",
                inner.client.base_url()
            ));
        }
        let inner = Arc::new(inner);
        if let Some(problem) = inner.journal.problem() {
            inner.warn(problem);
        }
        if inner.read_only {
            inner.show_open_entries();
        } else {
            // What an earlier run left open is settled before anything else touches those orders.
            inner.resolve_open();
        }
        Ok(OnlineBackend { inner: Some(inner), background: Mutex::new(None) })
    }

    /// A backend over an `Inner` made by a test (no start-up replay, no background thread).
    #[cfg(test)]
    pub(super) fn over(inner: Inner) -> OnlineBackend {
        OnlineBackend { inner: Some(Arc::new(inner)), background: Mutex::new(None) }
    }

    fn inner(&self) -> &Inner {
        // Only `Drop` takes it out.
        self.inner.as_deref().unwrap_or_else(|| unreachable!("the backend is used after drop"))
    }

    /// Resolves the journaled operations whose outcome is unknown, by replaying their keys.
    /// Returns how many were settled.
    pub fn resolve_pending(&self) -> usize {
        self.inner().resolve_open()
    }

    /// Starts the background sync (the TUI, explicitly, once): from then on the list is served
    /// from the mirror at once and a thread keeps it fresh. Nothing else starts it.
    pub fn start_background(&self) {
        let Some(inner) = self.inner.as_ref() else { return };
        inner.interactive.store(true, Ordering::SeqCst);
        let mut background = lock(&self.background);
        if background.is_none() {
            match Background::start(inner) {
                Ok(started) => *background = Some(started),
                Err(err) => tracing::warn!("cannot start the background sync: {err}"),
            }
        }
    }

    /// Stops the background sync and waits for it, at most `wait`. Returns whether it ended
    /// (or never ran).
    pub fn stop_background(&self, wait: Duration) -> bool {
        let running = lock(&self.background).take();
        running.is_none_or(|background| background.stop(wait))
    }

    /// Makes the list fresh before answering, once per process (the CLI). An interactive
    /// console is answered from the mirror at once; an empty one first gets the newest page.
    fn ensure_synced(&self) -> Result<(), BackendError> {
        let inner = self.inner();
        if inner.synced_once.load(Ordering::SeqCst) {
            return Ok(());
        }
        if inner.interactive.load(Ordering::SeqCst) {
            if inner.mirror.count()? == 0
                && let Err(err) = inner.sync_first_page()
            {
                tracing::warn!("cannot fetch the first page: {err}");
            }
            return Ok(());
        }
        self.served_anyway(inner.sync_all())
    }

    /// Makes every order fresh before an export, once per process: an incremental pass would
    /// not name an unreadable order on a page it did not reach, and the export would look
    /// complete without it.
    fn ensure_whole(&self) -> Result<(), BackendError> {
        let inner = self.inner();
        if inner.whole_pass_done.load(Ordering::SeqCst) {
            return Ok(());
        }
        self.served_anyway(inner.sync_everything())
    }

    /// A pass that failed for lack of a connection still serves what the mirror has, saying so.
    fn served_anyway(&self, synced: Result<(), BackendError>) -> Result<(), BackendError> {
        let inner = self.inner();
        match synced {
            Ok(()) => Ok(()),
            Err(err) if is_transient(&err) && inner.mirror.count()? > 0 => {
                let status = lock(&inner.status).clone();
                inner.warn(&format!("{err} Showing the orders mirrored locally ({}).", status.label(inner.now())));
                Ok(())
            }
            Err(err) => Err(err),
        }
    }
}

impl Drop for OnlineBackend {
    fn drop(&mut self) {
        self.stop_background(STOP_WAIT);
        // The blocking HTTP client must not be dropped on an async worker thread (a test or
        // the TUI may drop its backend there), so this reference goes away on a plain thread,
        // awaited here: nothing is left to a detached thread.
        if let Some(inner) = self.inner.take() {
            std::thread::scope(|scope| {
                let dropped = std::thread::Builder::new().name("smartpay-drop".into()).spawn_scoped(scope, move || {
                    drop(inner);
                });
                // Without a thread the closure (and so the reference) is dropped right here.
                drop(dropped);
            });
        }
    }
}

impl Backend for OnlineBackend {
    fn describe(&self) -> String {
        let inner = self.inner();
        let status = lock(&inner.status).clone();
        let base = inner.client.base_url();
        if status.reachable { format!("{base} (online)") } else { format!("{base} ({})", status.label(inner.now())) }
    }

    fn kind(&self) -> SourceKind {
        SourceKind::Online
    }

    fn list(&self, query: &ListQuery) -> Result<Page, BackendError> {
        self.ensure_synced()?;
        self.inner().mirror.list(query)
    }

    fn get(&self, id: &str) -> Result<Order, BackendError> {
        self.inner().read(id)
    }

    /// A fresh read, never the mirrored copy: reconcile reports only what the API says now.
    fn get_with_marks(&self, id: &str) -> Result<(Order, Vec<ConsoleMark>), BackendError> {
        self.inner().fetch_marked(id)
    }

    fn get_listed(&self, id: &str) -> Result<Order, BackendError> {
        self.inner().mirror.get(id)
    }

    fn execute(&self, order_id: &str, request: &OperationRequest) -> Result<Outcome, BackendError> {
        self.inner().execute(order_id, request)
    }

    fn recorded_operation(&self, key: &str) -> Result<Option<(String, crate::domain::Operation)>, BackendError> {
        Ok(self.inner().journal.get(key)?.map(|entry| (entry.order_id, entry.operation)))
    }

    /// An export must not look complete without the orders the API sent unreadable.
    fn for_each_record(
        &self,
        visit: &mut dyn FnMut(Result<Order, BackendError>) -> Result<(), BackendError>,
    ) -> Result<(), BackendError> {
        self.ensure_whole()?;
        let unreadable = self.warnings();
        if let Some(first) = unreadable.first() {
            return Err(BackendError::Api {
                status: 200,
                code: "response.invalid".into(),
                message: format!("{first}; an export without it would be incomplete, so nothing was written."),
            });
        }
        self.inner().mirror.for_each_record(visit)
    }

    fn warnings(&self) -> Vec<String> {
        let ids = lock(&self.inner().status).unreadable_orders.clone();
        if ids.is_empty() { vec![] } else { vec![unreadable_sentence("order", &ids)] }
    }
}

impl OnlineStatus for OnlineBackend {
    fn sync_status(&self) -> SyncStatus {
        lock(&self.inner().status).clone()
    }

    fn request_sync(&self) {
        if let Some(background) = lock(&self.background).as_ref() {
            background.poke();
        }
    }
}
