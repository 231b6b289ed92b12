//! The money paths of online mode against the scripted fake API: what each outcome says moved
//! is what the API holds, the journal records exactly which parts were done, and no replay
//! ever moves money twice.

use super::fake_api::{FakeApi, RefundShape, Step};
use super::rig::Rig;
use crate::domain::rules::Plan;
use crate::domain::time::now_millis;
use crate::domain::{Operation, Order, Payment, RefundReason};
use crate::journal::{EntryState, JournalEntry, fail_writes};
use crate::store::{BackendError, OperationRequest, Outcome, PartResult, Verdict};

const ORDER: &str = "order_test_fake";
const MINUTE: i64 = 60_000;

/// A manual order of ¥1,000 with three captures (¥300, ¥200, ¥100, oldest first) and ¥400
/// still capturable: a ¥600 refund splits into three parts, newest payment first.
fn order() -> Order {
    let now = now_millis();
    let payment =
        |n: i64, amount: i64| Payment::new(format!("payment_test_{n}"), amount, now - (60 - n * 10) * MINUTE, vec![]);
    let mut order = Order::awaiting_capture(ORDER, 1000, now - 60 * MINUTE);
    order.reference = "SO-fake".into();
    order.with_payments(vec![payment(1, 300), payment(2, 200), payment(3, 100)]).expect("¥600 of ¥1,000")
}

fn rig(script: &[Step]) -> Rig {
    fail_writes(false);
    Rig::new(FakeApi::new(order(), script))
}

fn request(operation: Operation, key: &str) -> OperationRequest {
    OperationRequest { operation, operator: Some("suzuki".into()), idempotency_key: key.into() }
}

fn refund(amount: i64, key: &str) -> OperationRequest {
    request(Operation::Refund { amount, reason: RefundReason::RequestedByCustomer }, key)
}

fn run(rig: &Rig, request: &OperationRequest) -> Outcome {
    rig.inner.execute(ORDER, request).expect("an outcome")
}

/// What the fake API holds as refunded.
fn refunded(api: &FakeApi) -> i64 {
    api.order().payments().iter().map(Payment::refunded).sum()
}

#[test]
fn a_refusal_on_part_two_of_three_is_partly_done_and_the_journal_says_which_parts_moved() {
    let rig = rig(&[Step::Succeed, Step::Refuse]);
    let outcome = run(&rig, &refund(600, "k1"));
    assert_eq!((outcome.verdict(), outcome.exit_code()), (Verdict::PartlyDone, 5));
    assert_eq!((outcome.requested, outcome.moved()), (600, 100), "what moved is the done part only");
    assert_eq!(refunded(&rig.api), 100, "the API holds what the outcome says");
    let results: Vec<_> = outcome.parts.iter().map(|p| (p.payment.as_deref(), p.amount, p.result)).collect();
    assert_eq!(
        results,
        [
            (Some("payment_test_3"), 100, PartResult::Done),
            (Some("payment_test_2"), 200, PartResult::Refused),
            (Some("payment_test_1"), 300, PartResult::Refused),
        ]
    );
    assert_eq!(rig.api.requests(), 2, "nothing is sent after a refused part");
    let entry = rig.inner.journal.get("k1").expect("read").expect("journaled");
    assert_eq!(entry.state, EntryState::PartlyDone);
    let journaled: Vec<_> = entry.parts.iter().map(|p| p.result).collect();
    assert_eq!(journaled, [PartResult::Done, PartResult::Refused, PartResult::Refused]);
    assert_eq!(entry.created, outcome.created());

    // The history, merged from the journal, names who made the part that moved and its key.
    let order = outcome.order.expect("read afresh");
    let done = order.history.iter().find(|h| h.object_id == outcome.parts[0].id).expect("the done refund");
    assert_eq!((done.operator.as_deref(), done.idempotency_key.as_deref()), (Some("suzuki"), Some("k1.1")));

    let again = run(&rig, &refund(600, "k1"));
    assert!(again.replayed);
    assert_eq!((again.exit_code(), again.moved(), rig.api.applied()), (5, 100, 1), "a retry is never Done in full");
}

