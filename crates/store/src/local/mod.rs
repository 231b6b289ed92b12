//! The local order store on redb: schema, indexes, listing and the rules applied in one write
//! transaction.

mod backend;
mod deferred_index;
mod execute;
mod failures;
mod import;
pub(crate) mod index;
mod listing;
mod migrate;
mod order_record;
mod ready_order;
mod recorded;
pub(crate) mod records;
pub(crate) mod reindex;
pub mod schema;
pub(crate) mod search_index;
mod side;
mod store;
mod stored_result;
mod sweep;
pub mod verify;

pub use deferred_index::IndexBuilt;
pub use execute::Planner;
pub use import::{ExistingOrders, ImportView, ImportWriter, NoOrders, StoredOrder};
pub use index::haystack;
pub use ready_order::ReadyOrder;
pub use records::{StoreError, StoreResult};
pub use side::{SideRead, SideTable, SideWrite, seal as seal_side_record, unseal as unseal_side_record};
pub use store::{Clock, LocalStore, OpenMode};
