//! The answer to an operation: the toast says what moved (never the amount asked for when less
//! moved); a refusal or an unknown outcome goes back to the form with the reason.

use super::details::reload_order;
use super::toast;
use crate::action::Failure;
use crate::backend::{Outcome, Verdict};
use crate::domain::Operation;
use crate::effect::Effect;
use crate::i18n::{Msg, t};
use crate::outcome_text::failure_message;
use crate::state::{Stage, State};

pub(super) fn on_executed(state: &mut State, order_id: String, result: Result<Box<Outcome>, Failure>) -> Vec<Effect> {
    state.dirty = true;
    match result {
        Ok(outcome) => on_outcome(state, order_id, *outcome),
        Err(failure) => on_failure(state, failure),
    }
}

fn on_outcome(state: &mut State, order_id: String, outcome: Outcome) -> Vec<Effect> {
    let lang = state.session.lang;
    let c = outcome.order.as_ref().or(state.order()).map_or(crate::domain::Currency::JPY, |o| o.currency());
    let verdict = outcome.verdict();
    match verdict {
        Verdict::Done | Verdict::PartlyDone => {
            state.modal = None;
            state.pending_key = None;
            let label = match outcome.operation {
                Operation::Capture { .. } => Msg::Capture,
                Operation::Refund { .. } => Msg::Refund,
                Operation::Void => Msg::Void,
            };
            let moved = c.format(outcome.moved());
            let amount = if verdict == Verdict::PartlyDone {
                format!("{moved} {} {}", t(lang, Msg::Of), c.format(outcome.requested))
            } else {
                moved
            };
            let head = t(lang, if verdict == Verdict::Done { Msg::Done } else { Msg::PartlyDone });
            let replay = if outcome.replayed { format!(" {}", t(lang, Msg::Replayed)) } else { String::new() };
            let text = format!("{head}: {} {amount} · {}{replay}", t(lang, label), outcome.order_id);
            let mut effects = match outcome.order {
                Some(order) => {
                    if let Some(d) = state.details.as_mut().filter(|d| d.id == order_id) {
                        d.order = Some(order);
                        d.scroll = 0;
                    }
                    vec![]
                }
                // Not read afresh: the figures on screen are read again rather than guessed.
                None => reload_order(state),
            };
            effects.extend(toast(state, text, verdict == Verdict::PartlyDone));
            effects
        }
        Verdict::Refused | Verdict::Unknown => {
            let message = failure_message(&outcome, &c, state.session.lang).unwrap_or_default();
            let refused = verdict == Verdict::Refused;
            if refused {
                // Nothing moved and the key is spent: confirming again is a new operation.
                state.pending_key = None;
            }
            on_failure(state, Failure { message, refused })
        }
    }
}

/// The modal stays open with the amount; the key is kept for a retry of the same operation
/// (unless it was spent). The order is read again: someone else may have changed it.
fn on_failure(state: &mut State, failure: Failure) -> Vec<Effect> {
    let lang = state.session.lang;
    if let Some(modal) = state.modal.as_mut() {
        modal.stage = Stage::Form;
        modal.error = Some(failure.message.clone());
    }
    let mut effects = reload_order(state);
    if !failure.refused {
        effects.extend(toast(state, format!("{}: {}", t(lang, Msg::Failed), failure.message), true));
    }
    effects
}
