//! The pure core: money, orders, the payment rules and history. No I/O, no async, no terminal.
//! Every rule lives here once; the local store, the sandbox and the TUI all call it.

pub mod bulk_plan;
pub mod customer;
pub mod deadline_queue;
pub mod derived_history;
pub mod history;
pub mod imported_history;
pub mod line_items;
pub mod money;
pub mod order;
pub mod reconcile;
pub mod rules;
pub mod search_text;
pub mod time;
pub mod validate;
pub mod words;

pub use customer::{Address, Customer};
pub use history::{HistoryEntry, HistoryKind, HistoryResult};
pub use line_items::{LineItem, LineKind};
pub use money::{AmountError, Currency, MAX_AMOUNT, Money, parse_amount};
pub use order::{
    CaptureMethod, Deadline, Millis, Order, OrderStatus, Payment, Refund, RefundReason, Shipment, Summary,
};
pub use rules::{ManualStep, Operation, Plan, RefundPart, Refusal};
pub use smartpay_i18n::Lang;
