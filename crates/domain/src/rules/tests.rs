use super::*;
use crate::order::fixtures::manual_order;

struct Counter(u32);
impl IdSource for Counter {
    fn payment_id(&mut self) -> String {
        self.0 += 1;
        format!("payment_test_{}", self.0)
    }
    fn refund_id(&mut self) -> String {
        self.0 += 1;
        format!("refund_test_{}", self.0)
    }
}

fn stamp(now: Millis) -> Stamp {
    Stamp { now, operator: Some("tester".into()), idempotency_key: None }
}

fn run(order: &mut Order, op: Operation, now: Millis) -> Result<Vec<String>, Refusal> {
    let plan = validate(order, &op, now)?;
    Ok(apply(order, &plan, &stamp(now), &mut Counter(order.history.len() as u32 * 10)))
}

#[test]
fn two_partial_captures_then_refund_split_newest_first() {
    let mut order = manual_order(10_000, 0);
    run(&mut order, Operation::Capture { amount: 3000 }, 10).expect("first capture");
    run(&mut order, Operation::Capture { amount: 2000 }, 20).expect("second capture");
    let plan = validate(&order, &Operation::Refund { amount: 2500, reason: RefundReason::RequestedByCustomer }, 30)
        .expect("refund allowed");
    let Plan::Refund { parts, .. } = &plan else { panic!("refund plan") };
    let amounts: Vec<i64> = parts.iter().map(|p| p.amount).collect();
    assert_eq!(amounts, vec![2000, 500], "newest payment (2000) is refunded first");
    assert_eq!(parts[0].payment_id, order.payments[1].id);
}

#[test]
fn capture_over_the_limit_names_both_amounts() {
    let order = manual_order(5000, 0);
    let err = validate(&order, &Operation::Capture { amount: 6000 }, 1).expect_err("over limit");
    assert_eq!(err.to_string(), "¥6,000 is more than the ¥5,000 that can still be captured on this order.");
}

#[test]
fn automatic_capture_cannot_be_voided() {
    let mut order = manual_order(5000, 0);
    order.capture_method = CaptureMethod::Automatic;
    let err = validate(&order, &Operation::Void, 1).expect_err("automatic");
    assert_eq!(err.short_reason(), "automatic capture: refund instead");
}

#[test]
fn void_after_partial_capture_succeeds_the_order() {
    let mut order = manual_order(5000, 0);
    run(&mut order, Operation::Capture { amount: 1000 }, 1).expect("capture");
    run(&mut order, Operation::Void, 2).expect("void");
    assert_eq!(order.status, OrderStatus::Succeeded);
    assert_eq!(order.summary(3).canceled, 4000);
}

#[test]
fn a_payment_refund_is_limited_by_that_payment_alone() {
    let mut order = manual_order(10_000, 0);
    run(&mut order, Operation::Capture { amount: 3000 }, 10).expect("first capture");
    run(&mut order, Operation::Capture { amount: 2000 }, 20).expect("second capture");
    let first = order.payments[0].id.clone();
    let reason = RefundReason::RequestedByCustomer;
    let whole = validate_payment_refund(&order, &first, None, reason, 30).expect("the rest of the payment");
    assert_eq!(whole.amount(), 3000, "without an amount: what is left of that payment, not of the order");
    let over = validate_payment_refund(&order, &first, Some(3500), reason, 30).expect_err("over the payment");
    assert!(matches!(over, Refusal::RefundExceeds { .. }), "{over:?}");
}

#[test]
fn a_void_releases_the_uncaptured_remainder_the_summary_and_expiry_agree_on() {
    let mut order = manual_order(5000, 0);
    run(&mut order, Operation::Capture { amount: 1200 }, 1).expect("capture");
    assert_eq!(max_void(&order, 2), Ok(3800));
    let mut expired = order.clone();
    run(&mut order, Operation::Void, 2).expect("void");
    assert_eq!(order.history.last().map(|h| h.amount), Some(3800));
    assert_eq!(order.summary(3).canceled, 3800);
    assert!(expire(&mut expired, crate::order::CAPTURE_WINDOW_MS));
    assert_eq!(expired.history.last().map(|h| h.amount), Some(3800));
}

#[test]
fn expiry_is_recorded_and_blocks_capture() {
    let mut order = manual_order(5000, 0);
    let late = crate::order::CAPTURE_WINDOW_MS + 5;
    assert!(matches!(validate(&order, &Operation::Capture { amount: 1 }, late), Err(Refusal::DeadlinePassed { .. })));
    assert!(expire(&mut order, late));
    assert_eq!(order.status, OrderStatus::Canceled);
    assert_eq!(order.history.last().map(|h| h.kind), Some(HistoryKind::Expiry));
    assert!(!expire(&mut order, late), "expiring twice changes nothing");
    let after = validate(&order, &Operation::Capture { amount: 1 }, late);
    assert!(matches!(after, Err(Refusal::DeadlinePassed { .. })), "recorded, it still says why: {after:?}");
}

#[test]
fn the_figures_left_after_a_plan_are_those_of_the_order_once_it_is_carried_out() {
    let mut order = manual_order(10_000, 0);
    let plan = validate(&order, &Operation::Capture { amount: 1_200 }, 10).expect("capture allowed");
    let after = summary_after(&order, &plan, 10);
    assert_eq!((after.captured, after.capturable, after.refundable), (1_200, 8_800, Some(1_200)));
    assert_eq!(order.summary(10).capturable, 10_000, "the order itself is unchanged");
    run(&mut order, Operation::Capture { amount: 1_200 }, 10).expect("capture");
    assert_eq!(order.summary(10), after, "the same figures as doing it");
}

#[test]
fn a_void_after_the_expiry_is_recorded_names_the_deadline_in_each_language() {
    let mut order = manual_order(5000, 0);
    let late = crate::order::CAPTURE_WINDOW_MS + 5;
    assert!(expire(&mut order, late));
    let refusal = validate(&order, &Operation::Void, late).expect_err("refused");
    assert_eq!(refusal, Refusal::DeadlinePassed { deadline: order.expires_at, verb: ManualStep::Void });
    let (en, ja) = (refusal.text(smartpay_i18n::Lang::En), refusal.text(smartpay_i18n::Lang::Ja));
    assert!(en.starts_with("The 7-day capture deadline passed at") && en.contains("voided"), "{en}");
    assert!(ja.contains("オーソリ期限") && ja.contains("取消"), "{ja}");
}
