//! Below the minimum size the console says so instead of drawing a broken layout, and that
//! keys do nothing until the terminal is larger (counting those pressed meanwhile).

use crate::tui::i18n::{Msg, t};
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.session.lang;
    let mut lines = vec![
        Line::from(t(lang, Msg::TooSmall)).style(state.session.theme.error()),
        Line::from(format!("{}x{}", area.width, area.height)),
        Line::from(format!("{} {MIN_WIDTH}x{MIN_HEIGHT}", t(lang, Msg::Needs))),
        Line::from(t(lang, Msg::KeysOff)),
    ];
    if state.ignored_keys > 0 {
        lines.push(Line::from(format!("{}: {}", t(lang, Msg::KeysIgnored), state.ignored_keys)));
    }
    let top = area.height.saturating_sub(3) / 2;
    let rect = Rect { y: area.y + top, height: area.height - top, ..area };
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center).wrap(Wrap { trim: true }), rect);
}
