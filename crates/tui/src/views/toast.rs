//! The toast: the outcome of an operation (or a failure), in its own strip at the bottom right
//! of the body, until it times out. The screen is drawn above the strip (see `views::draw`), so
//! the toast never covers the row it is about; the help and the modals are drawn over it.

use crate::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

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
    let (width, _) = crate::layout::toast_box(strip.width, toast.text.width());
    let rect = Rect { x: strip.x + strip.width.saturating_sub(width + 1), y: strip.y, width, height: strip.height };
    let style = if toast.error { theme.error() } else { theme.ok() };
    crate::layout::clear_for_overlay(frame, rect);
    let widget = Paragraph::new(Span::styled(toast.text.clone(), style))
        .wrap(Wrap { trim: true })
        .block(Block::default().borders(Borders::ALL).border_style(style));
    frame.render_widget(widget, rect);
}
