//! The Payment Actions modal: the three actions (a disabled one says why), the amount field
//! checked as it is typed, the refund reason and split, then the confirmation.

use super::cells::reason_label;
use super::elide;
use crate::domain::rules::{self, Availability};
use crate::domain::{Currency, Operation, Order, Plan};
use crate::form;
use crate::i18n::{Msg, t};
use crate::layout::centered;
use crate::state::{ActionKind, ActionsModal, Field, Stage, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

const LABEL: usize = 9;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let (Some(modal), Some(order)) = (&state.modal, state.order()) else { return };
    let lang = state.session.lang;
    let theme = state.session.theme;
    let rect = centered(area, 72, 17);
    crate::layout::clear_for_overlay(frame, rect);
    let head = format!(" {} · ", t(lang, Msg::PaymentActions));
    let room = usize::from(rect.width).saturating_sub(head.width() + 3);
    let title = format!("{head}{} ", elide::middle(&order.id, room));
    let block = Block::default().borders(Borders::ALL).title(Span::styled(title, theme.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut cursor = None;
    let lines = match &modal.stage {
        Stage::Form => form_lines(state, modal, order, inner, &mut cursor),
        Stage::Confirm { operation, on_confirm } => confirm_lines(state, order, operation, Some(*on_confirm), inner),
        Stage::InFlight { operation } => confirm_lines(state, order, operation, None, inner),
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if let Some(position) = cursor {
        frame.set_cursor_position(position);
    }
}

fn verb(kind: ActionKind) -> Msg {
    match kind {
        ActionKind::Capture => Msg::Capture,
        ActionKind::Refund => Msg::Refund,
        ActionKind::Void => Msg::Void,
    }
}

fn label(text: &str) -> Span<'static> {
    Span::raw(crate::text::fit(text, LABEL))
}

fn form_lines<'a>(
    state: &State,
    modal: &ActionsModal,
    order: &Order,
    inner: Rect,
    cursor: &mut Option<(u16, u16)>,
) -> Vec<Line<'a>> {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let c = order.currency();
    let availability = rules::availability(order, state.now);
    let mut lines = action_lines(state, modal, &availability, c);
    lines.push(Line::raw(""));
    let focused = |f: Field| if modal.focus == f { theme.focused() } else { Style::new() };
    if modal.kind.has_amount() {
        let width = usize::from(inner.width).saturating_sub(LABEL + 4).min(24);
        let scroll = modal.amount.visual_scroll(width);
        let shown: String = modal.amount.value().chars().skip(scroll).collect();
        let value_style = if modal.pristine && modal.focus == Field::Amount { theme.focused() } else { theme.key() };
        lines.push(Line::from(vec![
            Span::styled(crate::text::fit(t(lang, Msg::AmountLabel), LABEL), focused(Field::Amount)),
            Span::raw(format!("{} [", c.symbol)),
            Span::styled(crate::text::fit(&shown, width), value_style),
            Span::raw("]"),
        ]));
        if modal.focus == Field::Amount {
            let x = inner.x
                + u16::try_from(
                    LABEL + c.symbol.chars().count() + 2 + modal.amount.visual_cursor().saturating_sub(scroll),
                )
                .unwrap_or(0);
            let y = inner.y + u16::try_from(lines.len() - 1).unwrap_or(0);
            if x < inner.x + inner.width && y < inner.y + inner.height {
                *cursor = Some((x, y));
            }
        }
    }
    if modal.kind == ActionKind::Refund {
        lines.push(Line::from(vec![
            Span::styled(crate::text::fit(t(lang, Msg::ReasonLabel), LABEL), focused(Field::Reason)),
            Span::raw("< "),
            Span::raw(t(lang, reason_label(modal.reason))),
            Span::raw(" >"),
        ]));
    }
    // Each sentence once: a refusal the backend gave is often what the form now says too
    // (a colleague changed the order first), and then only the backend's fuller one shows.
    let check = form::check(modal, order, state.now).map_err(|problem| problem.text(state.session.lang));
    let said_by_error = |sentence: &str| modal.error.as_deref().is_some_and(|e| e.contains(sentence));
    match check {
        Ok((_, plan)) => lines.push(plan_line(state, &plan, c, usize::from(inner.width))),
        Err(sentence) if said_by_error(&sentence) => {}
        Err(sentence) => lines.push(Line::from(Span::styled(sentence, theme.error()))),
    }
    if let Some(error) = &modal.error {
        lines.push(Line::from(Span::styled(error.clone(), theme.error())));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(" Enter ", theme.key()),
        Span::raw(t(lang, Msg::Review)),
        Span::styled("  Tab ", theme.key()),
        Span::raw(crate::i18n::command_label(lang, crate::keymap::Command::NextField)),
        Span::styled("  Esc ", theme.key()),
        Span::raw(t(lang, Msg::Cancel)),
    ]));
    lines
}

