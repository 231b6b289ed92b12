//! One rule path, three drivers: the same random sequences of capture, refund and void go to
//! the order file (`LocalStore::execute`), the TUI's Payment Actions form (`form::check`, then
//! the domain's `apply`) and the sandbox (through the online console, so the sandbox's own
//! rules decide whether each request is done). After every step all three agree on whether it
//! was done and on the order's figures.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{Sandbox, automatic_order, manual_order};
use proptest::prelude::*;
use smartpay_console::backend::ids::new_idempotency_key;
use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::backend::{OperationRequest, OrderOperator, OrderReader};
use smartpay_console::domain::rules::{self, IdSource, Stamp};
use smartpay_console::domain::time::now_millis;
use smartpay_console::domain::{Order, RefundReason, Summary};
use smartpay_console::online::OnlineBackend;
use smartpay_console::tui::form;
use smartpay_console::tui::state::{ActionKind, ActionsModal, Field, Stage};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use tui_input::Input;

/// How many cases run; the sandbox holds one fresh order for each.
const CASES: usize = 16;

#[derive(Debug, Clone)]
enum Step {
    /// A capture of this per mille of the order's amount (over 1000: more than it holds).
    Capture(i64),
    /// A refund of this per mille of the order's amount.
    Refund(i64),
    Void,
    /// An amount an operator might type that is no amount at all (zero).
    Zero,
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let share = 1i64..=1100;
    let step = prop_oneof![
        4 => share.clone().prop_map(Step::Capture),
        4 => share.prop_map(Step::Refund),
        1 => Just(Step::Void),
        1 => Just(Step::Zero),
    ];
    prop::collection::vec(step, 1..8)
}

/// The orders of every case: manual and waiting, or automatic and captured (refunds only).
fn seeded() -> &'static Vec<Order> {
    static ORDERS: OnceLock<Vec<Order>> = OnceLock::new();
    ORDERS.get_or_init(|| {
        (0..CASES)
            .map(|i| {
                let amount = 1_000 + 1_237 * i as i64;
                let suffix = format!("Diff{i:02}");
                if i % 4 == 3 { automatic_order(&suffix, amount) } else { manual_order(&suffix, amount) }
            })
            .collect()
    })
}

/// The operation a step asks for, on an order of `amount`.
fn operation(step: &Step, amount: i64) -> smartpay_console::domain::Operation {
    use smartpay_console::domain::Operation;
    let share = |per_mille: i64| (amount * per_mille / 1000).max(1);
    match step {
        Step::Capture(p) => Operation::Capture { amount: share(*p) },
        Step::Refund(p) => Operation::Refund { amount: share(*p), reason: RefundReason::RequestedByCustomer },
        Step::Void => Operation::Void,
        Step::Zero => Operation::Capture { amount: 0 },
    }
}

/// The form as an operator fills it in for `op`: the action, and the amount typed.
fn typed(order: &Order, op: &smartpay_console::domain::Operation) -> ActionsModal {
    use smartpay_console::domain::Operation;
    let (kind, amount) = match op {
        Operation::Capture { amount } => (ActionKind::Capture, Some(*amount)),
        Operation::Refund { amount, .. } => (ActionKind::Refund, Some(*amount)),
        Operation::Void => (ActionKind::Void, None),
    };
    ActionsModal {
        order_id: order.id.clone(),
        kind,
        focus: Field::Amount,
        amount: Input::new(amount.map(|a| a.to_string()).unwrap_or_default()),
        pristine: false,
        reason: RefundReason::RequestedByCustomer,
        stage: Stage::Form,
        error: None,
    }
}

struct Counter(u32);
impl IdSource for Counter {
    fn payment_id(&mut self) -> String {
        self.0 += 1;
        format!("payment_test_F{}", self.0)
    }
    fn refund_id(&mut self) -> String {
        self.0 += 1;
        format!("refund_test_F{}", self.0)
    }
}

/// The figures that must agree (the time-free ones: the three drivers' clocks differ by
/// milliseconds, and no order here is near its deadline).
fn figures(summary: Summary) -> (i64, i64, Option<i64>, i64, i64, Option<i64>) {
    (summary.authorized, summary.captured, summary.refunded, summary.canceled, summary.capturable, summary.refundable)
}

/// The cases share one sandbox, owned by the test so that it is stopped when the test ends (a
/// sandbox in a `static` is never dropped: its process outlived every run of the tests).
#[test]
fn the_store_the_tui_form_and_the_sandbox_agree_step_by_step() {
    let sandbox = Sandbox::start(seeded(), 0, 0, 0.0);
    let config = ProptestConfig { cases: CASES as u32, failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    if let Err(failure) = runner.run(&steps(), |steps| agree_step_by_step(&sandbox, &steps)) {
        panic!("{failure}");
    }
}

fn agree_step_by_step(sandbox: &Sandbox, steps: &[Step]) -> Result<(), TestCaseError> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let Some(start) = seeded().get(NEXT.fetch_add(1, Ordering::SeqCst)).cloned() else {
        return Ok(()); // shrinking re-runs a case: every order has been used
    };
    let id = start.id.clone();
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    store.insert_orders(std::slice::from_ref(&start)).expect("insert");
    let settings = online_support::settings(dir.path(), &sandbox.url);
    let online = OnlineBackend::open(&sandbox.url, &settings, false).expect("online");
    let mut form_order = start.clone();
    let mut ids = Counter(0);
    for step in steps {
        let now = now_millis();
        let op = operation(step, start.amount());
        let request = OperationRequest {
            operation: op.clone(),
            operator: Some("prop".into()),
            idempotency_key: new_idempotency_key(),
        };
        // The TUI form: what the operator typed, checked as the form checks it.
        let by_form = form::check(&typed(&form_order, &op), &form_order, now);
        if let Ok((_, plan)) = &by_form {
            let stamp = Stamp { now, operator: Some("prop".into()), idempotency_key: None };
            rules::apply(&mut form_order, plan, &stamp, &mut ids);
        }
        let by_store = store.execute(&id, &request).expect("the store answers");
        let by_sandbox = online.execute(&id, &request).expect("the sandbox answers");
        let done = [by_form.is_ok(), by_store.rule_refusal.is_none(), by_sandbox.rule_refusal.is_none()];
        prop_assert!(done.iter().all(|d| *d == done[0]), "{op:?}: done by form, store, sandbox = {done:?}");
        prop_assert_eq!(by_store.moved(), by_sandbox.moved(), "{:?}: what moved", op);
        prop_assert_eq!(by_store.exit_code(), by_sandbox.exit_code(), "{:?}: the exit status", op);
        if let Ok((_, plan)) = &by_form {
            prop_assert_eq!(plan.amount(), by_store.moved(), "{:?}: the form's plan moves what the store moved", op);
        }
        let after = now_millis();
        let stored = figures(store.get(&id).expect("stored").summary(after));
        let formed = figures(form_order.summary(after));
        let sandboxed = figures(online.get(&id).expect("read from the sandbox").summary(after));
        prop_assert_eq!(stored, formed, "{:?}: store vs form", op);
        prop_assert_eq!(stored, sandboxed, "{:?}: store vs sandbox", op);
    }
    Ok(())
}
