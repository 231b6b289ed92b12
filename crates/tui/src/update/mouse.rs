//! The mouse, when the operator turned it on (`--mouse`, `console.mouse`): a click selects an
//! Order List row, a second click on it within [`DOUBLE_CLICK_MS`] opens it, the wheel scrolls
//! the list, the details and the help. Over the palette, a modal or the bulk view it does
//! nothing (their keys say what happens).

use super::list::{ensure_window, follow_selection, open_selected};
use super::{details, on_help};
use crate::domain::Millis;
use crate::effect::Effect;
use crate::focus::context;
use crate::keymap::{Command, Context};
use crate::layout;
use crate::state::State;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

/// Two clicks on one row closer than this are a double-click.
pub const DOUBLE_CLICK_MS: Millis = 500;
/// Rows one wheel notch scrolls.
const WHEEL_ROWS: usize = 3;

pub(super) fn on_mouse(state: &mut State, event: MouseEvent, at: Millis) -> Vec<Effect> {
    if !state.mouse {
        return vec![];
    }
    let ctx = context(state);
    let wheel = match event.kind {
        MouseEventKind::ScrollUp => Some(Command::Up),
        MouseEventKind::ScrollDown => Some(Command::Down),
        _ => None,
    };
    match (ctx, wheel) {
        (Context::List, Some(command)) => {
            let mut effects = Vec::new();
            for _ in 0..WHEEL_ROWS {
                effects.extend(super::list::on_list(state, command));
            }
            state.dirty = true;
            effects
        }
        (Context::Details, Some(command)) => {
            for _ in 0..WHEEL_ROWS {
                details::on_details(state, command);
            }
            state.dirty = true;
            vec![]
        }
        (Context::Help, Some(command)) => {
            state.dirty = true;
            on_help(state, command)
        }
        (Context::List, None) if event.kind == MouseEventKind::Down(MouseButton::Left) => {
            click_row(state, event.row, at)
        }
        _ => vec![],
    }
}

/// The list row under line `y` of the terminal, if any: the title and the header take the
/// first two lines, a toast the bottom ones.
pub fn row_at(state: &State, y: u16) -> Option<usize> {
    let strip = layout::toast_strip_of(state);
    let visible = usize::from(state.size.1.saturating_sub(1 + strip + 2));
    let line = usize::from(y.checked_sub(2)?);
    let list = &state.list;
    let index = layout::first_visible(list.top, list.selected, visible) + line;
    (line < visible && index < list.matching).then_some(index)
}

fn click_row(state: &mut State, y: u16, at: Millis) -> Vec<Effect> {
    let Some(index) = row_at(state, y) else { return vec![] };
    let double = state.last_click.is_some_and(|(row, when)| row == index && (at - when).abs() <= DOUBLE_CLICK_MS);
    state.list.selected = index;
    state.dirty = true;
    if double {
        state.last_click = None;
        return open_selected(state);
    }
    state.last_click = Some((index, at));
    follow_selection(state);
    ensure_window(state)
}
