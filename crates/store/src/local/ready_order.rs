//! An order's records sealed ahead of its write transaction. Encoding an order, folding its
//! search text and checksumming the three records read no table: a bulk load can do that on
//! another core while the writer only inserts (`generate` does).

use super::records::{self, ORDER, ROW, SEARCH_ENTRY, StoreResult, identity};
use crate::checksum;
use crate::domain::Order;
use crate::domain::search_text::haystack;
use crate::query::OrderRow;

/// The sealed bytes of what an order is stored as: its record, its list row and its search
/// entry (`status\x1f` + the folded text).
pub(crate) struct SealedRecords {
    pub(crate) order: Vec<u8>,
    pub(crate) row: Vec<u8>,
    pub(crate) search: Vec<u8>,
}

impl SealedRecords {
    pub(crate) fn of(order: &Order) -> StoreResult<SealedRecords> {
        let created = Some(order.created_at);
        let id = order.id.as_str();
        let search = format!("{}\u{1f}{}", order.status.as_str(), haystack(order)).into_bytes();
        Ok(SealedRecords {
            order: records::seal(identity(ORDER, created, id), order)?,
            row: records::seal(identity(ROW, created, id), &OrderRow::of(order))?,
            search: checksum::seal(identity(SEARCH_ENTRY, created, id), search),
        })
    }
}

/// An order with its records sealed, for [`super::LocalStore::insert_ready`].
pub struct ReadyOrder {
    pub(crate) order: Order,
    pub(crate) sealed: SealedRecords,
}

impl ReadyOrder {
    pub fn new(order: Order) -> StoreResult<ReadyOrder> {
        let sealed = SealedRecords::of(&order)?;
        Ok(ReadyOrder { order, sealed })
    }

    pub fn order(&self) -> &Order {
        &self.order
    }
}
