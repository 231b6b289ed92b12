//! The Drift view: moving through the findings, opening an order, reading the findings again,
//! and the suggested fix prefilled into Payment Actions (never sent without the confirmation).

use super::list::refresh_list;
use super::toast;
use crate::domain::{Currency, Operation};
use crate::drift::{DriftAction, DriftEffect, Freshness, Phase, freshness, visible_rows};
use crate::effect::Effect;
use crate::i18n::drift::{DriftMsg, t};
use crate::keymap::Command;
use crate::state::{ActionKind, DetailsView, Screen, State};
use tui_input::Input;

/// At start: the comparison asked for with `--shop FILE` (the view shows "reconciling…"
/// meanwhile), else the saved findings of this source are read.
pub(super) fn on_start(state: &mut State) -> Vec<Effect> {
    let Some(place) = state.drift.place.clone() else { return vec![] };
    if state.drift.job_waiting {
        state.drift.job_waiting = false;
        state.drift.phase = Phase::Reconciling;
        state.screen = Screen::Drift;
        return vec![Effect::Drift(DriftEffect::Reconcile)];
    }
    state.drift.phase = Phase::Loading;
    vec![Effect::Drift(DriftEffect::Load(place))]
}

pub(super) fn on_action(state: &mut State, action: DriftAction) -> Vec<Effect> {
    state.dirty = true;
    let drift = &mut state.drift;
    match action {
        DriftAction::Reconciled(Ok(())) => return load(state),
        DriftAction::Reconciled(Err(message)) => {
            drift.phase = Phase::Idle;
            drift.error = Some(format!("{}: {message}", t(state.session.lang, DriftMsg::Failed)));
        }
        DriftAction::Loaded(Ok(Some(saved))) => {
            // Opening the console on saved findings shows them, unless the operator has
            // already gone somewhere else.
            let untouched = state.screen == Screen::List
                && state.details.is_none()
                && state.modal.is_none()
                && state.help.is_none()
                && !state.list.filtering;
            let show = drift.phase == Phase::Loading && untouched && !saved.findings.is_empty();
            drift.set(saved);
            if show {
                state.screen = Screen::Drift;
            }
        }
        DriftAction::Loaded(Ok(None)) => {
            drift.phase = Phase::Idle;
            drift.saved = None;
        }
        DriftAction::Loaded(Err(message)) => {
            drift.phase = Phase::Idle;
            drift.saved = None;
            drift.error = Some(message);
        }
    }
    vec![]
}

fn load(state: &mut State) -> Vec<Effect> {
    let Some(place) = state.drift.place.clone() else { return vec![] };
    state.drift.phase = Phase::Loading;
    state.drift.error = None;
    vec![Effect::Drift(DriftEffect::Load(place))]
}

/// `D` on the list.
pub(super) fn open(state: &mut State) -> Vec<Effect> {
    state.screen = Screen::Drift;
    state.list.filtering = false;
    if state.drift.phase == Phase::Idle && state.drift.saved.is_none() && state.drift.error.is_none() {
        return load(state);
    }
    vec![]
}

pub(super) fn on_drift(state: &mut State, command: Command) -> Vec<Effect> {
    let count = state.drift.findings().len();
    let rows = visible_rows(state.size);
    let drift = &mut state.drift;
    match command {
        Command::Quit => return crate::quit::request(state),
        Command::Back => {
            state.screen = Screen::List;
            return refresh_list(state);
        }
        Command::Up => drift.selected = drift.selected.saturating_sub(1),
        Command::Down => drift.selected = (drift.selected + 1).min(count.saturating_sub(1)),
        Command::Refresh if drift.phase != Phase::Reconciling => return load(state),
        Command::Open => return open_order(state),
        _ => {}
    }
    if drift.selected < drift.top {
        drift.top = drift.selected;
    } else if drift.selected >= drift.top + rows {
        drift.top = drift.selected + 1 - rows;
    }
    vec![]
}

/// `Enter`: the selected finding's order, read again from the source (the details then say
/// whether the finding still holds).
fn open_order(state: &mut State) -> Vec<Effect> {
    let Some(finding) = state.drift.selected_finding() else { return vec![] };
    let Some(id) = finding.order.clone() else {
        let text = t(state.session.lang, DriftMsg::NoOrder).to_string();
        return toast(state, text, true);
    };
    state.screen = Screen::Details;
    state.drift.opened_from_drift = true;
    let request = state.next_id();
    state.details = Some(DetailsView { id: id.clone(), order: None, error: None, scroll: 0, request });
    vec![Effect::LoadOrder { request, id }]
}

/// Esc on Order Details opened from the Drift view.
pub(super) fn back_from_details(state: &mut State) -> Vec<Effect> {
    state.screen = Screen::Drift;
    state.details = None;
    state.drift.opened_from_drift = false;
    vec![]
}

/// After `a` on Order Details: when the order has a finding confirmed as current with a
/// suggested operation, the form starts on that operation and amount. Nothing is sent: the
/// operator still reviews and confirms, as always.
pub(super) fn prefill_fix(state: &mut State) -> Vec<Effect> {
    let (Some(order), Some(saved)) = (state.order(), state.drift.saved.as_ref()) else { return vec![] };
    let Some(planned) = saved.planned_for(&order.id).cloned() else { return vec![] };
    let current = saved.for_order(&order.id).all(|f| freshness(f, Some(order), false, state.now) == Freshness::Current);
    let lang = state.session.lang;
    if !current {
        return toast(state, t(lang, DriftMsg::NotPrefilled).to_string(), false);
    }
    let currency = Currency::from_code_or_whole(&planned.currency);
    let Some(modal) = state.modal.as_mut() else { return vec![] };
    match &planned.operation {
        Operation::Capture { amount } => {
            modal.kind = ActionKind::Capture;
            modal.amount = Input::new(currency.format_plain(*amount));
        }
        Operation::Refund { amount, reason } => {
            modal.kind = ActionKind::Refund;
            modal.amount = Input::new(currency.format_plain(*amount));
            modal.reason = *reason;
        }
        Operation::Void => modal.kind = ActionKind::Void,
    }
    modal.pristine = true;
    toast(state, t(lang, DriftMsg::Prefilled).to_string(), false)
}
