//! Orders for tests, here and in the crates above (the `fixtures` feature).

use super::{Millis, Order};

/// A manual-capture order authorized at `created_at`, waiting for capture.
pub fn manual_order(amount: i64, created_at: Millis) -> Order {
    let mut order = Order::awaiting_capture("order_test_unit", amount, created_at);
    order.reference = "ref-1".into();
    order
}
