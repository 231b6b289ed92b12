//! Capture, refund and void against the API, never twice.
//!
//! 1. A key already in the journal is a replay: its recorded result (or, if still open, the
//!    same requests under the same keys) is the answer, a refusal included.
//! 2. An operation on the order still open in the journal is resolved first; if it turns out
//!    done, the new one is not sent (the operator decides again, knowing what moved).
//! 3. Otherwise the order is re-read from the API and validated by the domain rules; a refusal
//!    is journaled too, so the key is spent.
//! 4. The operation and its exact plan are committed to the journal *before* any request, and
//!    sent part by part (see `drive`).
//! 5. The order is re-read, so the answer shows what the API now holds; if that read fails the
//!    answer says the figures may be stale and carries no order, but stays what it was.

use super::drive::{Driven, recorded_parts};
use super::inner::Inner;
use crate::domain::rules::{self, Plan};
use crate::domain::{Operation, Order};
use crate::journal::{Begun, EntryState, JournalEntry};
use crate::store::outcome::requested_amount;
use crate::store::{BackendError, OperationRequest, Outcome, PartResult, Resolved};

impl Inner {
    pub fn execute(&self, order_id: &str, request: &OperationRequest) -> Result<Outcome, BackendError> {
        if self.read_only {
            return Err(BackendError::ReadOnly);
        }
        if let Some(existing) = self.journal.get(&request.idempotency_key)? {
            return self.finish_existing(order_id, request, existing);
        }
        if let Some(blocked) = self.resolve_first(order_id, request)? {
            return Ok(blocked);
        }
        let order = self.fetch(order_id)?;
        let now = self.now();
        let validated = rules::validate(&order, &request.operation, now);
        let plan = match &validated {
            Ok(plan) => plan.clone(),
            Err(_) => nothing_planned(&request.operation),
        };
        let refusal = validated.as_ref().err().cloned();
        let mut entry = JournalEntry::new_open(
            &request.idempotency_key,
            order_id,
            request.operation.clone(),
            plan,
            &order.currency,
            request.operator.clone(),
            now,
        );
        if let Some(refusal) = &refusal {
            // A refusal is written settled, in the same transaction: it is never sent.
            entry.state = EntryState::NotDone;
            entry.closed_at = Some(now);
            entry.note = Some(refusal.to_string());
        }
        if let Begun::Existing(existing) = self.journal.begin(&entry)? {
            // Another console journaled the same key in between: it is one operation.
            return self.finish_existing(order_id, request, *existing);
        }
        if let Some(refusal) = refusal {
            // Nothing is sent; the key is spent on this refusal, so it replays the same way.
            let mut outcome = Outcome::refused_by_rule(order_id, &request.operation, &entry.key, refusal);
            outcome.order = Some(order);
            return Ok(outcome);
        }
        tracing::info!(order = order_id, key = %entry.key, operator = ?entry.operator, "{} journaled", entry.operation.verb());
        let driven = self.drive(&entry)?;
        Ok(self.outcome_of(&entry, driven, false))
    }

    fn finish_existing(
        &self,
        order_id: &str,
        request: &OperationRequest,
        existing: JournalEntry,
    ) -> Result<Outcome, BackendError> {
        if existing.order_id != order_id || existing.operation != request.operation {
            return Err(BackendError::KeyReused { key: request.idempotency_key.clone() });
        }
        if existing.unreported {
            // The same key again: its result is reported now, so it blocks nothing else.
            self.mark_unreported(&existing.key, false);
        }
        let driven = match existing.state {
            EntryState::Open => self.drive(&existing)?,
            EntryState::Done | EntryState::PartlyDone | EntryState::NotDone => {
                Driven { parts: recorded_parts(&existing), warnings: vec![] }
            }
        };
        let mut outcome = self.outcome_of(&existing, driven, true);
        if existing.state == EntryState::NotDone && outcome.parts.is_empty() {
            // Refused by a rule before anything was sent: the same refusal again.
            let note = existing.note.clone().unwrap_or_default();
            outcome.parts.push(crate::store::PartOutcome::refused(None, outcome.requested, note));
        }
        Ok(outcome)
    }

