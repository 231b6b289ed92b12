//! `Idempotency-Key` as the API documents it: within 6 hours of its first use, the same key
//! with the same request gets the stored response (errors included) and never a second
//! operation; with a different request, even one still in flight, it is refused. After 6 hours
//! (of sandbox clock) the key is new again.
//!
//! A key is claimed in one write transaction before any work starts, so two requests racing
//! with one key cannot both start: the second sees the first's claim. The operation itself
//! runs under a store key derived from the claim, and the store's own key table makes it
//! happen once even if the sandbox dies between committing it and storing its response.
//! Each key's record is sealed with a checksum like every other record, so a damaged one is
//! never taken for a new key (which would run the operation again): the request fails instead.

use crate::backend::BackendError;
use crate::backend::local::{LocalStore, SideTable, StoreError, StoreResult, seal_side_record, unseal_side_record};
use crate::domain::Millis;
use redb::{ReadableTable, Table};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

const KEYS: SideTable<&str, &[u8]> = SideTable::new("sandbox_idempotency");
/// The kind of record, as a damaged one is named.
const KEY_RECORD: &str = "sandbox_idempotency_key";

/// How long a key is remembered, as Smartpay documents it.
pub const KEY_WINDOW_MS: Millis = 6 * 60 * 60 * 1000;
/// The longest key accepted.
pub const MAX_KEY_LEN: usize = 255;

/// A response as first sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    pub status: u16,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeyRecord {
    fingerprint: String,
    store_key: String,
    first_seen: Millis,
    response: Option<StoredResponse>,
}

/// What a key allows now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// Do the work under this store key (new, or retried after a response was lost).
    Run { store_key: String },
    /// Answer with the stored response.
    Replay(StoredResponse),
    /// The key belongs to a different request.
    Reused,
}

/// Whether a header value is a usable key: 1–255 visible ASCII characters.
pub fn valid_key(bytes: &[u8]) -> bool {
    (1..=MAX_KEY_LEN).contains(&bytes.len()) && bytes.iter().all(|b| (0x21..=0x7e).contains(b))
}

pub struct KeyTable {
    store: Arc<LocalStore>,
}

impl KeyTable {
    pub fn new(store: Arc<LocalStore>) -> KeyTable {
        KeyTable { store }
    }

    /// Claims `key` for the request `fingerprint` at `now`. Blocking.
    pub fn claim(&self, key: &str, fingerprint: &str, now: Millis) -> Result<Claim, BackendError> {
        self.store.write_side(|side| {
            let mut table = side.open(KEYS)?;
            let known = read_record(&table, key)?;
            if let Some(record) = known.filter(|r| now.saturating_sub(r.first_seen) < KEY_WINDOW_MS) {
                return Ok(if record.fingerprint != fingerprint {
                    Claim::Reused
                } else if let Some(response) = record.response {
                    Claim::Replay(response)
                } else {
                    Claim::Run { store_key: record.store_key }
                });
            }
            // The store key carries the claim's time, so an expired key starts a new operation.
            let record = KeyRecord {
                fingerprint: fingerprint.to_string(),
                store_key: format!("{key}~{now}"),
                first_seen: now,
                response: None,
            };
            table.insert(key, encode(key, &record)?.as_slice())?;
            Ok(Claim::Run { store_key: record.store_key })
        })
    }

    /// Stores the response to replay for `key`. Blocking.
    pub fn finish(&self, key: &str, response: StoredResponse) -> Result<(), BackendError> {
        self.store.write_side(|side| {
            let mut table = side.open(KEYS)?;
            if let Some(mut record) = read_record(&table, key)? {
                record.response = Some(response);
                table.insert(key, encode(key, &record)?.as_slice())?;
            }
            Ok(())
        })
    }
}

/// The record kept for `key`, verified; a damaged one is an error, never "no record".
fn read_record(table: &Table<&str, &[u8]>, key: &str) -> StoreResult<Option<KeyRecord>> {
    let Some(bytes) = table.get(key)? else { return Ok(None) };
    let json = unseal_side_record(KEY_RECORD, key, bytes.value())?;
    serde_json::from_slice(json).map(Some).map_err(|_| StoreError::damaged(KEY_RECORD, key, "cannot be decoded"))
}

fn encode(key: &str, record: &KeyRecord) -> StoreResult<Vec<u8>> {
    let json = serde_json::to_vec(record).map_err(|e| StoreError::damaged(KEY_RECORD, key, e.to_string()))?;
    Ok(seal_side_record(KEY_RECORD, key, json))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::local::OpenMode;

    fn table() -> (tempfile::TempDir, KeyTable) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = LocalStore::open(&dir.path().join("k.redb"), OpenMode::CreateIfMissing).expect("store");
        (dir, KeyTable::new(Arc::new(store)))
    }

    #[test]
    fn a_key_replays_within_six_hours_and_is_new_after() {
        let (_dir, keys) = table();
        let Claim::Run { store_key } = keys.claim("k1", "POST /refunds {a}", 0).expect("claim") else {
            panic!("a new key runs");
        };
        assert_eq!(keys.claim("k1", "POST /refunds {b}", 1).expect("claim"), Claim::Reused, "in flight");
        assert_eq!(
            keys.claim("k1", "POST /refunds {a}", 2).expect("claim"),
            Claim::Run { store_key: store_key.clone() },
            "a retry while the first response is unknown runs under the same store key"
        );
        let answer = StoredResponse { status: 403, body: "{}".into() };
        keys.finish("k1", answer.clone()).expect("finish");
        assert_eq!(keys.claim("k1", "POST /refunds {a}", KEY_WINDOW_MS - 1).expect("claim"), Claim::Replay(answer));
        match keys.claim("k1", "POST /refunds {b}", KEY_WINDOW_MS).expect("claim") {
            Claim::Run { store_key: fresh } => assert_ne!(fresh, store_key, "expired: a new operation"),
            other => panic!("expired key: {other:?}"),
        }
    }

    #[test]
    fn a_damaged_key_record_fails_the_request_rather_than_running_it_again() {
        let (_dir, keys) = table();
        keys.claim("k1", "POST /refunds {a}", 0).expect("claim");
        keys.store
            .write_side(|side| {
                let mut table = side.open(KEYS)?;
                let mut bytes = table.get("k1")?.map(|b| b.value().to_vec()).unwrap_or_default();
                bytes[2] ^= 0x10;
                table.insert("k1", bytes.as_slice())?;
                Ok(())
            })
            .expect("damage");
        let err = keys.claim("k1", "POST /refunds {a}", 1).expect_err("a damaged record is not a new key");
        assert!(err.to_string().contains("damaged"), "{err}");
    }

    #[test]
    fn keys_are_visible_ascii() {
        assert!(valid_key(b"spc_abc-1:2"));
        for bad in [&b""[..], &b"has space"[..], "キー".as_bytes(), &b"tab\t"[..], &[b'a'; 256][..]] {
            assert!(!valid_key(bad), "{bad:?}");
        }
    }
}
