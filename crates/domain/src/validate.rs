//! Whether an order read from outside (an import file, an API answer) is valid money.
//!
//! [`check_figures`] is what every order must satisfy, wherever it comes from: amounts in range,
//! captures within the order, refunds within their payment, ids present and unique.
//! [`validate_import`] adds what a file must satisfy before it may become the source of truth:
//! a positive amount in a known currency, sane timestamps, payments only on an authorized order,
//! a capture deadline on every manual order still awaiting capture, and a history rebuilt from
//! the payments and refunds rather than taken on trust.

use super::history::HistoryEntry;
use super::money::Currency;
use super::order::{CAPTURE_WINDOW_MS, CaptureMethod, Millis, Order, OrderStatus};
use super::time::format_time;

/// 2015-01-01T00:00:00Z: no Smartpay order is older.
pub const EARLIEST: Millis = 1_420_070_400_000;
/// How far ahead of the clock a timestamp may be (clock skew between machines).
pub const FUTURE_SLACK: Millis = 24 * 60 * 60 * 1000;

use super::order::invariants::check_ids;
pub use super::order::invariants::{Invalid, MAX_ID_CHARS, check_figures, is_plain_id};

/// What [`validate_import`] changed to make an order fit, for the import summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Admitted {
    /// A manual order awaiting capture had no deadline: it got createdAt + 7 days.
    pub deadline_added: bool,
    /// History entries of the file that match a payment or refund (or the authorization, void or
    /// expiry they imply) and name an operator or key: kept, marked imported.
    pub history_kept: usize,
    /// History entries of the file that match nothing: dropped.
    pub history_dropped: usize,
}

/// Checks `order` (converted from a file, its history ignored) against every rule a stored
/// order must satisfy, fills in a missing capture deadline, and rebuilds its history from its
/// payments and refunds, keeping from `claimed` (the file's history) only the operator and key
/// of entries that match a payment or refund, marked imported.
pub fn validate_import(order: &mut Order, claimed: &[HistoryEntry], now: Millis) -> Result<Admitted, Invalid> {
    check_figures(order)?;
    check_ids(order)?;
    let id = || order.id.clone();
    if order.amount == 0 {
        return Err(Invalid::BadAmount { id: id(), object: "the order itself".into(), amount: 0 });
    }
    if Currency::from_code(&order.currency).is_none_or(|c| c.code != order.currency) {
        let known = super::money::known_codes().join(", ");
        return Err(Invalid::UnknownCurrency { id: id(), currency: order.currency.clone(), known });
    }
    if !order.is_authorized() && !order.payments.is_empty() {
        return Err(Invalid::PaymentsBeforeAuthorization { id: id(), status: order.status.to_string() });
    }
    check_times(order, now)?;
    let mut admitted = Admitted::default();
    let awaiting = order.capture_method == CaptureMethod::Manual && order.status == OrderStatus::RequiresCapture;
    if awaiting && order.expires_at.is_none() {
        order.expires_at = Some(order.created_at + CAPTURE_WINDOW_MS);
        admitted.deadline_added = true;
    }
    let (kept, dropped) = super::imported_history::rebuild(order, claimed, now);
    admitted.history_kept = kept;
    admitted.history_dropped = dropped;
    Ok(admitted)
}

