//! Turning an evaluated row into its report: sending it (once, under its key) when it is to
//! be sent, and saying exactly what happened to the money.

use super::evaluate::{Evaluated, RowFate};
use super::report::{RowReport, RowResult};
use crate::backend::{Backend, BackendError, OperationRequest, Outcome, PartResult, Verdict};
use crate::outcome_text::{first_error_in, verb_word};
use crate::words::{BulkText as B, Said};
use smartpay_i18n::Message;

/// The report of a row that is not sent (a plan, or a row refused before sending).
pub fn planned(row: &Evaluated) -> RowReport {
    let (result, requested, moved, reason, created) = match &row.fate {
        RowFate::Send { amount, .. } => (RowResult::Done, *amount, 0, None, vec![]),
        RowFate::Replay { amount, .. } => (RowResult::Replayed, *amount, 0, Some(Said::of(B::Replays, &[])), vec![]),
        RowFate::DoneEarlier { moved, created } => (RowResult::Replayed, *moved, *moved, None, created.clone()),
        RowFate::Refused(why) => (RowResult::Refused, row.requested, 0, Some(why.clone()), vec![]),
        RowFate::Unreadable(why) => (RowResult::NotSent, row.requested, 0, Some(why.clone()), vec![]),
    };
    report(row, result, requested, moved, reason, created)
}

/// Sends a row that is to be sent, under its key, with the batch and line in the history; any
/// other row is reported as it stands.
pub fn send(backend: &dyn Backend, row: &Evaluated, operator: &str, batch: &str) -> RowReport {
    let (operation, requested) = match &row.fate {
        RowFate::Send { operation, amount } | RowFate::Replay { operation, amount } => (operation.clone(), *amount),
        _ => return planned(row),
    };
    let (Some(order_id), Some(key)) = (&row.order_id, &row.key) else { return planned(row) };
    let request = OperationRequest {
        operation,
        operator: Some(format!("{operator} (bulk {batch} line {})", row.line)),
        idempotency_key: key.clone(),
    };
    match backend.execute(order_id, &request) {
        Ok(outcome) => from_outcome(row, &outcome),
        Err(err) => from_error(row, requested, &err),
    }
}

fn from_outcome(row: &Evaluated, outcome: &Outcome) -> RowReport {
    let first_error =
        || outcome.first_error().map(|_| Said::each(|lang| first_error_in(outcome, lang).unwrap_or_default()));
    let requested = outcome.requested;
    if let Some(resolved) = &outcome.resolved {
        // Online: an earlier operation on the order, still open, was settled first; this row was
        // not sent, so that nobody moves money without knowing what the earlier one did.
        let key = match resolved.result {
            PartResult::Unknown => B::EarlierStillUnknown,
            _ => B::EarlierTurnedOutDone,
        };
        let reason = Said::each(|lang| {
            let operation = verb_word(&resolved.operation, lang);
            key.fill(lang, &[("operation", &operation), ("key", &resolved.key)])
        });
        return report(row, RowResult::NotSent, requested, 0, Some(reason), vec![]);
    }
    let moved = outcome.moved();
    match outcome.verdict() {
        Verdict::Done => {
            let result = if outcome.replayed { RowResult::Replayed } else { RowResult::Done };
            report(row, result, requested, moved, None, outcome.created())
        }
        Verdict::Refused => report(row, RowResult::Refused, requested, 0, first_error(), vec![]),
        Verdict::Unknown => {
            let reason =
                first_error().map(|e| Said::each(|lang| B::UnknownRunAgain.fill(lang, &[("reason", &e.text(lang))])));
            report(row, RowResult::Unknown, requested, moved, reason, outcome.created())
        }
        Verdict::PartlyDone => {
            let why = first_error().unwrap_or_default();
            let reason = Said::each(|lang| {
                B::PartlyDone.fill(lang, &[("moved", &moved), ("requested", &requested), ("reason", &why.text(lang))])
            });
            let mut partly = report(row, RowResult::Done, requested, moved, Some(reason), outcome.created());
            partly.partly = true;
            partly
        }
    }
}

/// An error from `execute`: its exit status says whether nothing moved (refused), the outcome
/// is unknown, or nothing was sent at all.
fn from_error(row: &Evaluated, requested: i64, err: &BackendError) -> RowReport {
    let result = match err.exit_code() {
        3 => RowResult::Refused,
        4 => RowResult::Unknown,
        _ => RowResult::NotSent,
    };
    report(row, result, requested, 0, Some(Said::each(|lang| err.text(lang))), vec![])
}

fn report(
    row: &Evaluated,
    result: RowResult,
    requested: i64,
    moved: i64,
    reason: Option<Said>,
    created: Vec<String>,
) -> RowReport {
    RowReport {
        line: row.line,
        order: row.order.clone(),
        operation: row.operation.clone(),
        requested,
        moved,
        result,
        reason,
        key: row.key.clone(),
        created,
        currency: row.currency,
        partly: false,
    }
}
