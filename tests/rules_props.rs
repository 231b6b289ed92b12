//! Property tests of the payment rules: random sequences of capture, refund, void and the passing
//! of time on random orders, first through the pure domain (`validate` + `apply` + `expire`), then
//! through `LocalStore::execute` on a real redb file. After every step the money adds up, and a
//! refused operation changes nothing.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::backend::smartpay::wire::derived_history;
use smartpay_console::backend::{ListQuery, OperationRequest, OrderOperator, OrderReader, OrderRow};
use smartpay_console::domain::rules::{self, IdSource, Stamp};
use smartpay_console::domain::{
    CaptureMethod, HistoryKind, Millis, Operation, Order, OrderStatus, Payment, RefundReason,
};
use std::cell::Cell;

const START: Millis = 1_764_000_000_000;
const HOUR: Millis = 3_600_000;

#[derive(Debug, Clone)]
enum Step {
    Capture(i64),
    Refund(i64),
    Void,
    /// Let this many hours pass.
    Wait(i64),
}

fn step(amount: i64) -> impl Strategy<Value = Step> {
    // Amounts around the order's own size, so both allowed and refused operations are common.
    let a = -2i64..=amount + amount / 5 + 2;
    prop_oneof![
        4 => a.clone().prop_map(Step::Capture),
        4 => a.prop_map(Step::Refund),
        1 => Just(Step::Void),
        2 => (1i64..=72).prop_map(Step::Wait),
    ]
}

/// A random order as an operator meets it: manual and waiting (maybe partly captured already),
/// automatic and captured, or in a state that allows nothing but refunds or nothing at all.
fn order_and_steps() -> impl Strategy<Value = (Order, Vec<Step>)> {
    (1i64..=50_000, 0u8..6, 0i64..=100, 0i64..=170).prop_flat_map(|(amount, kind, pre_pct, age_h)| {
        let created_at = START - age_h * HOUR;
        let mut order = Order::awaiting_capture("order_test_Prop0001", amount, created_at);
        order.reference = "SO-PROP".into();
        let pre = amount * pre_pct / 100;
        match kind {
            // Manual, waiting; maybe partly captured (never wholly: then it would have succeeded).
            0..=2 if pre > 0 && pre < amount => {
                order
                    .set_payments(vec![payment("payment_test_Pre1", pre, created_at + HOUR)])
                    .expect("within the order");
            }
            0..=2 => {}
            3 => {
                order.capture_method = CaptureMethod::Automatic;
                order.status = OrderStatus::Succeeded;
                order
                    .set_payments(vec![payment("payment_test_Auto1", amount, created_at + 1)])
                    .expect("the whole order");
            }
            4 => order.status = OrderStatus::Rejected,
            _ => order.status = OrderStatus::Other("on_hold".into()),
        }
        order.history = derived_history(&order, None, START);
        (Just(order), prop::collection::vec(step(amount), 1..14))
    })
}

fn payment(id: &str, amount: i64, at: Millis) -> Payment {
    Payment::new(id, amount, at, vec![])
}

struct Counter(u32);
impl IdSource for Counter {
    fn payment_id(&mut self) -> String {
        self.0 += 1;
        format!("payment_test_P{}", self.0)
    }
    fn refund_id(&mut self) -> String {
        self.0 += 1;
        format!("refund_test_R{}", self.0)
    }
}

fn operation(step: &Step) -> Option<Operation> {
    match step {
        Step::Capture(a) => Some(Operation::Capture { amount: *a }),
        Step::Refund(a) => Some(Operation::Refund { amount: *a, reason: RefundReason::RequestedByCustomer }),
        Step::Void => Some(Operation::Void),
        Step::Wait(_) => None,
    }
}

/// What the payment rules (the README's first list, `src/domain/rules.rs`) say about `op` on
/// `order` at `now`, worked out independently.
fn allowed(order: &Order, op: &Operation, now: Millis) -> bool {
    let open = order.capture_method == CaptureMethod::Manual
        && order.status == OrderStatus::RequiresCapture
        && order.expires_at.is_none_or(|d| now < d);
    match op {
        Operation::Capture { amount } => open && *amount > 0 && *amount <= order.amount() - order.captured(),
        Operation::Refund { amount, .. } => *amount > 0 && *amount <= order.captured() - order.refunded(),
        Operation::Void => open,
    }
}