#[test]
fn refuse_drop_or_timeout_at_every_request_of_a_three_part_refund_never_moves_money_twice() {
    let amounts = [100, 200, 300];
    for index in 0..3 {
        for step in [Step::Refuse, Step::Drop, Step::Timeout] {
            let case = format!("{step:?} at request {}", index + 1);
            let mut script = vec![Step::Succeed; index];
            script.push(step);
            let rig = rig(&script);
            let first = run(&rig, &refund(600, "k"));
            let before: i64 = amounts[..index].iter().sum();
            let expected = match step {
                Step::Refuse if index == 0 => 3,
                Step::Refuse => 5,
                _ => 4,
            };
            assert_eq!(first.exit_code(), expected, "{case}");
            assert_eq!(first.moved(), before, "{case}: only confirmed parts count as moved");
            let lost = if step == Step::Drop { amounts[index] } else { 0 };
            assert_eq!(refunded(&rig.api), before + lost, "{case}");

            // The same key again, with the API answering: settled, never doubled.
            rig.api.set_script(&[]);
            let second = run(&rig, &refund(600, "k"));
            assert!(second.replayed, "{case}");
            if step == Step::Refuse {
                assert_eq!((second.exit_code(), second.moved()), (expected, before), "{case}: the first result");
                assert_eq!(rig.api.requests(), 0, "{case}: a settled key sends nothing");
            } else {
                assert_eq!((second.exit_code(), second.moved()), (0, 600), "{case}");
                assert_eq!(rig.api.applied(), 3, "{case}: each part made once");
            }
            assert_eq!(refunded(&rig.api), second.moved(), "{case}");
        }
    }
}

#[test]
fn a_failed_re_read_after_the_money_moved_is_a_warning_not_an_error() {
    let rig = rig(&[Step::SucceedThenFailReads]);
    let outcome = run(&rig, &request(Operation::Capture { amount: 400 }, "cap"));
    assert_eq!((outcome.exit_code(), outcome.moved()), (0, 400));
    assert!(outcome.order.is_none(), "stale figures are never shown as current");
    assert!(outcome.warnings.iter().any(|w| w.contains("figures may be stale")), "{:?}", outcome.warnings);
}

#[test]
fn a_2xx_answer_that_cannot_be_read_means_the_money_moved_and_the_entry_is_closed_done() {
    let rig = rig(&[Step::SucceedUnreadable]);
    let outcome = run(&rig, &request(Operation::Capture { amount: 400 }, "cap"));
    assert_eq!((outcome.exit_code(), outcome.moved(), rig.api.applied()), (0, 400, 1));
    assert!(outcome.warnings.iter().any(|w| w.contains("its id is unknown")), "{:?}", outcome.warnings);
    let entry = rig.inner.journal.get("cap").expect("read").expect("journaled");
    assert_eq!(entry.state, EntryState::Done);
    let order = outcome.order.expect("the order is re-read");
    assert_eq!(order.summary(now_millis()).capturable, 0);
}

#[test]
fn a_journal_that_cannot_close_after_the_money_moved_is_a_warning_not_an_error() {
    let rig = rig(&[Step::SucceedThenBreakJournal]);
    let outcome = run(&rig, &request(Operation::Capture { amount: 250 }, "cap"));
    fail_writes(false);
    assert_eq!((outcome.exit_code(), outcome.moved()), (0, 250));
    assert!(outcome.warnings.iter().any(|w| w.contains("journal could not record")), "{:?}", outcome.warnings);
    let entry = rig.inner.journal.get("cap").expect("read").expect("journaled");
    assert_eq!(entry.state, EntryState::Open, "settled again under the same key next time");
    let again = run(&rig, &request(Operation::Capture { amount: 250 }, "cap"));
    assert_eq!((again.exit_code(), rig.api.applied()), (0, 1), "the replay moves nothing more");
}

fn open_capture(key: &str, amount: i64) -> JournalEntry {
    let (operation, plan) = (Operation::Capture { amount }, Plan::Capture { amount });
    JournalEntry::new_open(key, ORDER, operation, plan, "JPY", Some("tanaka".into()), now_millis())
}

#[test]
fn an_open_entry_on_the_order_is_resolved_first_and_the_new_operation_is_not_sent() {
    let rig = rig(&[]);
    rig.inner.journal.begin(&open_capture("old", 100)).expect("journal");
    let outcome = run(&rig, &refund(50, "new"));
    let resolved = outcome.resolved.clone().expect("resolved first");
    assert_eq!((resolved.key.as_str(), resolved.result), ("old", PartResult::Done));
    assert_eq!((outcome.exit_code(), outcome.moved()), (3, 0));
    assert_eq!((rig.api.requests(), refunded(&rig.api)), (1, 0), "only the earlier capture was replayed");
    assert!(rig.inner.journal.get("new").expect("read").is_none(), "the new key is not spent");

    let rerun = run(&rig, &refund(50, "new"));
    assert_eq!((rerun.exit_code(), rerun.moved(), refunded(&rig.api)), (0, 50, 50), "re-run when still wanted");
}

