//! Small pieces of text several views show the same way: ids, deadlines, amounts.

use crate::domain::time::Countdown;
use crate::domain::{CaptureMethod, Millis, OrderStatus};
use crate::tui::i18n::{Msg, t};
use crate::tui::state::State;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

/// The end of an id when the whole does not fit: ids share their prefix, the tail tells them
/// apart.
pub fn id_tail(id: &str, width: usize) -> String {
    if id.width() <= width || width == 0 {
        return id.to_string();
    }
    let tail: String = id.chars().rev().take(width - 1).collect::<Vec<_>>().into_iter().rev().collect();
    format!("…{tail}")
}

/// The 7-day deadline of an order that still had an uncaptured remainder, as a countdown:
/// highlighted under a day, "expired" after. Empty when there is no deadline to watch.
pub fn deadline<'a>(
    state: &State,
    status: &OrderStatus,
    method: CaptureMethod,
    expires_at: Option<Millis>,
    open_remainder: bool,
) -> Span<'a> {
    let theme = state.session.theme;
    let Some(at) = expires_at else { return Span::raw("") };
    let watched = method == CaptureMethod::Manual
        && open_remainder
        && !matches!(status, OrderStatus::RequiresAuthorization | OrderStatus::Rejected);
    if !watched {
        return Span::raw("");
    }
    match Countdown::until(at, state.now) {
        Countdown::Open(s) => Span::raw(s),
        Countdown::Urgent(s) => Span::styled(s, theme.urgent()),
        Countdown::Expired => Span::styled(t(state.session.lang, Msg::Expired), theme.expired()),
    }
}
