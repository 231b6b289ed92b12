//! Bulk Payment Actions over the marked orders: the confirmation (action, count, total, the
//! first orders; focus on Cancel), then the progress of each order and the counts.

use crate::bulk_run::{BulkRun, BulkStage, RowState};
use crate::config::Lang;
use crate::i18n::{Msg, t};
use crate::layout::{centered, clear_for_overlay};
use crate::state::State;
use crate::text::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use smartpay_i18n::Message;

/// How many orders the box lists (the counts cover them all).
const SHOWN: usize = 8;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let Some(run) = &state.bulk else { return };
    let theme = state.session.theme;
    let lang = state.session.lang;
    let rect = centered(area, 76, 18);
    clear_for_overlay(frame, rect);
    let title = format!(" {} ", Msg::BulkTitle.fill(lang, &[("count", &run.rows.len())]));
    let block = Block::default().borders(Borders::ALL).title(Span::styled(title, theme.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = vec![
        Line::from(Msg::BulkActionLine.fill(lang, &[("action", &run.action.label(lang))])),
        Line::from(Msg::BulkTotal.fill(lang, &[("count", &run.rows.len()), ("total", &run.total(lang))])),
        Line::from(""),
    ];
    let width = usize::from(inner.width);
    for row in run.rows.iter().take(SHOWN) {
        let (word, style) = match &row.state {
            RowState::Pending => (t(lang, Msg::BulkPending).to_string(), theme.muted()),
            RowState::Done(moved) => {
                (Msg::BulkDone.fill(lang, &[("amount", &row.currency.format(*moved))]), theme.ok())
            }
            RowState::Refused(why) => (Msg::BulkRefused.fill(lang, &[("why", why)]), theme.error()),
            RowState::Unknown(why) => (Msg::BulkUnknown.fill(lang, &[("why", why)]), theme.urgent()),
            RowState::NotSent => (t(lang, Msg::BulkNotSent).to_string(), theme.muted()),
        };
        let id = fit(&row.id, 34);
        lines.push(Line::from(vec![
            Span::raw(format!("{id}  ")),
            Span::styled(fit(&word, width.saturating_sub(36)), style),
        ]));
    }
    if run.rows.len() > SHOWN {
        let more = Msg::BulkMore.fill(lang, &[("count", &(run.rows.len() - SHOWN))]);
        lines.push(Line::from(Span::styled(more, theme.muted())));
    }
    lines.push(Line::from(""));
    lines.push(counts_line(run, lang));
    lines.push(match run.stage {
        BulkStage::Confirm { on_confirm } => {
            let button = |label: &str, focused: bool| {
                let style = if focused { theme.focused() } else { theme.key() };
                Span::styled(format!("[ {label} ]"), style)
            };
            Line::from(vec![
                Span::raw(t(lang, Msg::BulkAsk)),
                button(t(lang, Msg::Cancel), !on_confirm),
                Span::raw(" "),
                button(t(lang, Msg::Confirm), on_confirm),
            ])
        }
        BulkStage::Running => Line::from(Span::styled(t(lang, Msg::BulkRunning), theme.muted())),
        BulkStage::Finished => Line::from(Span::styled(t(lang, Msg::BulkFinished), theme.muted())),
    });
    frame.render_widget(Paragraph::new(lines), inner);
}

fn counts_line(run: &BulkRun, lang: Lang) -> Line<'static> {
    let [pending, done, refused, unknown, not_sent] = run.counts();
    Line::from(Msg::BulkCounts.fill(
        lang,
        &[
            ("pending", &pending),
            ("done", &done),
            ("refused", &refused),
            ("unknown", &unknown),
            ("not_sent", &not_sent),
        ],
    ))
}