#[test]
fn an_entry_settled_as_done_by_the_start_up_replay_still_stops_a_blind_re_run() {
    // Exit 4 left a capture open; the next command's start-up replay finds it was done.
    let rig = rig(&[]);
    rig.inner.journal.begin(&open_capture("lost", 100)).expect("journal");
    assert_eq!(rig.inner.resolve_open(), 1);
    let unreported = |key: &str| rig.inner.journal.get(key).expect("read").expect("journaled").unreported;
    assert!(unreported("lost"), "kept in the journal file, so any console on this host reports it");
    let rerun = run(&rig, &request(Operation::Capture { amount: 100 }, "blind"));
    let resolved = rerun.resolved.clone().expect("the earlier capture is reported");
    assert_eq!((resolved.key.as_str(), resolved.result), ("lost", PartResult::Done));
    assert_eq!((rerun.exit_code(), rerun.moved(), rig.api.applied()), (3, 0, 1), "captured once, not twice");
    assert!(rig.inner.journal.get("blind").expect("read").is_none(), "the new key is not spent");
    assert!(!unreported("lost"), "reported once");

    let wanted = run(&rig, &request(Operation::Capture { amount: 100 }, "blind"));
    assert_eq!((wanted.exit_code(), rig.api.applied()), (0, 2), "once reported, a re-run is a decision");
}

#[test]
fn an_open_entry_that_stays_unknown_blocks_the_new_operation_with_exit_4() {
    let rig = rig(&[Step::Timeout]);
    rig.inner.journal.begin(&open_capture("old", 100)).expect("journal");
    let outcome = run(&rig, &refund(50, "new"));
    assert_eq!(outcome.resolved.as_ref().map(|r| r.result), Some(PartResult::Unknown));
    assert_eq!((outcome.exit_code(), rig.api.applied(), refunded(&rig.api)), (4, 0, 0));
}

#[test]
fn a_refused_key_is_spent_and_the_same_key_for_another_amount_is_a_usage_error() {
    let rig = rig(&[]);
    let over = request(Operation::Capture { amount: 5000 }, "spent");
    let first = run(&rig, &over);
    assert_eq!((first.exit_code(), rig.api.requests()), (3, 0), "refused by a rule: nothing sent");
    let again = run(&rig, &over);
    assert!(again.replayed);
    assert_eq!(again.exit_code(), 3, "the refusal is the first result");
    let other = rig.inner.execute(ORDER, &request(Operation::Capture { amount: 100 }, "spent"));
    let err = other.expect_err("another amount under a spent key");
    assert!(matches!(err, BackendError::KeyReused { .. }) && err.exit_code() == 2, "{err}");
    assert_eq!(rig.api.requests(), 0);
}

#[test]
fn a_refund_whose_answer_was_lost_is_found_by_its_metadata_once_the_key_window_has_passed() {
    let rig = rig(&[Step::Drop]);
    let lost = run(&rig, &refund(100, "k-lost"));
    assert_eq!(lost.exit_code(), 4, "the answer was lost: unknown");
    assert_eq!((rig.api.applied(), refunded(&rig.api)), (1, 100), "yet the refund happened");

    // Seven hours later Smartpay has forgotten the key: a replay could refund twice.
    rig.inner.clock_offset_ms.store(7 * 60 * MINUTE, std::sync::atomic::Ordering::SeqCst);
    rig.api.set_script(&[]);
    assert_eq!(rig.inner.resolve_open(), 1, "settled without a person");
    assert_eq!(rig.api.requests(), 0, "no money request was sent again");
    assert_eq!((rig.api.applied(), refunded(&rig.api)), (1, 100), "exactly one refund");
    let entry = rig.inner.journal.get("k-lost").expect("read").expect("journaled");
    assert_eq!(entry.state, EntryState::Done);
    let refund_id = rig.api.order().payments()[2].refunds()[0].id().to_string();
    assert_eq!(entry.created, [refund_id]);
    assert!(entry.note.as_deref().is_some_and(|n| n.contains("metadata")), "{:?}", entry.note);
}

