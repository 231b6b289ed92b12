//! The sandbox's clock: the wall clock plus an offset that `--clock-offset-ms` sets and
//! `POST /_sandbox/clock {advanceMs}` moves, so tests can step past the 6-hour idempotency
//! window or a 7-day capture deadline without waiting. One clock per sandbox process; the order
//! files it serves are opened with it, so stamps, expiries and key ages all agree.

use crate::domain::Millis;
use std::sync::atomic::{AtomicI64, Ordering};

static OFFSET_MS: AtomicI64 = AtomicI64::new(0);

/// Now, as the sandbox sees it.
pub fn now() -> Millis {
    crate::domain::time::now_millis().saturating_add(OFFSET_MS.load(Ordering::Relaxed))
}

/// Sets the offset from the wall clock (start-up).
pub fn set_offset(offset_ms: i64) {
    OFFSET_MS.store(offset_ms, Ordering::Relaxed);
}

/// Moves the clock forward (never back: keys and deadlines only ever age). Returns the new
/// offset.
pub fn advance(by_ms: i64) -> i64 {
    let by = by_ms.max(0);
    OFFSET_MS.fetch_add(by, Ordering::Relaxed).saturating_add(by)
}

pub fn offset() -> i64 {
    OFFSET_MS.load(Ordering::Relaxed)
}
