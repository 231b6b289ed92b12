//! The Drift view's journey through `update`: saved findings shown at start, `Enter` opens
//! the order, `Esc` back, and the fix prefilled only while the finding is current.

use super::*;
use crate::backend::findings::{FORMAT, Header, SavedFindings, VERSION};
use crate::domain::reconcile::finding::{ConsoleSide, Fix, SmartpaySide};
use crate::domain::reconcile::{Finding, FindingKind, PlannedOperation, Severity};
use crate::domain::{Operation, Order};
use crate::drift::{DriftAction, DriftEffect, FindingsPlace, Phase};
use crate::state::{ActionKind, Screen, Session};

const NOW: i64 = 1_800_000_000_000;

fn order_of(amount: i64) -> Order {
    let mut order = Order::awaiting_capture("order_test_1", amount, NOW - 3_600_000);
    order.reference = "r".into();
    order
}

fn order() -> Order {
    order_of(5000)
}

fn finding(kind: FindingKind, severity: Severity, order: Option<&Order>) -> Finding {
    Finding {
        kind,
        severity,
        order: order.map(|o| o.id.clone()),
        reference: Some("SO-1".into()),
        line: Some(2),
        currency: "JPY".into(),
        shop: None,
        smartpay: order.map(|o| SmartpaySide::of(o, NOW)),
        console: ConsoleSide::default(),
        fix: Fix {
            command: Some("capture order_test_1 2,000".into()),
            text: "Capture what shipped.".into(),
            text_ja: String::new(),
        },
        at_stake: 2000,
    }
}

fn saved() -> SavedFindings {
    let order = order();
    SavedFindings {
        header: Header {
            format: FORMAT.into(),
            version: VERSION,
            source: "s".into(),
            shop: "shop.csv".into(),
            found_at: NOW - 3 * 3_600_000,
            total: 2,
        },
        findings: vec![
            finding(FindingKind::MissingAtSmartpay, Severity::Medium, None),
            finding(FindingKind::ShippedButUncaptured, Severity::High, Some(&order)),
        ],
        plan: vec![PlannedOperation {
            order: order.id.clone(),
            currency: "JPY".into(),
            operation: Operation::Capture { amount: 2000 },
            basis: (0, Some(0)),
        }],
    }
}

fn state() -> State {
    let session = Session::for_tests();
    let mut state = State::new(session, NOW, (80, 24));
    state.drift.place = Some(FindingsPlace { file: "f.jsonl".into(), source: "s".into() });
    state
}

fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn loaded(state: &mut State, order: Order) {
    let request = state.details.as_ref().expect("details open").request;
    update(state, Action::OrderLoaded { request, result: Ok(Box::new(order)) });
}

#[test]
fn saved_findings_open_on_start_highest_first_and_enter_opens_the_order() {
    let mut state = state();
    let effects = update(&mut state, Action::Start(80, 24));
    assert!(effects.contains(&Effect::Drift(DriftEffect::Load(state.drift.place.clone().expect("place")))));
    update(&mut state, Action::Drift(DriftAction::Loaded(Ok(Some(saved())))));
    assert_eq!((state.screen, state.drift.phase), (Screen::Drift, Phase::Ready));
    assert_eq!(state.drift.findings()[0].kind, FindingKind::ShippedButUncaptured, "high first");
    let effects = press(&mut state, KeyCode::Enter);
    assert!(matches!(&effects[..], [Effect::LoadOrder { id, .. }] if id == "order_test_1"), "{effects:?}");
    assert_eq!(state.screen, Screen::Details);
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.screen, Screen::Drift, "back where it came from");
    // A finding with no Smartpay order opens nothing and says so.
    press(&mut state, KeyCode::Down);
    assert!(press(&mut state, KeyCode::Enter).iter().all(|e| !matches!(e, Effect::LoadOrder { .. })));
    assert!(state.toast.as_ref().is_some_and(|t| t.text.contains("no Smartpay order")));
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.screen, Screen::List);
    press(&mut state, KeyCode::Char('D'));
    assert_eq!(state.screen, Screen::Drift);
}

