//! The invariants every order satisfies wherever it comes from (an import file, an API answer,
//! the store): amounts in range, captures within the order, refunds within their payment, ids
//! present, plain and unique. The order's constructors run them; [`crate::validate`] re-exports
//! them beside the stricter checks of an import.

use super::Order;
use crate::money::MAX_AMOUNT;
use std::collections::HashSet;

/// Why an order is not valid money. `Display` is the sentence shown to the operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("an order has no id")]
    MissingId,
    #[error("order {id}: {object} has an amount of {amount}, outside 1 to {max}", max = MAX_AMOUNT)]
    BadAmount { id: String, object: String, amount: i64 },
    #[error("order {id}: its payments ({captured}) add up to more than its amount ({amount})")]
    OverCaptured { id: String, captured: i64, amount: i64 },
    #[error("order {id}: payment {payment} is refunded more than it captured")]
    OverRefunded { id: String, payment: String },
    #[error("order {id}: {object} has no id")]
    MissingObjectId { id: String, object: String },
    #[error("order {id}: {object} appears twice")]
    DuplicateObject { id: String, object: String },
    #[error("order {id}: currency \"{currency}\" is not one the console knows ({known})")]
    UnknownCurrency { id: String, currency: String, known: String },
    #[error("order {id}: {field} is {at}, outside 2015-01-01 to one day from now")]
    TimeOutOfRange { id: String, field: String, at: String },
    #[error("order {id}: {later} is dated before {earlier}")]
    TimeOrder { id: String, later: String, earlier: String },
    #[error("order {id}: its capture deadline (expiresAt) must fall within 7 days after createdAt")]
    DeadlineOutsideWindow { id: String },
    #[error("order {id} is {status} but has payments: only an authorized order can be captured")]
    PaymentsBeforeAuthorization { id: String, status: String },
    #[error(
        "{object} id \"{shown}\" is not an id: an id is 1 to {MAX_ID_CHARS} printable ASCII characters, without spaces"
    )]
    BadId { object: &'static str, shown: String },
}

/// The longest id a file may bring (Smartpay ids are about 40 characters).
pub const MAX_ID_CHARS: usize = 255;

/// Whether `id` can be an id: printable ASCII only, so an id shown on a terminal is exactly what
/// the operator types back, and no two ids look alike (no control, invisible or look-alike
/// characters).
pub fn is_plain_id(id: &str) -> bool {
    (1..=MAX_ID_CHARS).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic())
}

/// Every id of `order` (the order's, its payments', their refunds') is a plain id.
pub(crate) fn check_ids(order: &Order) -> Result<(), Invalid> {
    let refunds = order.payments.iter().flat_map(|p| p.refunds.iter().map(|r| ("a refund", r.id.as_str())));
    let payments = order.payments.iter().map(|p| ("a payment", p.id.as_str()));
    let ids = std::iter::once(("the order", order.id.as_str())).chain(payments).chain(refunds);
    match ids.into_iter().find(|(_, id)| !is_plain_id(id)) {
        None => Ok(()),
        Some((object, id)) => {
            let mut shown: String = id.chars().take(40).collect();
            if shown.len() < id.len() {
                shown.push('…');
            }
            Err(Invalid::BadId { object, shown })
        }
    }
}

/// The invariants every order satisfies, whatever its source. Every running sum is checked as
/// it grows, so a hostile file can neither overflow a sum nor slip past a limit.
pub fn check_figures(order: &Order) -> Result<(), Invalid> {
    let id = || order.id.clone();
    if order.id.is_empty() {
        return Err(Invalid::MissingId);
    }
    let in_range = |object: String, amount: i64| match amount {
        1..=MAX_AMOUNT => Ok(()),
        _ => Err(Invalid::BadAmount { id: id(), object, amount }),
    };
    if !(0..=MAX_AMOUNT).contains(&order.amount) {
        in_range("the order itself".into(), order.amount)?;
    }
    let mut seen = HashSet::new();
    let mut unique = |object: String, object_id: &str| {
        if object_id.is_empty() {
            Err(Invalid::MissingObjectId { id: id(), object })
        } else if !seen.insert(object_id.to_string()) {
            Err(Invalid::DuplicateObject { id: id(), object: format!("{object} {object_id}") })
        } else {
            Ok(())
        }
    };
    let mut captured = 0i64;
    for p in &order.payments {
        // A negative payment or refund would let the order allow more than was captured.
        in_range(format!("payment {}", p.id), p.amount)?;
        captured += p.amount;
        if captured > order.amount {
            return Err(Invalid::OverCaptured { id: id(), captured, amount: order.amount });
        }
        unique("a payment".into(), &p.id)?;
        let mut refunded = 0i64;
        for r in &p.refunds {
            in_range(format!("refund {}", r.id), r.amount)?;
            if r.counts() {
                refunded += r.amount;
                if refunded > p.amount {
                    return Err(Invalid::OverRefunded { id: id(), payment: p.id.clone() });
                }
            }
            unique(format!("a refund of payment {}", p.id), &r.id)?;
        }
    }
    Ok(())
}
