//! The palette, saved views, help, read-only and the mouse, through `update` (pure: no I/O).

use super::*;
use crate::action::NotFound;
use crate::backend::{OrderRow, Page, SortKey};
use crate::config::views::SavedView;
use crate::domain::{CaptureMethod, OrderStatus};
use crate::state::{Screen, Session};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

fn list_state(read_only: bool) -> State {
    let session = Session { read_only, ..Session::for_tests() };
    let mut state = State::new(session, 1_000, (80, 24));
    state.views_file = Some("/nowhere/views.toml".into());
    update(&mut state, Action::Start(80, 24));
    let rows = (0..30).map(row).collect();
    let request = state.list.request;
    update(
        &mut state,
        Action::RowsLoaded {
            request,
            offset: 0,
            result: Ok(Page { rows, matching: 30, total: 30, damaged: vec![], at_least: false }),
        },
    );
    state
}

fn row(i: usize) -> OrderRow {
    OrderRow {
        id: format!("order_test_{i}"),
        created_at: 0,
        customer: "c".into(),
        amount: 1,
        captured: 0,
        refunded: 0,
        currency: "JPY".into(),
        status: OrderStatus::Succeeded,
        capture_method: CaptureMethod::Automatic,
        expires_at: None,
        expired: false,
        refunds_unknown: false,
    }
}

fn key(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        key(state, KeyCode::Char(c));
    }
}

#[test]
fn colon_and_ctrl_p_open_the_palette_and_typing_filters_it() {
    let mut state = list_state(false);
    let effects = key(&mut state, KeyCode::Char(':'));
    assert!(state.palette.is_some());
    assert_eq!(effects, vec![Effect::ListViews { path: "/nowhere/views.toml".into() }], "it asks for the saved views");
    update(&mut state, Action::ViewsListed(Ok(vec!["to-capture".into()])));
    typed(&mut state, "srt");
    assert_eq!(crate::palette::shown(&state).first().map(|e| e.label.as_str()), Some("sort"));
    // Enter runs the chosen command as its key would: the list is sorted by the next column.
    let effects = key(&mut state, KeyCode::Enter);
    assert!(state.palette.is_none(), "the palette closes");
    assert_eq!(state.list.sort, SortKey::Amount);
    assert!(matches!(effects.as_slice(), [Effect::FetchRows { .. }]), "{effects:?}");

    update(&mut state, Action::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)));
    assert!(state.palette.is_some(), "Ctrl-p opens it too");
    typed(&mut state, "q");
    assert!(!state.quit, "q is typed into the palette, it does not quit");
    key(&mut state, KeyCode::Esc);
    assert!(state.palette.is_none() && !state.quit);
}

#[test]
fn the_palette_opens_an_order_by_reference_and_an_unknown_one_is_one_sentence() {
    let mut state = list_state(false);
    key(&mut state, KeyCode::Char(':'));
    typed(&mut state, "open SO-20250002");
    let effects = key(&mut state, KeyCode::Enter);
    let request = state.lookup;
    assert!(effects.contains(&Effect::FindOrder { request, named: "SO-20250002".into() }), "{effects:?}");
    let effects =
        update(&mut state, Action::Found { request, named: "SO-20250002".into(), result: Ok("order_test_7".into()) });
    assert_eq!(state.screen, Screen::Details);
    assert_eq!(state.details.as_ref().map(|d| d.id.as_str()), Some("order_test_7"));
    assert!(matches!(effects.as_slice(), [Effect::LoadOrder { id, .. }] if id == "order_test_7"));

    // A pasted reference goes into the palette whole; its newline is not an Enter.
    key(&mut state, KeyCode::Char(':'));
    assert!(update(&mut state, Action::Paste("SO-20250002\n".into())).is_empty());
    assert_eq!(state.palette.as_ref().map(|p| p.input.value().to_string()), Some("SO-20250002".into()));
    key(&mut state, KeyCode::Esc);

    // Typing just the id works too (nothing in the palette matches it).
    key(&mut state, KeyCode::Char(':'));
    typed(&mut state, "SO-9999");
    let effects = key(&mut state, KeyCode::Enter);
    assert!(effects.iter().any(|e| matches!(e, Effect::FindOrder { named, .. } if named == "SO-9999")), "{effects:?}");
    let request = state.lookup;
    update(&mut state, Action::Found { request, named: "SO-9999".into(), result: Err(NotFound::None) });
    let toast = state.toast.as_ref().map(|t| t.text.as_str());
    assert_eq!(toast, Some("No order has the id or reference \"SO-9999\"."));
    assert_eq!(state.details.as_ref().map(|d| d.id.as_str()), Some("order_test_7"), "nothing else changed");
}

