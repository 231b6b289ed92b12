//! Keeping the mirror fresh, politely: a pass asks for what may have changed, not for
//! everything, and never one request per order.
//!
//! 1. New checkout sessions, newest first, until a page of sessions all seen before (their
//!    customers and capture methods). An order whose session was looked for and not found is
//!    remembered as having none.
//! 2. The newest orders, until a page holding an order whose `updatedAt` is the one the mirror
//!    has; when a recheck is due (every [`RECHECK_EVERY_MS`], and in every CLI run) on down to
//!    the oldest order still awaiting capture or still refundable that is younger than
//!    `online.recheck_days`: those change without becoming new.
//! 3. A share of the full pass, which reads every order again once every
//!    `online.full_sync_hours`: a few pages per background pass, spread over those hours; a CLI
//!    run, which has no later pass to spread it over, does it at once when it is overdue.
//!
//! The status says when the last full pass started: no order was read longer ago than that.

use super::inner::SyncCursor;
use super::inner::{Inner, lock};
use super::mirror::{full_synced_at, record_full_synced_at};
use super::pages::{JournalByOrder, PAGE_SIZE, PassSeen, next_token};
use crate::domain::{Millis, OrderStatus};
use crate::smartpay::errors::is_transient;
use crate::store::{BackendError, OrderReader};
use std::sync::atomic::Ordering;

use std::time::Duration;

/// How often the background thread syncs when nobody asks.
pub const TICK: Duration = Duration::from_secs(60);
/// How often the orders that may still change are re-read by a background pass.
pub const RECHECK_EVERY_MS: Millis = 10 * 60_000;
const DAY_MS: Millis = 24 * 60 * 60_000;

/// Which pass: a CLI run's (the full pass at once when overdue), the background thread's
/// (the full pass spread out), or a full one now (an export).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Cli,
    Tick,
    Everything,
    /// `reconcile` with a date range: the newest orders down to those created before this.
    CreatedSince(Millis),
}

impl Inner {
    /// One pass for the CLI: what changed, the orders that may still change, and the full pass
    /// when it is overdue. One pass at a time; the status says how it went.
    pub fn sync_all(&self) -> Result<(), BackendError> {
        self.run_pass(Pass::Cli)
    }

    /// One pass of the background thread: as `sync_all`, with the full pass spread out.
    pub fn sync_tick(&self) -> Result<(), BackendError> {
        self.run_pass(Pass::Tick)
    }

    /// A full pass now, whenever the last one was: what an export needs to know that it
    /// holds every order (and to name every order the API sends unreadable).
    pub fn sync_everything(&self) -> Result<(), BackendError> {
        self.run_pass(Pass::Everything)
    }

    /// For `reconcile` with a date range: only the orders created since `since` can be
    /// `missing-in-shop`, so only they are listed (newest first, down to the first page past
    /// `since`); the rest come from the mirror and are read by id where the shop names them.
    pub fn sync_created_since(&self, since: Millis) -> Result<(), BackendError> {
        self.run_pass(Pass::CreatedSince(since))
    }