#[test]
fn a_damaged_file_is_a_sentence_and_no_findings() {
    let mut state = state();
    update(&mut state, Action::Start(80, 24));
    update(
        &mut state,
        Action::Drift(DriftAction::Loaded(Err("The saved findings are ignored: it is damaged.".into()))),
    );
    assert_eq!(state.screen, Screen::List, "nothing to show: the console opens as usual");
    assert!(state.drift.saved.is_none() && state.drift.error.as_deref().is_some_and(|e| e.contains("damaged")));
}

#[test]
fn the_fix_is_prefilled_only_while_the_order_is_unchanged_and_never_sent() {
    let mut state = state();
    update(&mut state, Action::Start(80, 24));
    update(&mut state, Action::Drift(DriftAction::Loaded(Ok(Some(saved())))));
    press(&mut state, KeyCode::Enter);
    loaded(&mut state, order());
    let effects = press(&mut state, KeyCode::Char('a'));
    assert!(effects.iter().all(|e| !matches!(e, Effect::Execute { .. })), "nothing is sent");
    let modal = state.modal.as_ref().expect("Payment Actions open");
    assert_eq!((modal.kind, modal.amount.value()), (ActionKind::Capture, "2,000"));
    state.modal = None;
    // The order changed since the finding: no prefill.
    loaded(&mut state, order_of(6000));
    press(&mut state, KeyCode::Char('a'));
    let modal = state.modal.as_ref().expect("Payment Actions open");
    assert_ne!(modal.amount.value(), "2,000");
    assert!(state.toast.as_ref().is_some_and(|t| t.text.starts_with("Not prefilled")));
}

#[test]
fn shop_on_the_console_reconciles_first_then_loads() {
    let mut state = state();
    state.drift.job_waiting = true;
    let effects = update(&mut state, Action::Start(80, 24));
    assert!(effects.contains(&Effect::Drift(DriftEffect::Reconcile)));
    assert_eq!((state.screen, state.drift.phase), (Screen::Drift, Phase::Reconciling));
    // The list still loads meanwhile, and keys still work.
    assert!(effects.iter().any(|e| matches!(e, Effect::FetchRows { .. })));
    let effects = update(&mut state, Action::Drift(DriftAction::Reconciled(Ok(()))));
    assert!(matches!(&effects[..], [Effect::Drift(DriftEffect::Load(_))]));
    update(&mut state, Action::Drift(DriftAction::Reconciled(Err("shop.csv: line 2: bad.".into()))));
    assert!(state.drift.error.as_deref().is_some_and(|e| e.starts_with("The comparison failed: shop.csv")));
}

fn screen(state: &State) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|frame| crate::views::draw(frame, state)).expect("draw");
    crate::testing::buffer_text(terminal.backend().buffer())
}

#[test]
fn the_details_say_whether_the_finding_still_holds_after_the_re_read() {
    let mut state = state();
    update(&mut state, Action::Start(80, 24));
    update(&mut state, Action::Drift(DriftAction::Loaded(Ok(Some(saved())))));
    let list = screen(&state);
    assert!(list.contains("2 findings") && list.contains("found 3 h ago"), "{list}");
    assert!(list.contains("shipped-but-uncaptured") && list.contains("capture order_test_1 2,000"), "{list}");
    press(&mut state, KeyCode::Enter);
    assert!(screen(&state).contains("Re-reading the order"), "not current before the re-read");
    loaded(&mut state, order());
    assert!(screen(&state).contains("Confirmed: the order is unchanged"));
    loaded(&mut state, order_of(6000));
    assert!(screen(&state).contains("The order changed since this finding"));
}

#[test]
fn reconciling_is_said_while_the_list_stays_usable() {
    let mut state = state();
    state.drift.job_waiting = true;
    state.drift.shop = "shop.csv".into();
    update(&mut state, Action::Start(80, 24));
    assert!(screen(&state).contains("Reconciling shop.csv"));
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.screen, Screen::List, "the keys work meanwhile");
}
