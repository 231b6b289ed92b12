//! `update`: the only place the state changes. Pure: it returns the I/O it wants as effects.

//!
//! One file per screen: [`list`] (the order list and its filter), [`details`] (one order),
//! [`modal`] (the actions form and its confirmation), [`executed`] (what came back from an
//! operation); this file routes an action to them.

mod bulk;
#[cfg(test)]
mod bulk_tests;
mod details;
mod drift;
#[cfg(test)]
mod drift_tests;
mod executed;
mod list;
mod marks;
mod modal;
#[cfg(test)]
mod modal_tests;
mod mouse;
mod palette;
#[cfg(test)]
mod palette_tests;
#[cfg(test)]
mod queue_tests;
#[cfg(test)]
mod tests;

use super::action::Action;
use super::effect::Effect;
use super::focus::context;
use super::form;
use super::i18n::{Msg, t};
use super::keymap::{self, Command, Context};
use super::layout;
use super::state::{Field, State, Toast};
use crate::backend::SourceKind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use list::{FILTER_DEBOUNCE, ensure_window, fetch_window, follow_selection, restart_list, type_filter};
use std::time::Duration;
use tui_input::Input;

const TOAST_FOR: Duration = Duration::from_secs(5);

/// Applies one action to the state and says which effects to run.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Start(w, h) => {
            state.size = (w, h);
            state.dirty = true;
            state.list.recount = true;
            let mut effects = fetch_window(state, Duration::ZERO);
            effects.extend(drift::on_start(state));
            if let Some(dir) = state.bulk_settings.runs_dir.clone() {
                // A bulk run cut off earlier is shown before anything else is done.
                effects
                    .push(Effect::Bulk(crate::bulk_effects::BulkJob::FindRuns { dir: crate::run_record::RunDir(dir) }));
            }
            effects
        }
        Action::Key(key) => {
            if !keymap::is_press(&key) {
                return vec![];
            }
            on_key(state, key)
        }
        Action::Paste(text) => on_paste(state, &text),
        Action::Resize(w, h) => {
            state.size = (w, h);
            if !layout::hides_controls(state.size) {
                state.ignored_keys = 0;
            }
            state.dirty = true;
            follow_selection(state);
            ensure_window(state)
        }
        Action::Tick(now) => {
            // Countdowns show minutes: redraw only when the minute turns.
            if now / 60_000 != state.now / 60_000 {
                state.dirty = true;
            }
            let before = std::mem::replace(&mut state.now, now);
            modal::on_time_passed(state, before);
            if state.session.source == SourceKind::Online { vec![Effect::PollSync] } else { vec![] }
        }
        Action::Synced(status) => list::on_synced(state, status),
        Action::RowsLoaded { request, offset, result } => list::on_rows(state, request, offset, result),
        Action::OrderLoaded { request, result } => {
            if let Some(d) = state.details.as_mut().filter(|d| d.request == request) {
                match result {
                    Ok(order) => {
                        d.order = Some(*order);
                        d.error = None;
                    }
                    Err(e) => d.error = Some(e),
                }
                state.dirty = true;
            }
            vec![]
        }
        Action::Executed { order_id, result } => {
            super::quit::request_answered(state);
            executed::on_executed(state, order_id, result)
        }
        Action::BulkRow { index, state: row, sent } => bulk::on_row(state, index, row, sent),
        Action::BulkFinished(problem) => bulk::on_finished(state, problem),
        Action::BulkOrdersRead(orders) => bulk::on_read(state, orders),
        Action::RunsFound { record, problems, source } => bulk::on_runs_found(state, record, problems, &source),
        Action::RunForgotten(result) => bulk::on_forgotten(state, result),
        Action::RunExported(result) => bulk::on_exported(state, result),
        Action::QueueCounted(result) => marks::on_queue_counted(state, result),
        Action::MarkAllRead { query, result } => marks::on_mark_all(state, query, result),
        Action::ToastExpired(id) => {
            if state.toast.as_ref().is_some_and(|t| t.id == id) {
                state.toast = None;
                state.dirty = true;
            }
            vec![]
        }
        Action::Drift(action) => drift::on_action(state, action),
        Action::Found { request, named, result } => palette::on_found(state, request, &named, result),
        Action::ViewsListed(result) => palette::on_views_listed(state, result),
        Action::ViewSaved { name, result } => palette::on_view_saved(state, &name, result),
        Action::ViewOpened(result) => palette::on_view_opened(state, result),
        Action::Mouse { event, at } => mouse::on_mouse(state, event, at),
        Action::Quit => {
            state.quit = true;
            vec![]
        }
    }
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if state.quit_question {
        return super::quit::answer(state, key);
    }
    let ctx = context(state);
    let read_only = state.session.read_only;
    // While a text field has the keyboard, only the keys that leave it are commands.
    let in_amount = ctx == Context::Modal && state.modal.as_ref().is_some_and(|m| m.focus == Field::Amount);
    let leaves_field = matches!(
        key.code,
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Enter | KeyCode::Esc | KeyCode::Up | KeyCode::Down
    ) || (key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL));
    if in_amount && !leaves_field {
        return modal::type_amount(state, key);
    }
    if ctx == Context::Bulk && bulk::types_input(state, &key) {
        return bulk::type_input(state, key);
    }
    let Some(command) = keymap::command(ctx, &key, read_only) else {
        if ctx == Context::Hidden {
            return ignore_hidden(state);
        }
        if ctx == Context::Filter {
            return type_filter(state, key);
        }
        if ctx == Context::Palette {
            return palette::type_text(state, key);
        }
        if read_only && keymap::off_in_read_only(ctx, &key) {
            // Said once, and nothing else happens.
            return toast(state, t(state.session.lang, Msg::ReadOnlyNotice).to_string(), false);
        }
        return vec![];
    };
    run_command(state, ctx, command)
}

