//! Sending the parts of a journaled operation under their keys, and closing its entry by what
//! each part did.
//!
//! - A part the API confirms is done, with the id it created.
//! - A part the API definitely refuses moved nothing; the parts after it are not sent. The entry
//!   closes as not done (nothing moved) or partly done (earlier parts moved money).
//! - A part whose answer is lost leaves the outcome unknown: the entry stays open and is
//!   resolved later by sending the very same parts under the very same keys.
//! - Smartpay forgets a key after 6 hours, after which replaying it would make the operation a
//!   second time; an entry older than [`REPLAY_WINDOW_MS`] is resolved by finding what it did
//!   through the `metadata` each request carries (see `recover`), and left for a person only
//!   when nothing is found.
//!
//! Once money moved, a failure to close the entry is a warning, never an error: the answer
//! must still say what moved, or a re-run would move it twice.

use super::inner::{Inner, lock};
use crate::domain::rules::Plan;
use crate::journal::{Closing, EntryState, JournalEntry, JournalPart};
use crate::store::outcome_text::resolve_hint_in;
use crate::store::{BackendError, PartOutcome, PartResult};
use crate::wire::{ConsoleMetadata, CreatePayment, CreateRefund};
use smartpay_i18n::Message;
use smartpay_i18n::sentences::SyncText;

/// How long an open entry may still be replayed: Smartpay deduplicates a key for 6 hours;
/// an hour is kept in hand for clocks and retries.
pub const REPLAY_WINDOW_MS: crate::domain::Millis = 5 * 60 * 60 * 1000;

/// Whether an answer proves the request was not carried out, so its entry can be closed:
/// only a documented refusal or a missing object. Anything else (a 401 after a key change, a
/// reused key, an undocumented 409 such as "a request with this key is in progress") leaves the
/// outcome unknown.
pub fn proves_not_done(err: &BackendError) -> bool {
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

/// What driving an entry did: each part's outcome, and what went wrong after the money moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Driven {
    pub parts: Vec<PartOutcome>,
    pub warnings: Vec<String>,
}

impl Driven {
    pub fn result(&self) -> PartResult {
        let any = |r: PartResult| self.parts.iter().any(|p| p.result == r);
        if any(PartResult::Unknown) {
            PartResult::Unknown
        } else if any(PartResult::Done) {
            PartResult::Done
        } else {
            PartResult::Refused
        }
    }

    pub fn created(&self) -> Vec<String> {
        self.parts.iter().filter(|p| p.result == PartResult::Done).filter_map(|p| p.id.clone()).collect()
    }
}

/// The state an entry closes in, from its parts; `None` while any part is unknown.
fn closing_state(parts: &[PartOutcome]) -> Option<EntryState> {
    let any = |r: PartResult| parts.iter().any(|p| p.result == r);
    if any(PartResult::Unknown) {
        None
    } else if any(PartResult::Done) && any(PartResult::Refused) {
        Some(EntryState::PartlyDone)
    } else if any(PartResult::Done) {
        Some(EntryState::Done)
    } else {
        Some(EntryState::NotDone)
    }
}

/// The parts of a closed entry as the journal recorded them. Entries written before parts were
/// recorded are rebuilt from `created` (done) or the note (not done).
pub fn recorded_parts(entry: &JournalEntry) -> Vec<PartOutcome> {
    let count = entry.part_count();
    if !entry.parts.is_empty() {
        return entry
            .parts
            .iter()
            .enumerate()
            .map(|(index, part)| {
                let (payment, amount) = entry.part_target(index);
                let payment = if matches!(entry.plan, Plan::Capture { .. }) { part.id.clone() } else { payment };
                PartOutcome { payment, amount, result: part.result, id: part.id.clone(), error: part.error.clone() }
            })
            .collect();
    }
    (0..count)
        .map(|index| {
            let (payment, amount) = entry.part_target(index);
            match entry.state {
                EntryState::NotDone => PartOutcome::refused(payment, amount, entry.note.clone().unwrap_or_default()),
                EntryState::Open => PartOutcome::unknown(payment, amount, "not resolved yet"),
                EntryState::Done | EntryState::PartlyDone => {
                    let id = entry.created.get(index).cloned();
                    let payment = if matches!(entry.plan, Plan::Capture { .. }) { id.clone() } else { payment };
                    PartOutcome::done(payment, amount, id)
                }
            }
        })
        .collect()
}

impl Inner {
    /// Sends every part of a journaled operation under its key and closes the entry by the
    /// answers. An error means nothing was sent (the entry is past its replay window).
    pub fn drive(&self, entry: &JournalEntry) -> Result<Driven, BackendError> {
        if self.now() - entry.journaled_at > REPLAY_WINDOW_MS {
            // Replaying the key could do it a second time: look for what it left instead.
            let parts = self.find_by_metadata(entry)?;
            let note = "found by its metadata after Smartpay's 6-hour key window".to_string();
            return Ok(self.settle(entry, parts, Vec::new(), Some(note)));
        }
        let verb = entry.operation.verb();
        let mut parts: Vec<PartOutcome> = Vec::with_capacity(entry.part_count());
        let mut warnings = Vec::new();
        for index in 0..entry.part_count() {
            let (payment, amount) = entry.part_target(index);
            if let Some(stopped) = parts.iter().position(|p| p.result != PartResult::Done) {
                let part = &parts[stopped];
                let why = format!("not sent: part {} was {}", stopped + 1, result_word(part.result));
                parts.push(PartOutcome { payment, amount, result: part.result, id: None, error: Some(why) });
                continue;
            }
            let sent = self.note(self.send_part(entry, index, &entry.part_key(index)));
            parts.push(match sent {
                Ok(id) => {
                    let payment = if matches!(entry.plan, Plan::Capture { .. }) { id.clone() } else { payment };
                    PartOutcome::done(payment, amount, id)
                }
                // Answered 2xx: the money moved, only the id of what it created is unknown.
                Err(err @ BackendError::UnreadableSuccess { .. }) => {
                    tracing::warn!(key = %entry.key, part = index + 1, "{verb} done, answer unreadable: {err}");
                    warnings.push(format!("Part {} of the {verb} is done, but its id is unknown: {err}", index + 1));
                    PartOutcome::done(payment, amount, None)
                }
                Err(err) if proves_not_done(&err) => {
                    tracing::info!(key = %entry.key, part = index + 1, "{verb} refused: {err}");
                    PartOutcome::refused(payment, amount, err.to_string())
                }
                Err(err) => {
                    tracing::warn!(key = %entry.key, part = index + 1, "{verb} outcome unknown: {err}");
                    PartOutcome::unknown(payment, amount, err.to_string())
                }
            });
        }
        Ok(self.settle(entry, parts, warnings, None))
    }

