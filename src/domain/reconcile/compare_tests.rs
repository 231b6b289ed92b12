//! Planted differences of every kind, each found with the right kind; matching rows find none.

use super::*;
use crate::domain::order::CAPTURE_WINDOW_MS;
use crate::domain::rules::Operation;
use crate::domain::{
    CaptureMethod, Customer, HistoryEntry, HistoryKind, Order, OrderStatus, Payment, Refund, RefundReason,
};

const NOW: i64 = 1_764_000_000_000;
const HOUR: i64 = 3_600_000;

fn order(id: &str, amount: i64, captured: &[i64]) -> Order {
    let created = NOW - 48 * HOUR;
    let payments: Vec<Payment> = captured
        .iter()
        .enumerate()
        .map(|(i, a)| Payment {
            id: format!("payment_{id}_{i}"),
            amount: *a,
            created_at: created + HOUR,
            refunds: vec![],
        })
        .collect();
    let total: i64 = captured.iter().sum();
    Order {
        id: id.into(),
        amount,
        currency: "JPY".into(),
        status: if total == 0 { OrderStatus::RequiresCapture } else { OrderStatus::Succeeded },
        capture_method: CaptureMethod::Manual,
        reference: format!("ref-{id}"),
        created_at: created,
        expires_at: Some(created + CAPTURE_WINDOW_MS),
        customer: Customer::default(),
        line_items: vec![],
        payments,
        history: vec![],
        refunds_unknown: false,
        shipment: Default::default(),
        test: None,
    }
}

/// Adds a refund to the first payment; `key`: made by the console under that key.
fn refund(order: &mut Order, id: &str, amount: i64, key: Option<&str>) {
    let at = NOW - 24 * HOUR;
    let payment = &mut order.payments[0];
    payment.refunds.push(Refund {
        id: id.into(),
        payment_id: payment.id.clone(),
        amount,
        reason: RefundReason::RequestedByCustomer,
        status: "succeeded".into(),
        created_at: at,
    });
    if let Some(key) = key {
        order.history.push(HistoryEntry {
            kind: HistoryKind::Refund,
            amount,
            at,
            operator: Some("ito".into()),
            idempotency_key: Some(key.into()),
            result: crate::domain::HistoryResult::Succeeded,
            object_id: Some(id.into()),
        });
    }
}

fn row(order: &Order, status: Option<ShopStatus>) -> ShopRow {
    ShopRow {
        line: 2,
        order: Some(order.id.clone()),
        reference: None,
        amount: order.amount,
        captured: order.captured(),
        refunded: order.refunded(),
        status,
        updated_at: Some(NOW - HOUR),
    }
}

fn run(order: &Order, shop: Option<&ShopRow>) -> Comparison {
    let ctx = Context { now: NOW, expect_in_shop: true };
    compare(order, shop, refund_origins(order, &[]), &ctx)
}

fn kinds(c: &Comparison) -> Vec<FindingKind> {
    c.findings.iter().map(|f| f.kind).collect()
}

#[test]
fn rows_that_match_find_nothing() {
    let mut refunded = order("order_a", 10_000, &[10_000]);
    refund(&mut refunded, "refund_a", 3_000, Some("spc_a"));
    let shipped = order("order_b", 5_000, &[5_000]);
    let mut canceled = order("order_c", 5_000, &[5_000]);
    refund(&mut canceled, "refund_c", 5_000, Some("spc_c"));
    let open = order("order_d", 8_000, &[]);
    for (o, status) in [
        (&refunded, Some(ShopStatus::Returned)),
        (&shipped, Some(ShopStatus::Shipped)),
        (&canceled, Some(ShopStatus::Canceled)),
        (&open, Some(ShopStatus::Open)),
        (&open, None),
    ] {
        let c = run(o, Some(&row(o, status)));
        assert!(c.findings.is_empty(), "{}: {:?}", o.id, c.findings);
        assert!(c.plan.is_empty());
    }
}

