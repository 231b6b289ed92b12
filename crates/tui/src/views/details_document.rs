//! The Order Details document: every section of one order as lines of one width, which the
//! screen scrolls. Amounts, status, deadline and customer come first, so an 80x24 terminal
//! shows them without scrolling; then the customer, line items, payments and the history.
//! Every figure comes from the domain (`Order::summary`, `Payment::refundable`, …).

use super::cells::{deadline, heading, reason_label};
use super::elide;
use super::history_table;
use crate::backend::SourceKind;
use crate::domain::time::format_time_in;
use crate::domain::{Deadline, Order};
use crate::i18n::{Msg, mode_label, status_label, t};
use crate::state::State;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The Amounts column's width; below [`THREE_COLUMNS`] the Order column takes the rest.
const AMOUNTS: usize = 24;
const GAP: usize = 2;
/// The labels of the Order column (`Deadline `).
const LABEL: usize = 9;

/// From this width the customer stands beside the amounts and the order, not under them.
const THREE_COLUMNS: usize = 110;
/// The Order column's width when the customer stands beside it.
const ORDER: usize = 48;

/// The whole document at `width` columns.
pub fn lines(state: &State, order: &Order, width: usize) -> Vec<Line<'static>> {
    let lang = state.session.lang;
    let amounts = with_heading(state, t(lang, Msg::Amounts), AMOUNTS, amounts(state, order));
    let mut lines = if width >= THREE_COLUMNS {
        let rest = width - AMOUNTS - ORDER - 2 * GAP;
        let info = with_heading(state, t(lang, Msg::Order), ORDER, info(state, order, ORDER));
        side_by_side(&[(amounts, AMOUNTS), (info, ORDER), (customer(state, order, rest), rest)])
    } else {
        let right = width.saturating_sub(AMOUNTS + GAP);
        let info = with_heading(state, t(lang, Msg::Order), right, info(state, order, right));
        let mut lines = side_by_side(&[(amounts, AMOUNTS), (info, right)]);
        lines.extend(customer(state, order, width));
        lines
    };
    line_items(state, order, width, &mut lines);
    payments(state, order, width, &mut lines);
    history_table::lines(state, order, width, &mut lines);
    lines
}