/// What `command` does in `ctx`: a key pressed, or an entry chosen in the palette.
fn run_command(state: &mut State, ctx: Context, command: Command) -> Vec<Effect> {
    if command == Command::ForceQuit {
        return super::quit::request(state);
    }
    if command == Command::Help {
        state.help = Some(super::help::section_start(ctx, state.session.read_only));
        state.dirty = true;
        return vec![];
    }
    if command == Command::Palette {
        return palette::open(state, ctx);
    }
    state.dirty = true;
    // Online with the API out of reach the console is read-only in effect (an operation needs
    // a fresh read of its order): `a` says so rather than open a form nothing can send.
    if command == Command::Actions && state.sync.as_ref().is_some_and(|sync| !sync.reachable) {
        return toast(state, t(state.session.lang, Msg::ActionsWaitForApi).to_string(), false);
    }
    match ctx {
        Context::Help => on_help(state, command),
        Context::List if command == keymap::Command::Drift => drift::open(state),
        // Bulk Payment Actions on the marks, and `*`: their own files, not the list's.
        Context::List if command == Command::Actions && !state.list.marks.is_empty() => bulk::open(state),
        Context::List if command == Command::MarkAll => marks::mark_all(state),
        Context::List | Context::Filter => list::on_list(state, command),
        Context::Details => details::on_details(state, command),
        Context::Modal => modal::on_modal(state, command),
        Context::Confirm => modal::on_confirm(state, command),
        Context::Bulk => bulk::on_bulk(state, command),
        Context::Drift => drift::on_drift(state, command),
        Context::Palette => palette::on_palette(state, command),
        Context::Global | Context::Hidden | Context::Sending => vec![],
    }
}

/// A paste goes into the text field that has the keyboard, and nowhere else: pasted text is
/// never read as commands. It is inserted in one step (linear, whatever its size) and never
/// past the field's limit.
fn on_paste(state: &mut State, text: &str) -> Vec<Effect> {
    let ctx = context(state);
    if ctx == Context::Hidden {
        return ignore_hidden(state);
    }
    if ctx == Context::Filter {
        let pasted = form::paste_filter(&state.list.search, text);
        if pasted.value() == state.list.search.value() {
            return vec![];
        }
        state.list.search = pasted;
        state.dirty = true;
        return restart_list(state, FILTER_DEBOUNCE);
    }
    if let Some(palette) = state.palette.as_mut().filter(|_| ctx == Context::Palette) {
        // A pasted id or reference (a newline in it is dropped, never read as Enter).
        palette.input = form::paste_filter(&palette.input, text.trim());
        palette.selected = 0;
        palette.error = None;
        state.dirty = true;
        return vec![];
    }
    let lang = state.session.lang;
    let Some(modal) = state.modal.as_mut().filter(|m| ctx == Context::Modal && m.focus == Field::Amount) else {
        return vec![];
    };
    // The prefilled maximum is "selected": a paste replaces it, as typing does.
    let base = if modal.pristine { Input::default() } else { modal.amount.clone() };
    match form::paste_amount(&base, text, lang) {
        Ok(amount) => {
            modal.amount = amount;
            modal.pristine = false;
            modal.error = None;
        }
        Err(sentence) => modal.error = Some(sentence),
    }
    state.dirty = true;
    vec![]
}

/// The help scrolls, and never past its last line.
fn on_help(state: &mut State, command: Command) -> Vec<Effect> {
    let last = super::help::max_scroll(state.session.read_only, state.size);
    match command {
        Command::Back => state.help = None,
        Command::Up => state.help = state.help.map(|s| s.saturating_sub(1).min(last)),
        Command::Down => state.help = state.help.map(|s| (s + 1).min(last)),
        _ => {}
    }
    vec![]
}

/// A key or paste while the screen hides the controls: it does nothing, and the screen says
/// how many were ignored.
pub(super) fn ignore_hidden(state: &mut State) -> Vec<Effect> {
    state.ignored_keys += 1;
    state.dirty = true;
    vec![]
}

/// A key that types a character (not a command chord).
pub(super) fn is_printable(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

pub(super) fn toast(state: &mut State, text: String, error: bool) -> Vec<Effect> {
    let id = state.next_id();
    state.toast = Some(Toast { id, text, error });
    state.dirty = true;
    vec![Effect::ExpireToast { id, after: TOAST_FOR }]
}
