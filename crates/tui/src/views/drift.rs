//! The Drift view (the last `reconcile` findings, highest severity first, with their age) and
//! the finding panel Order Details shows under an order that has one.

use crate::domain::Currency;
use crate::domain::reconcile::{Finding, FindingKind, Severity};
use crate::drift::{Freshness, Phase, freshness, panel_lines};
use crate::i18n::drift::{DriftMsg, count, found_ago, kind, reconciling, severity, t, truncated};
use crate::state::State;
use crate::text::{fit, printable, printable_lines};
use crate::wrap::wrap;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

const SEV: usize = 6;
const KIND: usize = 25;
const MONEY: usize = 11;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let drift = &state.drift;
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let mut head = vec![Span::styled(format!(" {} ", t(lang, DriftMsg::Title)), theme.title())];
    if let Some(saved) = &drift.saved {
        let shown = saved.findings.len();
        head.push(Span::raw(format!(
            " {} · {} · {}",
            count(lang, saved.header.total as usize),
            printable(&saved.header.shop),
            found_ago(lang, saved.header.found_at, state.now)
        )));
        if (shown as u64) < saved.header.total {
            head.push(Span::styled(format!(" ({})", truncated(lang, shown, saved.header.total)), theme.urgent()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(head)), title);
    let message = match (drift.phase, &drift.error, &drift.saved) {
        (Phase::Reconciling, _, _) => Some((reconciling(lang, &printable(&drift.shop)), theme.muted())),
        (Phase::Loading, _, None) => Some((t(lang, DriftMsg::Loading).to_string(), theme.muted())),
        (_, Some(error), _) => Some((printable_lines(error).into_owned(), theme.error())),
        (_, None, None) => Some((t(lang, DriftMsg::NoneSaved).to_string(), theme.muted())),
        (_, None, Some(saved)) if saved.findings.is_empty() => {
            Some((t(lang, DriftMsg::NoDifferences).to_string(), theme.ok()))
        }
        _ => None,
    };
    if let Some((text, style)) = message {
        let lines: Vec<Line> = text.lines().map(|l| Line::from(Span::styled(l.to_string(), style))).collect();
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        return;
    }
    // Rows the findings do not fill go to the panel, so a long fix reads whole where it can.
    let rows = u16::try_from(drift.findings().len()).unwrap_or(u16::MAX).saturating_add(1);
    let panel_height = panel_lines(state.size).max(body.height.saturating_sub(rows));
    let [table, panel] = Layout::vertical([Constraint::Min(1), Constraint::Length(panel_height)]).areas(body);
    draw_table(frame, table, state);
    if let Some(finding) = drift.selected_finding() {
        draw_selected(frame, panel, state, finding);
    }
}

fn draw_table(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let drift = &state.drift;
    let order_width = usize::from(area.width).saturating_sub(2 + SEV + KIND + 2 * MONEY + 4).max(8);
    let header = format!(
        "  {} {} {} {} {}",
        fit(t(lang, DriftMsg::ColSeverity), SEV),
        fit(t(lang, DriftMsg::ColKind), KIND),
        fit(t(lang, DriftMsg::ColOrder), order_width),
        right(t(lang, DriftMsg::ColShop)),
        right(t(lang, DriftMsg::ColSmartpay)),
    );
    let mut lines = vec![Line::from(Span::styled(header, theme.header()))];
    let rows = usize::from(area.height.saturating_sub(1));
    for (index, finding) in drift.findings().iter().enumerate().skip(drift.top).take(rows) {
        let (shop, smartpay) = figures(finding);
        let order = finding.order.as_deref().or(finding.reference.as_deref()).unwrap_or("—");
        let text = format!(
            "{}{} {} {} {:>MONEY$} {:>MONEY$}",
            if index == drift.selected { "> " } else { "  " },
            fit(severity(lang, finding.severity), SEV),
            fit(kind(lang, finding.kind), KIND),
            super::elide::middle_padded(&printable(order), order_width),
            shop,
            smartpay,
        );
        let style = if index == drift.selected { theme.selected() } else { severity_style(state, finding.severity) };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A money column's text, right-aligned by its display width (Japanese is two columns a
/// character).
fn right(text: &str) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{}{}", " ".repeat(MONEY.saturating_sub(used)), fit(text, MONEY.min(used.max(1))))
}

fn severity_style(state: &State, severity: Severity) -> Style {
    let theme = state.session.theme;
    match severity {
        Severity::High => theme.urgent(),
        Severity::Hint => theme.muted(),
        _ => Style::default(),
    }
}

/// The figure the kind is about, on each side (`—` where a side has none).
fn figures(finding: &Finding) -> (String, String) {
    use FindingKind::*;
    let currency = Currency::from_code_or_whole(&finding.currency);
    let shop = finding.shop.as_ref();
    let sp = finding.smartpay.as_ref();
    let (a, b) = match finding.kind {
        AmountMismatch | MissingInShop | MissingAtSmartpay => (shop.map(|s| s.amount), sp.map(|s| s.amount)),
        CapturedMismatch | CanceledButCaptured | ShippedButUncaptured | ExpiringUncaptured => {
            (shop.map(|s| s.captured), sp.map(|s| s.captured))
        }
        RefundedMismatch | PossibleDuplicateRefund | RefundOutsideConsole => {
            (shop.map(|s| s.refunded), sp.and_then(|s| s.refunded))
        }
        Stale => (None, None),
    };
    let show = |v: Option<i64>| v.map_or_else(|| "—".to_string(), |v| currency.format(v));
    (show(a), show(b))
}

/// Every figure of both sides, and the fix, as lines of `width` columns (wrapped).
fn detail_lines(state: &State, finding: &Finding, width: usize) -> Vec<Line<'static>> {
    detail_texts(state, finding)
        .into_iter()
        .flat_map(|(text, style)| wrap(&text, width, usize::MAX).into_iter().map(move |l| Line::styled(l, style)))
        .collect()
}

/// The finding's lines before wrapping: its title, each side's figures, the fix.
fn detail_texts(state: &State, finding: &Finding) -> Vec<(String, Style)> {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let currency = Currency::from_code_or_whole(&finding.currency);
    let money = |v: i64| currency.format(v);
    let mut title = format!("{} · {}", kind(lang, finding.kind), severity(lang, finding.severity));
    if let Some(order) = &finding.order {
        title += &format!(" · {}", printable(order));
    }
    if let Some(reference) = &finding.reference {
        title += &format!(" ({})", printable(reference));
    }
    let mut lines = vec![(title, theme.header())];
    if let Some(shop) = &finding.shop {
        let status = shop.status.map_or("", |s| s.as_str());
        let figures = labelled(lang, money(shop.amount), money(shop.captured), money(shop.refunded));
        lines.push((format!("{}: {figures} {status}", t(lang, DriftMsg::Shop)), Style::default()));
    }
    if let Some(sp) = &finding.smartpay {
        let refunded = sp.refunded.map_or_else(|| "?".to_string(), money);
        let figures = labelled(lang, money(sp.amount), money(sp.captured), refunded);
        let text = format!("{}: {figures} {}", t(lang, DriftMsg::Smartpay), printable(&sp.status));
        lines.push((text, Style::default()));
    }
    let fix = match &finding.fix.command {
        Some(command) => {
            format!("{}: {} — {}", t(lang, DriftMsg::Fix), printable(command), printable(finding.fix.text_in(lang)))
        }
        None => format!("{}: {}", t(lang, DriftMsg::Fix), printable(finding.fix.text_in(lang))),
    };
    lines.push((fix, theme.key()));
    lines
}

/// `lines` cut to `max` lines, the last ending in `…` when any were left out.
fn at_most(mut lines: Vec<Line<'static>>, width: usize, max: usize) -> Vec<Line<'static>> {
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            let style = last.spans.first().map_or(Style::default(), |s| s.style);
            // A line wider than `width - 1` loses its end for the mark.
            let marked = wrap(&format!("{text} …"), width, 1);
            *last = Line::styled(marked.concat(), style);
        }
    }
    lines
}

