//! Reconcile, the pure part: the shop's row, Smartpay's order and the console's ledger compared
//! into findings (kind, severity, both sides' figures, the fix). Every figure comes from the
//! domain (`Order::summary`), every suggested operation is checked by `rules::validate`.

pub mod compare;
pub mod finding;
pub mod fix;
pub mod kind;
pub mod shop;
pub mod text;

pub use compare::{Comparison, Context, compare, describe_origin, missing_at_smartpay};
pub use finding::{ConsoleMark, Finding, PlannedOperation, RefundOrigin, refund_origins};
pub use kind::{FindingKind, Severity};
pub use shop::{ShopRow, ShopStatus, parse_figure, parse_shop_time};

#[cfg(test)]
mod compare_tests;
