//! The deadline queue and the marks in the Order List: `f` reaches "expiring within 24 h" and
//! "expired", `s` reaches the Deadline column soonest first, `Space` marks, `u` clears (asking
//! first above ten).

use super::*;
use crate::backend::OrderRow;
use crate::domain::OrderStatus;
use crate::domain::deadline_queue::DeadlineFilter;
use crate::domain::order::fixtures::manual_order;
use crate::state::{Screen, Session, Window};

pub(super) fn list_state(rows: usize) -> State {
    let session = Session::for_tests();
    let mut state = State::new(session, 1000, (80, 24));
    state.screen = Screen::List;
    let rows: Vec<OrderRow> = (0..rows)
        .map(|i| {
            let mut order = manual_order(1_000 * (i as i64 + 1), 0);
            order.id = format!("order_test_{i}");
            OrderRow::of(&order)
        })
        .collect();
    state.list.matching = rows.len();
    state.list.total = rows.len();
    state.list.loaded = true;
    state.list.window = Window { start: 0, rows };
    state
}

fn press(state: &mut State, c: char) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
}

#[test]
fn space_marks_and_moves_on_and_u_clears() {
    let mut state = list_state(3);
    press(&mut state, ' ');
    press(&mut state, ' ');
    assert_eq!(state.list.marks.len(), 2);
    assert_eq!(state.list.marks.total(), "¥3,000");
    assert_eq!(state.list.selected, 2, "Space moves to the next row");
    press(&mut state, 'u');
    assert!(state.list.marks.is_empty());
}

#[test]
fn v_marks_the_range_from_its_anchor_to_the_selection() {
    let mut state = list_state(5);
    press(&mut state, 'j');
    press(&mut state, 'V');
    press(&mut state, 'j');
    press(&mut state, 'j');
    press(&mut state, 'V');
    assert_eq!(state.list.marks.len(), 3, "rows 1 to 3");
    assert!(state.list.marks.contains("order_test_1") && state.list.marks.contains("order_test_3"));
    assert!(!state.list.marks.contains("order_test_0"));
}

#[test]
fn u_asks_first_above_ten_marks() {
    let mut state = list_state(12);
    for _ in 0..11 {
        press(&mut state, ' ');
    }
    assert_eq!(state.list.marks.len(), 11);
    press(&mut state, 'u');
    assert_eq!(state.list.marks.len(), 11, "the first u only asks");
    assert!(state.toast.as_ref().is_some_and(|t| t.text.contains("press u again")));
    press(&mut state, 'u');
    assert!(state.list.marks.is_empty());
}

#[test]
fn f_reaches_the_deadline_filters_and_s_the_deadline_column() {
    let mut state = list_state(1);
    let mut seen = vec![];
    for _ in 0..(OrderStatus::KNOWN.len() + 3) {
        press(&mut state, 'f');
        seen.push(state.list.query(0, 10).deadline);
    }
    assert!(seen.contains(&Some(DeadlineFilter::ExpiringWithin(24 * 3_600_000))), "{seen:?}");
    assert!(seen.contains(&Some(DeadlineFilter::Expired)), "{seen:?}");
    assert_eq!(seen.last(), Some(&None), "and back to all");
    for _ in 0..3 {
        press(&mut state, 's');
    }
    assert_eq!(state.list.sort, crate::backend::SortKey::Deadline);
    assert!(!state.list.descending, "soonest deadline first");
}
