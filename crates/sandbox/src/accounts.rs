//! Several merchants on one sandbox: `--account KEY=FILE` gives each secret key its own order
//! file, so a console switching keys on one URL can be tested; `--db` serves any other test
//! key. A key selects its account on every request; its mode (`sk_test_` / `sk_live_`) decides
//! the `test` flag of every object served.

use super::idempotency::KeyTable;
use super::objects::ObjectTable;
use crate::backend::BackendError;
use crate::backend::local::{LocalStore, OpenMode};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `KEY=FILE` from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSpec {
    pub key: String,
    pub file: PathBuf,
}

/// Whether `key` has the documented secret-key format `^sk_(test|live)_[0-9A-Za-z]+$`, and
/// if so whether it is a live key.
pub fn key_mode(key: &str) -> Option<Mode> {
    let (mode, rest) = if let Some(rest) = key.strip_prefix("sk_test_") {
        (Mode::Test, rest)
    } else if let Some(rest) = key.strip_prefix("sk_live_") {
        (Mode::Live, rest)
    } else {
        return None;
    };
    (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(mode)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Test,
    Live,
}

/// Parses `--account KEY=FILE` (clap value parser).
pub fn parse_account(text: &str) -> Result<AccountSpec, String> {
    let (key, file) = text.split_once('=').ok_or("expected KEY=FILE, e.g. sk_test_abc123=shop-a.redb")?;
    if key_mode(key).is_none() {
        return Err("the key must look like sk_test_… or sk_live_… followed by letters and digits".into());
    }
    if file.is_empty() {
        return Err("the FILE after KEY= is empty".into());
    }
    Ok(AccountSpec { key: key.to_string(), file: PathBuf::from(file) })
}

/// One merchant: its order file and the sandbox's own tables in it.
#[derive(Clone)]
pub struct Account {
    pub store: Arc<LocalStore>,
    pub objects: Arc<ObjectTable>,
    pub keys: Arc<KeyTable>,
    pub mode: Mode,
}

impl Account {
    pub fn open(file: &Path, mode: Mode) -> Result<Account, BackendError> {
        let store = Arc::new(LocalStore::open_with_clock(file, OpenMode::CreateIfMissing, super::clock::now)?);
        let objects = Arc::new(ObjectTable::new(store.clone()));
        objects.index_existing()?;
        Ok(Account { keys: Arc::new(KeyTable::new(store.clone())), objects, store, mode })
    }

    pub fn test(&self) -> bool {
        self.mode == Mode::Test
    }
}

/// Every account, and which key reaches which.
#[derive(Clone, Default)]
pub struct Accounts {
    named: HashMap<String, Account>,
    fallback: Option<Account>,
}

impl Accounts {
    /// `fallback` (the `--db` file) answers any test key not named by an account.
    pub fn open(fallback: Option<&Path>, named: &[AccountSpec]) -> Result<Accounts, BackendError> {
        let mut accounts = Accounts::default();
        if let Some(file) = fallback {
            accounts.fallback = Some(Account::open(file, Mode::Test)?);
        }
        for spec in named {
            let mode = key_mode(&spec.key).unwrap_or(Mode::Test);
            accounts.named.insert(spec.key.clone(), Account::open(&spec.file, mode)?);
        }
        Ok(accounts)
    }

    /// The account a secret key opens, if any.
    pub fn for_key(&self, key: &str) -> Option<&Account> {
        if let Some(account) = self.named.get(key) {
            return Some(account);
        }
        match key_mode(key) {
            Some(Mode::Test) => self.fallback.as_ref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_the_documented_format_only() {
        assert_eq!(key_mode("sk_test_abc123"), Some(Mode::Test));
        assert_eq!(key_mode("sk_live_ABC"), Some(Mode::Live));
        for bad in ["sk_test_", "pk_test_abc", "sk_test_ab-c", "sk_prod_abc", "sk_test_äb", ""] {
            assert_eq!(key_mode(bad), None, "{bad}");
        }
    }

    #[test]
    fn account_flags_name_a_key_and_a_file() {
        let spec = parse_account("sk_live_X1=/tmp/a=b.redb").expect("valid");
        assert_eq!((spec.key.as_str(), spec.file.to_str()), ("sk_live_X1", Some("/tmp/a=b.redb")));
        assert!(parse_account("sk_live_X1").is_err());
        assert!(parse_account("nope=/tmp/a").is_err());
        assert!(parse_account("sk_test_a=").is_err());
    }
}
