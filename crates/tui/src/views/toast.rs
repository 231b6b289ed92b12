//! The toast: the outcome of an operation (or a failure), in its own lines at the bottom of the
//! body, the width of the screen, until it times out. The screen is drawn above them (see
//! `views::draw`), so the toast never covers a row of it; the help and the modals are drawn
//! over it. No border: a one-line outcome takes one line, not three.

use crate::layout::{TOAST_MARK, toast_lines};
use crate::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The lines the toast takes at the bottom of the body (0 without a toast).
pub fn strip(state: &State) -> u16 {
    crate::layout::toast_strip_of(state)
}

/// Draws the toast in `strip` (the bottom lines of the body).
pub fn draw(frame: &mut Frame, strip: Rect, state: &State) {
    let Some(toast) = &state.toast else { return };
    if strip.height == 0 {
        return;
    }
    let theme = state.session.theme;
    let style = if toast.error { theme.error() } else { theme.ok() };
    let indent = " ".repeat(TOAST_MARK.chars().count());
    let lines: Vec<Line> = toast_lines(strip.width, &toast.text)
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let lead = if i == 0 { TOAST_MARK.to_string() } else { indent.clone() };
            Line::from(vec![Span::styled(lead, style), Span::styled(text, style)])
        })
        .collect();
    crate::layout::clear_for_overlay(frame, strip);
    frame.render_widget(Paragraph::new(lines), strip);
}
