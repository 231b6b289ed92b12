//! "A payment request is still in flight; quit anyway?", over everything else.

use crate::tui::i18n::{Msg, t};
use crate::tui::layout::{centered, clear_for_overlay};
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let rect = centered(area, 80, 6);
    clear_for_overlay(frame, rect);
    let block = Block::default().borders(Borders::ALL).border_style(theme.urgent());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = vec![
        Line::from(Span::styled(t(lang, Msg::QuitInFlight), theme.urgent())),
        Line::raw(""),
        Line::from(vec![
            Span::styled(format!("[ {} ]", t(lang, Msg::QuitAnyway)), theme.key()),
            Span::raw("  "),
            Span::styled(format!("[ {} ]", t(lang, Msg::Stay)), theme.focused()),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
