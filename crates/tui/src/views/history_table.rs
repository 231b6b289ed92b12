//! The Transaction history section of Order Details: newest first, one line per operation
//! (time, operation, amount, result, operator, idempotency key), a refund followed by its
//! reason. Columns are as wide as their widest value; the key takes what is left, elided in
//! its middle, and so does the operator when even that is too little.

use super::cells::{heading, reason_label};
use super::elide;
use crate::domain::time::format_time_seconds_in;
use crate::domain::{HistoryEntry, HistoryResult, Order};
use crate::i18n::{Msg, history_label, t};
use crate::state::State;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Below this the time loses its year (`11-18 18:06:40`) so the key stays readable.
const FULL_TIME_FROM: usize = 110;
/// The key column is never narrower than this; the operator gives way first.
const MIN_KEY: usize = 12;

struct Texts {
    time: String,
    operation: String,
    amount: String,
    result: String,
    operator: String,
    key: String,
}

pub fn lines(state: &State, order: &Order, width: usize, lines: &mut Vec<Line<'static>>) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let title = format!("{} ({})", t(lang, Msg::History), order.history.len());
    lines.push(heading(state, &title, width));
    let header = Texts {
        time: t(lang, Msg::HistTime).into(),
        operation: t(lang, Msg::HistOperation).into(),
        amount: t(lang, Msg::HistAmount).into(),
        result: t(lang, Msg::HistResult).into(),
        operator: t(lang, Msg::HistOperator).into(),
        key: t(lang, Msg::HistKey).into(),
    };
    let rows: Vec<(&HistoryEntry, Texts)> =
        order.history.iter().rev().map(|h| (h, texts(state, order, h, width))).collect();
    let widest =
        |f: fn(&Texts) -> &str| rows.iter().map(|(_, r)| f(r).width()).chain([f(&header).width()]).max().unwrap_or(0);
    let fixed = [widest(|r| &r.time), widest(|r| &r.operation), widest(|r| &r.amount), widest(|r| &r.result)];
    let used = fixed.iter().sum::<usize>() + 5;
    let operator = widest(|r| &r.operator).min(width.saturating_sub(used + MIN_KEY));
    let key = width.saturating_sub(used + operator);
    let line = |r: &Texts| {
        format!(
            "{} {} {} {} {} {}",
            elide::end_padded(&r.time, fixed[0]),
            elide::end_padded(&r.operation, fixed[1]),
            elide::end_right(&r.amount, fixed[2]),
            elide::end_padded(&r.result, fixed[3]),
            elide::middle_padded(&r.operator, operator),
            elide::middle(&r.key, key),
        )
    };
    lines.push(Line::from(Span::styled(line(&header), theme.header())));
    for (entry, row) in &rows {
        let style = match entry.result {
            HistoryResult::Succeeded => theme.ok(),
            HistoryResult::Pending => theme.urgent(),
            HistoryResult::Failed => theme.error(),
        };
        let text = line(row);
        // The result in its colour, the rest plain.
        let split = fixed[0] + fixed[1] + fixed[2] + 3;
        let (before, after) = split_at_width(&text, split);
        let (result, rest) = split_at_width(after, fixed[3]);
        lines.push(Line::from(vec![
            Span::raw(before.to_string()),
            Span::styled(result.to_string(), style),
            Span::raw(rest.to_string()),
        ]));
        if let Some(refund) = order.refund_of(entry) {
            let reason = format!("  ↳ {}: {}", t(lang, Msg::ReasonLabel), t(lang, reason_label(refund.reason())));
            lines.push(Line::from(Span::styled(elide::end(&reason, width), theme.muted())));
        }
    }
}

fn texts(state: &State, order: &Order, h: &HistoryEntry, width: usize) -> Texts {
    let lang = state.session.lang;
    let time = format_time_seconds_in(lang, h.at);
    let time = if width >= FULL_TIME_FROM { time } else { time.get(5..).unwrap_or_default().to_string() };
    Texts {
        time,
        operation: history_label(lang, h.kind).into(),
        amount: order.currency().format(h.amount),
        result: h.result.word(lang).into(),
        operator: h.operator.clone().unwrap_or_else(|| "—".into()),
        key: h.idempotency_key.clone().unwrap_or_else(|| "—".into()),
    }
}

/// `text` split after `width` columns.
fn split_at_width(text: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, ch) in text.char_indices() {
        if used >= width {
            return text.split_at(i);
        }
        used += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
    }
    (text, "")
}
