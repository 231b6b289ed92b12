//! The filter as you type, in the pure update layer: each key asks at once, only the newest
//! answer is shown, and the count is never one of another filter.

use super::*;
use crate::action::Action;
use crate::backend::{OrderRow, Page};
use crate::domain::Order;
use crate::effect::Effect;
use crate::state::{Session, State};
use crate::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

fn state() -> State {
    let session = Session::for_tests();
    State::new(session, 1000, (100, 30))
}

fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// The list request a key asked for: its number, search text and pause.
fn asked(effects: &[Effect]) -> (u64, Option<String>, Duration) {
    match effects {
        [Effect::FetchRows { request, query, delay, .. }] => (*request, query.search.clone(), *delay),
        other => panic!("expected one FetchRows, got {other:?}"),
    }
}

fn answer(state: &mut State, request: u64, ids: &[&str], matching: usize) -> Vec<Effect> {
    let rows = ids.iter().map(|id| OrderRow::of(&Order::awaiting_capture(*id, 5000, 0))).collect();
    let page = Page { rows, matching, total: 1000, damaged: vec![], at_least: false };
    update(state, Action::RowsLoaded { request, offset: 0, result: Ok(page) })
}

fn label(state: &State) -> String {
    count_label(&state.list, |n| n.to_string())
}

#[test]
fn each_key_searches_at_once_and_a_stale_answer_is_dropped() {
    let mut state = state();
    let first = asked(&answer_first_page(&mut state));
    assert_eq!(first.1, None);
    press(&mut state, KeyCode::Char('/'));
    let (older, text, delay) = asked(&press(&mut state, KeyCode::Char('t')));
    assert_eq!((text.as_deref(), delay), (Some("t"), Duration::ZERO), "no pause before searching");
    assert_eq!(label(&state), "…", "the old count is not this filter's");
    let (newest, text, _) = asked(&press(&mut state, KeyCode::Char('a')));
    assert_eq!(text.as_deref(), Some("ta"));
    assert!(newest > older);
    // The search for "t" answers late: dropped, nothing shown from it.
    assert!(answer(&mut state, older, &["order_t"], 900).is_empty());
    assert_eq!(label(&state), "…");
    assert!(state.list.window.rows.is_empty());
    answer(&mut state, newest, &["order_ta"], 1);
    assert_eq!(label(&state), "1");
    assert_eq!(state.list.selected_row().map(|r| r.id.as_str()), Some("order_ta"));
}

/// Answers the first page of the unfiltered list; returns the effects of starting it.
fn answer_first_page(state: &mut State) -> Vec<Effect> {
    let effects = update(state, Action::Start(100, 30));
    let (request, _, _) = asked(&effects);
    answer(state, request, &["order_a", "order_b"], 1000);
    assert_eq!(label(state), "1000");
    effects
}

#[test]
fn a_search_overtaken_by_a_newer_request_is_told_to_stop() {
    let latest = Arc::new(AtomicU64::new(7));
    let stop_old = overtaken(Arc::clone(&latest), 6);
    let stop_new = overtaken(Arc::clone(&latest), 7);
    assert!(stop_old() && !stop_new());
    latest.store(8, Ordering::SeqCst);
    assert!(stop_new(), "the next key overtakes it too");
}
