//! Capture, refund and void against the API, never twice.
//!
//! 1. A key already in the journal is a replay: its stored result (or, if still open, the
//!    same requests under the same keys) is the answer.
//! 2. Otherwise the order is re-read from the API and validated by the domain rules.
//! 3. The operation and its exact plan are committed to the journal *before* any request.
//! 4. Each request carries its idempotency key (`<key>-1`, `<key>-2` … for the parts of a
//!    split refund); the client retries transient failures with the same key.
//! 5. The entry is closed with the ids returned; a definite refusal closes it as not done;
//!    an unknown outcome leaves it open, to be resolved by replaying it (never by a new key).
//! 6. The order is re-read, so the answer shows what the API now holds.
//! 7. Smartpay forgets a key after 6 hours, after which replaying it would make the operation
//!    a second time; an entry older than [`REPLAY_WINDOW_MS`] is left open for a person to
//!    check instead of being replayed.

use super::backend::{Inner, lock};
use crate::backend::journal::{Begun, EntryState, JournalEntry};
use crate::backend::smartpay::wire::{CreatePayment, CreateRefund};
use crate::backend::{BackendError, OperationRequest, Outcome};
use crate::domain::rules::{self, Plan};

/// How long an open entry may still be replayed: Smartpay deduplicates a key for 6 hours;
/// an hour is kept in hand for clocks and retries.
pub const REPLAY_WINDOW_MS: crate::domain::Millis = 5 * 60 * 60 * 1000;

/// Whether an answer proves the request was not carried out, so its entry can be closed:
/// only a documented refusal or a missing object. Anything else (a 401 after a key change, a
/// reused key, an undocumented 409 such as "a request with this key is in progress") leaves the
/// outcome unknown.
fn proves_not_done(err: &BackendError) -> bool {
    match err {
        BackendError::NotFound { .. } | BackendError::Refused(_) => true,
        BackendError::Api { code, .. } => matches!(
            code.as_str(),
            "order.cannot-capture"
                | "payment.excessive-amount"
                | "amount.insufficient"
                | "order.cannot-cancel"
                | "request.invalid"
                | "request.malformed"
        ),
        _ => false,
    }
}

impl Inner {
    pub fn execute(&self, order_id: &str, request: &OperationRequest) -> Result<Outcome, BackendError> {
        if let Some(existing) = self.journal.get(&request.idempotency_key)? {
            return self.finish_existing(order_id, request, existing);
        }
        let order = self.fetch(order_id)?;
        let now = self.now();
        let plan = rules::validate(&order, &request.operation, now)?;
        let entry = JournalEntry {
            key: request.idempotency_key.clone(),
            order_id: order_id.to_string(),
            operation: request.operation.clone(),
            plan,
            currency: order.currency.clone(),
            operator: request.operator.clone(),
            journaled_at: now,
            state: EntryState::Open,
            created: vec![],
            closed_at: None,
            note: None,
        };
        if let Begun::Existing(existing) = self.journal.begin(&entry)? {
            // Another console journaled the same key in between: it is one operation.
            return self.finish_existing(order_id, request, *existing);
        }
        tracing::info!(order = order_id, key = %entry.key, operator = ?entry.operator, "{} journaled", entry.operation.verb());
        let created = self.drive(&entry)?;
        let order = self.read(order_id)?;
        Ok(Outcome { order, created, replayed: false })
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
        let created = match existing.state {
            EntryState::Open => self.drive(&existing)?,
            EntryState::Done => existing.created.clone(),
            EntryState::NotDone => {
                return Err(BackendError::Api {
                    status: 409,
                    code: "operation.not-done".into(),
                    message: format!(
                        "this {} was refused when it was first sent, so nothing was done: {}",
                        existing.operation.verb(),
                        existing.note.unwrap_or_default()
                    ),
                });
            }
        };
        let order = self.read(order_id)?;
        Ok(Outcome { order, created, replayed: true })
    }

