//! `?`: every key of every screen, from [`crate::help`] (the keymap), opened at the current
//! screen's section; its title says where you are ("12–30 of 54") and its bottom edge that it
//! scrolls.

use crate::help::{HelpLine, lines};
use crate::i18n::{Msg, command_label, t};
use crate::i18n_sentences::help_position;
use crate::layout::{centered, help_box};
use crate::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: usize) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let all = lines(state.session.read_only);
    let (width, height) = help_box(state.size);
    let rect = centered(area, width, height);
    crate::layout::clear_for_overlay(frame, rect);
    let visible = usize::from(rect.height.saturating_sub(2));
    let scroll = scroll.min(all.len().saturating_sub(visible));
    let last = (scroll + visible).min(all.len());
    let mut block =
        Block::default().borders(Borders::ALL).title(Span::styled(format!(" {} ", t(lang, Msg::Help)), theme.title()));
    if all.len() > visible {
        let position = help_position(lang, scroll + 1, last, all.len());
        block =
            block.title(Line::from(Span::styled(format!(" {position} "), theme.muted())).right_aligned()).title_bottom(
                Line::from(Span::styled(format!(" {} ", t(lang, Msg::HelpScrolls)), theme.muted())).right_aligned(),
            );
    }
    let shown: Vec<Line> = all[scroll..last]
        .iter()
        .map(|line| match line {
            HelpLine::Title(msg) => Line::from(Span::styled(t(lang, *msg), theme.header())),
            HelpLine::Blank => Line::raw(""),
            HelpLine::Key(binding) => Line::from(vec![
                Span::styled(format!("  {:<8}", binding.shown), theme.key()),
                Span::raw(command_label(lang, binding.command)),
            ]),
        })
        .collect();
    frame.render_widget(Paragraph::new(shown).block(block), rect);
}
