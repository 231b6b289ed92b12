//! `*` (every order matching the filter, the count asked first, capped by
//! `bulk.confirm_above_orders`) and the deadline queue's counts in the list header.

use super::toast;
use crate::backend::{ListQuery, OrderRow};
use crate::bulk_effects::BulkJob;
use crate::effect::Effect;
use crate::i18n::bulk as say;
use crate::state::State;

/// `*`: first the count, as a question; a second `*` on the same filter marks them. Above the
/// cap nothing is marked and the CLI's `bulk` is named.
pub(super) fn mark_all(state: &mut State) -> Vec<Effect> {
    let lang = state.session.lang;
    let count = state.list.matching;
    let cap = state.bulk_settings.confirm_above_orders;
    if count == 0 {
        return vec![];
    }
    if u64::try_from(count).unwrap_or(u64::MAX) > cap {
        state.list.marks.all_asked = None;
        return toast(state, say::mark_all_too_many(lang, count, cap), true);
    }
    let query = state.list.query(0, count);
    if state.list.marks.all_asked.as_ref() == Some(&query) {
        state.list.marks.all_asked = None;
        return vec![Effect::Bulk(BulkJob::MarkAll { query })];
    }
    state.list.marks.all_asked = Some(query);
    toast(state, say::mark_all_question(lang, count), false)
}

/// The rows of `*`: marked if the filter has not changed since and they are still within
/// the cap.
pub(super) fn on_mark_all(state: &mut State, query: ListQuery, result: Result<Vec<OrderRow>, String>) -> Vec<Effect> {
    let lang = state.session.lang;
    let rows = match result {
        Ok(rows) => rows,
        Err(why) => return toast(state, why, true),
    };
    if state.list.query(0, query.limit) != query {
        return vec![];
    }
    let cap = state.bulk_settings.confirm_above_orders;
    if u64::try_from(rows.len()).unwrap_or(u64::MAX) > cap {
        return toast(state, say::mark_all_too_many(lang, rows.len(), cap), true);
    }
    for row in &rows {
        state.list.marks.mark(row);
    }
    toast(state, say::marked_all(lang, rows.len()), false)
}

pub(super) fn on_queue_counted(state: &mut State, result: Result<(usize, usize), String>) -> Vec<Effect> {
    // A count that could not be read is left out of the header rather than shown wrong.
    state.list.queue = result.ok();
    state.dirty = true;
    vec![]
}
