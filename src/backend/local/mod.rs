//! The local order store on redb: schema, indexes, listing and the rules applied in one write
//! transaction.

mod import;
mod index;
mod listing;
pub mod schema;
mod store;

pub use import::{ExistingOrders, ImportView, ImportWriter, NoOrders, StoredOrder};
pub use index::haystack;
pub use store::{Clock, LocalStore, OpenMode, Planner};
