//! Small pieces of text several views show the same way: ids, deadlines, amounts.

use crate::domain::Deadline;
use crate::domain::time::Countdown;
use crate::i18n::{Msg, t};
use crate::state::State;
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

/// The 7-day deadline as a countdown (highlighted under a day), "expired" once the window
/// closed with money uncaptured; empty when there is no deadline to watch. `narrow` drops the
/// Japanese 「残り」 for the list's column.
pub fn deadline<'a>(state: &State, deadline: Deadline, narrow: bool) -> Span<'a> {
    let theme = state.session.theme;
    let lang = state.session.lang;
    let text = |left: crate::domain::time::Left| if narrow { left.short(lang) } else { left.text(lang) };
    match deadline {
        Deadline::Counting(Countdown::Open(left)) => Span::raw(text(left)),
        Deadline::Counting(Countdown::Urgent(left)) => Span::styled(text(left), theme.urgent()),
        Deadline::Counting(Countdown::Expired) | Deadline::Expired => {
            Span::styled(t(state.session.lang, Msg::Expired), theme.expired())
        }
        Deadline::None => Span::raw(""),
    }
}
