//! Bulk Payment Actions: reading the marked orders afresh, choosing the action (and typing its
//! amount or percentage; focus starts on Cancel), starting the run, the progress as each
//! order's answer comes back, stopping before the next request, the export, and a run cut off
//! earlier (shown at start, resumed only behind its own confirmation).

use super::toast;
use crate::bulk_effects::BulkJob;
use crate::bulk_run::{BulkRun, BulkStage, RowState};
use crate::domain::Operation;
use crate::effect::Effect;
use crate::i18n::bulk as say;
use crate::keymap::Command;
use crate::run_record::{RunDir, RunRecord};
use crate::state::State;
use crossterm::event::{KeyCode, KeyEvent};

/// `a` on marked orders: each is read afresh before anything is offered.
pub(super) fn open(state: &mut State) -> Vec<Effect> {
    let run_id = format!("tui-{}-{}", state.now, run_suffix((state.session.keygen)()));
    let run = BulkRun::of_marks(&state.list.marks, run_id, state.session.keygen);
    let ids = run.rows.iter().map(|r| r.id.clone()).collect();
    state.bulk = Some(run);
    vec![Effect::Bulk(BulkJob::Read { ids })]
}

/// Six letters or digits of a fresh key, so two consoles never name a run alike.
fn run_suffix(key: String) -> String {
    key.chars().rev().filter(char::is_ascii_alphanumeric).take(6).collect()
}

pub(super) fn on_read(state: &mut State, orders: Vec<Result<Box<crate::domain::Order>, String>>) -> Vec<Effect> {
    let now = state.now;
    if let Some(run) = state.bulk.as_mut().filter(|r| r.stage == BulkStage::Reading) {
        run.orders_read(orders, now, state.session.lang);
        state.dirty = true;
    }
    vec![]
}

pub(super) fn on_bulk(state: &mut State, command: Command) -> Vec<Effect> {
    let lang = state.session.lang;
    let now = state.now;
    let Some(run) = state.bulk.as_mut() else { return vec![] };
    match (run.stage, command) {
        (BulkStage::Reading, Command::Back) => state.bulk = None,
        (BulkStage::Confirm { on_confirm }, Command::Right) => {
            run.action = run.action.next();
            run.input.clear();
            run.replan(now, state.session.lang);
            run.stage = BulkStage::Confirm { on_confirm };
        }
        (BulkStage::Confirm { on_confirm }, Command::NextField) => {
            run.stage = BulkStage::Confirm { on_confirm: !on_confirm };
        }
        (BulkStage::Confirm { on_confirm: true }, Command::Press)
        | (BulkStage::Confirm { .. }, Command::ConfirmYes) => return start(state),
        (BulkStage::Confirm { .. }, Command::Press | Command::Back) => state.bulk = None,
        (BulkStage::Running, Command::Back) => {
            run.stop.stop();
            return toast(state, say::stopping(lang).into(), false);
        }
        (BulkStage::Finished, Command::Back | Command::Press) => {
            state.bulk = None;
            return super::list::refresh_list(state);
        }
        (BulkStage::Finished | BulkStage::Recovered { asking: None }, Command::Export) => return export(state),
        (BulkStage::Recovered { asking: None }, Command::Back) => state.bulk = None,
        (BulkStage::Recovered { asking: None }, Command::Resume) => {
            let (send, replay) = run.to_resume();
            if run.foreign.is_none() && send + replay > 0 {
                run.stage = BulkStage::Recovered { asking: Some(false) };
            }
        }
        (BulkStage::Recovered { asking: None }, Command::Forget) => return forget(state),
        (BulkStage::Recovered { asking: Some(on) }, Command::NextField | Command::Right) => {
            run.stage = BulkStage::Recovered { asking: Some(!on) };
        }
        (BulkStage::Recovered { asking: Some(true) }, Command::Press)
        | (BulkStage::Recovered { asking: Some(_) }, Command::ConfirmYes) => return resume(state),
        (BulkStage::Recovered { asking: Some(_) }, Command::Press | Command::Back) => {
            run.stage = BulkStage::Recovered { asking: None };
        }
        _ => {}
    }
    vec![]
}

/// The keys that type the amount or percentage while the action takes one.
pub(super) fn types_input(state: &State, key: &KeyEvent) -> bool {
    let typing = matches!(key.code, KeyCode::Backspace)
        || matches!(key.code, KeyCode::Char(c) if c.is_ascii_digit() || matches!(c, '.' | ',' | '%'));
    typing
        && state
            .bulk
            .as_ref()
            .is_some_and(|run| matches!(run.stage, BulkStage::Confirm { .. }) && run.action.takes_input())
}