    /// Sends every part of a journaled operation under its key and closes the entry by the
    /// answer. Returns the ids created.
    pub fn drive(&self, entry: &JournalEntry) -> Result<Vec<String>, BackendError> {
        if self.now() - entry.journaled_at > REPLAY_WINDOW_MS {
            return Err(BackendError::ReplayWindowPassed {
                verb: entry.operation.verb().into(),
                key: entry.key.clone(),
                journaled: crate::domain::time::format_time(entry.journaled_at),
            });
        }
        let mut created = Vec::new();
        let parts = match &entry.plan {
            Plan::Refund { parts, .. } => parts.len(),
            _ => 1,
        };
        for index in 0..parts {
            let key = entry.part_key(index);
            let sent = self.send_part(entry, index, &key);
            match self.note(sent) {
                Ok(Some(id)) => created.push(id),
                Ok(None) => {}
                Err(err) if proves_not_done(&err) => {
                    let state = if created.is_empty() { EntryState::NotDone } else { EntryState::Done };
                    let note = Some(err.to_string());
                    self.journal.close(&entry.key, state, &created, note, self.now())?;
                    tracing::info!(key = %entry.key, "{} refused: {err}", entry.operation.verb());
                    return Err(err);
                }
                Err(err) => {
                    tracing::warn!(key = %entry.key, "{} outcome unknown: {err}", entry.operation.verb());
                    return Err(match err {
                        BackendError::Unauthorized | BackendError::KeyReused { .. } => err,
                        _ => {
                            BackendError::OutcomeUnknown { verb: entry.operation.verb().into(), key: entry.key.clone() }
                        }
                    });
                }
            }
        }
        self.journal.close(&entry.key, EntryState::Done, &created, None, self.now())?;
        tracing::info!(key = %entry.key, created = ?created, "{} done", entry.operation.verb());
        Ok(created)
    }

    /// One request of a plan: the payment id, the refund id, or nothing for a void.
    fn send_part(&self, entry: &JournalEntry, index: usize, key: &str) -> Result<Option<String>, BackendError> {
        match &entry.plan {
            Plan::Capture { amount } => {
                let body = CreatePayment {
                    order: entry.order_id.clone(),
                    amount: *amount,
                    currency: entry.currency.clone(),
                    // Without it the first partial capture would cancel the rest for good.
                    cancel_remainder: Some("manual".into()),
                };
                Ok(Some(self.client.create_payment(&body, key)?.value.id))
            }
            Plan::Refund { parts, reason } => {
                let Some(part) = parts.get(index) else { return Ok(None) };
                let body = CreateRefund {
                    payment: part.payment_id.clone(),
                    amount: part.amount,
                    currency: entry.currency.clone(),
                    reason: Some(reason.as_str().into()),
                };
                Ok(Some(self.client.create_refund(&body, key)?.value.id))
            }
            Plan::Void { .. } => {
                self.client.cancel_order(&entry.order_id, key)?;
                Ok(None)
            }
        }
    }

    /// Replays every open entry with its own keys. Returns how many were settled (done or
    /// proven not done); the others stay open for the next try.
    pub fn resolve_open(&self) -> usize {
        let open = match self.journal.open_entries() {
            Ok(open) => open,
            Err(err) => {
                tracing::warn!("cannot read the journal: {err}");
                return 0;
            }
        };
        let mut settled = 0;
        for entry in &open {
            match self.drive(entry) {
                Ok(created) => {
                    settled += 1;
                    tracing::info!(key = %entry.key, ?created, "resolved an open {}", entry.operation.verb());
                }
                Err(err) if proves_not_done(&err) => settled += 1,
                Err(err) => tracing::warn!(key = %entry.key, "still unresolved: {err}"),
            }
            // The mirror shows the result at once; a failure here only delays that.
            let _ = self.fetch(&entry.order_id);
        }
        let pending = self.journal.count_open().unwrap_or(open.len() - settled);
        lock(&self.status).pending_operations = pending;
        settled
    }
}
