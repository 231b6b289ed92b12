//! The Order List: a title line (counts, filter, status, sort), then only the visible rows of a
//! window the store paged in. Drawing cost does not depend on how many orders exist.

use super::cells::{deadline, id_tail};
use super::layout;
use crate::backend::{OrderRow, SortKey};
use crate::domain::Currency;
use crate::domain::time::format_date;
use crate::text::fit;
use crate::tui::i18n::{Msg, mode_label, sort_label, status_label, t};
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

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
    fn for_width(width: u16) -> Columns {
        let wide = layout::is_wide(width);
        let (date, customer, money, status, mode, deadline) =
            if wide { (16, 14, 10, 16, 9, 8) } else { (5, 9, 9, 10, 4, 8) };
        // Highlight symbol (2) and eight gaps between nine columns.
        let fixed = 2 + 8 + date + customer + 3 * money + status + mode + deadline;
        Columns { id: width.saturating_sub(fixed).max(4), date, customer, money, status, mode, deadline, wide }
    }

    fn widths(&self) -> [Constraint; 9] {
        [
            Constraint::Length(self.id),
            Constraint::Length(self.date),
            Constraint::Length(self.customer),
            Constraint::Length(self.money),
            Constraint::Length(self.money),
            Constraint::Length(self.money),
            Constraint::Length(self.status),
            Constraint::Length(self.mode),
            Constraint::Length(self.deadline),
        ]
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let [title, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    draw_title(frame, title, state);
    let cols = Columns::for_width(area.width);
    let lang = state.session.lang;
    let theme = state.session.theme;
    let list = &state.list;
    let arrow = if list.descending { "▼" } else { "▲" };
    let head = |msg: Msg, key: Option<SortKey>| {
        let label = t(lang, msg);
        if key == Some(list.sort) { format!("{label}{arrow}") } else { label.to_string() }
    };
    let right = |s: String| Cell::from(Line::from(s).alignment(Alignment::Right));
    let header = Row::new(vec![
        Cell::from(head(Msg::ColId, None)),
        Cell::from(head(Msg::ColDate, Some(SortKey::Created))),
        Cell::from(head(Msg::ColCustomer, Some(SortKey::Customer))),
        right(head(Msg::ColAmount, Some(SortKey::Amount))),
        right(head(Msg::ColCaptured, None)),
        right(head(Msg::ColRefunded, None)),
        Cell::from(head(Msg::ColStatus, None)),
        Cell::from(head(Msg::ColMode, None)),
        Cell::from(head(Msg::ColDeadline, None)),
    ])
    .style(theme.header());
    let visible = usize::from(table.height.saturating_sub(1));
    let end = (list.top + visible).min(list.matching);
    let rows: Vec<Row> = (list.top..end)
        .map(|i| match list.window.get(i) {
            Some(row) => order_row(row, &cols, state),
            None => Row::new(vec![Cell::from(t(lang, Msg::Loading)).style(theme.muted())]),
        })
        .collect();
    let empty = rows.is_empty();
    let mut table_state = TableState::default();
    if !empty {
        table_state.select(Some(list.selected.saturating_sub(list.top)));
    }
    let widget = Table::new(rows, cols.widths())
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selected())
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(widget, table, &mut table_state);
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

fn order_row<'a>(row: &OrderRow, cols: &Columns, state: &State) -> Row<'a> {
    let lang = state.session.lang;
    let c = Currency::from_code_or_whole(&row.currency);
    let money = |v: i64| Cell::from(Line::from(c.format_plain(v)).alignment(Alignment::Right));
    let date = format_date(row.created_at);
    let date = if cols.wide {
        crate::domain::time::format_time(row.created_at).trim_end_matches(" JST").to_string()
    } else if date.get(..4) == format_date(state.now).get(..4) {
        // This year: month and day. Older: the year alone, so nothing old reads as recent.
        date.get(5..).unwrap_or_default().to_string()
    } else {
        date.get(..4).unwrap_or_default().to_string()
    };
    let status = row.effective_status(state.now);
    Row::new(vec![
        Cell::from(id_tail(&row.id, usize::from(cols.id))),
        Cell::from(fit(&date, usize::from(cols.date))),
        Cell::from(fit(&row.customer, usize::from(cols.customer))),
        money(row.amount),
        money(row.captured),
        money(row.refunded),
        Cell::from(fit(&status_label(lang, &status, !cols.wide), usize::from(cols.status))),
        Cell::from(mode_label(lang, row.capture_method, !cols.wide)),
        Cell::from(deadline(state, row.deadline(state.now))),
    ])
}

fn draw_title(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.session.lang;
    let theme = state.session.theme;
    let list = &state.list;
    let mut spans = vec![
        Span::styled(format!(" {} ", t(lang, Msg::Orders)), theme.title()),
        Span::raw(format!(" {} {} {}", group(list.matching), t(lang, Msg::Of), group(list.total))),
        Span::styled(" │ ", theme.muted()),
        Span::raw(format!(
            "{}: {}",
            t(lang, Msg::StatusFilter),
            list.status.as_ref().map_or_else(|| t(lang, Msg::All).to_string(), |s| status_label(lang, s, false))
        )),
        Span::styled(" │ ", theme.muted()),
        Span::raw(format!(
            "{}: {}{}",
            t(lang, Msg::Sort),
            sort_label(lang, list.sort),
            if list.descending { "▼" } else { "▲" }
        )),
    ];
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
    let status = list.status.as_ref().map_or_else(|| t(lang, Msg::All).to_string(), |s| status_label(lang, s, false));
    let text = format!(
        " {}  {} {} {} │ {}: {} │ {}: {}▼ │ {}: /",
        t(lang, Msg::Orders),
        group(list.matching),
        t(lang, Msg::Of),
        group(list.total),
        t(lang, Msg::StatusFilter),
        status,
        t(lang, Msg::Sort),
        sort_label(lang, list.sort),
        t(lang, Msg::Filter)
    );
    text.width()
}

/// 1234567 → "1,234,567".
fn group(n: usize) -> String {
    Currency::JPY.format_plain(i64::try_from(n).unwrap_or(i64::MAX))
}
