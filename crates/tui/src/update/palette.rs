//! The command palette: opening it, typing (which filters it), choosing an entry (which runs
//! the keymap's command as if its key were pressed), the typed `open`, `save` and `view`, and
//! the answers of the look-ups they start.

use super::list::{open_order, restart_list};
use super::{is_printable, run_command, toast};
use crate::action::NotFound;
use crate::config::views::{SavedView, ViewsError, check_name};
use crate::domain::validate::is_plain_id;
use crate::effect::Effect;
use crate::i18n::{Msg, t};
use crate::i18n_sentences as say;
use crate::keymap::{Command, Context};
use crate::palette::{Run, Typed, shown, typed};
use crate::state::{Palette, Screen, State};
use crossterm::event::{Event, KeyEvent};
use std::time::Duration;
use tui_input::backend::crossterm::EventHandler;

/// The longest text the palette takes (an id, a reference or a command with its argument).
const MAX_CHARS: usize = 120;

pub(super) fn open(state: &mut State, from: Context) -> Vec<Effect> {
    state.palette = Some(Palette { from: Some(from), ..Palette::default() });
    state.dirty = true;
    match &state.views_file {
        Some(path) => vec![Effect::ListViews { path: path.clone() }],
        None => vec![],
    }
}

pub(super) fn type_text(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(palette) = state.palette.as_mut() else { return vec![] };
    if is_printable(&key) && !crate::form::has_room(&palette.input, MAX_CHARS) {
        return vec![];
    }
    palette.input.handle_event(&Event::Key(key));
    palette.selected = 0;
    palette.error = None;
    state.dirty = true;
    vec![]
}

pub(super) fn on_palette(state: &mut State, command: Command) -> Vec<Effect> {
    let count = shown(state).len();
    let Some(palette) = state.palette.as_mut() else { return vec![] };
    match command {
        Command::Back => state.palette = None,
        Command::Up => palette.selected = palette.selected.saturating_sub(1),
        Command::Down => palette.selected = (palette.selected + 1).min(count.saturating_sub(1)),
        Command::RunChosen => return enter(state),
        _ => {}
    }
    vec![]
}

/// Enter: a typed command, else the chosen entry, else the text as an order id or reference.
fn enter(state: &mut State) -> Vec<Effect> {
    let Some(palette) = state.palette.as_ref() else { return vec![] };
    let text = palette.input.value().trim().to_string();
    let from = palette.from.unwrap_or(Context::List);
    if let Some(command) = typed(&text) {
        return run_typed(state, command);
    }
    let chosen = shown(state).into_iter().nth(palette.selected);
    match chosen.map(|e| e.run) {
        Some(Run::Key(context, command)) => {
            state.palette = None;
            // A global command runs where the palette was opened.
            let context = if context == Context::Global { from } else { context };
            run_command(state, context, command)
        }
        Some(Run::Complete(text)) => {
            if let Some(palette) = state.palette.as_mut() {
                palette.input = tui_input::Input::new(text);
            }
            vec![]
        }
        Some(Run::View(name)) => run_typed(state, Typed::View(name)),
        None if text.is_empty() => vec![],
        None => run_typed(state, Typed::Open(text)),
    }
}

fn run_typed(state: &mut State, command: Typed) -> Vec<Effect> {
    let lang = state.session.lang;
    let fail = |state: &mut State, sentence: String| {
        if let Some(palette) = state.palette.as_mut() {
            palette.error = Some(sentence);
        }
        vec![]
    };
    match command {
        Typed::Open(named) => {
            if !is_plain_id(&named) {
                return fail(state, say::not_found(lang, &named));
            }
            state.palette = None;
            state.lookup = state.next_id();
            let mut effects = toast(state, format!("{} {named}…", t(lang, Msg::PaletteFinding)), false);
            effects.push(Effect::FindOrder { request: state.lookup, named });
            effects
        }
        Typed::Save(name) | Typed::View(name) if check_name(&name).is_err() => {
            fail(state, say::views_error(lang, &ViewsError::BadName(name)))
        }
        Typed::Save(name) => {
            let Some(path) = state.views_file.clone() else { return vec![] };
            state.palette = None;
            vec![Effect::SaveView { path, view: crate::saved_view::capture(&name, &state.list) }]
        }
        Typed::View(name) => {
            let Some(path) = state.views_file.clone() else { return vec![] };
            state.palette = None;
            vec![Effect::OpenView { path, name }]
        }
    }
}

pub(super) fn on_found(state: &mut State, request: u64, named: &str, result: Result<String, NotFound>) -> Vec<Effect> {
    // A newer look-up, or a modal opened meanwhile, wins.
    if request != state.lookup || state.modal.is_some() || state.bulk.is_some() {
        return vec![];
    }
    let lang = state.session.lang;
    match result {
        Ok(id) => {
            state.toast = None;
            open_order(state, id)
        }
        Err(NotFound::None) => toast(state, say::not_found(lang, named), true),
        Err(NotFound::Several(n)) => toast(state, say::several(lang, n, named), true),
        Err(NotFound::Unreadable(detail)) => toast(state, say::lookup_failed(lang, &detail), true),
    }
}

pub(super) fn on_views_listed(state: &mut State, result: Result<Vec<String>, ViewsError>) -> Vec<Effect> {
    let lang = state.session.lang;
    let Some(palette) = state.palette.as_mut() else { return vec![] };
    match result {
        Ok(names) => palette.views = names,
        Err(e) => palette.error = Some(say::views_error(lang, &e)),
    }
    state.dirty = true;
    vec![]
}

pub(super) fn on_view_saved(state: &mut State, name: &str, result: Result<bool, ViewsError>) -> Vec<Effect> {
    let lang = state.session.lang;
    let text = match (&result, &state.views_file) {
        (Ok(replaced), Some(path)) => say::view_saved(lang, name, *replaced, path),
        (Ok(_), None) => return vec![],
        (Err(e), _) => say::views_error(lang, e),
    };
    toast(state, text, result.is_err())
}

pub(super) fn on_view_opened(state: &mut State, result: Result<SavedView, ViewsError>) -> Vec<Effect> {
    let lang = state.session.lang;
    match result {
        Ok(view) => match crate::saved_view::query(&view) {
            Ok(query) => {
                let mut effects = show_view(state, query);
                effects.extend(toast(state, say::view_opened(lang, &view.name), false));
                effects
            }
            Err(bad) => toast(state, bad.sentence(lang), true),
        },
        Err(e) => toast(state, say::views_error(lang, &e), true),
    }
}

/// Shows the Order List with `query` as its filter, sort and search.
pub fn show_view(state: &mut State, query: crate::saved_view::ViewQuery) -> Vec<Effect> {
    if state.modal.is_some() || state.bulk.is_some() {
        return vec![];
    }
    crate::saved_view::apply(&mut state.list, query);
    state.screen = Screen::List;
    state.details = None;
    state.dirty = true;
    restart_list(state, Duration::ZERO)
}
