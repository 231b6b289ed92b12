//! The history an order's own objects imply, when none was recorded (the API's orders, imports
//! without a history, generated orders).

use super::history::{HistoryEntry, HistoryKind, HistoryResult};
use super::order::{Order, OrderStatus};
use super::time::Millis;

/// How the uncaptured remainder of a closed order went, and when: the API's `updatedAt` tells
/// a void (before the deadline) from an expiry (at it). Without `updatedAt`, a deadline behind
/// us reads as an expiry (the journal turns it back into the void it knows of).
fn remainder_closed(order: &Order, updated_at: Option<Millis>, now: Millis) -> (HistoryKind, Millis) {
    match (order.expires_at, updated_at) {
        (Some(deadline), Some(updated)) if updated >= deadline => (HistoryKind::Expiry, deadline),
        (_, Some(updated)) => (HistoryKind::Void, updated),
        (Some(deadline), None) if deadline <= now => (HistoryKind::Expiry, deadline),
        // A minute after the last capture, but never after now.
        _ => {
            let last = order.payments.iter().map(|p| p.created_at).max().unwrap_or(order.created_at);
            (HistoryKind::Void, (last + 60_000).min(now.max(last)))
        }
    }
}

/// The history the API's own objects imply: authorization, each capture and refund, and how
/// the uncaptured remainder went (void, or expiry).
pub fn derived_history(order: &Order, updated_at: Option<Millis>, now: Millis) -> Vec<HistoryEntry> {
    let mut history = Vec::new();
    if order.is_authorized() {
        history.push(HistoryEntry::system(HistoryKind::Authorization, order.amount, order.created_at));
    }
    for p in &order.payments {
        let mut capture = HistoryEntry::system(HistoryKind::Capture, p.amount, p.created_at);
        capture.object_id = Some(p.id.clone());
        history.push(capture);
        for r in &p.refunds {
            let mut refund = HistoryEntry::system(HistoryKind::Refund, r.amount, r.created_at);
            refund.object_id = Some(r.id.clone());
            if !r.counts() {
                refund.result = HistoryResult::Failed;
            }
            history.push(refund);
        }
    }
    let remainder = order.amount - order.captured();
    let closed = matches!(order.status, OrderStatus::Succeeded | OrderStatus::Canceled);
    if order.capture_method.may_be_manual() && order.is_authorized() && closed && remainder > 0 {
        let (kind, at) = remainder_closed(order, updated_at, now);
        history.push(HistoryEntry::system(kind, remainder, at));
    }
    history.sort_by_key(|h| h.at);
    history
}
