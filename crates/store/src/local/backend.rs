//! The local store behind the `Backend` trait: the list through the indexes, one order read
//! (with its expiry shown before a writer sweeps it in), and operations by the domain rules.

use super::index::lookup;
use super::records::Format;
use super::schema::{IDS, ORDERS};
use super::store::LocalStore;
use crate::domain::Order;
use crate::domain::rules;
use crate::{BackendError, ListQuery, OperationRequest, OrderOperator, OrderReader, Outcome, Page, SourceKind};

impl OrderReader for LocalStore {
    fn describe(&self) -> String {
        match self.format {
            Format::Sealed if self.unindexed => {
                format!("{} (schema 2, no search index: read-only until migrated)", self.path.display())
            }
            Format::Sealed => self.path.display().to_string(),
            Format::Unverified => format!("{} (schema 1, unverified: read-only until migrated)", self.path.display()),
        }
    }

    fn kind(&self) -> SourceKind {
        self.kind
    }

    fn list(&self, query: &ListQuery) -> Result<Page, BackendError> {
        self.guard(|| super::listing::list(self, query))
    }

    fn list_until(&self, query: &ListQuery, stop: &dyn Fn() -> bool) -> Result<Option<Page>, BackendError> {
        self.guard(|| super::listing::list_until(self, query, stop))
    }

    fn first_page_until(&self, query: &ListQuery, stop: &dyn Fn() -> bool) -> Result<Option<Page>, BackendError> {
        self.guard(|| super::listing::first_page_until(self, query, stop))
    }

    fn queue_counts(&self, window: crate::domain::Millis) -> Result<(usize, usize), BackendError> {
        self.guard(|| super::listing::queue_counts(self, window))
    }

    fn for_each_record(
        &self,
        visit: &mut dyn FnMut(Result<Order, BackendError>) -> Result<(), BackendError>,
    ) -> Result<(), BackendError> {
        self.guard(|| self.stream_orders(visit))
    }

    fn get(&self, id: &str) -> Result<Order, BackendError> {
        self.guard(|| self.read_one(id))
    }
}

impl OrderOperator for LocalStore {
    fn recorded_operation(&self, key: &str) -> Result<Option<(String, crate::domain::Operation)>, BackendError> {
        self.recorded_key(key)
    }

    fn execute(&self, order_id: &str, request: &OperationRequest) -> Result<Outcome, BackendError> {
        self.execute_planned(order_id, request, &|order, now| {
            rules::validate(order, &request.operation, now).map_err(BackendError::Refused)
        })
    }
}

impl LocalStore {
    fn read_one(&self, id: &str) -> Result<Order, BackendError> {
        let txn = self.begin_read()?;
        let ids = txn.open_table(IDS).map_err(|e| self.fail(e))?;
        let orders = txn.open_table(ORDERS).map_err(|e| self.fail(e))?;
        let mut order = lookup(self.format, &ids, &orders, id)
            .map_err(|e| self.fail(e))?
            .ok_or_else(|| BackendError::NotFound { id: id.to_string() })?;
        // Show the expiry even before a writer has swept it in.
        rules::expire(&mut order, self.now());
        Ok(order)
    }
}