#[test]
fn save_and_view_go_through_the_views_file_and_a_bad_name_is_refused_in_place() {
    let mut state = list_state(false);
    key(&mut state, KeyCode::Char('f'));
    key(&mut state, KeyCode::Char(':'));
    typed(&mut state, "save two words");
    assert!(key(&mut state, KeyCode::Enter).is_empty(), "nothing is written");
    let error = state.palette.as_ref().and_then(|p| p.error.clone()).unwrap_or_default();
    assert!(error.starts_with("\"two words\" is not a view name"), "{error}");
    key(&mut state, KeyCode::Esc);

    key(&mut state, KeyCode::Char(':'));
    typed(&mut state, "save mine");
    let effects = key(&mut state, KeyCode::Enter);
    let [Effect::SaveView { view, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(view.status.as_deref(), Some("requires_authorization"));

    let saved = SavedView {
        name: "soon".into(),
        status: Some("expiring_24h".into()),
        sort: "deadline".into(),
        direction: "asc".into(),
        search: "山田".into(),
    };
    let effects = update(&mut state, Action::ViewOpened(Ok(saved)));
    assert!(
        matches!(effects.first(), Some(Effect::FetchRows { query, .. }) if query.sort == SortKey::Deadline && !query.descending && query.search.as_deref() == Some("山田")),
        "{effects:?}"
    );
    assert_eq!(state.toast.as_ref().map(|t| t.text.as_str()), Some("View \"soon\""));
}

#[test]
fn help_opens_at_the_current_screen_and_stops_at_its_end() {
    let mut state = list_state(false);
    key(&mut state, KeyCode::Char('?'));
    assert_eq!(state.help, Some(0), "the list's section is first");
    key(&mut state, KeyCode::Esc);
    key(&mut state, KeyCode::Enter);
    key(&mut state, KeyCode::Char('?'));
    let details = crate::help::section_start(Context::Details, false);
    assert_eq!(state.help, Some(details));
    for _ in 0..200 {
        key(&mut state, KeyCode::Down);
    }
    assert_eq!(state.help, Some(crate::help::max_scroll(false, (80, 24))), "never past the end");
}

#[test]
fn read_only_a_says_actions_are_off_once_and_does_nothing_else() {
    let mut state = list_state(true);
    key(&mut state, KeyCode::Enter);
    let effects = key(&mut state, KeyCode::Char('a'));
    assert_eq!(state.toast.as_ref().map(|t| t.text.as_str()), Some("read-only: actions are off"));
    assert!(matches!(effects.as_slice(), [Effect::ExpireToast { .. }]), "nothing but the notice: {effects:?}");
    assert!(state.modal.is_none() && state.bulk.is_none());
}

#[test]
fn a_click_selects_a_row_a_double_click_opens_it_and_the_wheel_scrolls() {
    let mut state = list_state(false);
    let click = |row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    };
    update(&mut state, Action::Mouse { event: click(5), at: 10_000 });
    assert_eq!(state.list.selected, 0, "the mouse is off unless the operator turned it on");
    state.mouse = true;
    update(&mut state, Action::Mouse { event: click(5), at: 10_000 });
    assert_eq!(state.list.selected, 3, "line 5 is the fourth row under the title and the header");
    assert_eq!(state.screen, Screen::List);
    update(&mut state, Action::Mouse { event: click(6), at: 10_100 });
    assert_eq!((state.list.selected, state.screen), (4, Screen::List), "another row: a new click");
    let effects = update(&mut state, Action::Mouse { event: click(6), at: 10_300 });
    assert_eq!(state.screen, Screen::Details, "a double-click opens it");
    assert!(matches!(effects.as_slice(), [Effect::LoadOrder { id, .. }] if id == "order_test_4"));
    key(&mut state, KeyCode::Esc);
    let wheel = MouseEvent { kind: MouseEventKind::ScrollDown, column: 0, row: 3, modifiers: KeyModifiers::NONE };
    update(&mut state, Action::Mouse { event: wheel, at: 20_000 });
    assert_eq!(state.list.selected, 7, "three rows down");
    update(&mut state, Action::Mouse { event: click(0), at: 30_000 });
    assert_eq!(state.list.selected, 7, "the title is not a row");
}

#[test]
fn the_palette_opens_on_the_drift_view_with_what_works_there() {
    let mut state = list_state(false);
    key(&mut state, KeyCode::Char('D'));
    assert_eq!(state.screen, Screen::Drift);
    key(&mut state, KeyCode::Char(':'));
    assert_eq!(state.palette.as_ref().and_then(|p| p.from), Some(Context::Drift));
    let labels: Vec<String> = crate::palette::shown(&state).into_iter().map(|e| e.label).collect();
    assert!(!labels.iter().any(|l| l == "open"), "no findings: nothing to open ({labels:?})");
    assert!(labels.iter().any(|l| l == "back") && labels.iter().any(|l| l.starts_with("open an order")), "{labels:?}");
    typed(&mut state, "back");
    key(&mut state, KeyCode::Enter);
    assert!(state.palette.is_none());
    assert_eq!(state.screen, Screen::List, "the chosen entry ran as Esc on the Drift view");
}

#[test]
fn inside_payment_actions_colon_is_not_the_palette() {
    let mut state = list_state(false);
    state.modal = Some(crate::state::ActionsModal {
        order_id: "order_test_0".into(),
        kind: crate::state::ActionKind::Refund,
        focus: crate::state::Field::Action,
        amount: tui_input::Input::default(),
        pristine: true,
        reason: crate::domain::RefundReason::RequestedByCustomer,
        stage: crate::state::Stage::Form,
        error: None,
    });
    key(&mut state, KeyCode::Char(':'));
    update(&mut state, Action::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)));
    assert!(state.palette.is_none(), "Esc closes Payment Actions first");
    key(&mut state, KeyCode::Esc);
    key(&mut state, KeyCode::Char(':'));
    assert!(state.modal.is_none() && state.palette.is_some(), "then `:` opens it");
}
