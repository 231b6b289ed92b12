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
        Command::Up => {
            if let Some(d) = state.details.as_mut() {
                d.scroll = d.scroll.saturating_sub(1);
            }
        }
        Command::Down => {
            if let Some(d) = state.details.as_mut() {
                let len = d.order.as_ref().map_or(0, |o| o.history.len());
                d.scroll = (d.scroll + 1).min(len.saturating_sub(1));
            }
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
