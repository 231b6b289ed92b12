//! How the store's records are written and read back: postcard, sealed with a checksum bound
//! to the table and key it is stored under (schema 2). A schema-1 file has no checksums; its
//! records are read as plain postcard and the store says it is unverified.

use crate::checksum::{self, Identity, MISMATCH};
use serde::Serialize;

/// How the records of an open file are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Schema 1: plain postcard, nothing to verify; the file is read-only until migrated.
    Unverified,
    /// Schema 2: every record sealed with its checksum.
    Sealed,
}

/// A failure inside a store transaction: the storage engine's, or one damaged record.
#[derive(Debug)]
pub enum StoreError {
    Redb(redb::Error),
    Damaged {
        what: &'static str,
        id: String,
        detail: String,
    },
    /// A crate above the store asked for one of the store's own tables as a side table.
    Reserved(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

macro_rules! from_redb {
    ($($error:ty),*) => {$(
        impl From<$error> for StoreError {
            fn from(err: $error) -> StoreError {
                StoreError::Redb(err.into())
            }
        }
    )*};
}
from_redb!(redb::Error, redb::TableError, redb::StorageError, redb::TransactionError, redb::CommitError);

impl StoreError {
    pub fn damaged(what: &'static str, id: &str, detail: impl Into<String>) -> StoreError {
        StoreError::Damaged { what, id: id.to_string(), detail: detail.into() }
    }
}

/// The kinds of record, as `check` names them.
pub use crate::checksum::{IDEMPOTENCY_RESULT, INDEX, ORDER, ROW, SEARCH_ENTRY};

/// What a record's checksum is bound to: its kind and its full key.
pub fn identity<'a>(kind: &'static str, created: Option<i64>, id: &'a str) -> Identity<'a> {
    Identity { kind, created, id }
}

/// A value encoded and sealed for the record named by `identity`.
pub(crate) fn seal<T: Serialize>(identity: Identity<'_>, value: &T) -> StoreResult<Vec<u8>> {
    let bytes = postcard::to_allocvec(value).map_err(|e| StoreError::Redb(redb::Error::Corrupted(e.to_string())))?;
    Ok(checksum::seal(identity, bytes))
}

/// The verified payload bytes of a record (the bytes themselves in an unverified file).
pub fn payload<'a>(format: Format, identity: Identity<'_>, bytes: &'a [u8]) -> StoreResult<&'a [u8]> {
    match format {
        Format::Unverified => Ok(bytes),
        Format::Sealed => {
            checksum::unseal(identity, bytes).ok_or_else(|| StoreError::damaged(identity.kind, identity.id, MISMATCH))
        }
    }
}

/// The verified `status\x1fhaystack` bytes of a search entry.
pub fn search_text<'a>(format: Format, created: i64, id: &str, bytes: &'a [u8]) -> StoreResult<&'a [u8]> {
    payload(format, identity(SEARCH_ENTRY, Some(created), id), bytes)
}
