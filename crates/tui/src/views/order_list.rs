//! The Order List: a title line (counts, filter, status, sort), then only the visible rows of a
//! window the store paged in. Drawing cost does not depend on how many orders exist.

use super::cells::{deadline, id_tail};
use crate::backend::{OrderRow, SortKey};
use crate::config::Lang;
use crate::domain::Currency;
use crate::domain::time::{format_date_in, format_time_in};
use crate::i18n::{Msg, filter_label, marked_label, mode_label, sort_label, status_label, t};
use crate::layout;
use crate::live_search::count_label;
use crate::state::State;
use crate::text::fit;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

struct Columns {
    id: u16,
    date: u16,
    customer: u16,
    money: u16,
    status: u16,
    mode: u16,
    deadline: u16,
    wide: bool,
}

impl Columns {
    fn for_width(width: u16, lang: Lang) -> Columns {
        let wide = layout::is_wide(width);
        let (date, customer, money, status, mode, mut deadline) =
            if wide { (16, 14, 10, 16, 9, 8) } else { (5, 9, 9, 10, 4, 8) };
        if lang == Lang::Ja {
            // 「23時間59分」 is ten columns wide.
            deadline = 10;
        }
        // Highlight symbol (2) and eight gaps between nine columns.
        let fixed = 2 + 8 + date + customer + 3 * money + status + mode + deadline;
        Columns { id: width.saturating_sub(fixed).max(4), date, customer, money, status, mode, deadline, wide }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let [title, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    draw_title(frame, title, state);
    let cols = Columns::for_width(area.width, state.session.lang);
    let lang = state.session.lang;
    let theme = state.session.theme;
    let list = &state.list;
    let arrow = if list.descending { "▼" } else { "▲" };
    let head = |msg: Msg, key: Option<SortKey>| {
        let label = t(lang, msg);
        if key == Some(list.sort) { format!("{label}{arrow}") } else { label.to_string() }
    };
    // One line per row, its columns padded to their display widths: drawing a frame costs
    // the same whatever the number of orders, and less than a table of cells would.
    let header = Line::from(columns(
        &cols,
        [
            head(Msg::ColId, None),
            head(Msg::ColDate, Some(SortKey::Created)),
            head(Msg::ColCustomer, Some(SortKey::Customer)),
            head(Msg::ColAmount, Some(SortKey::Amount)),
            head(Msg::ColCaptured, None),
            head(Msg::ColRefunded, None),
            head(Msg::ColStatus, None),
            head(Msg::ColMode, None),
        ],
        Span::raw(fit(&head(Msg::ColDeadline, Some(SortKey::Deadline)), usize::from(cols.deadline))),
        "  ",
    ))
    .style(theme.header());
    let visible = usize::from(table.height.saturating_sub(1));
    let top = layout::first_visible(list.top, list.selected, visible);
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
                order_row(row, &cols, state, marker)
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

/// The texts of the eight plain columns, padded (amounts right-aligned), then the deadline.
fn columns<'a>(cols: &Columns, texts: [String; 8], deadline: Span<'a>, marker: &'static str) -> Vec<Span<'a>> {
    let widths = [cols.id, cols.date, cols.customer, cols.money, cols.money, cols.money, cols.status, cols.mode];
    let mut line = String::with_capacity(usize::from(cols.id) + 80);
    line.push_str(marker);
    for (i, (text, width)) in texts.iter().zip(widths).enumerate() {
        let width = usize::from(width);
        if (3..6).contains(&i) {
            let pad = width.saturating_sub(text.width());
            line.push_str(&" ".repeat(pad));
            line.push_str(&fit(text, width - pad));
        } else {
            line.push_str(&fit(text, width));
        }
        line.push(' ');
    }
    vec![Span::raw(line), deadline]
}

fn order_row<'a>(row: &OrderRow, cols: &Columns, state: &State, marker: &'static str) -> Line<'a> {
    let lang = state.session.lang;
    let c = Currency::from_code_or_whole(&row.currency);
    let date = format_date_in(lang, row.created_at);
    let date = if cols.wide {
        format_time_in(lang, row.created_at).trim_end_matches(" JST").to_string()
    } else if date.get(..4) == format_date_in(lang, state.now).get(..4) {
        // This year: month and day. Older: the year alone, so nothing old reads as recent.
        date.get(5..).unwrap_or_default().to_string()
    } else {
        date.get(..4).unwrap_or_default().to_string()
    };
    let status = row.effective_status(state.now);
    let texts = [
        id_tail(&row.id, usize::from(cols.id)),
        date,
        row.customer.clone(),
        c.format_plain(row.amount),
        c.format_plain(row.captured),
        row.refunded_known().map_or_else(|| t(lang, Msg::Unknown).to_string(), |r| c.format_plain(r)),
        status_label(lang, &status, !cols.wide),
        mode_label(lang, row.capture_method, !cols.wide).to_string(),
    ];
    let deadline = deadline(state, row.deadline(state.now), true);
    Line::from(columns(cols, texts, deadline, marker))
}

fn draw_title(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let list = &state.list;
    let mut spans = vec![
        Span::styled(format!(" {} ", t(lang, Msg::Orders)), theme.title()),
        Span::raw(format!(" {} {} {}", count_label(list, group), t(lang, Msg::Of), group(list.total))),
        Span::styled(" │ ", theme.muted()),
        Span::raw(format!("{}: {}", t(lang, Msg::StatusFilter), filter_label(lang, list))),
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
    let line = Line::from(spans);
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
    use unicode_width::UnicodeWidthStr;
    let lang = state.session.lang;
    let list = &state.list;
    let status = filter_label(lang, list);
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
