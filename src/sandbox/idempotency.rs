//! `Idempotency-Key` as the API documents it: the same key with the same request gets the
//! stored response and never a second operation; the same key with a different request is an
//! error. The responses live in a table of the sandbox's own order file, so they survive a
//! restart; the store's own key table underneath makes the operation itself happen once even
//! if the sandbox dies between committing it and storing its response. Each response is
//! sealed with a checksum like every other record, so a damaged one is never replayed.

use crate::backend::BackendError;
use crate::backend::checksum;
use crate::backend::local::LocalStore;
use crate::backend::local::records::{self, identity};
use redb::TableDefinition;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

const RESPONSES: TableDefinition<&str, &[u8]> = TableDefinition::new("sandbox_responses");
/// The kind of record, as a damaged one is named.
const RESPONSE: &str = "sandbox_response";

/// A response as first sent, with what the request was.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredResponse {
    pub fingerprint: String,
    pub status: u16,
    pub body: String,
}

pub struct ResponseTable {
    store: Arc<LocalStore>,
}

/// What a key has seen before.
pub enum Seen {
    New,
    Same(StoredResponse),
    Different,
}

impl ResponseTable {
    pub fn new(store: Arc<LocalStore>) -> ResponseTable {
        ResponseTable { store }
    }

    /// Blocking.
    pub fn lookup(&self, key: &str, fingerprint: &str) -> Result<Seen, BackendError> {
        self.store.guard(|| self.read(key, fingerprint))
    }

    fn read(&self, key: &str, fingerprint: &str) -> Result<Seen, BackendError> {
        let txn = self.store.db().begin_read().map_err(|e| self.store.fail(e))?;
        let table = match txn.open_table(RESPONSES) {
            Ok(table) => table,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Seen::New),
            Err(e) => return Err(self.store.fail(e)),
        };
        let Some(bytes) = table.get(key).map_err(|e| self.store.fail(e))? else {
            return Ok(Seen::New);
        };
        let json = records::payload(self.store.format(), identity(RESPONSE, None, key), bytes.value())
            .map_err(|e| self.store.fail(e))?;
        let stored: StoredResponse = serde_json::from_slice(json).map_err(|_| BackendError::Damaged {
            what: RESPONSE,
            id: key.to_string(),
            detail: "cannot be decoded".into(),
        })?;
        Ok(if stored.fingerprint == fingerprint { Seen::Same(stored) } else { Seen::Different })
    }

    /// Blocking.
    pub fn remember(&self, key: &str, response: &StoredResponse) -> Result<(), BackendError> {
        let json = serde_json::to_vec(response).map_err(BackendError::storage)?;
        let bytes = checksum::seal(identity(RESPONSE, None, key), json);
        self.store.write(|txn| {
            let mut table = txn.open_table(RESPONSES)?;
            table.insert(key, bytes.as_slice())?;
            Ok(())
        })
    }
}