#[test]
fn an_order_the_shop_lacks_is_missing_in_shop_only_inside_the_range() {
    let o = order("order_m", 4_000, &[4_000]);
    assert_eq!(kinds(&run(&o, None)), vec![FindingKind::MissingInShop]);
    let outside = compare(&o, None, vec![], &Context { now: NOW, expect_in_shop: false });
    assert!(outside.findings.is_empty());
    let mut never = order("order_n", 4_000, &[]);
    never.status = OrderStatus::Rejected;
    assert!(run(&never, None).findings.is_empty(), "an order never authorized held no money");
}

#[test]
fn a_shop_row_without_an_order_is_missing_at_smartpay() {
    let o = order("order_x", 4_000, &[4_000]);
    let finding = missing_at_smartpay(&row(&o, None));
    assert_eq!((finding.kind, finding.severity), (FindingKind::MissingAtSmartpay, Severity::High));
    assert!(finding.smartpay.is_none() && finding.fix.command.is_none());
}

#[test]
fn the_total_and_the_captured_figure_are_compared() {
    let o = order("order_t", 10_000, &[6_000]);
    let mut shop = row(&o, None);
    shop.amount = 9_800;
    shop.captured = 8_000;
    let c = run(&o, Some(&shop));
    assert_eq!(kinds(&c), vec![FindingKind::AmountMismatch, FindingKind::CapturedMismatch]);
    // Capturing is not possible: the order no longer awaits capture.
    assert!(c.findings[1].fix.command.is_none(), "{:?}", c.findings[1].fix);
    let waiting = {
        let mut o = order("order_w", 10_000, &[6_000]);
        o.status = OrderStatus::RequiresCapture;
        o
    };
    let mut shop = row(&waiting, None);
    shop.captured = 8_000;
    let c = run(&waiting, Some(&shop));
    assert_eq!(kinds(&c), vec![FindingKind::CapturedMismatch]);
    assert_eq!(c.findings[0].fix.command.as_deref(), Some("capture order_w 2,000"));
    assert_eq!(c.plan.len(), 1);
}

#[test]
fn more_captured_at_smartpay_suggests_a_refund_but_never_plans_it() {
    let o = order("order_over", 10_000, &[10_000]);
    let mut shop = row(&o, None);
    shop.captured = 8_000;
    let c = run(&o, Some(&shop));
    assert_eq!(kinds(&c), vec![FindingKind::CapturedMismatch]);
    assert_eq!(c.findings[0].fix.command.as_deref(), Some("refund order_over 2,000 --reason requested_by_customer"));
    assert!(c.plan.is_empty());
}

#[test]
fn less_refunded_at_smartpay_is_a_refund_owed() {
    let o = order("order_r", 10_000, &[10_000]);
    let mut shop = row(&o, None);
    shop.refunded = 1_200;
    let c = run(&o, Some(&shop));
    assert_eq!(kinds(&c), vec![FindingKind::RefundedMismatch]);
    assert_eq!(c.findings[0].fix.command.as_deref(), Some("refund order_r 1,200 --reason requested_by_customer"));
    assert_eq!(c.plan[0].operation, Operation::Refund { amount: 1_200, reason: RefundReason::RequestedByCustomer });
}

#[test]
fn more_refunded_at_smartpay_is_a_possible_duplicate_naming_each_refund() {
    let mut o = order("order_dup", 10_000, &[10_000]);
    refund(&mut o, "refund_console", 1_000, Some("spc_k"));
    refund(&mut o, "refund_dashboard", 1_000, None);
    let mut shop = row(&o, None);
    shop.refunded = 1_000;
    let c = run(&o, Some(&shop));
    assert_eq!(kinds(&c), vec![FindingKind::PossibleDuplicateRefund, FindingKind::RefundOutsideConsole]);
    let dup = &c.findings[0];
    assert_eq!((dup.severity, dup.at_stake), (Severity::High, 1_000));
    assert!(dup.fix.text.contains("refund_console ¥1,000 by the console (key spc_k, ito)"), "{}", dup.fix.text);
    assert!(dup.fix.text.contains("refund_dashboard ¥1,000 by no console"), "{}", dup.fix.text);
    assert_eq!(dup.console.refunds.len(), 2);
    assert_eq!(c.findings[1].severity, Severity::Low);
    assert!(c.plan.is_empty(), "a refund cannot be undone: nothing to plan");
}