#[test]
fn past_the_key_window_an_operation_that_left_no_trace_is_left_for_a_person() {
    let rig = rig(&[Step::Timeout]);
    assert_eq!(run(&rig, &refund(100, "k-gone")).exit_code(), 4);
    rig.inner.clock_offset_ms.store(7 * 60 * MINUTE, std::sync::atomic::Ordering::SeqCst);
    rig.api.set_script(&[]);
    assert_eq!(rig.inner.resolve_open(), 0);
    assert_eq!((rig.api.requests(), rig.api.applied()), (0, 0), "never replayed past the window");
    let entry = rig.inner.journal.get("k-gone").expect("read").expect("journaled");
    assert_eq!(entry.state, EntryState::Open, "shown as needing a person");
}

#[test]
fn past_the_key_window_a_refund_is_found_by_its_metadata_in_every_refund_shape() {
    for shape in [RefundShape::Ids, RefundShape::AbsentOnOrders, RefundShape::AbsentEverywhere] {
        let rig = rig(&[Step::Drop]);
        assert_eq!(run(&rig, &refund(100, "k-shape")).exit_code(), 4, "{shape:?}: the answer was lost");
        rig.api.set_shape(shape);
        rig.inner.clock_offset_ms.store(7 * 60 * MINUTE, std::sync::atomic::Ordering::SeqCst);
        rig.api.set_script(&[]);
        assert_eq!(rig.inner.resolve_open(), 1, "{shape:?}: settled without a person");
        assert_eq!((rig.api.requests(), rig.api.applied()), (0, 1), "{shape:?}: never sent again");
        let entry = rig.inner.journal.get("k-shape").expect("read").expect("journaled");
        assert_eq!(entry.state, EntryState::Done, "{shape:?}");
        assert_eq!(entry.created, [rig.api.order().payments()[2].refunds()[0].id().to_string()], "{shape:?}");
    }
}

#[test]
fn each_operation_says_done_refused_by_the_api_or_refused_by_the_rules_before_sending() {
    let capture = |amount| request(Operation::Capture { amount }, "kc");
    let void = || request(Operation::Void, "kv");
    let cases: Vec<(&str, OperationRequest, i64)> =
        vec![("capture", capture(250), 250), ("void", void(), 400), ("refund", refund(100, "kr"), 100)];
    for (name, asked, amount) in cases {
        let done = rig(&[Step::Succeed]);
        let outcome = run(&done, &asked);
        assert_eq!((outcome.verdict(), outcome.exit_code()), (Verdict::Done, 0), "{name}");
        assert_eq!(outcome.moved(), amount, "{name}: what moved");
        assert_eq!(done.api.applied(), 1, "{name}: the API did it once");
        let entry = done.inner.journal.get(&asked.idempotency_key).expect("read").expect("journaled");
        assert_eq!(entry.state, EntryState::Done, "{name}");

        let refused = rig(&[Step::Refuse]);
        let outcome = run(&refused, &asked);
        assert_eq!((outcome.verdict(), outcome.exit_code(), outcome.moved()), (Verdict::Refused, 3, 0), "{name}");
        assert_eq!(refused.api.applied(), 0, "{name}: nothing moved at the API");
        assert!(outcome.rule_refusal.is_none(), "{name}: the API refused, not a rule");
    }
    // Over the limit: the domain refuses before anything is sent or journaled.
    let over = rig(&[Step::Succeed]);
    let outcome = run(&over, &request(Operation::Capture { amount: 401 }, "ko"));
    assert_eq!((outcome.verdict(), outcome.exit_code(), outcome.moved()), (Verdict::Refused, 3, 0));
    assert!(outcome.rule_refusal.is_some(), "the rule's sentence");
    assert_eq!(over.api.requests(), 0, "a rule refusal sends nothing");
}

#[test]
fn an_answer_lost_after_the_money_moved_is_settled_by_replaying_the_same_key() {
    let rig = rig(&[Step::Drop]);
    let first = run(&rig, &request(Operation::Capture { amount: 250 }, "kd"));
    // Either the replay at once found it done, or it stays unknown (exit 4) until replayed.
    match first.verdict() {
        Verdict::Done => assert_eq!(first.moved(), 250),
        Verdict::Unknown => assert_eq!(first.exit_code(), 4),
        other => panic!("a dropped answer is done or unknown, never {other:?}"),
    }
    let again = run(&rig, &request(Operation::Capture { amount: 250 }, "kd"));
    assert_eq!((again.verdict(), again.moved()), (Verdict::Done, 250), "the key's replay says done");
    assert_eq!(rig.api.applied(), 1, "moved once, whatever was asked again");
}
