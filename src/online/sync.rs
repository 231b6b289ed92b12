//! Keeping the mirror fresh: a sync pass pages through `/checkout-sessions` and `/orders`
//! (`expand=all`), writes each page to the mirror and reports progress in `SyncStatus`; in an
//! interactive program a background thread repeats it, and at once when asked.

use super::assemble::{assemble, session_info};
use super::backend::{Inner, lock};
use super::refunds::Reading;
use crate::backend::journal::JournalEntry;
use crate::backend::smartpay::errors::is_transient;
use crate::backend::smartpay::wire::{Lenient, WireCheckoutSession, WireOrder};
use crate::backend::{Backend, BackendError};
use crate::domain::Order;
use std::collections::HashMap;
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
        if let Ok(unreadable) = &result {
            self.note_unreadable(unreadable.clone());
        }
        let pending = self.journal.count_open().unwrap_or(0);
        let mut status = lock(&self.status);
        status.running = false;
        status.pending_operations = pending;
        match &result {
            Ok(_) => {
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
        result.map(|_| ())
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
            self.remember_sessions(sessions.data);
        }
        let journal = self.journal.all_by_order()?;
        let (orders, unreadable) = self.assemble_page(page.data, &journal);
        self.note_unreadable(unreadable);
        // The full pass (not waited for: it holds the sync lock throughout) may have written
        // its first page already, with everything it knows: keep that.
        if self.mirror.count()? == 0 {
            self.mirror.insert_orders(&orders)?;
        }
        Ok(())
    }

    /// Keeps what each readable session adds to its order.
    pub(super) fn remember_sessions(&self, items: Vec<Lenient<WireCheckoutSession>>) {
        let mut sessions = lock(&self.sessions);
        for item in items {
            match item.into_result() {
                Ok(session) => sessions.extend(session_info(&session)),
                Err(bad) => tracing::warn!("checkout session {} could not be read: {}", bad.id, bad.reason),
            }
        }
    }

    /// One page of the API's orders as the console's: each readable one with its refunds
    /// resolved, its session, its mirrored copy and its journal; and the ids of the orders
    /// that could not be read (each named in the log), which never hide the rest of the page.
    fn assemble_page(
        &self,
        items: Vec<Lenient<WireOrder>>,
        journal: &HashMap<String, Vec<JournalEntry>>,
    ) -> (Vec<Order>, Vec<String>) {
        let now = self.now();
        let mut orders = Vec::with_capacity(items.len());
        let mut unreadable = Vec::new();
        for item in items {
            let mut wire = match item.into_result() {
                Ok(wire) => wire,
                Err(bad) => {
                    tracing::warn!("order {} could not be read: {}", bad.id, bad.reason);
                    unreadable.push(bad.id);
                    continue;
                }
            };
            let id = wire.id.clone();
            let session = lock(&self.sessions).get(&id).cloned();
            let known = self.mirror.get(&id).ok();
            self.resolve_refunds(&mut wire, known.as_ref(), Reading::Many);
            let entries = journal.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            match assemble(wire, session.as_ref(), known.as_ref(), entries, now) {
                Ok(order) => orders.push(order),
                Err(err) => {
                    tracing::warn!("order {id} could not be read: {err}");
                    unreadable.push(id);
                }
            }
        }
        (orders, unreadable)
    }

    /// Returns the ids of the orders that could not be read.
    fn sync_pass(&self) -> Result<Vec<String>, BackendError> {
        if !self.read_only && self.journal.count_open()? > 0 {
            self.resolve_open();
        }
        lock(&self.refunds).mark_stale();
        let mut token: Option<String> = None;
        loop {
            let page = self.note(self.client.list_checkout_sessions(token.as_deref(), PAGE_SIZE))?;
            let empty = page.data.is_empty();
            self.remember_sessions(page.data);
            match page.next_page_token {
                Some(next) if Some(&next) != token.as_ref() && !empty => token = Some(next),
                _ => break,
            }
        }
        let journal = self.journal.all_by_order()?;
        let mut unreadable = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self.note(self.client.list_orders(token.as_deref(), PAGE_SIZE))?;
            let empty = page.data.is_empty();
            let (orders, skipped) = self.assemble_page(page.data, &journal);
            unreadable.extend(skipped);
            self.mirror.insert_orders(&orders)?;
            {
                let mut status = lock(&self.status);
                status.pages_synced += 1;
                status.orders_synced += orders.len() as u64;
            }
            match page.next_page_token {
                Some(next) if Some(&next) != token.as_ref() && !empty => token = Some(next),
                _ => return Ok(unreadable),
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
