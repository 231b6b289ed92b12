//! `?`: every key of every screen, written from the same keymap that dispatches them (so
//! read-only mode lists no money-moving key).

use crate::i18n::{Msg, command_label, t};
use crate::keymap::{self, Context};
use crate::layout::centered;
use crate::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: usize) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let read_only = state.session.read_only;
    let mut sections =
        vec![(Msg::HelpList, Context::List), (Msg::HelpDetails, Context::Details), (Msg::HelpDrift, Context::Drift)];
    if !read_only {
        sections.push((Msg::HelpModal, Context::Modal));
        sections.push((Msg::HelpModal, Context::Confirm));
    }
    sections.push((Msg::HelpGlobal, Context::Global));
    let mut lines = Vec::new();
    let mut last_title = None;
    for (title, context) in sections {
        if last_title != Some(title) {
            if last_title.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::from(Span::styled(t(lang, title), theme.header())));
            last_title = Some(title);
        }
        for binding in keymap::bindings(context, read_only) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<8}", binding.shown), theme.key()),
                Span::raw(command_label(lang, binding.command)),
            ]));
        }
    }
    let rect = centered(area, 48, area.height.saturating_sub(2).max(10));
    crate::layout::clear_for_overlay(frame, rect);
    let block =
        Block::default().borders(Borders::ALL).title(Span::styled(format!(" {} ", t(lang, Msg::Help)), theme.title()));
    let visible = usize::from(rect.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(visible));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(shown).block(block), rect);
}
