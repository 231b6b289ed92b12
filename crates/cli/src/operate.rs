//! `capture`, `refund` and `void`: one confirmed operation each, under the caller's
//! `--idempotency-key` or a fresh one. The exit status comes from the outcome's parts.

use super::failure::ErrorJson;
use super::orders::open_source;
use super::output::{print_json, write_stdout};
use super::{AmountArgs, Failure, GlobalArgs, ReasonArg, RefundArgs, VoidArgs};
use crate::backend::ids::{check_user_key, new_idempotency_key};
use crate::backend::outcome::requested_amount;
use crate::backend::{BackendError, OperationRequest, Outcome, PartOutcome, Resolved, Verdict};
use crate::config::Settings;
use crate::domain::time::now_millis;
use crate::domain::{Currency, Lang, Operation, RefundReason};
use crate::outcome_text::{confirmation, failure_message};
use crate::wire::{OrderDocument, order_document};
use serde::Serialize;
use smartpay_i18n::Message;
use smartpay_i18n::sentences::ErrorText;
use std::io::Write;

/// What every operation command shares.
struct Invocation<'a> {
    id: &'a str,
    json: bool,
    key: Option<&'a str>,
}

pub fn capture(global: &GlobalArgs, settings: &Settings, args: AmountArgs) -> Result<(), Failure> {
    let call = Invocation { id: &args.id, json: global.json, key: args.idempotency_key.as_deref() };
    run(global, settings, &call, |order| Ok(Operation::Capture { amount: order.currency().parse(&args.amount)? }))
}

pub fn refund(global: &GlobalArgs, settings: &Settings, args: RefundArgs) -> Result<(), Failure> {
    let reason = match args.reason {
        ReasonArg::RequestedByCustomer => RefundReason::RequestedByCustomer,
        ReasonArg::Fraudulent => RefundReason::Fraudulent,
    };
    let call = Invocation { id: &args.id, json: global.json, key: args.idempotency_key.as_deref() };
    run(global, settings, &call, |order| {
        Ok(Operation::Refund { amount: order.currency().parse(&args.amount)?, reason })
    })
}

pub fn void(global: &GlobalArgs, settings: &Settings, args: VoidArgs) -> Result<(), Failure> {
    let call = Invocation { id: &args.id, json: global.json, key: args.idempotency_key.as_deref() };
    run(global, settings, &call, |_| Ok(Operation::Void))
}

/// The `--json` result of an operation (docs/INTERFACE.md, "Operations").
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OperationJson<'a> {
    operation: &'static str,
    order_id: &'a str,
    /// `done`, `partly_done`, `refused` or `unknown`.
    result: &'static str,
    requested: i64,
    moved: i64,
    /// The same as `moved` (the field of 0.1, kept for scripts).
    amount: i64,
    /// The ids the done parts created (kept from 0.1).
    created: Vec<String>,
    replayed: bool,
    idempotency_key: &'a str,
    parts: &'a [PartOutcome],
    warnings: &'a [String],
    resolved: Option<&'a Resolved>,
    order: Option<OrderDocument>,
    /// Present unless the result is `done`: the same error the exit status reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson<'a>>,
}