pub(super) fn type_input(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let now = state.now;
    let Some(run) = state.bulk.as_mut() else { return vec![] };
    match key.code {
        KeyCode::Backspace => {
            run.input.pop();
        }
        // As long as any amount may be written (`MAX_AMOUNT_CHARS`), and no longer.
        KeyCode::Char(c) if run.input.len() < crate::domain::money::MAX_AMOUNT_CHARS => run.input.push(c),
        _ => return vec![],
    }
    run.replan(now, state.session.lang);
    state.dirty = true;
    vec![]
}

fn start(state: &mut State) -> Vec<Effect> {
    let lang = state.session.lang;
    let operator = state.session.operator.clone();
    let dir = state.bulk_settings.runs_dir.clone().map(RunDir);
    let now = state.now;
    let Some(run) = state.bulk.as_mut() else { return vec![] };
    let Some(request) = run.request.clone() else {
        let why = run.input_error.clone().unwrap_or_else(|| say::input_needed(lang).into());
        return toast(state, why, true);
    };
    if run.allowed().0 == 0 {
        return toast(state, say::nothing_allowed(lang).into(), true);
    }
    run.started_at = now;
    run.start();
    let record = RunRecord::of(run, request, &operator);
    vec![Effect::Bulk(BulkJob::Run { record: Box::new(record), dir, stop: run.stop.clone() })]
}

/// `r` then Confirm on a run found at start: the orders never sent are sent under the keys
/// they already have, the unknown ones replayed under theirs.
fn resume(state: &mut State) -> Vec<Effect> {
    let operator = state.session.operator.clone();
    let dir = state.bulk_settings.runs_dir.clone().map(RunDir);
    let Some(run) = state.bulk.as_mut() else { return vec![] };
    let Some(request) = run.request.clone() else { return vec![] };
    run.stage = BulkStage::Running;
    run.stop = Default::default();
    let record = RunRecord::of(run, request, &operator);
    vec![Effect::Bulk(BulkJob::Run { record: Box::new(record), dir, stop: run.stop.clone() })]
}

fn record_of(state: &State) -> Option<(RunDir, RunRecord)> {
    let dir = state.bulk_settings.runs_dir.clone().map(RunDir)?;
    let run = state.bulk.as_ref()?;
    Some((dir, RunRecord::of(run, run.request.clone()?, &state.session.operator)))
}

fn export(state: &mut State) -> Vec<Effect> {
    let Some((dir, record)) = record_of(state) else { return vec![] };
    vec![Effect::Bulk(BulkJob::Export { dir, record: Box::new(record) })]
}

/// `x` on a run found at start: its record is marked finished (kept); nothing is sent.
fn forget(state: &mut State) -> Vec<Effect> {
    let Some((dir, mut record)) = record_of(state) else { return vec![] };
    record.finished = true;
    state.bulk = None;
    vec![Effect::Bulk(BulkJob::Forget { dir, record: Box::new(record) })]
}

pub(super) fn on_row(state: &mut State, index: usize, row: RowState, sent: Option<Operation>) -> Vec<Effect> {
    if let Some(slot) = state.bulk.as_mut().and_then(|run| run.rows.get_mut(index)) {
        slot.state = row;
        if sent.is_some() {
            slot.sent = sent;
        }
        state.dirty = true;
    }
    vec![]
}

pub(super) fn on_finished(state: &mut State, problem: Option<String>) -> Vec<Effect> {
    if let Some(run) = state.bulk.as_mut() {
        for row in run.rows.iter_mut().filter(|r| r.state == RowState::Pending) {
            row.state = RowState::NotSent;
        }
        run.stage = BulkStage::Finished;
        state.dirty = true;
    }
    match problem {
        Some(why) => toast(state, why, true),
        None => vec![],
    }
}

/// At start: a run cut off earlier is shown with each order's outcome; nothing is sent.
pub(super) fn on_runs_found(
    state: &mut State,
    record: Option<Box<RunRecord>>,
    problems: Vec<String>,
    source: &str,
) -> Vec<Effect> {
    let lang = state.session.lang;
    if let Some(record) = record
        && state.bulk.is_none()
    {
        state.bulk = Some(record.to_run(source));
        state.dirty = true;
    }
    match problems.first() {
        Some(first) => toast(state, say::unusable_record(lang, first), true),
        None => vec![],
    }
}

pub(super) fn on_exported(state: &mut State, result: Result<std::path::PathBuf, String>) -> Vec<Effect> {
    let lang = state.session.lang;
    match result {
        Ok(path) => toast(state, say::exported(lang, &path.display().to_string()), false),
        Err(why) => toast(state, say::export_failed(lang, &why), true),
    }
}

pub(super) fn on_forgotten(state: &mut State, result: Result<(), String>) -> Vec<Effect> {
    let lang = state.session.lang;
    match result {
        Ok(()) => toast(state, say::forgotten(lang).into(), false),
        Err(why) => toast(state, why, true),
    }
}
