//! One page of the API's orders (or checkout sessions) into the mirror: each readable order
//! assembled with its refunds, session, mirrored copy and journal; the unreadable ones named,
//! never hiding the rest of their page.

use super::assemble::{assemble, session_info};
use super::inner::{Inner, lock};
use super::mirror::{put_synced_orders, updated_at};
use super::refunds::Reading;
use crate::domain::{Millis, Order};
use crate::journal::JournalEntry;
use crate::store::{BackendError, OrderReader};
use crate::wire::{Collection, Lenient, WireCheckoutSession, WireOrder};
use std::collections::{HashMap, HashSet};

/// How many orders (or sessions) one request asks for.
pub(super) const PAGE_SIZE: u32 = 100;

/// What a pass read: the orders it could not read (named, never hiding the rest of their
/// page), the ones it did read, and whether it read every page (a full pass).
#[derive(Debug, Default)]
pub(super) struct PassSeen {
    pub(super) unreadable: Vec<String>,
    pub(super) read: HashSet<String>,
    pub(super) whole: bool,
}

pub(super) type JournalByOrder = HashMap<String, Vec<JournalEntry>>;

/// What one page of orders showed.
pub(super) struct PageSeen {
    /// An order on it was read before with the same `updatedAt` (or, without one, unchanged).
    pub(super) unchanged: bool,
    pub(super) oldest_created: Option<Millis>,
}

impl Inner {
    /// Keeps what each readable session adds to its order; true when one of them was new.
    pub(super) fn remember_sessions(&self, items: Vec<Lenient<WireCheckoutSession>>) -> bool {
        let mut any_new = false;
        let mut sessions = lock(&self.sessions);
        let mut none = lock(&self.no_session);
        for item in items {
            match item.into_result() {
                Ok(session) => {
                    if let Some((id, info)) = session_info(&session) {
                        none.remove(&id);
                        any_new |= sessions.insert(id, info).is_none();
                    }
                }
                Err(bad) => tracing::warn!("checkout session {} could not be read: {}", bad.id, bad.reason),
            }
        }
        any_new
    }

    /// One page of the API's orders as the console's: each readable one with its refunds
    /// resolved, its session, its mirrored copy and its journal; and the ids of the orders
    /// that could not be read (each named in the log), which never hide the rest of the page.
    pub(super) fn assemble_page(
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
            match assemble(wire, session.as_ref(), known.as_ref(), entries, self.live_key(), now) {
                Ok(order) => orders.push(order),
                Err(err) => {
                    tracing::warn!("order {id} could not be read: {err}");
                    unreadable.push(id);
                }
            }
        }
        (orders, unreadable)
    }

    /// Assembles and mirrors one page of orders, noting each one's `updatedAt`: each readable
    /// one with its refunds resolved, its session, its mirrored copy and its journal; the ones
    /// that cannot be read are named in the log and in `pass`, and never hide the rest.
    pub(super) fn write_page(
        &self,
        page: Collection<Lenient<WireOrder>>,
        journal: &JournalByOrder,
        pass: &mut PassSeen,
    ) -> Result<PageSeen, BackendError> {
        let now = self.now();
        let mut seen = PageSeen { unchanged: false, oldest_created: None };
        let mut orders = Vec::with_capacity(page.data.len());
        let mut stamps = Vec::with_capacity(page.data.len());
        for item in page.data {
            let mut wire = match item.into_result() {
                Ok(wire) => wire,
                Err(bad) => {
                    tracing::warn!("order {} could not be read: {}", bad.id, bad.reason);
                    pass.unreadable.push(bad.id);
                    continue;
                }
            };
            let id = wire.id.clone();
            let stamp = wire.updated_at;
            seen.oldest_created = Some(seen.oldest_created.map_or(wire.created_at, |o| o.min(wire.created_at)));
            let session = lock(&self.sessions).get(&id).cloned();
            let known = self.mirror.get(&id).ok();
            self.resolve_refunds(&mut wire, known.as_ref(), Reading::Many);
            let entries = journal.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            match assemble(wire, session.as_ref(), known.as_ref(), entries, self.live_key(), now) {
                Ok(order) => {
                    seen.unchanged |= match stamp {
                        Some(at) => updated_at(&self.mirror, &id) == Some(at),
                        None => known.as_ref() == Some(&order),
                    };
                    if let Some(at) = stamp {
                        stamps.push((id.clone(), at));
                    }
                    pass.read.insert(id);
                    orders.push(order);
                }
                Err(err) => {
                    tracing::warn!("order {id} could not be read: {err}");
                    pass.unreadable.push(id);
                }
            }
        }
        put_synced_orders(&self.mirror, &orders, &stamps)?;
        let mut status = lock(&self.status);
        status.pages_synced += 1;
        status.orders_synced += orders.len() as u64;
        Ok(seen)
    }

    /// Reads checkout sessions newest first until a page holds none that is new (or, with
    /// `since`, one created before it: `reconcile`'s dated pass needs no older ones).
    pub(super) fn refresh_sessions(&self, since: Option<Millis>) -> Result<(), BackendError> {
        let mut token: Option<String> = None;
        loop {
            self.still_open()?;
            let page = self.note(self.client.list_checkout_sessions(token.as_deref(), PAGE_SIZE))?;
            let next = next_token(token.as_ref(), &page);
            let past = since.is_some_and(|since| {
                page.data.iter().any(|s| matches!(s, Lenient::Read(session) if session.created_at < since))
            });
            let any_new = self.remember_sessions(page.data);
            match next {
                Some(next) if any_new && !past => token = Some(next),
                _ => return Ok(()),
            }
        }
    }
}

/// The next page's token, unless the page was the last (or the server repeats itself).
pub(super) fn next_token<T>(current: Option<&String>, page: &Collection<T>) -> Option<String> {
    match &page.next_page_token {
        Some(next) if Some(next) != current && !page.data.is_empty() => Some(next.clone()),
        _ => None,
    }
}

#[cfg(test)]
#[path = "pages_tests.rs"]
mod tests;