/// "Order ¥1,000 · Captured ¥1,000 · Refunded ¥0", in the catalog's words.
fn labelled(lang: crate::config::Lang, amount: String, captured: String, refunded: String) -> String {
    use crate::i18n::{Msg, t as word};
    format!(
        "{} {amount} · {} {captured} · {} {refunded}",
        word(lang, Msg::OrderAmount),
        word(lang, Msg::Captured),
        word(lang, Msg::Refunded)
    )
}

/// The selected finding under the table: wrapped, never cut without `…` (a fix longer than the
/// panel ends its last line with the mark).
fn draw_selected(frame: &mut Frame, area: Rect, state: &State, finding: &Finding) {
    let block = Block::default().borders(Borders::TOP);
    let width = usize::from(area.width);
    let lines = at_most(detail_lines(state, finding, width), width, usize::from(area.height.saturating_sub(1)));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// How many lines the findings panel takes under Order Details in a body `area` (0 without
/// findings for the order): its title, the findings' lines and its top border.
pub fn panel_height(state: &State, area_width: u16, area_height: u16) -> u16 {
    let (Some(details), Some(saved)) = (&state.details, &state.drift.saved) else { return 0 };
    let width = usize::from(area_width);
    let lines: usize = saved.for_order(&details.id).map(|finding| detail_lines(state, finding, width).len()).sum();
    if lines == 0 {
        return 0;
    }
    // The title and its note (the longest note decides, so the panel keeps its height while the
    // order is re-read), and the top border.
    let note = [DriftMsg::Checking, DriftMsg::Current, DriftMsg::Changed, DriftMsg::Unconfirmed]
        .into_iter()
        .map(|note| wrap(t(state.session.lang, note), width, usize::MAX).len())
        .max()
        .unwrap_or(1);
    (u16::try_from(lines + 1 + note).unwrap_or(u16::MAX).saturating_add(1)).min(area_height / 2).max(3)
}

/// Order Details of an order with findings: a panel under the details says what was found,
/// how long ago, and whether it still holds now that the order was read again. Returns the
/// area left for the details.
pub fn finding_panel(frame: &mut Frame, area: Rect, state: &State) -> Rect {
    let Some(details) = &state.details else { return area };
    let Some(saved) = &state.drift.saved else { return area };
    let findings: Vec<&Finding> = saved.for_order(&details.id).collect();
    if findings.is_empty() {
        return area;
    }
    let lang = state.session.lang;
    let theme = state.session.theme;
    let order = details.order.as_ref().filter(|o| o.id == details.id);
    let mut lines = Vec::new();
    let mut worst = Freshness::Current;
    let width = usize::from(area.width);
    for finding in &findings {
        lines.extend(detail_lines(state, finding, width));
        match freshness(finding, order, details.error.is_some(), state.now) {
            Freshness::Current => {}
            other if worst == Freshness::Current || other == Freshness::Changed => worst = other,
            _ => {}
        }
    }
    let (note, style) = match worst {
        Freshness::Checking => (DriftMsg::Checking, theme.muted()),
        Freshness::Current => (DriftMsg::Current, theme.ok()),
        Freshness::Changed => (DriftMsg::Changed, theme.urgent()),
        Freshness::Unconfirmed => (DriftMsg::Unconfirmed, theme.error()),
    };
    // The title, then the note wrapped under it (a sentence is never cut without `…`).
    let title = format!("{} · {}", t(lang, DriftMsg::Title), found_ago(lang, saved.header.found_at, state.now));
    let mut head = vec![Line::styled(title, theme.title())];
    head.extend(wrap(t(lang, note), width, usize::MAX).into_iter().map(|l| Line::styled(l, style)));
    lines.splice(0..0, head);
    let height = panel_height(state, area.width, area.height);
    let [details_area, panel] = Layout::vertical([Constraint::Min(1), Constraint::Length(height)]).areas(area);
    let lines = at_most(lines, width, usize::from(height.saturating_sub(1)));
    frame.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::TOP)), panel);
    details_area
}
