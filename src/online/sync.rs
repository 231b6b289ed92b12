//! Keeping the mirror fresh: a sync pass pages through `/checkout-sessions` and `/orders`
//! (`expand=all`), writes each page to the mirror and reports progress in `SyncStatus`; in an
//! interactive program a background thread repeats it, and at once when asked.

use super::assemble::{assemble, session_info};
use super::backend::{Inner, lock};
use crate::backend::smartpay::errors::is_transient;
use crate::backend::{Backend, BackendError};
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// How often the background thread syncs when nobody asks.
const SYNC_INTERVAL: Duration = Duration::from_secs(60);
const PAGE_SIZE: u32 = 100;

impl Inner {
    /// One full pass, one at a time; the status says how it went.
    pub fn sync_all(&self) -> Result<(), BackendError> {
        let _one_at_a_time = lock(&self.sync_lock);
        {
            let mut status = lock(&self.status);
            status.running = true;
            status.orders_synced = 0;
            status.pages_synced = 0;
        }
        let result = self.sync_pass();
        let pending = self.journal.count_open().unwrap_or(0);
        let mut status = lock(&self.status);
        status.running = false;
        status.pending_operations = pending;
        match &result {
            Ok(()) => {
                let now = self.now();
                if let Err(err) = super::mirror::record_synced_at(&self.mirror, now) {
                    tracing::warn!("cannot note the sync time: {err}");
                }
                status.last_synced_at = Some(now);
                status.reachable = true;
                status.last_error = None;
                self.synced_once.store(true, Ordering::SeqCst);
            }
            Err(err) => {
                status.reachable = !is_transient(err);
                status.last_error = Some(err.to_string());
            }
        }
        result
    }

    /// The newest page of orders with the newest page of checkout sessions (their customers),
    /// fetched side by side: one round trip. An interactive console with an empty mirror shows
    /// these at once while the background pass fetches everything.
    pub fn sync_first_page(&self) -> Result<(), BackendError> {
        let (sessions, page) = std::thread::scope(|scope| {
            let sessions = scope.spawn(|| self.client.list_checkout_sessions(None, PAGE_SIZE));
            let page = self.client.list_orders(None, PAGE_SIZE);
            (sessions.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), page)
        });
        let page = self.note(page)?;
        if let Ok(sessions) = self.note(sessions) {
            let mut known = lock(&self.sessions);
            for (id, info) in sessions.data.iter().filter_map(session_info) {
                known.insert(id, info);
            }
        }
        let journal = self.journal.all_by_order()?;
        let now = self.now();
        let mut orders = Vec::with_capacity(page.data.len());
        for wire in page.data {
            let session = lock(&self.sessions).get(&wire.id).cloned();
            let entries = journal.get(&wire.id).map(Vec::as_slice).unwrap_or(&[]);
            match assemble(wire, session.as_ref(), None, entries, now) {
                Ok(order) => orders.push(order),
                Err(err) => tracing::warn!("skipping an order the API sent: {err}"),
            }
        }
        // The full pass (not waited for: it holds the sync lock throughout) may have written
        // its first page already, with everything it knows: keep that.
        if self.mirror.count()? == 0 {
            self.mirror.insert_orders(&orders)?;
        }
        Ok(())
    }

    fn sync_pass(&self) -> Result<(), BackendError> {
        if !self.read_only && self.journal.count_open()? > 0 {
            self.resolve_open();
        }
        let mut token: Option<String> = None;
        loop {
            let page = self.note(self.client.list_checkout_sessions(token.as_deref(), PAGE_SIZE))?;
            {
                let mut sessions = lock(&self.sessions);
                for (id, info) in page.data.iter().filter_map(session_info) {
                    sessions.insert(id, info);
                }
            }
            match page.next_page_token {
                Some(next) if Some(&next) != token.as_ref() && !page.data.is_empty() => token = Some(next),
                _ => break,
            }
        }
        let journal = self.journal.all_by_order()?;
        let mut token: Option<String> = None;
        loop {
            let page = self.note(self.client.list_orders(token.as_deref(), PAGE_SIZE))?;
            let now = self.now();
            let mut orders = Vec::with_capacity(page.data.len());
            for wire in page.data.iter().cloned() {
                let session = lock(&self.sessions).get(&wire.id).cloned();
                let known = if session.is_none() { self.mirror.get(&wire.id).ok() } else { None };
                let entries = journal.get(&wire.id).map(Vec::as_slice).unwrap_or(&[]);
                match assemble(wire, session.as_ref(), known.as_ref(), entries, now) {
                    Ok(order) => orders.push(order),
                    Err(err) => tracing::warn!("skipping an order the API sent: {err}"),
                }
            }
            self.mirror.insert_orders(&orders)?;
            {
                let mut status = lock(&self.status);
                status.pages_synced += 1;
                status.orders_synced += orders.len() as u64;
            }
            match page.next_page_token {
                Some(next) if Some(&next) != token.as_ref() && !page.data.is_empty() => token = Some(next),
                _ => return Ok(()),
            }
        }
    }
}

/// Starts the background sync thread; a message on the returned sender asks for a pass now.
/// The thread ends when the backend (and so the sender) is gone.
pub fn start_background(inner: &Arc<Inner>) -> mpsc::Sender<()> {
    let (poke, asked) = mpsc::channel::<()>();
    let weak = Arc::downgrade(inner);
    let spawned = std::thread::Builder::new().name("smartpay-sync".into()).spawn(move || {
        loop {
            let Some(inner) = weak.upgrade() else { return };
            if let Err(err) = inner.sync_all() {
                tracing::warn!("sync failed: {err}");
            }
            drop(inner);
            match asked.recv_timeout(SYNC_INTERVAL) {
                Ok(()) | Err(mpsc::RecvTimeoutError::Timeout) => while asked.try_recv().is_ok() {},
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    if let Err(err) = spawned {
        tracing::warn!("cannot start the background sync: {err}");
    }
    poke
}
