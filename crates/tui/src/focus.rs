//! Where the keyboard is: the one answer the keymap, `update` and the status bar share.

use super::keymap::Context;
use super::layout;
use super::state::{Screen, Stage, State};

/// Where the keyboard is.
pub fn context(state: &State) -> Context {
    // Nothing acts unseen: while the screen cannot show the control that has the keyboard (the
    // "too small" screen), the keyboard is nowhere and only Ctrl-c works. Checked before every
    // screen and modal, so a new one is guarded too.
    if layout::hides_controls(state.size) {
        return Context::Hidden;
    }
    if state.help.is_some() {
        return Context::Help;
    }
    if state.palette.is_some() {
        return Context::Palette;
    }
    if state.bulk.is_some() {
        return Context::Bulk;
    }
    if let Some(modal) = &state.modal {
        return match modal.stage {
            Stage::Form => Context::Modal,
            Stage::Confirm { .. } => Context::Confirm,
            Stage::InFlight { .. } => Context::Sending,
        };
    }
    match state.screen {
        Screen::List if state.list.filtering => Context::Filter,
        Screen::List => Context::List,
        Screen::Details => Context::Details,
        Screen::Drift => Context::Drift,
    }
}
