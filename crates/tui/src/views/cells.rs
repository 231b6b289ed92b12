//! Small pieces of text several views show the same way: deadlines, section headings, refund
//! reasons.

use super::elide;
use crate::domain::time::Countdown;
use crate::domain::{Deadline, RefundReason};
use crate::i18n::{Msg, t};
use crate::state::State;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

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

/// `── Title ─────` across the line.
pub fn heading(state: &State, title: &str, width: usize) -> Line<'static> {
    let title = elide::end(title, width.saturating_sub(4));
    let rule = "─".repeat(width.saturating_sub(title.width() + 4));
    Line::from(Span::styled(format!("── {title} {rule}"), state.session.theme.header()))
}

/// The words for a refund's reason.
pub fn reason_label(reason: RefundReason) -> Msg {
    match reason {
        RefundReason::RequestedByCustomer => Msg::ReasonCustomer,
        RefundReason::Fraudulent => Msg::ReasonFraud,
        RefundReason::Other => Msg::ReasonOther,
    }
}
