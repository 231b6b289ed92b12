//! Order Details: the amounts, the order and customer panels, line items and the scrollable
//! Transaction history (newest first, so an operation just done is always in view).

use super::cells::deadline;
use crate::domain::time::{format_time_in, format_time_seconds_in};
use crate::domain::{HistoryResult, Order};
use crate::i18n::{Msg, history_label, mode_label, status_label, t};
use crate::state::State;
use crate::text::fit;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let Some(details) = &state.details else { return };
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let heading = Line::from(vec![
        Span::styled(format!(" {} ", t(lang, Msg::Order)), theme.title()),
        Span::styled(details.id.clone(), theme.key()),
    ]);
    frame.render_widget(Paragraph::new(heading), title);
    let Some(order) = &details.order else {
        let text = match &details.error {
            Some(e) => Span::styled(e.clone(), theme.error()),
            None => Span::styled(t(lang, Msg::Loading), theme.muted()),
        };
        frame.render_widget(Paragraph::new(Line::from(text)).alignment(Alignment::Center), body);
        return;
    };
    let items = order.line_items.len().clamp(1, if body.height >= 30 { 6 } else { 3 });
    let [panels, lines, history] = Layout::vertical([
        Constraint::Length(8),
        Constraint::Length(u16::try_from(items).unwrap_or(3) + 2),
        Constraint::Min(3),
    ])
    .areas(body);
    let [amounts, info, customer] =
        Layout::horizontal([Constraint::Length(25), Constraint::Length(27), Constraint::Min(20)]).areas(panels);
    draw_amounts(frame, amounts, state, order);
    draw_info(frame, info, state, order);
    draw_customer(frame, customer, state, order);
    draw_line_items(frame, lines, state, order);
    draw_history(frame, history, state, order, details.scroll);
}

fn block(state: &State, msg: Msg) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {} ", t(state.session.lang, msg)), state.session.theme.header()))
}

/// `label` padded to `width` columns, then the value.
fn field<'a>(label: &str, width: usize, value: impl Into<Span<'a>>) -> Line<'a> {
    Line::from(vec![Span::raw(fit(label, width)), Span::raw(" "), value.into()])
}

fn draw_amounts(frame: &mut Frame, area: Rect, state: &State, order: &Order) {
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
    let inner = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = rows
        .iter()
        .map(|(msg, v)| {
            let label = t(lang, *msg);
            let value = v.map_or_else(|| t(lang, Msg::Unknown).to_string(), |v| c.format(v));
            let pad = inner.saturating_sub(label.width() + value.width());
            Line::from(format!("{label}{}{value}", " ".repeat(pad)))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block(state, Msg::Amounts)), area);
}

fn draw_info(frame: &mut Frame, area: Rect, state: &State, order: &Order) {
    let lang = state.session.lang;
    let status = order.effective_status(state.now);
    let countdown = deadline(state, order.deadline(state.now), false);
    let countdown = if countdown.content.is_empty() {
        Span::raw(order.expires_at.map(|at| format_time_in(lang, at)).unwrap_or_else(|| "—".into()))
    } else {
        countdown
    };
    let w = 8;
    let mut lines = vec![
        field(t(lang, Msg::Status), w, status_label(lang, &status, false)),
        field(t(lang, Msg::Mode), w, mode_label(lang, order.capture_method, false)),
        field(t(lang, Msg::Deadline), w, countdown),
        field(t(lang, Msg::Reference), w, order.reference.clone()),
        field(t(lang, Msg::Created), w, format_time_in(lang, order.created_at).trim_end_matches(" JST").to_string()),
    ];
    let shipment = &order.shipment;
    if !shipment.tracking_number.is_empty() || !shipment.carrier.is_empty() {
        let tracking = format!("{} {}", shipment.carrier, shipment.tracking_number);
        lines.push(field(t(lang, Msg::Tracking), w, tracking.trim().to_string()));
    }
    frame.render_widget(Paragraph::new(lines).block(block(state, Msg::Order)), area);
}

fn draw_customer(frame: &mut Frame, area: Rect, state: &State, order: &Order) {
    let cust = &order.customer;
    let mut lines = vec![
        Line::from(Span::styled(cust.full_name(), state.session.theme.title())),
        Line::from(cust.full_kana()),
        Line::from(cust.email.clone()),
    ];
    if let Some(address) = &cust.address {
        lines.extend(address.display_lines().into_iter().map(Line::from));
    }
    frame.render_widget(Paragraph::new(lines).block(block(state, Msg::Customer)), area);
}

fn draw_line_items(frame: &mut Frame, area: Rect, state: &State, order: &Order) {
    let c = order.currency();
    let inner = usize::from(area.width.saturating_sub(2));
    let gap_label = t(state.session.lang, Msg::Unexplained);
    let rows = crate::domain::line_items::display_rows(&order.line_items, order.amount(), c, gap_label);
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|(name, figure)| {
            let name = fit(&name, inner.saturating_sub(figure.width() + 1));
            Line::from(format!("{name} {figure}"))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block(state, Msg::LineItems)), area);
}

fn draw_history(frame: &mut Frame, area: Rect, state: &State, order: &Order, scroll: usize) {
    let wide = crate::layout::is_wide(area.width);
    let lang = state.session.lang;
    let theme = state.session.theme;
    let c = order.currency();
    let header = Row::new(vec![
        Cell::from(t(lang, Msg::HistTime)),
        Cell::from(t(lang, Msg::HistOperation)),
        Cell::from(Line::from(t(lang, Msg::HistAmount)).alignment(Alignment::Right)),
        Cell::from(t(lang, Msg::HistResult)),
        Cell::from(t(lang, Msg::HistOperator)),
        Cell::from(t(lang, Msg::HistKey)),
    ])
    .style(theme.header());
    let visible = usize::from(area.height.saturating_sub(3));
    let rows: Vec<Row> = order
        .history
        .iter()
        .rev()
        .skip(scroll)
        .take(visible)
        .map(|h| {
            let result_style = match h.result {
                HistoryResult::Succeeded => theme.ok(),
                HistoryResult::Pending => theme.urgent(),
                HistoryResult::Failed => theme.error(),
            };
            Row::new(vec![
                Cell::from(if wide {
                    format_time_seconds_in(lang, h.at)
                } else {
                    // 80 columns: the year goes so the idempotency key stays readable.
                    format_time_seconds_in(lang, h.at).get(5..).unwrap_or_default().to_string()
                }),
                Cell::from(history_label(lang, h.kind)),
                Cell::from(Line::from(c.format(h.amount)).alignment(Alignment::Right)),
                Cell::from(Span::styled(h.result.word(lang), result_style)),
                Cell::from(h.operator.clone().unwrap_or_else(|| "—".into())),
                Cell::from(h.idempotency_key.clone().unwrap_or_else(|| "—".into())),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(if wide { 19 } else { 14 }),
        Constraint::Length(13),
        Constraint::Length(if wide { 11 } else { 10 }),
        Constraint::Length(9),
        Constraint::Length(if wide { 10 } else { 8 }),
        Constraint::Min(6),
    ];
    let count = order.history.len();
    let title = format!(" {} ({count}) ", t(lang, Msg::History));
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .block(Block::default().borders(Borders::ALL).title(Span::styled(title, theme.header())));
    frame.render_widget(table, area);
}
