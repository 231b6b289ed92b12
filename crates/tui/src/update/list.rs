//! The order list: moving, filtering, sorting, and the window of rows kept in memory.

use super::{is_printable, toast};
use crate::backend::Page;
use crate::backend::sync::SyncStatus;
use crate::domain::OrderStatus;
use crate::domain::deadline_queue::DeadlineFilter;
use crate::effect::Effect;
use crate::form;
use crate::i18n::Msg;
use crate::keymap::Command;
use crate::layout;
use crate::marks::CLEAR_WITHOUT_ASKING;
use crate::state::{DetailsView, Screen, State, WINDOW};
use crossterm::event::{Event, KeyEvent};
use smartpay_i18n::Message;
use std::time::Duration;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// No pause before a filter search: each key searches at once and a newer key stops the older
/// search (see `live_search`).
pub(super) const FILTER_DEBOUNCE: Duration = Duration::ZERO;

pub(super) fn on_list(state: &mut State, command: Command) -> Vec<Effect> {
    let page = layout::list_rows(state.size).max(1);
    let last = state.list.matching.saturating_sub(1);
    let list = &mut state.list;
    match command {
        Command::Quit => return crate::quit::request(state),
        Command::Up => list.selected = list.selected.saturating_sub(1),
        Command::Down => list.selected = (list.selected + 1).min(last),
        Command::PageUp => list.selected = list.selected.saturating_sub(page),
        Command::PageDown => list.selected = (list.selected + page).min(last),
        Command::Top => list.selected = 0,
        Command::Bottom => list.selected = last,
        Command::Open => return open_selected(state),
        Command::Filter => list.filtering = true,
        Command::FilterDone => list.filtering = false,
        Command::Back => {
            list.filtering = false;
            if list.search.value().is_empty() {
                return vec![];
            }
            list.search = Input::default();
            return restart_list(state, Duration::ZERO);
        }
        Command::StatusFilter => {
            (list.status, list.deadline) = next_filter(list.status.as_ref(), list.deadline);
            return restart_list(state, Duration::ZERO);
        }
        Command::SortColumn => {
            list.sort = list.sort.next();
            // Each column starts in its own direction: the deadline soonest first.
            list.descending = list.sort.descending_by_default();
            return restart_list(state, Duration::ZERO);
        }
        Command::SortDirection => {
            list.descending = !list.descending;
            return restart_list(state, Duration::ZERO);
        }
        Command::Refresh => return refresh_list(state),
        Command::Mark => {
            if let Some(row) = list.window.get(list.selected).cloned() {
                list.marks.toggle(&row);
                list.selected = (list.selected + 1).min(last);
            }
        }
        Command::MarkRange => match list.marks.range_from.take() {
            None => list.marks.range_from = Some(list.selected),
            Some(from) => {
                let (first, last) = (from.min(list.selected), from.max(list.selected));
                for index in first..=last {
                    if let Some(row) = list.window.get(index).cloned() {
                        list.marks.mark(&row);
                    }
                }
            }
        },
        Command::ClearMarks => return clear_marks(state),
        _ => return vec![],
    }
    follow_selection(state);
    ensure_window(state)
}

/// `u`: clears the marks, asking first (a second `u`) above a few.
fn clear_marks(state: &mut State) -> Vec<Effect> {
    let marks = &mut state.list.marks;
    if marks.len() > CLEAR_WITHOUT_ASKING && !marks.clear_asked {
        marks.clear_asked = true;
        let text = Msg::MarkedClearHint.fill(state.session.lang, &[("count", &marks.len())]);
        return toast(state, text, false);
    }
    marks.clear();
    vec![]
}

/// `f` cycles: all → each known status → expiring within 24 h → expired → all.
fn next_filter(
    current: Option<&OrderStatus>,
    deadline: Option<DeadlineFilter>,
) -> (Option<OrderStatus>, Option<DeadlineFilter>) {
    let known = &OrderStatus::KNOWN;
    match (current, deadline) {
        (_, Some(DeadlineFilter::ExpiringWithin(_))) => (None, Some(DeadlineFilter::Expired)),
        (_, Some(DeadlineFilter::Expired)) => (None, None),
        (None, None) => (Some(known[0].clone()), None),
        (Some(s), None) => match known.iter().position(|k| k == s).and_then(|i| known.get(i + 1)) {
            Some(next) => (Some(next.clone()), None),
            None => (None, Some(DeadlineFilter::ExpiringWithin(EXPIRING_SOON_MS))),
        },
    }
}

use crate::saved_view::EXPIRING_SOON_MS;

pub(super) fn type_filter(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if is_printable(&key) && !form::has_room(&state.list.search, form::FILTER_MAX_CHARS) {
        return vec![];
    }
    let before = state.list.search.value().to_string();
    state.list.search.handle_event(&Event::Key(key));
    if state.list.search.value() == before {
        state.dirty = true; // the cursor may have moved
        return vec![];
    }
    state.dirty = true;
    restart_list(state, FILTER_DEBOUNCE)
}

