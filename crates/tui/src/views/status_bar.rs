//! The bottom line. What it keeps, in this order, when the terminal is narrow: the mode badge
//! (LIVE in red for a live key, READ-ONLY), the operations pending (a payment on its way, a
//! bulk run, operations online mode is resolving), `? help`, then the key hints of the current
//! screen (from the keymap, like `?`; only keys that work now). Hints go first, then the sync
//! state, then the source's name and the operator.

use crate::backend::SourceKind;
use crate::bulk_run::BulkStage;
use crate::focus::context;
use crate::i18n::{Msg, command_label, t};
use crate::keymap::{self, Binding, Command, Context};
use crate::state::{Stage, State};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// One piece of the bar; lower `keep` goes first when the bar is too narrow.
struct Piece {
    spans: Vec<Span<'static>>,
    keep: u8,
}

impl Piece {
    fn width(&self) -> usize {
        self.spans.iter().map(|s| s.content.width()).sum()
    }
}

fn piece(keep: u8, spans: Vec<Span<'static>>) -> Piece {
    Piece { spans, keep }
}

/// Priorities, highest kept longest.
const MODE: u8 = 9;
const PENDING: u8 = 8;
const HELP: u8 = 7;
const SYNC: u8 = 4;
const WHO: u8 = 3;
const SOURCE: u8 = 2;
const HINT: u8 = 1;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let line = Line::from(spans(state, usize::from(area.width)));
    frame.render_widget(Paragraph::new(line), area);
}

/// The bar's spans for `width` columns, the least important pieces left out first.
fn spans(state: &State, width: usize) -> Vec<Span<'static>> {
    let mut pieces = pieces(state);
    let mut used: usize = pieces.iter().map(Piece::width).sum();
    // The last piece of the lowest priority goes first (the last hint before the first).
    while used > width {
        let Some(lowest) = pieces.iter().map(|p| p.keep).min() else { break };
        let Some(at) = pieces.iter().rposition(|p| p.keep == lowest) else { break };
        used -= pieces.remove(at).width();
    }
    pieces.into_iter().flat_map(|p| p.spans).collect()
}

fn pieces(state: &State) -> Vec<Piece> {
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
    let mut mode = vec![Span::styled(format!(" {badge} "), theme.badge())];
    if state.sync.as_ref().is_some_and(|sync| sync.live) {
        mode.push(Span::raw(" "));
        mode.push(Span::styled(format!(" {} ", t(s.lang, Msg::BadgeLive)), theme.live_badge()));
    }
    if s.read_only {
        mode.push(Span::raw(" "));
        mode.push(Span::styled(format!(" {} ", t(s.lang, Msg::ReadOnly)), theme.badge()));
    }
    let mut pieces = vec![piece(MODE, mode)];
    if let Some(pending) = pending(state) {
        pieces.push(piece(PENDING, vec![Span::styled(format!(" {pending} "), theme.urgent())]));
    }
    if let Some(sync) = &state.sync {
        let style = if sync.reachable { theme.muted() } else { theme.urgent() };
        pieces.push(piece(SYNC, vec![Span::styled(format!(" {} ", sync.label_in(s.lang, state.now)), style)]));
    }
    if !state.source_label.is_empty() {
        pieces.push(piece(SOURCE, vec![Span::styled(format!(" {}", state.source_label), theme.muted())]));
    }
    pieces.push(piece(WHO, vec![Span::styled(format!(" {} ", s.operator), theme.muted())]));
    let ctx = context(state);
    let help_works = help_works(ctx);
    if help_works {
        pieces.push(hint(HELP, theme, s.lang, "?", Command::Help));
    }
    for binding in hints(state, ctx) {
        pieces.push(hint(HINT, theme, s.lang, binding.shown, binding.command));
    }
    pieces
}

fn hint(keep: u8, theme: Theme, lang: crate::config::Lang, key: &'static str, command: Command) -> Piece {
    piece(
        keep,
        vec![
            Span::styled(format!(" {key}"), theme.key()),
            Span::styled(format!(" {}", command_label(lang, command)), Style::default()),
        ],
    )
}

/// Whether `?` opens the help where the keyboard is (not while typing, nor in the help).
fn help_works(ctx: Context) -> bool {
    !matches!(ctx, Context::Filter | Context::Palette | Context::Help | Context::Hidden)
}

/// The hints of the screen that has the keyboard: only keys that do something now (while a
/// payment is on its way, none; in a bulk run, what its stage allows).
fn hints(state: &State, ctx: Context) -> impl Iterator<Item = &'static Binding> {
    keymap::hints(ctx, state.session.read_only)
        .filter(move |b| b.command != Command::Help && crate::available::works_now(state, b.context, b.command))
}

