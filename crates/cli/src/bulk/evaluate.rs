//! One row against the current state: its order found (by id, or by exact reference), its
//! amount read in the order's currency, its key (given, or derived), whether an earlier run
//! already did it, and otherwise the exact operation the payment rules allow.
//!
//! The plan (a dry run, and the check before a run) validates the file as a sequence: the
//! state an earlier row would leave an order in is kept for the later rows on that order, and
//! dropped after its last row, so memory follows the orders still to come, not the file.

use super::file::FileRow;
use crate::backend::ids::check_user_key;
use crate::backend::{Backend, BackendError};
use crate::domain::bulk_plan::{self, BulkOperation, Requested, RowIdentity, RowRequest};
use crate::domain::reconcile::ConsoleMark;
use crate::domain::validate::is_plain_id;
use crate::domain::{Currency, HistoryKind, HistoryResult, Millis, Operation, Order, RefundReason};
use crate::text::printable;
use crate::words::{BulkText as B, Said};
use smartpay_i18n::Message;
use std::collections::HashMap;

/// What is to become of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowFate {
    /// To be sent now, exactly this (the amount it asks for).
    Send { operation: Operation, amount: i64 },
    /// Its key was spent in an earlier run: re-sent exactly as recorded under the same key,
    /// which replays the first result (never a second operation).
    Replay { operation: Operation, amount: i64 },
    /// Done in an earlier run: the order's history holds its key.
    DoneEarlier { moved: i64, created: Vec<String> },
    /// Nothing is sent: why.
    Refused(Said),
    /// Nothing is sent: the state could not be read (nothing is known to be wrong with the row).
    Unreadable(Said),
}

/// A row with its fate.
#[derive(Debug, Clone)]
pub struct Evaluated {
    pub line: u64,
    /// The order as the file names it (an id or a reference).
    pub order: String,
    pub order_id: Option<String>,
    /// `capture`, `refund`, `void`, or the cell as written when it is none of them.
    pub operation: String,
    pub key: Option<String>,
    pub currency: Currency,
    /// Minor units the row names (its amount cell), known even when the row is refused; 0
    /// for an empty cell (the most allowed) until the rules say what that is.
    pub requested: i64,
    pub fate: RowFate,
}

/// Evaluates rows in file order for one batch.
pub struct Evaluator<'a> {
    backend: &'a dyn Backend,
    batch: String,
    /// How many times each row identity (by its 64-bit hash: a few bytes a row, whatever the
    /// order's name) has been met so far: the occurrence in its key. A row counts whether or
    /// not its order could be read, so a row's key never depends on what failed before it.
    seen: HashMap<u64, u32>,
    /// The currency of each order read so far, by the hash of its name in the file: a row's
    /// amount (part of its identity) is read in it when the order cannot be read this time.
    currencies: HashMap<u64, Currency>,
    /// The keys given in the file's `key` column so far, each with the line it is on: a key
    /// names one row, so a second row under it is refused rather than reported as done.
    given_keys: HashMap<String, u64>,
    /// Planning only: the rows still to come per order (as the file names it), and the state
    /// earlier rows would leave each such order in.
    sequence: Option<Sequence>,
}

#[derive(Default)]
pub struct Sequence {
    /// Rows still to come per order, by the hash of the order as the file names it.
    remaining: HashMap<u64, u32>,
    planned: HashMap<String, Order>,
}

impl Sequence {
    /// Counts the rows per order of the file, before planning.
    pub fn count(&mut self, row: &FileRow) {
        *self.remaining.entry(hash_of(&row.order)).or_default() += 1;
    }

    /// The rows still to come on `order`, whichever way the file names it (by id or by
    /// reference): the state an earlier row leaves it in must reach all of them.
    fn rows_left(&self, order: &Order) -> u32 {
        let by_id = self.remaining.get(&hash_of(&order.id)).copied().unwrap_or(0);
        let by_reference = match order.reference.as_str() {
            reference if reference.is_empty() || reference == order.id => 0,
            reference => self.remaining.get(&hash_of(&reference)).copied().unwrap_or(0),
        };
        by_id + by_reference
    }
}