    /// Closes `entry` by its parts when none is unknown (`note`, or the first part's error,
    /// says why); a journal that cannot record it is a warning, never an error. `warnings`
    /// are those the parts already gave (an answer that could not be read).
    pub(super) fn settle(
        &self,
        entry: &JournalEntry,
        parts: Vec<PartOutcome>,
        mut warnings: Vec<String>,
        note: Option<String>,
    ) -> Driven {
        let verb = entry.operation.verb();
        if let Some(state) = closing_state(&parts) {
            let closing = Closing {
                state,
                parts: parts
                    .iter()
                    .map(|p| JournalPart { result: p.result, id: p.id.clone(), error: p.error.clone() })
                    .collect(),
                note: note.or_else(|| parts.iter().find_map(|p| p.error.clone())),
                resolved_by: None,
            };
            if let Err(err) = self.journal.close(&entry.key, &closing, self.now()) {
                tracing::warn!(key = %entry.key, "cannot close the journal entry: {err}");
                warnings.push(format!(
                    "The {verb} is settled but the journal could not record it ({err}); it will be settled again, under the same key, when the console next opens."
                ));
            }
        }
        let driven = Driven { parts, warnings };
        tracing::info!(key = %entry.key, created = ?driven.created(), "{verb} {}", result_word(driven.result()));
        driven
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
                    reference: Some(self.reference_for(key)),
                    metadata: Some(console_metadata(entry, key)),
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
                    reference: Some(self.reference_for(key)),
                    metadata: Some(console_metadata(entry, key)),
                };
                Ok(Some(self.client.create_refund(&body, key)?.value.id))
            }
            Plan::Void { .. } => {
                self.client.cancel_order(&entry.order_id, key)?;
                Ok(None)
            }
        }
    }

    /// Replays every open entry with its own keys. Returns how many were settled (done, partly
    /// done or proven not done); the others stay open for the next try.
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
                Ok(driven) if driven.result() != PartResult::Unknown => {
                    settled += 1;
                    tracing::info!(key = %entry.key, created = ?driven.created(), "resolved an open {}", entry.operation.verb());
                    if driven.result() == PartResult::Done {
                        // Nobody has seen that it moved money: the next operation on the order
                        // (in any console on this host) reports it instead of being sent.
                        self.mark_unreported(&entry.key, true);
                    }
                }
                Ok(_) => tracing::warn!(key = %entry.key, "still unresolved"),
                Err(err) => tracing::warn!(key = %entry.key, "still unresolved: {err}"),
            }
            // The mirror shows the result at once; a failure here only delays that.
            let _ = self.fetch(&entry.order_id);
        }
        let pending = self.journal.count_open().unwrap_or(open.len() - settled);
        lock(&self.status).pending_operations = pending;
        settled
    }

    /// Records whether an entry settled by a replay still has to be reported; a failure only
    /// costs that report (the money is settled either way).
    pub fn mark_unreported(&self, key: &str, unreported: bool) {
        if let Err(err) = self.journal.set_unreported(key, unreported) {
            tracing::warn!(key, "cannot record whether the result was reported: {err}");
        }
    }

    /// A `--read-only` console never replays: it names each open entry and the command that
    /// settles it.
    pub fn show_open_entries(&self) {
        let open = match self.journal.open_entries() {
            Ok(open) => open,
            Err(err) => {
                return self.warn_said(|lang| SyncText::JournalUnreadable.fill(lang, &[("error", &err.text(lang))]));
            }
        };
        lock(&self.status).pending_operations = open.len();
        for entry in &open {
            self.warn_said(|lang| {
                let args: [(&str, &dyn std::fmt::Display); 4] = [
                    ("operation", &entry.operation.kind().word(lang)),
                    ("order", &entry.order_id),
                    ("key", &entry.key),
                    ("hint", &resolve_hint_in(lang, &entry.key)),
                ];
                SyncText::UnresolvedNotReplayed.fill(lang, &args)
            });
        }
    }
}

/// `metadata` of one part: its key and who asked.
fn console_metadata(entry: &JournalEntry, key: &str) -> ConsoleMetadata {
    ConsoleMetadata { key: key.to_string(), operator: entry.operator.clone() }
}

pub(super) fn result_word(result: PartResult) -> &'static str {
    match result {
        PartResult::Done => "done",
        PartResult::Refused => "refused",
        PartResult::Unknown => "unknown",
    }
}
