//! Listing: the query the Order List sends, and the compact rows it gets back.

use crate::domain::deadline_queue::DeadlineFilter;
use crate::domain::{CaptureMethod, Deadline, Millis, Order, OrderStatus};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum SortKey {
    #[default]
    Created,
    Amount,
    Customer,
    /// The capture deadline, soonest first (ascending); orders with nothing to watch after.
    Deadline,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [SortKey::Created, SortKey::Amount, SortKey::Customer, SortKey::Deadline];

    pub fn next(self) -> SortKey {
        match self {
            SortKey::Created => SortKey::Amount,
            SortKey::Amount => SortKey::Customer,
            SortKey::Customer => SortKey::Deadline,
            SortKey::Deadline => SortKey::Created,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Created => "date",
            SortKey::Amount => "amount",
            SortKey::Customer => "customer",
            SortKey::Deadline => "deadline",
        }
    }

    /// The direction a fresh sort starts in: the most urgent deadline first, else the largest
    /// (newest, biggest, last name) first.
    pub fn descending_by_default(self) -> bool {
        self != SortKey::Deadline
    }
}

/// What to list. Newest first by default.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListQuery {
    pub status: Option<OrderStatus>,
    /// Case-insensitive substring of order id, reference, customer name, kana or email.
    pub search: Option<String>,
    /// Only orders expiring soon, or already expired (the deadline queue).
    pub deadline: Option<DeadlineFilter>,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: usize,
    pub limit: usize,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            status: None,
            search: None,
            deadline: None,
            sort: SortKey::Created,
            descending: true,
            offset: 0,
            limit: 50,
        }
    }
}

/// One line of the Order List: enough to draw it without loading the whole order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: String,
    pub created_at: Millis,
    pub customer: String,
    pub amount: i64,
    pub captured: i64,
    pub refunded: i64,
    pub currency: String,
    pub status: OrderStatus,
    pub capture_method: CaptureMethod,
    pub expires_at: Option<Millis>,
    /// The history records an expiry (the row has no history to look in).
    pub expired: bool,
    /// The order's refunds could not all be read: `refunded` is what is known, not the total.
    pub refunds_unknown: bool,
}

impl OrderRow {
    pub fn of(order: &Order) -> OrderRow {
        OrderRow {
            id: order.id.clone(),
            created_at: order.created_at,
            customer: order.customer.full_name(),
            amount: order.amount(),
            captured: order.captured(),
            refunded: order.refunded(),
            currency: order.currency.clone(),
            status: order.status.clone(),
            capture_method: order.capture_method,
            expires_at: order.expires_at,
            expired: order.expiry_recorded(),
            refunds_unknown: order.refunds_unknown(),
        }
    }

    /// The refunded total, or `None` ("unknown") while the order's refunds are not all read.
    pub fn refunded_known(&self) -> Option<i64> {
        (!self.refunds_unknown).then_some(self.refunded)
    }

    pub fn deadline(&self, now: Millis) -> Deadline {
        Deadline::of(self.capture_method, &self.status, self.expires_at, self.expired, now)
    }

    /// Whether the row passes a deadline filter at `now`.
    pub fn passes(&self, filter: DeadlineFilter, now: Millis) -> bool {
        filter.matches(&self.deadline(now), self.expires_at, now)
    }

    /// What the Deadline column sorts by at `now` (see [`crate::domain::deadline_queue::deadline_rank`]).
    pub fn deadline_rank(&self, now: Millis) -> Millis {
        crate::domain::deadline_queue::deadline_rank(&self.deadline(now), self.expires_at)
    }

    /// As [`Order::effective_status`]: past-deadline orders read as closed before the sweep.
    pub fn effective_status(&self, now: Millis) -> OrderStatus {
        crate::domain::order::effective_status(&self.status, self.expires_at, self.captured, now)
    }
}

/// One page of rows plus the counts the list header shows ("N of M").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub rows: Vec<OrderRow>,
    /// How many orders match the query.
    pub matching: usize,
    /// How many orders there are in all.
    pub total: usize,
    /// Records on this page that failed their checksum and were left out: shown as a
    /// warning ("order ID is damaged: checksum mismatch"), never as data.
    pub damaged: Vec<LeftOut>,
    /// `matching` is a lower bound, not the count: the page was answered before the count
    /// finished (only [`crate::OrderReader::first_page_until`] answers so; shown as "≥ N").
    pub at_least: bool,
}

/// A damaged record a listing left out (or a damaged piece of the search index it searched
/// around).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub what: &'static str,
    pub id: String,
    pub detail: String,
    /// A piece of the search index: the search scanned the orders instead.
    pub scanned_instead: bool,
}

impl LeftOut {
    /// The warning's sentence in `lang`.
    pub fn text(&self, lang: smartpay_i18n::Lang) -> String {
        use smartpay_i18n::Message;
        let damage = crate::checksum::damage_text(self.what, &self.id, &self.detail, lang);
        match self.scanned_instead {
            true => smartpay_i18n::sentences::ErrorText::ScannedInstead.fill(lang, &[("damage", &damage)]),
            false => damage,
        }
    }
}

impl std::fmt::Display for LeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(smartpay_i18n::Lang::En))
    }
}