    /// The answer for `entry` once driven, with the order read afresh (or a warning).
    fn outcome_of(&self, entry: &JournalEntry, driven: Driven, replayed: bool) -> Outcome {
        let requested = requested_amount(&entry.operation, entry.plan.amount());
        let mut outcome = Outcome::new(&entry.order_id, &entry.operation, &entry.key, requested);
        outcome.parts = driven.parts;
        outcome.warnings = driven.warnings;
        outcome.replayed = replayed;
        outcome.order = self.fresh_order(&entry.order_id, &mut outcome.warnings);
        outcome
    }

    /// The order read from the API now, or `None` with a warning: an operation's answer never
    /// shows mirrored figures as current.
    fn fresh_order(&self, order_id: &str, warnings: &mut Vec<String>) -> Option<Order> {
        match self.fetch(order_id) {
            Ok(order) => Some(order),
            Err(err) => {
                tracing::warn!(order = order_id, "cannot read the order again: {err}");
                warnings.push(format!(
                    "The order could not be read again ({err}); figures may be stale: run `smartpay-console orders show {order_id}`."
                ));
                None
            }
        }
    }

    /// Settles the operations on `order_id` still open in the journal before a new one is sent.
    /// `None`: nothing stands in the way. `Some`: the new operation is not sent, and the outcome
    /// says what was resolved (done: exit 3; still unknown: exit 4). An entry a replay settled
    /// as done before anyone saw it (at start, or a sync pass, in any console on this host)
    /// counts as resolved here too, once: the operator decides again, knowing what moved.
    fn resolve_first(&self, order_id: &str, request: &OperationRequest) -> Result<Option<Outcome>, BackendError> {
        let entries = self.journal.for_order(order_id)?;
        let found = match self.first_unreported(&entries) {
            Some(resolved) => Some((resolved, None)),
            None => self.settle_open(&entries),
        };
        let Some((resolved, warning)) = found else { return Ok(None) };
        let requested = requested_amount(&request.operation, 0);
        let mut outcome = Outcome::new(order_id, &request.operation, &request.idempotency_key, requested);
        outcome.resolved = Some(resolved);
        outcome.warnings.extend(warning);
        outcome.order = self.fresh_order(order_id, &mut outcome.warnings);
        Ok(Some(outcome))
    }
}

impl Inner {
    /// An entry a replay settled as having moved money, not reported to anyone yet; reported
    /// now (once).
    fn first_unreported(&self, entries: &[JournalEntry]) -> Option<Resolved> {
        let entry = entries.iter().find(|e| e.unreported && e.state != EntryState::Open)?;
        self.mark_unreported(&entry.key, false);
        let operation = entry.operation.verb().into();
        Some(Resolved { key: entry.key.clone(), operation, created: entry.created.clone(), result: PartResult::Done })
    }

    /// Replays the open entries, oldest first, until one turns out done or stays unknown (with
    /// what went wrong after it moved money, if anything). `None`: all were proven not done.
    fn settle_open(&self, entries: &[JournalEntry]) -> Option<(Resolved, Option<String>)> {
        for entry in entries.iter().filter(|e| e.state == EntryState::Open) {
            let (result, created, warning) = match self.drive(entry) {
                Ok(driven) => (driven.result(), driven.created(), driven.warnings.first().cloned()),
                Err(err) => (PartResult::Unknown, vec![], Some(err.to_string())),
            };
            if result != PartResult::Refused {
                let operation = entry.operation.verb().into();
                return Some((Resolved { key: entry.key.clone(), operation, created, result }, warning));
            }
        }
        None
    }
}

/// The plan journaled with an operation a rule refused: it sends nothing.
fn nothing_planned(operation: &Operation) -> Plan {
    match operation {
        Operation::Capture { amount } => Plan::Capture { amount: *amount },
        Operation::Refund { reason, .. } => Plan::Refund { parts: vec![], reason: *reason },
        Operation::Void => Plan::Void { released: 0 },
    }
}
