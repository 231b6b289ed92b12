//! The local order store on redb: schema, indexes, listing and the rules applied in one write
//! transaction.

mod index;
mod listing;
mod order_record;
pub mod schema;
mod store;
mod stored_result;

pub use index::haystack;
pub use store::{Clock, LocalStore, OpenMode, Planner};
