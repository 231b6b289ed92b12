//! `OnlineBackend`: the `Backend` trait over the API client, the journal and the mirror.

use super::account::{Account, Mode, open_journal};
use super::assemble::{SessionInfo, assemble};
use super::inner::{Inner, lock};
use super::mirror::open_mirror;
use super::pages::next_token;
use super::sync::start_background;
use crate::config::Settings;
use crate::domain::Order;
use crate::smartpay::client::SmartpayClient;
use crate::smartpay::errors::is_transient;
use crate::store::sync::SyncStatus;
use crate::store::{Backend, BackendError, ListQuery, OperationRequest, Outcome, Page, SourceKind};
use crate::wire::unreadable_sentence;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, mpsc};
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
        let entries = self.journal.for_order(id)?;
        let order = assemble(wire, session.as_ref(), known.as_ref(), &entries, self.live_key(), self.now())?;
        self.mirror.insert_orders(std::slice::from_ref(&order))?;
        Ok(order)
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
    /// Asks the background sync thread for a pass; `None` until there is one.
    poke: Mutex<Option<mpsc::Sender<()>>>,
}

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
        let poke = interactive.then(|| start_background(&inner));
        Ok(OnlineBackend { inner: Some(inner), poke: Mutex::new(poke) })
    }

    /// A backend over an `Inner` made by a test (no start-up replay, no background thread).
    #[cfg(test)]
    pub(super) fn over(inner: Inner) -> OnlineBackend {
        OnlineBackend { inner: Some(Arc::new(inner)), poke: Mutex::new(None) }
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

    /// A program that asks about sync progress is interactive (the TUI): from then on the
    /// list is served from the mirror at once and a background thread keeps it fresh, even if
    /// `online::set_interactive` was not called before opening.
    fn become_interactive(&self) {
        let Some(inner) = self.inner.as_ref() else { return };
        inner.interactive.store(true, Ordering::SeqCst);
        let mut poke = lock(&self.poke);
        if poke.is_none() {
            *poke = Some(start_background(inner));
        }
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
        // The blocking HTTP client must not be dropped on an async worker thread (the TUI
        // may drop its backend there), so the last reference goes away on a plain thread.
        if let Some(inner) = self.inner.take() {
            *lock(&self.poke) = None;
            let _ = std::thread::Builder::new().name("smartpay-drop".into()).spawn(move || drop(inner));
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

    fn get_listed(&self, id: &str) -> Result<Order, BackendError> {
        self.inner().mirror.get(id)
    }

    fn execute(&self, order_id: &str, request: &OperationRequest) -> Result<Outcome, BackendError> {
        self.inner().execute(order_id, request)
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

    fn sync_status(&self) -> Option<SyncStatus> {
        self.become_interactive();
        Some(lock(&self.inner().status).clone())
    }

    fn request_sync(&self) {
        self.become_interactive();
        if let Some(poke) = lock(&self.poke).as_ref() {
            let _ = poke.send(());
        }
    }
}