/// A hash that only has to tell rows apart within one run (never stored, never in a key).
fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(value)
}

impl<'a> Evaluator<'a> {
    pub fn new(backend: &'a dyn Backend, batch: &str, sequence: Option<Sequence>) -> Evaluator<'a> {
        Evaluator {
            backend,
            batch: batch.to_string(),
            seen: HashMap::new(),
            currencies: HashMap::new(),
            given_keys: HashMap::new(),
            sequence,
        }
    }

    pub fn evaluate(&mut self, row: &FileRow, now: Millis) -> Evaluated {
        let mut evaluated = Evaluated {
            line: row.line,
            order: row.order.clone(),
            order_id: None,
            operation: BulkOperation::parse(&row.operation).map_or(row.operation.clone(), |o| o.as_str().into()),
            key: None,
            currency: Currency::from_code_or_whole("JPY"),
            requested: 0,
            fate: RowFate::Refused(Said::default()),
        };
        evaluated.fate = match self.fate(row, now, &mut evaluated) {
            Ok(fate) | Err(fate) => fate,
        };
        if let Some(sequence) = &mut self.sequence
            && let Some(left) = sequence.remaining.get_mut(&hash_of(&row.order))
        {
            *left = left.saturating_sub(1);
            if *left == 0 {
                sequence.remaining.remove(&hash_of(&row.order));
            }
            if let Some(id) = &evaluated.order_id
                && sequence.planned.get(id).is_some_and(|state| sequence.rows_left(state) == 0)
            {
                sequence.planned.remove(id);
            }
        }
        evaluated
    }

    fn fate(&mut self, row: &FileRow, now: Millis, out: &mut Evaluated) -> Result<RowFate, RowFate> {
        let named = hash_of(&row.order);
        let request = match read_request(row) {
            Ok(request) => request,
            Err(why) => {
                out.requested = self.amount_named(row, named);
                return Err(RowFate::Refused(why));
            }
        };
        let found = self.find_order(&row.order);
        if let Ok((order, _)) = &found {
            self.currencies.insert(named, order.currency());
        }
        let currency = self.currency_of(named);
        out.currency = currency;
        let requested = Requested::parse(&row.amount, currency);
        if let Ok(Requested::Exactly(minor)) = requested {
            out.requested = minor;
        }
        // The derived key is counted before the order's read can fail: the rows after this one
        // keep the keys they have in every run.
        let derived = match (&requested, row.key.as_str()) {
            (Ok(requested), "") => Some(self.derived_key(row, &request, *requested)),
            _ => None,
        };
        let (order, marks) = found?;
        out.order_id = Some(order.id.clone());
        let requested = requested.map_err(|e| {
            let input = printable(&row.amount);
            RowFate::Refused(Said::each(|lang| B::NotAnAmount.fill(lang, &[("input", &input), ("why", &e.text(lang))])))
        })?;
        let request = RowRequest { requested, ..request };
        let key = match (derived, row.key.as_str()) {
            (Some(derived), _) => derived,
            (None, given) => {
                let key = check_user_key(given).map_err(|_| RowFate::Refused(Said::of(B::BadKey, &[])))?.to_string();
                out.key = Some(key.clone());
                let first = *self.given_keys.entry(key.clone()).or_insert(row.line);
                if first != row.line {
                    return Err(RowFate::Refused(Said::of(B::KeyOnTwoLines, &[("key", &key), ("first", &first)])));
                }
                key
            }
        };
        out.key = Some(key.clone());
        if let Some(earlier) = self.earlier(&order, &marks, &key, &request)? {
            return Ok(earlier);
        }
        // The state earlier rows of the file would leave the order in (planning only).
        let mut state = self.sequence.as_mut().and_then(|s| s.planned.remove(&order.id)).unwrap_or(order);
        let planned = bulk_plan::operation_for(&state, &request, now);
        if let Some(sequence) = &mut self.sequence
            && sequence.rows_left(&state) > 1
        {
            // A refused row leaves the order as it was: the later rows see what the earlier
            // ones left, refused row or not.
            if let Ok((_, plan)) = &planned {
                bulk_plan::simulate(&mut state, plan, now);
            }
            sequence.planned.insert(state.id.clone(), state);
        }
        let (operation, plan) = planned.map_err(|refusal| RowFate::Refused(Said::each(|lang| refusal.text(lang))))?;
        Ok(RowFate::Send { amount: plan.amount(), operation })
    }

    /// The key of a row without one: from the batch, the row's identity and which occurrence
    /// of that identity it is in the file.
    fn derived_key(&mut self, row: &FileRow, request: &RowRequest, requested: Requested) -> String {
        let identity =
            RowIdentity { order: row.order.clone(), operation: request.operation, requested, reason: request.reason };
        let occurrence = self.seen.entry(hash_of(&identity)).or_default();
        *occurrence += 1;
        bulk_plan::row_key(&self.batch, &identity, *occurrence)
    }

    /// The currency of the order a row names (by the hash of its name): as read earlier in this
    /// run, else JPY, Smartpay's only currency.
    fn currency_of(&self, named: u64) -> Currency {
        self.currencies.get(&named).copied().unwrap_or(Currency::JPY)
    }

    /// The amount a refused row's cell names, as far as it reads (0 when it does not).
    fn amount_named(&self, row: &FileRow, named: u64) -> i64 {
        match Requested::parse(&row.amount, self.currency_of(named)) {
            Ok(Requested::Exactly(minor)) => minor,
            _ => 0,
        }
    }

    /// An earlier run's trace of `key`: what the source recorded under it, the order's history,
    /// or (online) the key in the metadata of the captures and refunds the API holds, which is what tells a
    /// run from another host, past Smartpay's 6-hour key window, from a new refund.
    fn earlier(
        &self,
        order: &Order,
        marks: &[ConsoleMark],
        key: &str,
        request: &RowRequest,
    ) -> Result<Option<RowFate>, RowFate> {
        let part = format!("{key}.");
        let mine = |k: &str| k == key || k.starts_with(&part);
        let done: Vec<_> = order
            .history
            .iter()
            .filter(|h| h.result == HistoryResult::Succeeded && h.idempotency_key.as_deref().is_some_and(mine))
            .map(|h| (h.kind, h.amount, h.object_id.clone()))
            .collect();
        let done = if done.is_empty() { marked_parts(order, marks, &mine) } else { done };
        if let Some((kind, _, _)) = done.first() {
            let moved = done.iter().map(|(_, amount, _)| amount).sum();
            if !bulk_plan::is_same_history(request, *kind, moved) {
                let what = Said::each(|lang| {
                    B::AnOperationOf.fill(lang, &[("operation", &kind.word(lang)), ("amount", &moved)])
                });
                return Err(spent_on_another(key, &what));
            }
            let created = done.into_iter().filter_map(|(_, _, id)| id).collect();
            return Ok(Some(RowFate::DoneEarlier { moved, created }));
        }
        let recorded = self.backend.recorded_operation(key).map_err(|e| unreadable(&e))?;
        Ok(match recorded {
            Some((id, _)) if id != order.id => {
                Some(RowFate::Refused(Said::of(B::KeyForAnotherOrder, &[("key", &key), ("order", &printable(&id))])))
            }
            Some((_, operation)) if !bulk_plan::is_same_request(request, &operation) => {
                return Err(spent_on_another(key, &describe(&operation)));
            }
            Some((_, operation)) => {
                let amount = crate::backend::outcome::requested_amount(&operation, 0);
                Some(RowFate::Replay { operation, amount })
            }
            None => voided_earlier(order, request),
        })
    }

    /// The order a row names (by id, else by exact reference; none or several: refused), with
    /// the console keys its refunds carry.
    fn find_order(&self, named: &str) -> Result<(Order, Vec<ConsoleMark>), RowFate> {
        if named.is_empty() {
            return Err(RowFate::Refused(Said::of(B::OrderCellEmpty, &[])));
        }
        if !is_plain_id(named) {
            return Err(RowFate::Refused(Said::of(B::NotAnId, &[("order", &printable(named))])));
        }
        match self.backend.get_with_marks(named) {
            Ok(found) => return Ok(found),
            Err(BackendError::NotFound { .. }) => {}
            Err(other) => return Err(unreadable(&other)),
        }
        let matches = crate::backend::find::ids_with_reference(self.backend, named).map_err(|e| unreadable(&e))?;
        match matches.as_slice() {
            [] => Err(RowFate::Refused(Said::of(B::NoSuchOrder, &[("order", &named)]))),
            [id] => self.backend.get_with_marks(id).map_err(|e| unreadable(&e)),
            several => {
                Err(RowFate::Refused(Said::of(B::SeveralOrders, &[("count", &several.len()), ("order", &named)])))
            }
        }
    }
}

/// The captures and counted refunds of `order` whose metadata carries a key of `mine`, as
/// history parts.
fn marked_parts(
    order: &Order,
    marks: &[ConsoleMark],
    mine: &dyn Fn(&str) -> bool,
) -> Vec<(HistoryKind, i64, Option<String>)> {
    let marked = |id: &str| marks.iter().any(|m| m.object_id == id && mine(&m.key));
    let captures =
        order.payments().iter().filter(|p| marked(p.id())).map(|p| (HistoryKind::Capture, p.amount(), p.id()));
    let refunds = order.payments().iter().flat_map(|p| p.refunds().iter()).filter(|r| r.counts() && marked(r.id()));
    captures
        .chain(refunds.map(|r| (HistoryKind::Refund, r.amount(), r.id())))
        .map(|(kind, amount, id)| (kind, amount, Some(id.to_string())))
        .collect()
}

/// A row whose key an earlier operation on its order spent on something else: nothing is sent.
fn spent_on_another(key: &str, what: &Said) -> RowFate {
    RowFate::Refused(Said::each(|lang| {
        B::KeyForAnotherOperation.fill(lang, &[("key", &key), ("what", &what.text(lang))])
    }))
}

/// A state that could not be read: nothing is known to be wrong with the row.
fn unreadable(err: &BackendError) -> RowFate {
    RowFate::Unreadable(Said::each(|lang| err.text(lang)))
}

fn describe(operation: &Operation) -> Said {
    match operation {
        Operation::Capture { amount } => Said::of(B::ACaptureOf, &[("amount", amount)]),
        Operation::Refund { amount, reason } => {
            Said::each(|lang| B::ARefundOf.fill(lang, &[("amount", amount), ("reason", &reason.word(lang))]))
        }
        Operation::Void => Said::of(B::AVoid, &[]),
    }
}

/// What a row asks for, apart from the amount (which needs the order's currency).
fn read_request(row: &FileRow) -> Result<RowRequest, Said> {
    if let Some(malformed) = &row.malformed {
        return Err(malformed.clone());
    }
    let operation = BulkOperation::parse(&row.operation)
        .ok_or_else(|| Said::of(B::NotAnOperation, &[("operation", &printable(&row.operation))]))?;
    let reason = match (operation, row.reason.as_str()) {
        (BulkOperation::Refund, "") => Some(RefundReason::RequestedByCustomer),
        (BulkOperation::Refund, text) => {
            Some(RefundReason::parse(text).ok_or_else(|| Said::of(B::NotAReason, &[("reason", &printable(text))]))?)
        }
        (_, "") => None,
        (other, _) => {
            let word = |lang| crate::outcome_text::verb_word(other.as_str(), lang);
            return Err(Said::each(|lang| B::TakesNoReason.fill(lang, &[("operation", &word(lang))])));
        }
    };
    if operation == BulkOperation::Void && !row.amount.is_empty() {
        return Err(Said::of(B::VoidTakesNoAmount, &[]));
    }
    Ok(RowRequest { operation, requested: Requested::Maximum, reason })
}

/// A void row on an order whose history already holds a void: done earlier, by this file run
/// from another console (Smartpay's cancellation takes no body, so no key travels with it and
/// none comes back) or by anyone else. An order is voided once; nothing can move twice.
fn voided_earlier(order: &Order, request: &RowRequest) -> Option<RowFate> {
    if request.operation != BulkOperation::Void {
        return None;
    }
    let void = order.history.iter().find(|h| h.kind == HistoryKind::Void && h.result == HistoryResult::Succeeded)?;
    Some(RowFate::DoneEarlier { moved: void.amount, created: vec![] })
}

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod tests;
