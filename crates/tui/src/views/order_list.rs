//! The Order List: a title line (counts, filter, status, sort), then only the visible rows of a
//! window the store paged in. Drawing cost does not depend on how many orders exist.

use super::cells::deadline;
use super::elide;
use super::list_columns::{Columns, RowTexts, Wants};
use crate::backend::{OrderRow, SortKey};
use crate::domain::Currency;
use crate::domain::time::{format_date_in, format_time_in};
use crate::i18n::{Msg, filter_label, marked_label, mode_label, sort_label, status_label, t};
use crate::live_search::count_label;
use crate::state::State;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let [title, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    draw_title(frame, title, state);
    let lang = state.session.lang;
    let theme = state.session.theme;
    let list = &state.list;
    let header = header_texts(state);
    let mut wants = Wants::default();
    wants.take(&header);
    for row in &list.window.rows {
        wants.take(&row_texts(row, state));
    }
    let cols = Columns::allot(usize::from(area.width).saturating_sub(2), &wants);
    // One line per row, its columns padded to their display widths: drawing a frame costs
    // the same whatever the number of orders, and less than a table of cells would.
    let header = Line::from(columns(&cols, &header, Span::raw(header.deadline.clone()), "  ")).style(theme.header());
    let visible = usize::from(table.height.saturating_sub(1));
    let top = crate::layout::first_visible(list.top, list.selected, visible);
    let end = (top + visible).min(list.matching);
    let mut lines = Vec::with_capacity(visible + 1);
    lines.push(header);
    for i in top..end {
        let selected = i == list.selected;
        let line = match list.window.get(i) {
            Some(row) => {
                let marker = match (selected, list.marks.contains(&row.id)) {
                    (true, true) => ">*",
                    (true, false) => "> ",
                    (false, true) => " *",
                    (false, false) => "  ",
                };
                let texts = row_texts(row, state);
                let deadline = deadline(state, row.deadline(state.now), true);
                Line::from(columns(&cols, &texts, deadline, marker))
            }
            None => Line::from(vec![
                Span::raw(if selected { "> " } else { "  " }),
                Span::styled(t(lang, Msg::Loading), theme.muted()),
            ]),
        };
        lines.push(if selected { line.style(theme.selected()) } else { line });
    }
    let empty = end <= top;
    frame.render_widget(Paragraph::new(lines), table);
    if empty && table.height > 2 {
        let message = match (&list.error, list.loaded) {
            (Some(e), _) => Span::styled(e.clone(), theme.error()),
            (None, false) => Span::styled(t(lang, Msg::Loading), theme.muted()),
            (None, true) => Span::styled(t(lang, Msg::NoOrders), theme.muted()),
        };
        let at = Rect { y: table.y + 2, height: 1, ..table };
        frame.render_widget(Paragraph::new(Line::from(message)).alignment(Alignment::Center), at);
    }
}

/// The columns of one line at their widths (ids middle-elided, amounts right-aligned), then
/// the deadline in its own style.
fn columns<'a>(cols: &Columns, texts: &RowTexts, deadline: Span<'a>, marker: &'static str) -> Vec<Span<'a>> {
    let pick = |(short, long): &(String, String), use_long: bool| if use_long { long.clone() } else { short.clone() };
    let mut line = String::with_capacity(160);
    line.push_str(marker);
    if let Some(width) = cols.id {
        line.push_str(&elide::middle_padded(&texts.id, width));
        line.push(' ');
    }
    line.push_str(&elide::end_padded(&pick(&texts.date, cols.long_date()), cols.date));
    line.push(' ');
    line.push_str(&elide::end_padded(&texts.customer, cols.customer));
    line.push(' ');
    for (text, width) in texts.money.iter().zip(cols.money) {
        line.push_str(&elide::end_right(text, width));
        line.push(' ');
    }
    line.push_str(&elide::end_padded(&pick(&texts.status, cols.long_status), cols.status));
    line.push(' ');
    line.push_str(&elide::end_padded(&pick(&texts.mode, cols.long_mode), cols.mode));
    line.push(' ');
    let deadline = Span::styled(elide::end_padded(&deadline.content, cols.deadline), deadline.style);
    // Values wider than the terminal (amounts of ten digits at the minimum width): the line
    // ends in `…` rather than being cut unseen.
    let width = cols.total() + 2;
    if line.width() + deadline.width() > width {
        return vec![Span::raw(elide::end(&format!("{line}{}", deadline.content), width))];
    }
    vec![Span::raw(line), deadline]
}

/// The headers, the sorted one with its arrow.
fn header_texts(state: &State) -> RowTexts {
    let lang = state.session.lang;
    let list = &state.list;
    let arrow = if list.descending { "▼" } else { "▲" };
    let head = |msg: Msg, key: Option<SortKey>| {
        let label = t(lang, msg);
        if key == Some(list.sort) { format!("{label}{arrow}") } else { label.to_string() }
    };
    let both = |text: String| (text.clone(), text);
    RowTexts {
        id: head(Msg::ColId, None),
        date: both(head(Msg::ColDate, Some(SortKey::Created))),
        customer: head(Msg::ColCustomer, Some(SortKey::Customer)),
        money: [
            head(Msg::ColAmount, Some(SortKey::Amount)),
            head(Msg::ColCaptured, None),
            head(Msg::ColRefunded, None),
        ],
        status: both(head(Msg::ColStatus, None)),
        mode: both(head(Msg::ColMode, None)),
        deadline: head(Msg::ColDeadline, Some(SortKey::Deadline)),
    }
}