    fn run_pass(&self, kind: Pass) -> Result<(), BackendError> {
        let _one_at_a_time = lock(&self.sync_lock);
        {
            let mut status = lock(&self.status);
            status.running = true;
            status.orders_synced = 0;
            status.pages_synced = 0;
        }
        let result = self.sync_pass(kind);
        if let Ok(seen) = &result {
            self.note_unreadable(self.unreadable_after(seen));
            if seen.whole {
                self.whole_pass_done.store(true, Ordering::SeqCst);
            }
        }
        let pending = self.journal.count_open().unwrap_or(0);
        let mut status = lock(&self.status);
        status.running = false;
        status.pending_operations = pending;
        status.oldest_check_at = full_synced_at(&self.mirror);
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

    /// The orders to name as unreadable after a pass: those of a pass that read every page;
    /// after a partial pass, also those named before that this pass did not read.
    fn unreadable_after(&self, seen: &PassSeen) -> Vec<String> {
        let mut ids = seen.unreadable.clone();
        if !seen.whole {
            let before = lock(&self.status).unreadable_orders.clone();
            for id in before {
                if !seen.read.contains(&id) && !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids
    }

    fn sync_pass(&self, kind: Pass) -> Result<PassSeen, BackendError> {
        let spread = kind == Pass::Tick;
        self.still_open()?;
        if !self.read_only && self.journal.count_open()? > 0 {
            self.resolve_open();
        }
        lock(&self.refunds).mark_stale();
        let sessions_since = match kind {
            Pass::CreatedSince(since) => Some(since),
            _ => None,
        };
        self.refresh_sessions(sessions_since)?;
        let journal = self.journal.all_by_order()?;
        let now = self.now();
        let mut pass = PassSeen::default();
        if let Pass::CreatedSince(since) = kind {
            self.pages_created_since(&journal, since, &mut pass)?;
            return Ok(pass);
        }
        let full_due =
            kind == Pass::Everything || full_synced_at(&self.mirror).is_none_or(|at| now - at >= self.full_sync_ms());
        if full_due && !spread {
            if self.newest_pages(&journal, None, true, &mut pass)? {
                record_full_synced_at(&self.mirror, now)?;
                pass.whole = true;
            }
            return Ok(pass);
        }
        let recheck_due = lock(&self.cursor).rechecked_at.is_none_or(|at| now - at >= RECHECK_EVERY_MS);
        let recheck_from = if recheck_due { self.oldest_to_recheck(now)? } else { None };
        if self.newest_pages(&journal, recheck_from, false, &mut pass)? && self.mirror.count()? > 0 {
            // Read to the end: that was a full pass too.
            record_full_synced_at(&self.mirror, now)?;
            *lock(&self.cursor) = SyncCursor { rechecked_at: Some(now), ..SyncCursor::default() };
            pass.whole = true;
            return Ok(pass);
        }
        if recheck_due {
            lock(&self.cursor).rechecked_at = Some(now);
        }
        if spread {
            self.full_share(&journal, now, &mut pass)?;
        }
        Ok(pass)
    }

    fn full_sync_ms(&self) -> Millis {
        Millis::from(self.full_sync_hours.max(1)) * 60 * 60_000
    }

    /// Pages newest first; stops after a page with an unchanged order once past `down_to`
    /// (created), or at the end (`true`). `everything` reads to the end regardless.
    fn newest_pages(
        &self,
        journal: &JournalByOrder,
        down_to: Option<Millis>,
        everything: bool,
        pass: &mut PassSeen,
    ) -> Result<bool, BackendError> {
        let mut token: Option<String> = None;
        loop {
            self.still_open()?;
            let page = self.note(self.client.list_orders(token.as_deref(), PAGE_SIZE))?;
            let next = next_token(token.as_ref(), &page);
            let seen = self.write_page(page, journal, pass)?;
            let deep_enough = down_to.is_none_or(|from| seen.oldest_created.is_some_and(|oldest| oldest < from));
            if !everything && seen.unchanged && deep_enough {
                return Ok(false);
            }
            match next {
                Some(next) => token = Some(next),
                None => return Ok(true),
            }
        }
    }

    /// This pass's share of the spread full pass: enough pages that every order is read again
    /// within `online.full_sync_hours`.
    fn full_share(&self, journal: &JournalByOrder, now: Millis, pass: &mut PassSeen) -> Result<(), BackendError> {
        let pages = pages_per_tick(self.mirror.count()?, self.full_sync_hours);
        let (mut token, started) = {
            let cursor = lock(&self.cursor);
            (cursor.full_token.clone(), cursor.full_started_at.unwrap_or(now))
        };
        for _ in 0..pages {
            self.still_open()?;
            let page = self.note(self.client.list_orders(token.as_deref(), PAGE_SIZE))?;
            let next = next_token(token.as_ref(), &page);
            self.write_page(page, journal, pass)?;
            if next.is_none() {
                record_full_synced_at(&self.mirror, started)?;
                let mut cursor = lock(&self.cursor);
                cursor.full_token = None;
                cursor.full_started_at = None;
                return Ok(());
            }
            token = next;
        }
        let mut cursor = lock(&self.cursor);
        cursor.full_token = token;
        cursor.full_started_at = Some(started);
        Ok(())
    }

    /// The creation time of the oldest mirrored order that may still change by itself
    /// (awaiting capture, or refundable) and is younger than `online.recheck_days`.
    fn oldest_to_recheck(&self, now: Millis) -> Result<Option<Millis>, BackendError> {
        let since = now - Millis::from(self.recheck_days) * DAY_MS;
        let mut oldest: Option<Millis> = None;
        self.mirror.for_each_order(&mut |order| {
            let open = order.status == OrderStatus::RequiresCapture || order.unrefunded() > 0;
            if open && order.created_at >= since {
                oldest = Some(oldest.map_or(order.created_at, |o| o.min(order.created_at)));
            }
            Ok(())
        })?;
        Ok(oldest)
    }
}

/// Pages per background pass so that `orders` are all read again within `hours`.
fn pages_per_tick(orders: usize, hours: u32) -> usize {
    let pages = orders.div_ceil(PAGE_SIZE as usize).max(1);
    let ticks = (u64::from(hours.max(1)) * 3600 / TICK.as_secs()).max(1) as usize;
    pages.div_ceil(ticks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_pass_is_spread_so_that_it_ends_within_its_hours() {
        assert_eq!(pages_per_tick(0, 6), 1);
        assert_eq!(pages_per_tick(5_000, 6), 1, "50 pages over 360 passes");
        assert_eq!(pages_per_tick(50_000, 6), 2, "500 pages over 360 passes");
        assert_eq!(pages_per_tick(50_000, 1), 9);
    }

    #[test]
    fn a_partial_pass_keeps_naming_the_unreadable_orders_it_did_not_reach() {
        use crate::fake_api::FakeApi;
        use crate::rig::{Rig, refunded_order};
        let rig = Rig::new(FakeApi::new(refunded_order(), &[]));
        lock(&rig.inner.status).unreadable_orders = vec!["order_test_old".into(), "order_test_fixed".into()];
        let mut seen = PassSeen { unreadable: vec!["order_test_new".into()], ..PassSeen::default() };
        seen.read.insert("order_test_fixed".into());
        assert_eq!(rig.inner.unreadable_after(&seen), ["order_test_new", "order_test_old"], "partial pass");
        seen.whole = true;
        assert_eq!(rig.inner.unreadable_after(&seen), ["order_test_new"], "a full pass names only its own");
    }
}
