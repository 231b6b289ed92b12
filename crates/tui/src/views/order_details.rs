//! Order Details: one scrollable screen (no tabs). The title line names the order and, when
//! the document is taller than the screen, which lines are in view; under it the document of
//! [`details_document`], scrolled, never past its end.

use super::details_document;
use super::elide;
use crate::i18n::{Msg, t};
use crate::state::State;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let Some(details) = &state.details else { return };
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let Some(order) = &details.order else {
        draw_title(frame, title, state, &details.id, None);
        let text = match &details.error {
            Some(e) => Span::styled(e.clone(), theme.error()),
            None => Span::styled(t(lang, Msg::Loading), theme.muted()),
        };
        frame.render_widget(Paragraph::new(Line::from(text)).alignment(Alignment::Center), body);
        return;
    };
    let lines = details_document::lines(state, order, usize::from(body.width));
    let visible = usize::from(body.height);
    // Scrolled to its end, the document stays at its end when a toast takes lines under it:
    // the newest history rows are what the toast is about.
    let toast = usize::from(crate::layout::toast_strip_of(state));
    let end = lines.len().saturating_sub(visible);
    let top = if toast > 0 && details.scroll + toast >= end { end } else { details.scroll.min(end) };
    let position = (lines.len() > visible).then(|| (top + 1, (top + visible).min(lines.len()), lines.len()));
    draw_title(frame, title, state, &details.id, position);
    let shown: Vec<Line> = lines.into_iter().skip(top).take(visible).collect();
    frame.render_widget(Paragraph::new(shown), body);
}

/// ` Order <id>`, and at the right `↑↓ 1–22/40` when the document scrolls.
fn draw_title(frame: &mut Frame, area: Rect, state: &State, id: &str, position: Option<(usize, usize, usize)>) {
    let theme = state.session.theme;
    let label = format!(" {} ", t(state.session.lang, Msg::Order));
    let place = position.map(|(from, to, of)| format!(" ↑↓ {from}–{to}/{of} ")).unwrap_or_default();
    let room = usize::from(area.width).saturating_sub(label.width() + place.width());
    let id = elide::middle(id, room);
    let pad = room.saturating_sub(id.width());
    let line = Line::from(vec![
        Span::styled(label, theme.title()),
        Span::styled(id, theme.key()),
        Span::raw(" ".repeat(pad)),
        Span::styled(place, theme.muted()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The furthest the document can scroll on a terminal of `size` (its last line at the
/// bottom), so scrolling never runs past the end.
pub fn max_scroll(state: &State, size: (u16, u16)) -> usize {
    let Some(order) = state.order() else { return 0 };
    // The status bar and the title take a line each, the toast and the findings panel (if any)
    // their own.
    let body = size.1.saturating_sub(1);
    let body = body.saturating_sub(state.toast.as_ref().map_or(0, |t| crate::layout::toast_strip(size, &t.text)));
    let visible = usize::from(body.saturating_sub(super::drift::panel_height(state, size.0, body) + 1));
    details_document::lines(state, order, usize::from(size.0)).len().saturating_sub(visible)
}
