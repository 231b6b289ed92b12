//! Bulk Payment Actions over the marked orders: the confirmation (action, the amount or
//! percentage typed, count, total by the rules, the orders left out with the rule's reason,
//! the first orders; focus on Cancel), then the progress of each order and the counts; and a
//! run cut off earlier, as found at start.

use crate::bulk_action::BulkAction;
use crate::bulk_run::{BulkRow, BulkRun, BulkStage, RowState};
use crate::i18n::bulk as say;
use crate::i18n::{Msg, t};
use crate::layout::{centered, clear_for_overlay};
use crate::state::State;
use crate::text::fit;
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use smartpay_i18n::Message;
use unicode_width::UnicodeWidthStr;

/// How many orders the box lists (the counts cover them all).
const SHOWN: usize = 8;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let Some(run) = &state.bulk else { return };
    let theme = state.session.theme;
    let lang = state.session.lang;
    let rect = centered(area, 76, 20);
    clear_for_overlay(frame, rect);
    let title = match run.stage {
        BulkStage::Recovered { .. } => say::recovered_title(lang, &run.run_id),
        // Named only once the orders are read: what the box offers is ready then.
        BulkStage::Reading => format!(" {} ", say::reading(lang)),
        _ => format!(" {} · {} ", say::BulkMsg::Title.text(lang), run.rows.len()),
    };
    let block = Block::default().borders(Borders::ALL).title(Span::styled(title, theme.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    match run.stage {
        BulkStage::Reading => lines.push(Line::from(Span::styled(say::reading(lang), theme.muted()))),
        BulkStage::Confirm { .. } => confirm_lines(&mut lines, run, width, state),
        BulkStage::Running | BulkStage::Finished | BulkStage::Recovered { .. } => {
            if let Some(foreign) = &run.foreign {
                lines.push(Line::from(Span::styled(fit(&say::foreign_source(lang, foreign), width), theme.error())));
            }
            let rows: Vec<&BulkRow> = run.rows.iter().collect();
            row_lines(&mut lines, &rows, width, state);
            lines.push(Line::from(""));
            lines.push(Line::from(fit(&say::counts(lang, run.counts()), width)));
        }
    }
    lines.push(footer(run, state));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn confirm_lines(lines: &mut Vec<Line<'static>>, run: &BulkRun, width: usize, state: &State) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    lines.push(Line::from(format!("← {} →", run.action.label(lang))));
    if run.action.takes_input() {
        lines.push(Line::from(Span::styled(
            say::input_line(lang, run.action == BulkAction::CapturePercent, &run.input),
            theme.focused(),
        )));
    }
    if let Some(error) = &run.input_error {
        lines.push(Line::from(Span::styled(error.clone(), theme.error())));
    }
    let (allowed, left_out) = run.allowed();
    // Wrapped: the count of orders left out is as much a figure as the total.
    let summary = say::summary(lang, allowed, &run.total(lang), left_out);
    lines.extend(crate::wrap::wrap(&summary, width, 3).into_iter().map(Line::from));
    lines.push(Line::from(""));
    // The orders left out first (each with the rule's reason), then the first to be sent.
    let mut rows: Vec<&BulkRow> = run.rows.iter().filter(|r| r.plan.is_err()).collect();
    rows.extend(run.rows.iter().filter(|r| r.plan.is_ok()));
    row_lines(lines, &rows, width, state);
}

fn row_lines(lines: &mut Vec<Line<'static>>, rows: &[&BulkRow], width: usize, state: &State) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    for row in rows.iter().take(SHOWN) {
        let (word, style) = match (&row.state, &row.plan, state.bulk.as_ref().map(|r| r.stage)) {
            (RowState::Pending, plan, Some(BulkStage::Confirm { .. })) => match plan {
                Ok(amount) => (row.currency.format(*amount), theme.key()),
                Err(why) => (RowState::LeftOut(why.clone()).word(lang, row.currency), theme.muted()),
            },
            (state_now, _, _) => (state_now.word(lang, row.currency), style_of(state_now, theme)),
        };
        let id = format!("{}  ", fit(&row.id, 34));
        let room = width.saturating_sub(id.width());
        if word.width() <= room {
            lines.push(Line::from(vec![Span::raw(id), Span::styled(word, style)]));
        } else {
            // A reason longer than the room left gets its own lines (two at most, then `…`),
            // so it is read whole.
            lines.push(Line::from(id.trim_end().to_string()));
            for part in crate::wrap::wrap(&word, width.saturating_sub(2), 2) {
                lines.push(Line::from(Span::styled(format!("  {part}"), style)));
            }
        }
    }
    if rows.len() > SHOWN {
        lines.push(Line::from(Span::styled(say::more(lang, rows.len() - SHOWN), theme.muted())));
    }
}

fn style_of(state: &RowState, theme: Theme) -> Style {
    match state {
        RowState::Done(_) => theme.ok(),
        RowState::Refused(_) => theme.error(),
        RowState::Unknown(_) | RowState::Sending => theme.urgent(),
        RowState::Pending | RowState::NotSent | RowState::LeftOut(_) => theme.muted(),
    }
}

fn footer(run: &BulkRun, state: &State) -> Line<'static> {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let button = |label: &str, focused: bool| {
        let style = if focused { theme.focused() } else { theme.key() };
        Span::styled(format!("[ {label} ]"), style)
    };
    let question = |text: String, on_confirm: bool| {
        Line::from(vec![
            Span::raw(text),
            button(t(lang, Msg::Cancel), !on_confirm),
            Span::raw(" "),
            button(t(lang, Msg::Confirm), on_confirm),
        ])
    };
    match run.stage {
        BulkStage::Reading => Line::from(""),
        BulkStage::Confirm { on_confirm } => question(say::question(lang).into(), on_confirm),
        BulkStage::Running => Line::from(Span::styled(say::running(lang), theme.muted())),
        BulkStage::Finished => Line::from(Span::styled(say::finished(lang), theme.muted())),
        BulkStage::Recovered { asking: Some(on_confirm) } => {
            let (send, replay) = run.to_resume();
            question(say::resume_question(lang, send, replay), on_confirm)
        }
        BulkStage::Recovered { asking: None } => {
            let (send, replay) = run.to_resume();
            let resumable = run.foreign.is_none() && send + replay > 0 && !state.session.read_only;
            Line::from(Span::styled(say::recovered_hint(lang, resumable), theme.muted()))
        }
    }
}
