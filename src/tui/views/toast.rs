//! The toast: the outcome of an operation (or a failure), bottom right, until it times out.

use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let Some(toast) = &state.toast else { return };
    let theme = state.session.theme;
    let max = area.width.saturating_sub(2);
    let text_width = u16::try_from(toast.text.width()).unwrap_or(u16::MAX);
    let width = text_width.saturating_add(4).min(max);
    let lines = text_width.div_ceil(width.saturating_sub(2).max(1)).clamp(1, 3);
    let height = lines + 2;
    if area.height < height + 1 || width < 10 {
        return;
    }
    let rect = Rect { x: area.x + area.width - width - 1, y: area.y + area.height - height, width, height };
    let style = if toast.error { theme.error() } else { theme.ok() };
    crate::tui::layout::clear_for_overlay(frame, rect);
    let widget = Paragraph::new(Span::styled(toast.text.clone(), style))
        .wrap(Wrap { trim: true })
        .block(Block::default().borders(Borders::ALL).border_style(style));
    frame.render_widget(widget, rect);
}