#[test]
fn a_refund_known_by_its_metadata_is_a_console_refund() {
    let mut o = order("order_meta", 10_000, &[10_000]);
    refund(&mut o, "refund_other_host", 500, None);
    let mark = ConsoleMark { object_id: "refund_other_host".into(), key: "spc_x.1".into(), operator: None };
    let origins = refund_origins(&o, &[mark]);
    assert_eq!(origins[0].key.as_deref(), Some("spc_x.1"));
    let c = compare(&o, Some(&row(&o, None)), origins, &Context { now: NOW, expect_in_shop: true });
    assert!(c.findings.is_empty(), "{:?}", c.findings);
}

#[test]
fn a_canceled_order_still_captured_gets_one_refund_for_all_its_findings() {
    let o = order("order_cc", 10_000, &[10_000]);
    let mut shop = row(&o, Some(ShopStatus::Canceled));
    shop.refunded = 4_000;
    let c = run(&o, Some(&shop));
    assert_eq!(kinds(&c), vec![FindingKind::RefundedMismatch, FindingKind::CanceledButCaptured]);
    let expected = "refund order_cc 10,000 --reason requested_by_customer";
    assert!(c.findings.iter().all(|f| f.fix.command.as_deref() == Some(expected)), "{:?}", c.findings);
    assert_eq!(c.plan.len(), 1, "never two refunds for one order");
}

#[test]
fn shipped_and_uncaptured_suggests_the_capture_with_its_deadline() {
    let o = order("order_s", 7_000, &[]);
    let shop = row(&o, Some(ShopStatus::Shipped));
    let c = run(&o, Some(&shop));
    assert_eq!(kinds(&c), vec![FindingKind::ShippedButUncaptured]);
    assert_eq!(c.findings[0].fix.command.as_deref(), Some("capture order_s 7,000"));
    assert!(c.findings[0].fix.text.contains("before the deadline"), "{}", c.findings[0].fix.text);
    let mut late = order("order_e", 7_000, &[]);
    late.expires_at = Some(NOW + 5 * HOUR);
    let c = run(&late, Some(&row(&late, Some(ShopStatus::Shipped))));
    assert_eq!(kinds(&c), vec![FindingKind::ExpiringUncaptured]);
    assert_eq!(c.findings[0].severity, Severity::High);
    let mut gone = order("order_g", 7_000, &[]);
    gone.expires_at = Some(NOW - HOUR);
    let c = run(&gone, Some(&row(&gone, Some(ShopStatus::Shipped))));
    assert_eq!(kinds(&c), vec![FindingKind::ShippedButUncaptured]);
    assert_eq!((c.findings[0].severity, c.findings[0].fix.command.as_ref()), (Severity::High, None));
}

#[test]
fn a_shop_row_older_than_smartpays_last_change_is_a_stale_hint() {
    let mut o = order("order_old", 10_000, &[10_000]);
    refund(&mut o, "refund_k", 1_000, Some("spc_old"));
    let mut shop = row(&o, None);
    shop.updated_at = Some(NOW - 30 * HOUR);
    let c = run(&o, Some(&shop));
    assert_eq!(kinds(&c), vec![FindingKind::Stale]);
    assert_eq!(c.findings[0].severity, Severity::Hint);
    assert!(!c.findings[0].is_about_money());
}
