//! The command palette: what is typed, then the matching actions with their keys (the chosen
//! one marked), and a sentence when Enter could not do what was typed.

use crate::i18n::{Msg, t};
use crate::state::State;
use crate::text::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let Some(palette) = &state.palette else { return };
    let lang = state.session.lang;
    let theme = state.session.theme;
    let entries = crate::palette::shown(state);
    let width = area.width.saturating_sub(4).min(72);
    let inner = usize::from(width.saturating_sub(2));
    let note = palette.error.clone().or_else(|| {
        (entries.is_empty() && !palette.input.value().trim().is_empty())
            .then(|| t(lang, Msg::PaletteNoMatch).to_string())
    });
    let note_lines = note.as_ref().map_or(0, |n| n.width().div_ceil(inner.max(1)).max(1));
    let room = usize::from(area.height.saturating_sub(4)).saturating_sub(note_lines);
    let rows = entries.len().min(room).min(12);
    let height = u16::try_from(rows + note_lines + 3).unwrap_or(u16::MAX).min(area.height);
    let rect = Rect { x: area.x + (area.width - width) / 2, y: area.y + 1.min(area.height - height), width, height };
    crate::layout::clear_for_overlay(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {} ", t(lang, Msg::PaletteTitle)), theme.title()));
    let mut lines =
        vec![Line::from(vec![Span::styled(": ", theme.key()), Span::raw(palette.input.value().to_string())])];
    // The chosen entry stays in sight as it moves down the list.
    let first = palette.selected.saturating_sub(rows.saturating_sub(1));
    for (i, entry) in entries.iter().enumerate().skip(first).take(rows) {
        let chosen = i == palette.selected;
        let key_width = entry.key.width().min(inner / 2);
        let label = fit(&entry.label, inner.saturating_sub(key_width + 3));
        let pad = inner.saturating_sub(2 + label.width() + key_width);
        let style = if chosen { theme.selected() } else { ratatui::style::Style::default() };
        lines.push(Line::from(vec![
            Span::styled(if chosen { "> " } else { "  " }, style),
            Span::styled(format!("{label}{}", " ".repeat(pad)), style),
            Span::styled(fit(&entry.key, key_width), theme.key()),
        ]));
    }
    let mut widget_lines = lines;
    if let Some(note) = note {
        widget_lines.push(Line::from(Span::styled(note, theme.error())));
    }
    frame.render_widget(Paragraph::new(widget_lines).wrap(Wrap { trim: false }).block(block), rect);
    // The cursor where typing goes.
    let cursor = u16::try_from(palette.input.visual_cursor()).unwrap_or(0);
    frame.set_cursor_position((rect.x + 3 + cursor.min(width.saturating_sub(5)), rect.y + 1));
}