fn with_heading(state: &State, title: &str, width: usize, lines: Vec<Line<'static>>) -> Vec<Line<'static>> {
    std::iter::once(heading(state, title, width)).chain(lines).collect()
}

/// Columns of lines next to each other, each padded to its width, a gap between them.
fn side_by_side(columns: &[(Vec<Line<'static>>, usize)]) -> Vec<Line<'static>> {
    let rows = columns.iter().map(|(lines, _)| lines.len()).max().unwrap_or(0);
    (0..rows)
        .map(|i| {
            let mut spans = Vec::new();
            for (n, (lines, width)) in columns.iter().enumerate() {
                let line = lines.get(i).cloned().unwrap_or_default();
                let pad = if n + 1 < columns.len() { (width + GAP).saturating_sub(line.width()) } else { 0 };
                spans.extend(line.spans);
                spans.push(Span::raw(" ".repeat(pad)));
            }
            Line::from(spans)
        })
        .collect()
}

fn amounts(state: &State, order: &Order) -> Vec<Line<'static>> {
    let lang = state.session.lang;
    let c = order.currency();
    let s = order.summary(state.now);
    let rows = [
        (Msg::OrderAmount, Some(order.amount())),
        (Msg::Captured, Some(s.captured)),
        (Msg::Refunded, s.refunded),
        (Msg::Canceled, Some(s.canceled)),
        (Msg::Capturable, Some(s.capturable)),
        (Msg::Refundable, s.refundable),
    ];
    rows.iter()
        .map(|(msg, v)| {
            let value = v.map_or_else(|| t(lang, Msg::Unknown).to_string(), |v| c.format(v));
            let label = elide::end(t(lang, *msg), AMOUNTS.saturating_sub(value.width() + 1));
            let pad = AMOUNTS.saturating_sub(label.width() + value.width());
            Line::from(format!("{label}{}{value}", " ".repeat(pad)))
        })
        .collect()
}

/// `label` padded, then the value end-elided to what is left of `width`.
fn field(label: &str, value: Span<'static>, width: usize) -> Line<'static> {
    let room = width.saturating_sub(LABEL);
    let shown = elide::end(&value.content, room);
    Line::from(vec![Span::raw(elide::end_padded(label, LABEL)), Span::styled(shown, value.style)])
}

fn info(state: &State, order: &Order, width: usize) -> Vec<Line<'static>> {
    let lang = state.session.lang;
    let status = order.effective_status(state.now);
    let room = width.saturating_sub(LABEL);
    let mut lines = vec![
        field(t(lang, Msg::Status), Span::raw(status_label(lang, &status, false)), width),
        field(t(lang, Msg::Mode), Span::raw(mode_label(lang, order.capture_method, false)), width),
        deadline_line(state, order, width),
        Line::from(vec![
            Span::raw(elide::end_padded(t(lang, Msg::Reference), LABEL)),
            Span::raw(elide::middle(&order.reference, room)),
        ]),
        field(t(lang, Msg::Created), Span::raw(format_time_in(lang, order.created_at)), width),
    ];
    let shipment = &order.shipment;
    if !shipment.tracking_number.is_empty() || !shipment.carrier.is_empty() {
        let tracking = format!("{} {}", shipment.carrier, shipment.tracking_number).trim().to_string();
        lines.push(field(t(lang, Msg::Tracking), Span::raw(tracking), width));
    }
    lines
}

/// The countdown (or "expired") and the absolute deadline in JST.
fn deadline_line(state: &State, order: &Order, width: usize) -> Line<'static> {
    let lang = state.session.lang;
    let at = order.expires_at.map(|at| format_time_in(lang, at));
    let countdown = match order.deadline(state.now) {
        Deadline::None => None,
        counting => Some(deadline(state, counting, false)),
    };
    let mut spans = vec![Span::raw(elide::end_padded(t(lang, Msg::Deadline), LABEL))];
    let room = width.saturating_sub(LABEL);
    match (countdown, at) {
        (Some(countdown), Some(at)) if countdown.width() + 3 + at.width() <= room => {
            spans.push(countdown);
            spans.push(Span::raw(format!(" · {at}")));
        }
        (Some(countdown), _) => spans.push(countdown),
        (None, Some(at)) => spans.push(Span::raw(elide::end(&at, room))),
        (None, None) => spans.push(Span::raw("—")),
    }
    Line::from(spans)
}

/// The customer under its heading, each value on its own line at `width` columns.
fn customer(state: &State, order: &Order, width: usize) -> Vec<Line<'static>> {
    let lang = state.session.lang;
    let mut lines = Vec::new();
    let title = if state.session.source == SourceKind::Online {
        format!("{} · {}", t(lang, Msg::CustomerPlain), t(lang, Msg::AsGivenAtCheckout))
    } else {
        t(lang, Msg::CustomerPlain).to_string()
    };
    lines.push(heading(state, &title, width));
    let cust = &order.customer;
    let name = cust.full_name();
    let kana = cust.full_kana();
    let both = format!("{name}  {kana}");
    if both.width() <= width {
        lines.push(Line::from(vec![Span::styled(name, state.session.theme.title()), Span::raw(format!("  {kana}"))]));
    } else {
        lines.push(Line::from(Span::styled(elide::end(&name, width), state.session.theme.title())));
        lines.push(Line::from(elide::end(&kana, width)));
    }
    for value in [&cust.email, &cust.phone] {
        if !value.is_empty() {
            lines.push(Line::from(elide::end(value, width)));
        }
    }
    if let Some(address) = &cust.address {
        lines.extend(address.display_lines().iter().map(|l| Line::from(elide::end(l, width))));
    }
    lines
}

fn line_items(state: &State, order: &Order, width: usize, lines: &mut Vec<Line<'static>>) {
    let lang = state.session.lang;
    lines.push(heading(state, t(lang, Msg::LineItems), width));
    let c = order.currency();
    let rows = crate::domain::line_items::display_rows(&order.line_items, order.amount(), c, t(lang, Msg::Unexplained));
    for (name, figure) in rows {
        let name = elide::end_padded(&name, width.saturating_sub(figure.width() + 1));
        lines.push(Line::from(format!("{name} {figure}")));
    }
}

/// Each capture: its id, amount and time, what is refunded and refundable of it, then its
/// refunds with their reasons.
fn payments(state: &State, order: &Order, width: usize, lines: &mut Vec<Line<'static>>) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let c = order.currency();
    lines.push(heading(state, &format!("{} ({})", t(lang, Msg::Payments), order.payments().len()), width));
    if order.payments().is_empty() {
        lines.push(Line::from(Span::styled(t(lang, Msg::NoPayments), theme.muted())));
    }
    for payment in order.payments() {
        let rest = format!("  {}  {}", c.format(payment.amount()), format_time_in(lang, payment.created_at()));
        let id = elide::middle(payment.id(), width.saturating_sub(rest.width()));
        lines.push(Line::from(vec![Span::styled(id, theme.key()), Span::raw(rest)]));
        let figures = format!(
            "  {} {} · {} {}",
            t(lang, Msg::Refunded),
            c.format(payment.refunded()),
            t(lang, Msg::Refundable),
            c.format(payment.refundable())
        );
        lines.push(Line::from(elide::end(&figures, width)));
        for refund in payment.refunds() {
            let head = format!("  ↳ {} ", t(lang, Msg::Refund));
            let rest = format!(
                "  {}  {}  {}",
                c.format(refund.amount()),
                format_time_in(lang, refund.created_at()),
                t(lang, reason_label(refund.reason()))
            );
            let id = elide::middle(refund.id(), width.saturating_sub(head.width() + rest.width()).max(8));
            let line = format!("{head}{id}{rest}");
            lines.push(Line::from(elide::end(&line, width)));
        }
    }
}