fn check_times(order: &Order, now: Millis) -> Result<(), Invalid> {
    let id = || order.id.clone();
    let in_range = |field: String, at: Millis| {
        if (EARLIEST..=now.saturating_add(FUTURE_SLACK)).contains(&at) {
            Ok(())
        } else {
            Err(Invalid::TimeOutOfRange { id: id(), field, at: describe_time(at) })
        }
    };
    let not_before = |later: String, at: Millis, earlier: String, floor: Millis| {
        if at >= floor { Ok(()) } else { Err(Invalid::TimeOrder { id: id(), later, earlier }) }
    };
    in_range("createdAt".into(), order.created_at)?;
    if let Some(deadline) = order.expires_at {
        let window = order.created_at..=order.created_at.saturating_add(CAPTURE_WINDOW_MS);
        if !window.contains(&deadline) {
            return Err(Invalid::DeadlineOutsideWindow { id: id() });
        }
    }
    for p in &order.payments {
        in_range(format!("payment {}", p.id), p.created_at)?;
        not_before(format!("payment {}", p.id), p.created_at, "the order".into(), order.created_at)?;
        for r in &p.refunds {
            in_range(format!("refund {}", r.id), r.created_at)?;
            not_before(format!("refund {}", r.id), r.created_at, format!("payment {}", p.id), p.created_at)?;
        }
    }
    Ok(())
}

fn describe_time(at: Millis) -> String {
    match format_time(at).as_str() {
        "—" => format!("{at} ms"),
        text => format!("{text} ({at} ms)"),
    }
}

/// Whether two copies of an order describe the same money at `now`: amount, currency, status
/// (as it stands at `now`: an order past its capture deadline reads as expired whether or not
/// the expiry was recorded yet), and the same payments and refunds (ids, amounts, refund
/// status). History and customer details are not compared, so the console's own export
/// re-imports as identical.
pub fn same_money(a: &Order, b: &Order, now: Millis) -> bool {
    a.amount == b.amount
        && a.currency == b.currency
        && a.effective_status(now) == b.effective_status(now)
        && money_objects(a) == money_objects(b)
}

