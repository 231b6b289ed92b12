//! Bulk Payment Actions over the marked orders: the confirmation (action, count, total, the
//! first orders; focus on Cancel), then the progress of each order and the counts.

use crate::bulk_run::{BulkRun, BulkStage, RowState};
use crate::layout::{centered, clear_for_overlay};
use crate::state::State;
use crate::text::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// How many orders the box lists (the counts cover them all).
const SHOWN: usize = 8;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let Some(run) = &state.bulk else { return };
    let theme = state.session.theme;
    let rect = centered(area, 76, 18);
    clear_for_overlay(frame, rect);
    let title = format!(" Bulk Payment Actions · {} orders ", run.rows.len());
    let block = Block::default().borders(Borders::ALL).title(Span::styled(title, theme.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = vec![
        Line::from(format!("Action: ← {} →", run.action.label())),
        Line::from(format!(
            "{} orders · total {} (as listed; each order is checked again)",
            run.rows.len(),
            run.total()
        )),
        Line::from(""),
    ];
    let width = usize::from(inner.width);
    for row in run.rows.iter().take(SHOWN) {
        let (word, style) = match &row.state {
            RowState::Pending => ("pending".to_string(), theme.muted()),
            RowState::Done(moved) => (format!("done {}", row.currency.format(*moved)), theme.ok()),
            RowState::Refused(why) => (format!("refused: {why}"), theme.error()),
            RowState::Unknown(why) => (format!("unknown: {why}"), theme.urgent()),
            RowState::NotSent => ("not sent".to_string(), theme.muted()),
        };
        let id = fit(&row.id, 34);
        lines.push(Line::from(vec![
            Span::raw(format!("{id}  ")),
            Span::styled(fit(&word, width.saturating_sub(36)), style),
        ]));
    }
    if run.rows.len() > SHOWN {
        lines.push(Line::from(Span::styled(format!("… and {} more", run.rows.len() - SHOWN), theme.muted())));
    }
    lines.push(Line::from(""));
    lines.push(counts_line(run));
    lines.push(match run.stage {
        BulkStage::Confirm { on_confirm } => {
            let button = |label: &str, focused: bool| {
                let style = if focused { theme.focused() } else { theme.key() };
                Span::styled(format!("[ {label} ]"), style)
            };
            Line::from(vec![
                Span::raw("Send each order under its own key? "),
                button("Cancel", !on_confirm),
                Span::raw(" "),
                button("Confirm", on_confirm),
            ])
        }
        BulkStage::Running => Line::from(Span::styled("Running… Esc stops before the next order.", theme.muted())),
        BulkStage::Finished => Line::from(Span::styled("Finished. Enter or Esc closes.", theme.muted())),
    });
    frame.render_widget(Paragraph::new(lines), inner);
}

fn counts_line(run: &BulkRun) -> Line<'static> {
    let [pending, done, refused, unknown, not_sent] = run.counts();
    Line::from(format!("{pending} pending · {done} done · {refused} refused · {unknown} unknown · {not_sent} not sent"))
}