fn row_texts(row: &OrderRow, state: &State) -> RowTexts {
    let lang = state.session.lang;
    let c = Currency::from_code_or_whole(&row.currency);
    let date = format_date_in(lang, row.created_at);
    let short_date = if date.get(..4) == format_date_in(lang, state.now).get(..4) {
        // This year: month and day. Older: the year alone, so nothing old reads as recent.
        date.get(5..).unwrap_or_default().to_string()
    } else {
        date.get(..4).unwrap_or_default().to_string()
    };
    let long_date = format_time_in(lang, row.created_at).trim_end_matches(" JST").to_string();
    let status = row.effective_status(state.now);
    RowTexts {
        id: row.id.clone(),
        date: (short_date, long_date),
        customer: row.customer.clone(),
        money: [
            c.format_plain(row.amount),
            c.format_plain(row.captured),
            row.refunded_known().map_or_else(|| t(lang, Msg::Unknown).to_string(), |r| c.format_plain(r)),
        ],
        status: (status_label(lang, &status, true), status_label(lang, &status, false)),
        mode: (
            mode_label(lang, row.capture_method, true).to_string(),
            mode_label(lang, row.capture_method, false).to_string(),
        ),
        deadline: deadline(state, row.deadline(state.now), true).content.into_owned(),
    }
}

fn draw_title(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let list = &state.list;
    let mut spans = vec![
        Span::styled(format!(" {} ", t(lang, Msg::Orders)), theme.title()),
        Span::raw(format!(" {} {} {}", count_label(list, group), t(lang, Msg::Of), group(list.total))),
        Span::styled(" │ ", theme.muted()),
        Span::raw(format!(
            "{}: {}",
            t(lang, Msg::StatusFilter),
            filter_label(lang, list.deadline, list.status.as_ref())
        )),
        Span::styled(" │ ", theme.muted()),
        Span::raw(format!(
            "{}: {}{}",
            t(lang, Msg::Sort),
            sort_label(lang, list.sort),
            if list.descending { "▼" } else { "▲" }
        )),
    ];
    if !list.marks.is_empty() {
        spans.push(Span::styled(" │ ", theme.muted()));
        spans.push(Span::styled(marked_label(lang, list.marks.len(), &list.marks.total()), theme.key()));
    }
    let search = list.search.value();
    if list.filtering || !search.is_empty() {
        spans.push(Span::styled(" │ ", theme.muted()));
        spans.push(Span::raw(format!("{}: /", t(lang, Msg::Filter))));
        let style = if list.filtering { theme.focused() } else { theme.key() };
        spans.push(Span::styled(format!("{search} "), style));
    }
    if let Some((awaiting, expiring)) = list.queue {
        let style = if expiring > 0 { theme.urgent() } else { theme.muted() };
        let short = !crate::layout::is_wide(area.width);
        let queue = [
            Span::styled(" │ ", theme.muted()),
            Span::styled(crate::i18n::bulk::queue(lang, awaiting, expiring, short), style),
        ];
        // The search being typed (or kept) stays whole: the queue's counts make way for it.
        let width = |spans: &[Span]| spans.iter().map(|s| s.content.width()).sum::<usize>();
        let searching = list.filtering || !search.is_empty();
        if !searching || width(&spans) + width(&queue) <= usize::from(area.width) {
            spans.extend(queue);
        }
    }
    let line = Line::from(elide::spans_end(spans, usize::from(area.width)));
    frame.render_widget(Paragraph::new(line), area);
    if list.filtering {
        let before: usize = spans_width_before_filter(state);
        let x = area.x + u16::try_from(before + list.search.visual_cursor()).unwrap_or(u16::MAX);
        if x < area.x + area.width {
            frame.set_cursor_position((x, area.y));
        }
    }
}

/// The title's width up to the filter text, to place the cursor in it.
fn spans_width_before_filter(state: &State) -> usize {
    let lang = state.session.lang;
    let list = &state.list;
    let status = filter_label(lang, list.deadline, list.status.as_ref());
    let text = format!(
        " {}  {} {} {} │ {}: {} │ {}: {}▼ │ {}: /",
        t(lang, Msg::Orders),
        count_label(list, group),
        t(lang, Msg::Of),
        group(list.total),
        t(lang, Msg::StatusFilter),
        status,
        t(lang, Msg::Sort),
        sort_label(lang, list.sort),
        t(lang, Msg::Filter)
    );
    let marks = if list.marks.is_empty() {
        0
    } else {
        " │ ".width() + marked_label(lang, list.marks.len(), &list.marks.total()).width()
    };
    text.width() + marks
}

/// 1234567 → "1,234,567".
fn group(n: usize) -> String {
    Currency::JPY.format_plain(i64::try_from(n).unwrap_or(i64::MAX))
}
