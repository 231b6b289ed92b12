//! `OnlineBackend`: the `Backend` trait over the API client, the journal and the mirror.

use super::account::{Account, Mode, open_journal};
use super::assemble::{SessionInfo, assemble};
use super::background::Background;
use super::inner::{Inner, lock};
use super::mirror::open_mirror;
use super::pages::next_token;
use crate::config::Settings;
use crate::domain::reconcile::ConsoleMark;
use crate::domain::{Millis, Order};
use crate::smartpay::client::SmartpayClient;
use crate::smartpay::errors::is_transient;
use crate::smartpay::reads::Closing;
use crate::store::sync::{OnlineStatus, SyncStatus};
use crate::store::{BackendError, ListQuery, OperationRequest, OrderOperator, OrderReader, Outcome, Page, SourceKind};
use crate::wire::unreadable_sentence;
use smartpay_i18n::Message;
use smartpay_i18n::sentences::SyncText;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

impl Inner {
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
                let status = lock(&self.status).clone();
                let now = self.now();
                self.warn_said(|lang| SyncText::MirrorCopy.fill(lang, &[("label", &status.label_in(lang, now))]));
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
        // Cancelled when the console closes (`stop_background`, or drop): reads end at once.
        let closing = Closing::new();
        let client = SmartpayClient::with_retry(url, key, timeout, settings.retry)?.closing_on(closing.clone())?;
        let (journal, adopted) = open_journal(&settings.paths, &account, client.base_url())?;
        let journal_damaged = journal.problem().is_some();
        let mirror = open_mirror(&account.mirror_file(&settings.paths), client.base_url())?;
        let mut inner = Inner::new(Box::new(client), journal, mirror, interactive);
        inner.closing = closing;
        inner.read_only = settings.read_only;
        inner.lang = settings.lang;
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
            let url = inner.client.base_url().to_string();
            inner.warn_said(|lang| SyncText::AdoptedJournal.fill(lang, &[("count", &adopted), ("url", &url)]));
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

    /// An order the API sent unreadable makes a whole-source read incomplete: refused.
    fn refuse_unreadable(&self) -> Result<(), BackendError> {
        match self.warnings().first() {
            Some(first) => Err(BackendError::Api {
                status: 200,
                code: "response.invalid".into(),
                message: format!("{first}; an export without it would be incomplete, so nothing was written."),
            }),
            None => Ok(()),
        }
    }

    /// A pass that failed for lack of a connection still serves what the mirror has, saying so.
    fn served_anyway(&self, synced: Result<(), BackendError>) -> Result<(), BackendError> {
        let inner = self.inner();
        match synced {
            Ok(()) => Ok(()),
            Err(err) if is_transient(&err) && inner.mirror.count()? > 0 => {
                let status = lock(&inner.status).clone();
                let now = inner.now();
                inner.warn_said(|lang| {
                    let args: [(&str, &dyn std::fmt::Display); 2] =
                        [("error", &err.text(lang)), ("label", &status.label_in(lang, now))];
                    SyncText::MirrorOrders.fill(lang, &args)
                });
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

impl OrderReader for OnlineBackend {
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

    fn list_until(&self, query: &ListQuery, stop: &dyn Fn() -> bool) -> Result<Option<Page>, BackendError> {
        self.ensure_synced()?;
        self.inner().mirror.list_until(query, stop)
    }

    fn first_page_until(&self, query: &ListQuery, stop: &dyn Fn() -> bool) -> Result<Option<Page>, BackendError> {
        self.ensure_synced()?;
        self.inner().mirror.first_page_until(query, stop)
    }

    fn queue_counts(&self, window: smartpay_domain::Millis) -> Result<(usize, usize), BackendError> {
        self.ensure_synced()?;
        self.inner().mirror.queue_counts(window)
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

    /// An export must not look complete without the orders the API sent unreadable.
    fn for_each_record(
        &self,
        visit: &mut dyn FnMut(Result<Order, BackendError>) -> Result<(), BackendError>,
    ) -> Result<(), BackendError> {
        self.ensure_whole()?;
        self.refuse_unreadable()?;
        self.inner().mirror.for_each_record(visit)
    }

    fn for_each_record_since(
        &self,
        since: Millis,
        visit: &mut dyn FnMut(Result<Order, BackendError>) -> Result<(), BackendError>,
    ) -> Result<(), BackendError> {
        if self.inner().whole_pass_done.load(Ordering::SeqCst) {
            return self.for_each_record(visit);
        }
        self.served_anyway(self.inner().sync_created_since(since))?;
        self.refuse_unreadable()?;
        self.inner().mirror.for_each_record(visit)
    }

    fn warnings(&self) -> Vec<String> {
        let ids = lock(&self.inner().status).unreadable_orders.clone();
        if ids.is_empty() { vec![] } else { vec![unreadable_sentence("order", &ids)] }
    }
}

impl OrderOperator for OnlineBackend {
    fn execute(&self, order_id: &str, request: &OperationRequest) -> Result<Outcome, BackendError> {
        self.inner().execute(order_id, request)
    }

    fn recorded_operation(&self, key: &str) -> Result<Option<(String, crate::domain::Operation)>, BackendError> {
        Ok(self.inner().journal.get(key)?.map(|entry| (entry.order_id, entry.operation)))
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
