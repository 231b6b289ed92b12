//! What an idempotency key was spent on, read without spending it (a bulk run's resume).

use super::records::{self, Format, IDEMPOTENCY_RESULT, identity};
use super::schema::IDEMPOTENCY;
use super::store::LocalStore;
use super::stored_result::StoredResult;
use crate::BackendError;
use crate::domain::Operation;

impl LocalStore {
    /// The order and operation stored under `key` in the same write transaction that carried
    /// the operation out (or refused it), if any.
    pub(crate) fn recorded_key(&self, key: &str) -> Result<Option<(String, Operation)>, BackendError> {
        self.guard(|| {
            let txn = self.begin_read()?;
            let keys = txn.open_table(IDEMPOTENCY).map_err(|e| self.fail(e))?;
            let Some(stored) = keys.get(key).map_err(|e| self.fail(e))? else { return Ok(None) };
            let payload = records::payload(Format::Sealed, identity(IDEMPOTENCY_RESULT, None, key), stored.value())
                .map_err(|e| self.fail(e))?;
            let stored = StoredResult::decode(payload).map_err(|e| self.fail(e))?;
            Ok(Some((stored.order_id, stored.operation)))
        })
    }
}
