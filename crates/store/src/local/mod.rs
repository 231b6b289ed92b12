//! The local order store on redb: schema, indexes, listing and the rules applied in one write
//! transaction.

mod backend;
mod execute;
mod failures;
mod import;
pub mod index;
mod listing;
mod migrate;
mod order_record;
mod recorded;
pub mod records;
pub mod reindex;
pub mod schema;
pub mod search_index;
mod store;
mod stored_result;
mod sweep;
pub mod verify;

pub use execute::Planner;
pub use import::{ExistingOrders, ImportView, ImportWriter, NoOrders, StoredOrder};
pub use index::haystack;
pub use store::{Clock, LocalStore, OpenMode};
