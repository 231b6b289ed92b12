//! Bulk Payment Actions: choosing the action (focus starts on Cancel), starting the run, the
//! progress as each order's answer comes back, stopping before the next request, closing.

use super::toast;
use crate::bulk_run::{BulkStage, RowState};
use crate::effect::Effect;
use crate::i18n::{Msg, t};
use crate::keymap::Command;
use crate::state::State;

pub(super) fn on_bulk(state: &mut State, command: Command) -> Vec<Effect> {
    let Some(run) = state.bulk.as_mut() else { return vec![] };
    match (run.stage, command) {
        (BulkStage::Confirm { on_confirm }, Command::Right) => {
            run.action = run.action.next();
            run.stage = BulkStage::Confirm { on_confirm };
        }
        (BulkStage::Confirm { on_confirm }, Command::NextField) => {
            run.stage = BulkStage::Confirm { on_confirm: !on_confirm };
        }
        (BulkStage::Confirm { on_confirm: true }, Command::Press)
        | (BulkStage::Confirm { .. }, Command::ConfirmYes) => {
            return start(state);
        }
        (BulkStage::Confirm { .. }, Command::Press | Command::Back) => state.bulk = None,
        (BulkStage::Running, Command::Back) => {
            run.stop.stop();
            let text = t(state.session.lang, Msg::BulkStopping).to_string();
            return toast(state, text, false);
        }
        (BulkStage::Finished, Command::Back | Command::Press) => {
            state.bulk = None;
            return super::list::refresh_list(state);
        }
        _ => {}
    }
    vec![]
}

fn start(state: &mut State) -> Vec<Effect> {
    let keygen = state.session.keygen;
    let operator = state.session.operator.clone();
    let Some(run) = state.bulk.as_mut() else { return vec![] };
    run.stage = BulkStage::Running;
    // Every order gets its own key, made before anything is sent.
    let keys = run.rows.iter().map(|_| keygen()).collect();
    vec![Effect::BulkRun {
        ids: run.rows.iter().map(|r| r.id.clone()).collect(),
        action: run.action,
        operator,
        keys,
        stop: run.stop.clone(),
    }]
}

pub(super) fn on_row(state: &mut State, index: usize, row: RowState) -> Vec<Effect> {
    if let Some(slot) = state.bulk.as_mut().and_then(|run| run.rows.get_mut(index)) {
        slot.state = row;
        state.dirty = true;
    }
    vec![]
}

pub(super) fn on_finished(state: &mut State) -> Vec<Effect> {
    if let Some(run) = state.bulk.as_mut() {
        for row in run.rows.iter_mut().filter(|r| r.state == RowState::Pending) {
            row.state = RowState::NotSent;
        }
        run.stage = BulkStage::Finished;
        state.dirty = true;
    }
    vec![]
}
