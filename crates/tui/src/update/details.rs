//! One order's details: scrolling, copying its id, reloading it, opening the actions modal.

use super::list::refresh_list;
use super::modal::open_modal;
use super::toast;
use crate::effect::Effect;
use crate::i18n::{Msg, t};
use crate::keymap::Command;
use crate::state::{Screen, State};

pub(super) fn reload_order(state: &mut State) -> Vec<Effect> {
    let request = state.next_id();
    let Some(d) = state.details.as_mut() else { return vec![] };
    d.request = request;
    vec![Effect::LoadOrder { request, id: d.id.clone() }]
}

pub(super) fn on_details(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Quit => return crate::quit::request(state),
        Command::Back if state.drift.opened_from_drift => return super::drift::back_from_details(state),
        Command::Back => {
            state.screen = Screen::List;
            state.details = None;
            // Amounts may have changed: read the window again, keeping the selection.
            return refresh_list(state);
        }
        Command::Up | Command::Down | Command::PageUp | Command::PageDown | Command::Top | Command::Bottom => {
            scroll(state, command);
        }
        Command::Refresh => return reload_order(state),
        Command::Copy => {
            let Some(id) = state.details.as_ref().map(|d| d.id.clone()) else { return vec![] };
            let text = format!("{}: {id}", t(state.session.lang, Msg::Copied));
            let mut effects = toast(state, text, false);
            effects.push(Effect::Copy(id));
            return effects;
        }
        Command::Actions => {
            open_modal(state);
            return super::drift::prefill_fix(state);
        }
        _ => {}
    }
    vec![]
}

/// Moves the document by a line, a page or to an end; never past its last line.
fn scroll(state: &mut State, command: Command) {
    let max = crate::views::order_details::max_scroll(state, state.size);
    let page = usize::from(state.size.1.saturating_sub(3)).max(1);
    let Some(d) = state.details.as_mut() else { return };
    let at = d.scroll.min(max);
    d.scroll = match command {
        Command::Up => at.saturating_sub(1),
        Command::Down => at + 1,
        Command::PageUp => at.saturating_sub(page),
        Command::PageDown => at + page,
        Command::Top => 0,
        _ => max,
    }
    .min(max);
}