/// Operations on their way: a payment request, a bulk run, journal entries being resolved.
fn pending(state: &State) -> Option<String> {
    let lang = state.session.lang;
    let sending = t(lang, Msg::SendingShort);
    if state.modal.as_ref().is_some_and(|m| matches!(m.stage, Stage::InFlight { .. })) {
        return Some(format!("{sending} 1"));
    }
    if let Some(run) = state.bulk.as_ref().filter(|run| run.stage == BulkStage::Running) {
        let left = run.rows.iter().filter(|r| r.state == crate::bulk_run::RowState::Pending).count();
        return Some(format!("{sending} {left}"));
    }
    let unresolved = state.sync.as_ref().map_or(0, |s| s.pending_operations);
    (unresolved > 0).then(|| crate::i18n_sentences::unresolved(lang, unresolved))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::sync::SyncStatus;
    use crate::state::Session;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Color;

    fn bar(live: bool) -> (String, Option<Color>) {
        let mut state = online_read_only();
        state.session.read_only = false;
        state.sync = Some(SyncStatus { reachable: true, live, ..SyncStatus::default() });
        let mut terminal = Terminal::new(TestBackend::new(100, 1)).expect("terminal");
        terminal.draw(|frame| draw(frame, frame.area(), &state)).expect("draw");
        let buffer = terminal.backend().buffer().clone();
        let text = crate::testing::buffer_text(&buffer);
        let live_at = text.find("LIVE").and_then(|x| u16::try_from(text[..x].chars().count()).ok());
        (text, live_at.map(|x| buffer[(x, 0)].bg))
    }

    fn text_at(state: &State, width: usize) -> String {
        spans(state, width).iter().map(|s| s.content.to_string()).collect()
    }

    fn online_read_only() -> State {
        let session = Session {
            read_only: true,
            operator: "colleague".into(),
            source: SourceKind::Online,
            ..Session::for_tests()
        };
        let mut state = State::new(session, 0, (80, 24));
        state.source_label = "api.smartpay.co".into();
        state.sync = Some(SyncStatus {
            reachable: true,
            live: true,
            last_synced_at: Some(0),
            pending_operations: 2,
            ..SyncStatus::default()
        });
        state
    }

    #[test]
    fn at_80_columns_mode_pending_and_help_stay_and_hints_go_first() {
        let state = online_read_only();
        let text = text_at(&state, 80);
        assert!(text.width() <= 80, "{text}");
        let (mode, pending, help) = (text.find("ONLINE"), text.find("2 pending"), text.find("? help"));
        assert!(mode.is_some() && mode < pending && pending < help, "in order: {text}");
        assert!(text.contains("READ-ONLY") && text.contains("LIVE"), "{text}");
        let wide = text_at(&state, 200);
        assert!(wide.contains("Enter open") && wide.contains("colleague"), "{wide}");
        let narrow = text_at(&state, 50);
        assert!(narrow.contains("2 pending") && narrow.contains("? help"), "{narrow}");
        assert!(!narrow.contains("Enter open"), "hints dropped first: {narrow}");
        let tiny = text_at(&state, 40);
        assert!(tiny.contains("2 pending") && !tiny.contains("? help"), "help goes before the pending: {tiny}");
        assert!(text_at(&state, 200).find("? help") < text_at(&state, 200).find("Enter open"), "help before the hints");
    }

    #[test]
    fn hints_show_only_keys_that_work_now() {
        let mut state = online_read_only();
        assert!(!text_at(&state, 300).contains(" a actions"), "read-only: no actions hint");
        state.session.read_only = false;
        state.screen = crate::state::Screen::Details;
        assert!(text_at(&state, 300).contains("a actions"));
        state.modal = Some(crate::state::ActionsModal {
            order_id: "o".into(),
            kind: crate::state::ActionKind::Capture,
            focus: crate::state::Field::Action,
            amount: tui_input::Input::default(),
            pristine: true,
            reason: crate::domain::RefundReason::RequestedByCustomer,
            stage: crate::state::Stage::InFlight { operation: crate::domain::Operation::Void },
            error: None,
        });
        let sending = text_at(&state, 300);
        assert!(sending.contains("sending 1") && sending.contains("? help"), "{sending}");
        for dead in ["Enter", "Esc", " y ", "←→"] {
            assert!(!sending.contains(dead), "{dead} does nothing while sending: {sending}");
        }
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