/// A new query: back to the first row, fetch from the start.
pub(super) fn restart_list(state: &mut State, delay: Duration) -> Vec<Effect> {
    state.list.selected = 0;
    state.list.top = 0;
    state.list.anchor = None;
    state.list.window = Default::default();
    fetch_window(state, delay)
}

/// `r`: the same window again, keeping the selected order selected wherever it has moved.
/// A new sync status: shown in the status bar; when a sync pass completes, the list is read
/// again (keeping the selection) so it shows what was just synced.
pub(super) fn on_synced(state: &mut State, status: Option<SyncStatus>) -> Vec<Effect> {
    if status == state.sync {
        return vec![];
    }
    let finished = status.as_ref().and_then(|s| s.last_synced_at) != state.sync.as_ref().and_then(|s| s.last_synced_at);
    state.sync = status;
    state.dirty = true;
    if finished { refresh_list(state) } else { vec![] }
}

pub(super) fn refresh_list(state: &mut State) -> Vec<Effect> {
    state.list.anchor = state.list.selected_row().map(|r| r.id.clone());
    // The queue moves with the clock: an order that expired since leaves its count.
    state.list.recount = true;
    fetch_window(state, Duration::ZERO)
}

/// Keeps the selected row on screen.
pub(super) fn follow_selection(state: &mut State) {
    let rows = layout::list_rows(state.size).max(1);
    let list = &mut state.list;
    if list.selected < list.top {
        list.top = list.selected;
    } else if list.selected >= list.top + rows {
        list.top = list.selected + 1 - rows;
    }
    let max_top = list.matching.saturating_sub(rows);
    list.top = list.top.min(max_top);
}

/// Fetches a new window when the visible rows (plus a screen of margin) are not all in memory
/// and no request in flight will bring them.
pub(super) fn ensure_window(state: &mut State) -> Vec<Effect> {
    let rows = layout::list_rows(state.size).max(1);
    let list = &state.list;
    let from = list.top.saturating_sub(rows);
    let to = (list.top + 2 * rows).min(list.matching);
    if list.window.covers(from, to) || !list.loaded {
        return vec![];
    }
    if let Some(pending) = list.pending
        && pending <= list.top
        && list.top + rows <= pending + WINDOW
    {
        return vec![];
    }
    fetch_window(state, Duration::ZERO)
}

/// Asks for the window centred on the visible rows (a refresh asks for the same window again).
pub(super) fn fetch_window(state: &mut State, delay: Duration) -> Vec<Effect> {
    let rows = layout::list_rows(state.size).max(1);
    let offset = if state.list.anchor.is_some() {
        state.list.window.start
    } else {
        state.list.top.saturating_sub(WINDOW.saturating_sub(rows) / 2)
    };
    let request = state.next_id();
    state.list.request = request;
    state.list.pending = Some(offset);
    // After a new query (filter, sort) the old count says nothing about the new one; nor
    // does a count still running (a lower bound cannot tell which end is nearer).
    let unknown = state.list.window.rows.is_empty() && state.list.anchor.is_none() || state.list.at_least;
    let matching = if unknown { 0 } else { state.list.matching };
    let count_queue = std::mem::take(&mut state.list.recount);
    vec![Effect::FetchRows { request, query: state.list.query(offset, WINDOW), delay, matching, count_queue }]
}

pub(super) fn on_rows(state: &mut State, request: u64, offset: usize, result: Result<Page, String>) -> Vec<Effect> {
    if request != state.list.request {
        return vec![];
    }
    state.dirty = true;
    let list = &mut state.list;
    list.pending = None;
    list.loaded = true;
    let mut damaged = Vec::new();
    match result {
        Ok(page) => {
            damaged = page.damaged;
            list.error = None;
            list.matching = page.matching;
            list.at_least = page.at_least;
            list.total = page.total;
            list.window.start = offset;
            list.window.rows = page.rows;
            if let Some(anchor) = list.anchor.take()
                && let Some(i) = list.window.rows.iter().position(|r| r.id == anchor)
            {
                list.selected = offset + i;
            }
            list.selected = list.selected.min(list.matching.saturating_sub(1));
        }
        Err(e) => list.error = Some(e),
    }
    follow_selection(state);
    let mut effects = ensure_window(state);
    if !damaged.is_empty() {
        // Damaged records are never shown as data; the operator is told they were left out.
        let lang = state.session.lang;
        let what: Vec<String> = damaged.iter().map(|d| d.text(lang)).collect();
        let text = Msg::LeftOutOfList.fill(lang, &[("what", &what.join("; "))]);
        effects.extend(toast(state, text, true));
    }
    effects
}

pub(super) fn open_selected(state: &mut State) -> Vec<Effect> {
    let Some(id) = state.list.selected_row().map(|r| r.id.clone()) else { return vec![] };
    open_order(state, id)
}

/// Opens Order Details on `id`, from whichever screen (a row, or the palette's `open`).
pub(super) fn open_order(state: &mut State, id: String) -> Vec<Effect> {
    state.list.filtering = false;
    state.screen = Screen::Details;
    let request = state.next_id();
    state.details = Some(DetailsView { id: id.clone(), order: None, error: None, scroll: 0, request });
    state.dirty = true;
    vec![Effect::LoadOrder { request, id }]
}
