//! What the sandbox knows about payments and refunds beyond the order record: the order each
//! belongs to (so `GET /payments/{id}` and `GET /refunds/{id}` never scan the file) and the
//! fields the domain does not carry (`reference`, `description`, `metadata`, `updatedAt`),
//! stored from create and from `PATCH`. A table of the sandbox's own in the same redb file,
//! keyed by object id, so the order record and its encoding stay exactly as the console's.

use super::totals::Totals;
use crate::backend::BackendError;
use crate::backend::local::{LocalStore, SideTable, StoreError, StoreResult, seal_side_record, unseal_side_record};
use crate::domain::Millis;
use redb::ReadableTable;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

const OBJECTS: SideTable<&str, &[u8]> = SideTable::new("sandbox_objects");
const META: SideTable<&str, u64> = SideTable::new("sandbox_meta");
/// The kind of record, as a damaged one is named.
const OBJECT: &str = "sandbox_object";
/// How many orders, and operations, the file held when the index was last completed.
const INDEXED_ORDERS: &str = "indexed_orders";
const INDEXED_OPERATIONS: &str = "indexed_operations";

/// The sandbox's record of one payment or refund.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectRecord {
    /// The order it belongs to.
    pub order: String,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(default)]
    pub updated_at: Option<Millis>,
}

/// The writable fields of `POST` and `PATCH` bodies; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotations {
    pub reference: Option<String>,
    pub description: Option<String>,
    pub metadata: Option<Map<String, Value>>,
}

impl ObjectRecord {
    pub fn annotate(&mut self, with: Annotations, now: Millis) {
        if let Some(reference) = with.reference {
            self.reference = Some(reference);
        }
        if let Some(description) = with.description {
            self.description = Some(description);
        }
        if let Some(metadata) = with.metadata {
            self.metadata = metadata;
        }
        self.updated_at = Some(now);
    }
}

pub struct ObjectTable {
    store: Arc<LocalStore>,
}

impl ObjectTable {
    pub fn new(store: Arc<LocalStore>) -> ObjectTable {
        ObjectTable { store }
    }

    /// Records the payments and refunds of orders written by other programs (`generate`,
    /// `import`, an offline console) at start-up, so that no request ever has to scan the file
    /// for them. The file is read again only when its count of orders or of operations moved
    /// since the last time.
    pub fn index_existing(&self) -> Result<(), BackendError> {
        let orders = self.store.count()? as u64;
        let operations = self.store.operation_count()?;
        if self.indexed(INDEXED_ORDERS)? == Some(orders) && self.indexed(INDEXED_OPERATIONS)? == Some(operations) {
            return Ok(());
        }
        let mut found = Vec::new();
        let mut totals = Totals::default();
        crate::backend::OrderReader::for_each_order(self.store.as_ref(), &mut |order| {
            totals.add(Totals::of_order(&order));
            for p in order.payments() {
                found.push((p.id().to_string(), order.id.clone()));
                found.extend(p.refunds().iter().map(|r| (r.id().to_string(), order.id.clone())));
            }
            Ok(())
        })?;
        self.store.write_side(|side| {
            let mut table = side.open(OBJECTS)?;
            for (id, order) in &found {
                if table.get(id.as_str())?.is_none() {
                    let record = ObjectRecord { order: order.clone(), ..ObjectRecord::default() };
                    table.insert(id.as_str(), encode(id, &record)?.as_slice())?;
                }
            }
            let mut meta = side.open(META)?;
            meta.insert(INDEXED_ORDERS, orders)?;
            meta.insert(INDEXED_OPERATIONS, operations)?;
            super::totals::replace(side, totals)
        })
    }

    fn indexed(&self, what: &str) -> Result<Option<u64>, BackendError> {
        self.store.read_side(|side| match side.open(META)? {
            Some(meta) => Ok(meta.get(what)?.map(|v| v.value())),
            None => Ok(None),
        })
    }

    pub fn get(&self, id: &str) -> Result<Option<ObjectRecord>, BackendError> {
        Ok(self.get_many(&[id])?.remove(id))
    }

    /// The records of `ids` that exist, read in one transaction.
    pub fn get_many(&self, ids: &[&str]) -> Result<HashMap<String, ObjectRecord>, BackendError> {
        self.store.read_side(|side| {
            let mut found = HashMap::new();
            let Some(table) = side.open(OBJECTS)? else { return Ok(found) };
            for id in ids {
                if let Some(bytes) = table.get(*id)? {
                    found.insert((*id).to_string(), decode(id, bytes.value())?);
                }
            }
            Ok(found)
        })
    }

    /// Creates or updates the record of `id`: `change` gets the current one (or a fresh one for
    /// `order`) and the result is written in one transaction.
    pub fn update(
        &self,
        id: &str,
        order: &str,
        change: impl FnOnce(&mut ObjectRecord),
    ) -> Result<ObjectRecord, BackendError> {
        self.store.write_side(|side| {
            let mut table = side.open(OBJECTS)?;
            let known = table.get(id)?.map(|bytes| decode(id, bytes.value())).transpose()?;
            let mut record =
                known.unwrap_or_else(|| ObjectRecord { order: order.to_string(), ..ObjectRecord::default() });
            if record.order.is_empty() {
                record.order = order.to_string();
            }
            change(&mut record);
            table.insert(id, encode(id, &record)?.as_slice())?;
            Ok(record)
        })
    }
}

/// A record sealed with its checksum, like every record of the file.
fn encode(id: &str, record: &ObjectRecord) -> StoreResult<Vec<u8>> {
    let json = serde_json::to_vec(record).map_err(|e| StoreError::damaged(OBJECT, id, e.to_string()))?;
    Ok(seal_side_record(OBJECT, id, json))
}

/// A verified record; a damaged one is named, never read as empty.
fn decode(id: &str, bytes: &[u8]) -> StoreResult<ObjectRecord> {
    let json = unseal_side_record(OBJECT, id, bytes)?;
    serde_json::from_slice(json).map_err(|_| StoreError::damaged(OBJECT, id, "cannot be decoded"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::local::OpenMode;
    use crate::backend::{OperationRequest, OrderOperator};
    use crate::domain::order::fixtures::manual_order;
    use crate::domain::{Operation, Order};

    fn manual(id: &str) -> Order {
        let mut order = manual_order(5000, crate::domain::time::now_millis());
        order.id = id.into();
        order
    }

    #[test]
    fn payments_made_by_other_programs_are_found_after_a_restart() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("o.redb");
        let store = Arc::new(LocalStore::open(&path, OpenMode::CreateIfMissing).expect("store"));
        store.insert_orders(&[manual("order_test_A")]).expect("seed");
        let objects = ObjectTable::new(store.clone());
        objects.index_existing().expect("index");
        // An offline console captures on the same file: the order count does not change.
        let capture = OperationRequest {
            operation: Operation::Capture { amount: 1000 },
            operator: None,
            idempotency_key: "offline-1".into(),
        };
        let payment = store.execute("order_test_A", &capture).expect("capture").created()[0].clone();
        assert_eq!(objects.get(&payment).expect("read"), None, "not indexed yet");
        objects.index_existing().expect("index again");
        assert_eq!(objects.get(&payment).expect("read").map(|r| r.order), Some("order_test_A".to_string()));
    }
}
