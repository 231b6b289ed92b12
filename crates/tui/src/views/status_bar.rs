//! The bottom line: the mode badge (and LIVE in red for a live key) and the source's name,
//! READ-ONLY when it applies, the operator, and the key hints of the current screen (from the
//! keymap, like `?`).

use crate::backend::SourceKind;
use crate::focus::context;
use crate::i18n::{Msg, command_label, t};
use crate::keymap;
use crate::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let s = &state.session;
    let theme = s.theme;
    let badge = t(
        s.lang,
        match s.source {
            SourceKind::Demo => Msg::BadgeDemo,
            SourceKind::Offline => Msg::BadgeOffline,
            SourceKind::Online => Msg::BadgeOnline,
        },
    );
    let mut spans = vec![Span::styled(format!(" {badge} "), theme.badge())];
    if state.sync.as_ref().is_some_and(|sync| sync.live) {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!(" {} ", t(s.lang, Msg::BadgeLive)), theme.live_badge()));
    }
    if !state.source_label.is_empty() {
        spans.push(Span::styled(format!(" {}", state.source_label), theme.muted()));
    }
    if s.read_only {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!(" {} ", t(s.lang, Msg::ReadOnly)), theme.badge()));
    }
    spans.push(Span::styled(format!(" {} ", s.operator), theme.muted()));
    if let Some(sync) = &state.sync {
        let style = if sync.reachable { theme.muted() } else { theme.urgent() };
        spans.push(Span::styled(format!(" {} ", sync.label_in(s.lang, state.now)), style));
    }
    let mut used: usize = spans.iter().map(|sp| sp.content.width()).sum();
    let room = usize::from(area.width);
    for binding in keymap::hints(context(state), s.read_only) {
        let key = format!(" {}", binding.shown);
        let label = format!(" {}", command_label(s.lang, binding.command));
        let w = key.width() + label.width();
        if used + w > room {
            break;
        }
        used += w;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(label));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::sync::SyncStatus;
    use crate::state::Session;
    use crate::theme::Theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Color;

    fn bar(live: bool) -> (String, Option<Color>) {
        let session = Session {
            lang: crate::config::Lang::En,
            theme: Theme::default(),
            read_only: false,
            operator: "op".into(),
            source: SourceKind::Online,
            keygen: || "k".into(),
        };
        let mut state = State::new(session, 0, (100, 24));
        state.sync = Some(SyncStatus { reachable: true, live, ..SyncStatus::default() });
        let mut terminal = Terminal::new(TestBackend::new(100, 1)).expect("terminal");
        terminal.draw(|frame| draw(frame, frame.area(), &state)).expect("draw");
        let buffer = terminal.backend().buffer().clone();
        let text = crate::testing::buffer_text(&buffer);
        let live_at = text.find("LIVE").and_then(|x| u16::try_from(text[..x].chars().count()).ok());
        (text, live_at.map(|x| buffer[(x, 0)].bg))
    }

    #[test]
    fn a_live_key_shows_a_red_live_badge_and_a_test_key_none() {
        let (text, background) = bar(true);
        assert!(text.starts_with(" ONLINE   LIVE "), "{text}");
        assert_eq!(background, Some(Color::Red), "white on red in the colour theme");
        let (text, _) = bar(false);
        assert!(!text.contains("LIVE"), "{text}");
    }
}
