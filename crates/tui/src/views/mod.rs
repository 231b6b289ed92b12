//! Drawing: pure functions of `&State` into a frame. Nothing here does I/O or reads the clock.

pub mod actions_modal;
pub mod bulk_view;
pub mod cells;
pub mod details_document;
pub mod drift;
pub mod elide;
pub mod help;
pub mod history_table;
pub mod list_columns;
pub mod order_details;
pub mod order_list;
pub mod palette;
pub mod quit_question;
pub mod status_bar;
pub mod toast;
pub mod too_small;

use super::layout;
use super::state::{Screen, State};
use ratatui::Frame;
use ratatui::layout::Rect;

/// Draws the whole screen for `state`.
pub fn draw(frame: &mut Frame, state: &State) {
    let area = frame.area();
    if layout::too_small(area) {
        too_small::draw(frame, area, state);
        return;
    }
    let (body, bar) = layout::split_status_bar(area);
    // The toast has its own strip under the screen: it never covers a row of it.
    let strip = toast::strip(state).min(body.height);
    let screen = Rect { height: body.height - strip, ..body };
    match state.screen {
        Screen::List => order_list::draw(frame, screen, state),
        Screen::Details => {
            let details = drift::finding_panel(frame, screen, state);
            order_details::draw(frame, details, state)
        }
        Screen::Drift => drift::draw(frame, screen, state),
    }
    // Under any modal and the help: a toast never hides the control that has the keyboard.
    toast::draw(frame, Rect { y: screen.bottom(), height: strip, ..body }, state);
    if state.modal.is_some() {
        actions_modal::draw(frame, body, state);
    }
    if state.bulk.is_some() {
        bulk_view::draw(frame, body, state);
    }
    if let Some(scroll) = state.help {
        help::draw(frame, body, state, scroll);
    }
    if state.palette.is_some() {
        palette::draw(frame, body, state);
    }
    if state.quit_question {
        quit_question::draw(frame, body, state);
    }
    status_bar::draw(frame, bar, state);
}