/// Reads the order (its currency decides how the amount is parsed), builds the operation and
/// sends it once. The backend re-reads and re-validates inside.
fn run(
    global: &GlobalArgs,
    settings: &Settings,
    call: &Invocation<'_>,
    build: impl FnOnce(&crate::domain::Order) -> Result<Operation, Failure>,
) -> Result<(), Failure> {
    let key = match call.key {
        Some(key) => {
            check_user_key(key).map_err(|e| Failure::usage(e).with_code("idempotency_key.invalid"))?.to_string()
        }
        None => new_idempotency_key(),
    };
    if settings.read_only {
        return Err(BackendError::ReadOnly.into());
    }
    let backend = open_source(global, settings)?;
    let order = backend.get(call.id)?;
    let operation = build(&order)?;
    let request = OperationRequest {
        operation: operation.clone(),
        operator: Some(settings.operator.clone()),
        idempotency_key: key,
    };
    let outcome = match backend.execute(call.id, &request) {
        Ok(outcome) => outcome,
        // An answer that says nothing moved (3) or that the outcome is unknown (4) still gets
        // its `--json` result; anything else is a plain failure.
        Err(err) if call.json && matches!(err.exit_code(), 3 | 4) => error_outcome(call.id, &request, &err),
        // Any other error came before anything was sent (`OrderOperator::execute`): it says so.
        Err(err) if err.exit_code() == 1 => return Err(Failure::from(err).nothing_changed()),
        Err(err) => return Err(err.into()),
    };
    report(&outcome, &order.currency(), call.json, settings.lang)
}

/// An error that decided the operation's fate, as an outcome with one part.
fn error_outcome(order_id: &str, request: &OperationRequest, err: &BackendError) -> Outcome {
    let requested = requested_amount(&request.operation, 0);
    let mut outcome = Outcome::new(order_id, &request.operation, &request.idempotency_key, requested);
    let message = err.to_string();
    outcome.parts.push(match err.exit_code() {
        3 => PartOutcome::refused(None, requested, message),
        _ => PartOutcome::unknown(None, requested, message),
    });
    outcome
}

/// Prints the outcome (stdout: the result; stderr: warnings) and turns its verdict into the
/// exit status: 0 done, 3 nothing moved, 4 unknown, 5 partly done.
fn report(outcome: &Outcome, currency: &Currency, json: bool, lang: Lang) -> Result<(), Failure> {
    let failure = failure_message(outcome, currency, Lang::En).map(|message| {
        let failure = Failure::new(outcome.exit_code(), error_code(outcome.verdict()), message);
        match failure_message(outcome, currency, Lang::Ja) {
            Some(japanese) => failure.with_japanese(japanese),
            None => failure,
        }
    });
    if json {
        print_json(&OperationJson {
            operation: outcome.operation.verb(),
            order_id: &outcome.order_id,
            result: outcome.verdict().as_str(),
            requested: outcome.requested,
            moved: outcome.moved(),
            amount: outcome.moved(),
            created: outcome.created(),
            replayed: outcome.replayed,
            idempotency_key: &outcome.idempotency_key,
            parts: &outcome.parts,
            warnings: &outcome.warnings,
            resolved: outcome.resolved.as_ref(),
            order: outcome.order.as_ref().map(|o| order_document(o, now_millis())),
            error: failure.as_ref().map(Failure::as_json),
        })?;
    } else {
        let mut err = std::io::stderr().lock();
        for warning in &outcome.warnings {
            let _ = writeln!(err, "{}", ErrorText::Warning.fill(lang, &[("message", warning)]));
        }
        if let Some(text) = confirmation(outcome, currency, lang) {
            write_stdout(&(text + "\n"))?;
        }
    }
    match failure {
        None => Ok(()),
        Some(failure) => Err(Failure { reported: json, ..failure }),
    }
}

/// The `--json` error code of an operation's verdict.
fn error_code(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Done => "done",
        Verdict::Refused => "refused",
        Verdict::Unknown => "outcome.unknown",
        Verdict::PartlyDone => "partly_done",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::PartResult;

    #[test]
    fn an_error_that_decides_the_fate_keeps_the_json_shape() {
        let request = OperationRequest {
            operation: Operation::Capture { amount: 500 },
            operator: None,
            idempotency_key: "k".into(),
        };
        let err = BackendError::ReplayWindowPassed { verb: "capture".into(), key: "k".into(), journaled: "t".into() };
        let outcome = error_outcome("order_test_1", &request, &err);
        assert_eq!((outcome.exit_code(), outcome.moved()), (4, 0));
        assert_eq!(outcome.parts[0].result, PartResult::Unknown);
    }
}