/// The money adds up, and the history says how it got there.
fn check_invariants(order: &Order, now: Millis) -> Result<(), TestCaseError> {
    let s = order.summary(now);
    prop_assert!(s.captured <= order.amount(), "captured {} > amount {}", s.captured, order.amount());
    prop_assert!(s.complete, "every refund is known");
    let refunded = s.refunded.unwrap_or(i64::MAX);
    prop_assert!(refunded <= s.captured, "refunded {} > captured {}", refunded, s.captured);
    for p in order.payments() {
        prop_assert!(p.refunded() <= p.amount(), "payment {} refunded {} of {}", p.id(), p.refunded(), p.amount());
        prop_assert!(p.refunds().iter().all(|r| r.amount() > 0), "a refund of nothing");
    }
    let sum = |kinds: &[HistoryKind]| -> i64 {
        order.history.iter().filter(|h| kinds.contains(&h.kind)).map(|h| h.amount).sum()
    };
    prop_assert_eq!(sum(&[HistoryKind::Capture]), s.captured, "capture entries vs captured");
    prop_assert_eq!(sum(&[HistoryKind::Refund]), refunded, "refund entries vs refunded");
    prop_assert_eq!(sum(&[HistoryKind::Void, HistoryKind::Expiry]), s.canceled, "void + expiry entries vs canceled");
    if !matches!(order.status, OrderStatus::Other(_)) {
        // An unknown status is not known to have lost or kept its remainder.
        prop_assert_eq!(s.captured + s.capturable + s.canceled, s.authorized, "authorized splits three ways");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn domain_rules_never_overshoot_and_history_adds_up((start, steps) in order_and_steps()) {
        let mut order = start;
        let mut now = START;
        let mut ids = Counter(0);
        rules::expire(&mut order, now);
        check_invariants(&order, now)?;
        for step in &steps {
            if let Step::Wait(hours) = step {
                now += hours * HOUR;
            }
            rules::expire(&mut order, now);
            check_invariants(&order, now)?;
            let Some(op) = operation(step) else { continue };
            let before = order.clone();
            match rules::validate(&order, &op, now) {
                Ok(plan) => {
                    prop_assert!(allowed(&order, &op, now), "{op:?} was accepted on {order:?}");
                    prop_assert_eq!(plan.amount(), match op {
                        Operation::Capture { amount } | Operation::Refund { amount, .. } => amount,
                        Operation::Void => order.summary(now).capturable,
                    });
                    let stamp = Stamp { now, operator: Some("prop".into()), idempotency_key: Some(format!("k{now}")) };
                    rules::apply(&mut order, &plan, &stamp, &mut ids);
                }
                Err(refusal) => {
                    prop_assert!(!allowed(&order, &op, now), "{op:?} was refused ({refusal}) on {order:?}");
                    prop_assert_eq!(&order, &before, "a refusal changed the order");
                    prop_assert!(refusal.to_string().ends_with('.'), "not a sentence: {}", refusal);
                }
            }
            check_invariants(&order, now)?;
        }
    }
}

thread_local! {
    static NOW: Cell<Millis> = const { Cell::new(START) };
}

fn test_clock() -> Millis {
    NOW.with(Cell::get)
}

proptest! {
    // Each case makes a redb file; fewer cases keep the suite fast.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn local_store_never_overshoots_and_refusals_change_nothing((start, steps) in order_and_steps()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("orders.redb");
        NOW.with(|n| n.set(START));
        let store = LocalStore::open_with_clock(&path, OpenMode::CreateIfMissing, test_clock).expect("store opens");
        store.insert_orders(std::slice::from_ref(&start)).expect("order inserted");
        let id = start.id.clone();
        for (i, step) in steps.iter().enumerate() {
            if let Step::Wait(hours) = step {
                NOW.with(|n| n.set(n.get() + hours * HOUR));
            }
            let now = test_clock();
            let Some(op) = operation(step) else { continue };
            // `get` reads the order fresh from the file, every field of it.
            let stored_before = store.get(&id).expect("get before");
            // What the store should do: record a due expiry, then validate.
            let mut expected = stored_before.clone();
            let expires_now = rules::expire(&mut expected, now);
            let verdict = rules::validate(&expected, &op, now);
            let request = OperationRequest {
                operation: op.clone(),
                operator: Some("prop".into()),
                idempotency_key: format!("spc_prop_{i}"),
            };
            let outcome = match store.execute(&id, &request) {
                Ok(outcome) => outcome,
                Err(other) => return Err(TestCaseError::fail(format!("unexpected store error: {other}"))),
            };
            match outcome.rule_refusal.clone() {
                None => {
                    prop_assert!(verdict.is_ok(), "store accepted {op:?} that the rules refuse");
                    prop_assert!(allowed(&expected, &op, now));
                    let moved = verdict.as_ref().map(|p| p.amount()).unwrap_or(0);
                    prop_assert_eq!(outcome.moved(), moved, "the outcome says what moved");
                    prop_assert_eq!(outcome.exit_code(), 0);
                    let Some(order) = outcome.order.as_ref() else {
                        return Err(TestCaseError::fail("a done operation carries the order"));
                    };
                    let s_before = expected.summary(now);
                    let s_after = order.summary(now);
                    match op {
                        Operation::Capture { .. } => prop_assert_eq!(s_after.captured, s_before.captured + moved),
                        Operation::Refund { .. } => prop_assert_eq!(s_after.refunded, s_before.refunded.map(|r| r + moved)),
                        Operation::Void => prop_assert_eq!(s_after.canceled, s_before.canceled + moved),
                    }
                    let last = order.history.last().expect("an entry for the operation");
                    prop_assert_eq!(last.idempotency_key.as_deref(), Some(request.idempotency_key.as_str()));
                    prop_assert_eq!(last.operator.as_deref(), Some("prop"));
                }
                Some(refusal) => {
                    prop_assert_eq!(verdict.err(), Some(refusal));
                    prop_assert_eq!((outcome.moved(), outcome.exit_code()), (0, 3));
                    let after = store.get(&id).expect("get after");
                    // Reading shows a due expiry even before it is written, so both sides
                    // include it; anything else a refusal changed would show here.
                    prop_assert_eq!(&after, &stored_before, "a refusal changed the stored order");
                    prop_assert_eq!(&after, &expected);
                    if expires_now {
                        prop_assert_eq!(after.history.last().map(|h| h.kind), Some(HistoryKind::Expiry));
                    }
                }
            }
            check_invariants(&store.get(&id).expect("get"), now)?;
            let page = store.list(&ListQuery::default()).expect("list");
            prop_assert_eq!(page.total, 1);
            prop_assert_eq!(&page.rows[0], &OrderRow::of(&store.get(&id).expect("get")), "list row in step with the order");
        }
    }
}