/// One line per payment and refund (ids quoted, so no two differ only in where a space falls).
fn money_objects(order: &Order) -> Vec<String> {
    let mut lines = Vec::new();
    for p in &order.payments {
        lines.push(format!("P {:?} {}", p.id, p.amount));
        for r in &p.refunds {
            lines.push(format!("R {:?} {:?} {} {}", p.id, r.id, r.amount, r.counts()));
        }
    }
    lines.sort();
    lines
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::order::fixtures::manual_order;
    use crate::{HistoryKind, Payment, Refund, RefundReason};

    const NOW: Millis = 1_764_000_000_000;
    const HOUR: Millis = 3_600_000;

    pub fn captured_order() -> Order {
        let mut order = manual_order(10_000, NOW - 2 * HOUR);
        let refund = Refund {
            id: "refund_test_R".into(),
            payment_id: "payment_test_P".into(),
            amount: 1000,
            reason: RefundReason::RequestedByCustomer,
            status: "succeeded".into(),
            created_at: NOW - HOUR,
        };
        order.payments.push(Payment {
            id: "payment_test_P".into(),
            amount: 4000,
            created_at: NOW - HOUR - 1,
            refunds: vec![refund],
        });
        order
    }

    #[test]
    fn a_valid_order_is_admitted_unchanged_but_for_its_history() {
        let mut order = captured_order();
        let admitted = validate_import(&mut order, &[], NOW).expect("valid");
        assert_eq!(admitted, Admitted::default());
        let kinds: Vec<_> = order.history.iter().map(|h| h.kind).collect();
        assert_eq!(kinds, [HistoryKind::Authorization, HistoryKind::Capture, HistoryKind::Refund]);
    }

    #[test]
    fn an_id_that_cannot_be_shown_or_typed_back_is_refused() {
        let refused = |edit: &dyn Fn(&mut Order)| {
            let mut order = captured_order();
            edit(&mut order);
            validate_import(&mut order, &[], NOW).expect_err("refused").to_string()
        };
        let err = refused(&|o| o.id = "order_\u{1b}[2J\nfake".into());
        assert!(err.starts_with("the order id \"order_\u{1b}[2J\nfake\" is not an id"), "{err}");
        let err = refused(&|o| o.id = "x".repeat(10_240));
        assert!(err.contains(&format!("\"{}…\"", "x".repeat(40))), "{err}");
        let err = refused(&|o| o.payments[0].id = "payment_\u{202e}P".into());
        assert!(err.starts_with("a payment id"), "{err}");
        let err = refused(&|o| o.payments[0].refunds[0].id = "refund_tеst".into()); // Cyrillic е
        assert!(err.starts_with("a refund id"), "{err}");
        let mut longest = captured_order();
        longest.id = "o".repeat(MAX_ID_CHARS);
        assert!(validate_import(&mut longest, &[], NOW).is_ok());
    }

    #[test]
    fn bare_minimum_order_is_refused_as_no_money() {
        // `[{"id":"x"}]`: amount 0, created in 1970.
        let mut order = manual_order(0, 0);
        order.id = "x".into();
        let err = validate_import(&mut order, &[], NOW).expect_err("refused");
        assert!(err.to_string().contains("has an amount of 0"), "{err}");
        order.amount = 100;
        let err = validate_import(&mut order, &[], NOW).expect_err("refused");
        assert!(err.to_string().contains("createdAt is 1970-01-01"), "{err}");
    }

    #[test]
    fn each_rule_names_what_is_wrong() {
        type Breakage = Box<dyn Fn(&mut Order)>;
        let cases: Vec<(Breakage, &str)> = vec![
            (Box::new(|o| o.currency = "XYZ".into()), "currency \"XYZ\""),
            (Box::new(|o| o.currency = "jpy".into()), "currency \"jpy\""),
            (Box::new(|o| o.payments[0].refunds[0].amount = 5000), "refunded more than it captured"),
            (Box::new(|o| o.payments[0].amount = 20_000), "add up to more than"),
            (Box::new(|o| o.payments.push(o.payments[0].clone())), "payment_test_P appears twice"),
            (Box::new(|o| o.payments[0].refunds[0].id.clear()), "a refund of payment payment_test_P has no id"),
            (Box::new(|o| o.created_at = NOW + 2 * FUTURE_SLACK), "createdAt is"),
            (Box::new(|o| o.payments[0].created_at = o.created_at - 1), "is dated before the order"),
            (Box::new(|o| o.payments[0].refunds[0].created_at = o.created_at), "is dated before payment"),
            (Box::new(|o| o.expires_at = Some(o.created_at + CAPTURE_WINDOW_MS + 1)), "within 7 days"),
            (Box::new(|o| o.status = OrderStatus::RequiresAuthorization), "only an authorized order"),
        ];
        for (break_it, sentence) in cases {
            let mut order = captured_order();
            break_it(&mut order);
            let err = validate_import(&mut order, &[], NOW).expect_err(sentence);
            assert!(err.to_string().contains(sentence), "{err} lacks {sentence:?}");
            assert!(err.to_string().contains("order_test_unit") || sentence.contains("XYZ"), "{err}");
        }
    }

    #[test]
    fn a_manual_order_awaiting_capture_gets_a_deadline() {
        let mut order = manual_order(5000, NOW - HOUR);
        order.expires_at = None;
        let admitted = validate_import(&mut order, &[], NOW).expect("valid");
        assert!(admitted.deadline_added);
        assert_eq!(order.expires_at, Some(NOW - HOUR + CAPTURE_WINDOW_MS));
    }

    #[test]
    fn same_money_ignores_history_and_customer_but_not_refunds() {
        let a = captured_order();
        let mut b = a.clone();
        b.history.clear();
        b.customer.last_name = "別人".into();
        assert!(same_money(&a, &b, NOW));
        // An expiry recorded in one copy only is the same money once the deadline is behind us.
        let mut expired = a.clone();
        let deadline = expired.expires_at.expect("deadline");
        crate::rules::expire(&mut expired, deadline + 1);
        assert!(!same_money(&a, &expired, deadline - 1), "before the deadline an expiry is a difference");
        assert!(same_money(&a, &expired, deadline + 1));
        b.payments[0].refunds.clear();
        assert!(!same_money(&a, &b, NOW));
    }
}
