//! What the storage engine's failures mean to an operator: each becomes one `BackendError`
//! naming the file, and a damaged record becomes `Damaged` naming the record.

use super::records::StoreError;
use crate::BackendError;
use crate::checksum::printable;
use redb::DatabaseError;
use std::path::Path;

pub(crate) fn store_error(path: &Path, err: StoreError) -> BackendError {
    let err = match err {
        StoreError::Damaged { what, id, detail } => {
            return BackendError::Damaged { what, id: printable(&id), detail };
        }
        StoreError::Reserved(table) => {
            return BackendError::storage(format!(
                "the table \"{table}\" belongs to the order store; only its own operations change it"
            ));
        }
        StoreError::Redb(err) => err,
    };
    match err {
        redb::Error::Corrupted(detail) => corrupt(path, &detail),
        redb::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => corrupt(path, TRUNCATED),
        redb::Error::Io(io) => BackendError::Io { path: path.to_path_buf(), detail: io.to_string() },
        redb::Error::DatabaseAlreadyOpen => BackendError::Locked { path: path.to_path_buf() },
        other => BackendError::storage(other),
    }
}

/// A file cut short: a copy that did not finish, or a full disk.
const TRUNCATED: &str = "the file is shorter than its own header says (truncated or damaged).";

pub(crate) fn corrupt(path: &Path, detail: &str) -> BackendError {
    BackendError::Corrupt { path: path.to_path_buf(), detail: detail.to_string() }
}

pub(crate) fn open_error(path: &Path, err: DatabaseError) -> BackendError {
    match err {
        DatabaseError::DatabaseAlreadyOpen | DatabaseError::LockProtocolMismatch => {
            BackendError::Locked { path: path.to_path_buf() }
        }
        DatabaseError::UpgradeRequired(v) => corrupt(path, &format!("it uses the old redb file format {v}.")),
        DatabaseError::Storage(redb::StorageError::Io(io)) => match io.kind() {
            std::io::ErrorKind::PermissionDenied => {
                BackendError::Io { path: path.to_path_buf(), detail: "permission denied.".into() }
            }
            std::io::ErrorKind::NotFound => {
                BackendError::Io { path: path.to_path_buf(), detail: "its folder does not exist.".into() }
            }
            std::io::ErrorKind::InvalidData => corrupt(path, "it is not a redb file."),
            std::io::ErrorKind::UnexpectedEof => corrupt(path, TRUNCATED),
            _ => BackendError::Io { path: path.to_path_buf(), detail: format!("{io}.") },
        },
        DatabaseError::Storage(redb::StorageError::Corrupted(detail)) => corrupt(path, &detail),
        other => corrupt(path, &other.to_string()),
    }
}