/// The three actions, each with its maximum or why it is not available.
fn action_lines<'a>(state: &State, modal: &ActionsModal, availability: &Availability, c: Currency) -> Vec<Line<'a>> {
    let lang = state.session.lang;
    let theme = state.session.theme;
    ActionKind::ALL
        .into_iter()
        .map(|kind| {
            let selected = kind == modal.kind;
            let marker = if selected { "> " } else { "  " };
            let name = crate::text::fit(t(lang, verb(kind)), 10);
            let (detail, style) = match form::limit(kind, availability) {
                Ok(max) => (format!("≤ {}", c.format(*max)), Style::new()),
                Err(refusal) => (crate::i18n::refusal_short(lang, refusal).to_string(), theme.disabled()),
            };
            let name_style = if selected && modal.focus == Field::Action {
                theme.focused()
            } else if selected {
                theme.title()
            } else {
                style
            };
            Line::from(vec![
                Span::raw(marker),
                Span::styled(name, name_style),
                Span::raw(" "),
                Span::styled(detail, style),
            ])
        })
        .collect()
}

/// The plan in one line of `width` columns: a refund's split names each payment (its id
/// middle-elided when the parts do not fit whole).
fn plan_line<'a>(state: &State, plan: &Plan, c: Currency, width: usize) -> Line<'a> {
    let lang = state.session.lang;
    let theme = state.session.theme;
    match plan {
        Plan::Refund { parts, .. } => {
            let share = width.saturating_sub(LABEL + 3 * parts.len()) / parts.len().max(1);
            let split: Vec<String> = parts
                .iter()
                .map(|p| {
                    let amount = c.format(p.amount);
                    let id = elide::middle(&p.payment_id, share.saturating_sub(amount.width() + 1).max(12));
                    format!("{id} {amount}")
                })
                .collect();
            Line::from(vec![label(t(lang, Msg::Split)), Span::styled(split.join(" + "), theme.ok())])
        }
        Plan::Void { released } => Line::from(vec![
            label(""),
            Span::styled(format!("{} {}", t(lang, Msg::Releases), c.format(*released)), theme.ok()),
        ]),
        Plan::Capture { amount } => {
            Line::from(vec![label(""), Span::styled(format!("✓ {}", c.format(*amount)), theme.ok())])
        }
    }
}

/// What is left once the plan is carried out: still capturable after a capture or a void,
/// still refundable after a refund (the domain's figures for the order as it would be).
fn left_after<'a>(state: &State, order: &Order, plan: &Plan, c: Currency) -> Line<'a> {
    let after = rules::summary_after(order, plan, state.now);
    let (msg, left) = match plan {
        Plan::Refund { .. } => (Msg::RefundableAfter, after.refundable),
        Plan::Capture { .. } | Plan::Void { .. } => (Msg::CapturableAfter, Some(after.capturable)),
    };
    let lang = state.session.lang;
    let left = left.map_or_else(|| t(lang, Msg::Unknown).to_string(), |v| c.format(v));
    Line::from(vec![Span::raw(format!("{}: ", t(lang, msg))), Span::styled(left, state.session.theme.title())])
}

/// The confirmation restates verb, amount with currency and order id; focus starts on Cancel.
/// `focus` is `None` while the request is in flight (nothing can be pressed).
fn confirm_lines<'a>(
    state: &State,
    order: &Order,
    operation: &Operation,
    focus: Option<bool>,
    inner: Rect,
) -> Vec<Line<'a>> {
    let width = usize::from(inner.width);
    let lang = state.session.lang;
    let theme = state.session.theme;
    let c = order.currency();
    let (kind, amount, reason) = match operation {
        Operation::Capture { amount } => (ActionKind::Capture, *amount, None),
        Operation::Refund { amount, reason } => (ActionKind::Refund, *amount, Some(*reason)),
        Operation::Void => (ActionKind::Void, rules::max_void(order, state.now).unwrap_or(0), None),
    };
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::styled(t(lang, verb(kind)).to_string(), theme.title()),
            Span::raw(" "),
            Span::styled(format!("{} ({})", c.format(amount), c.code), theme.title()),
        ]),
        Line::from(vec![
            label(t(lang, Msg::Order)),
            Span::styled(elide::middle(&order.id, width.saturating_sub(LABEL)), theme.key()),
        ]),
        Line::from(vec![
            label(t(lang, Msg::CustomerPlain)),
            Span::raw(elide::end(&order.customer.full_name(), width.saturating_sub(LABEL))),
        ]),
    ];
    if let Some(reason) = reason {
        lines.push(Line::from(vec![label(t(lang, Msg::ReasonLabel)), Span::raw(t(lang, reason_label(reason)))]));
    }
    if let Ok(plan) = rules::validate(order, operation, state.now) {
        lines.push(plan_line(state, &plan, c, width));
        lines.push(left_after(state, order, &plan, c));
    }
    lines.push(Line::raw(""));
    match focus {
        Some(on_confirm) => {
            lines.push(Line::from(t(lang, Msg::ConfirmQuestion)));
            let button = |msg: Msg, focused: bool| {
                let style = if focused { theme.focused() } else { Style::new() };
                Span::styled(format!("[ {} ]", t(lang, msg)), style)
            };
            lines.push(Line::from(vec![
                button(Msg::Cancel, !on_confirm),
                Span::raw("  "),
                button(Msg::Confirm, on_confirm),
            ]));
        }
        None => lines.push(Line::from(Span::styled(t(lang, Msg::Sending), theme.urgent()))),
    }
    lines
}
