//! Which Smartpay account a secret key opens, and where that account's files live.
//!
//! A key is `sk_test_…` or `sk_live_…` followed by letters and digits; anything else is refused
//! with a sentence that never repeats the key. Each account and mode has its own folder
//! `DATA_DIR/accounts/<mode>-<fingerprint>/` holding its mirror and its journal, so switching
//! keys never shows one merchant's orders under another. The fingerprint is a SHA-256 of the
//! key, cut to 16 hex digits: it names the folder and is never the key itself.
//!
//! A key seen for the first time adopts the open entries of the journal last used for the same
//! API URL (a key rotation must not forget an operation whose outcome is unknown), when they
//! belong to the same mode: a journal never silently starts empty.

use crate::backend::BackendError;
use crate::backend::journal::{Begun, Journal, JournalEntry};
use crate::config::{Paths, SecretKey};
use std::path::{Path, PathBuf};

/// Test or live, from the key's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Test,
    Live,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Test => "test",
            Mode::Live => "live",
        }
    }
}

/// One account and mode, named without its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub mode: Mode,
    /// 16 hex digits of the key's SHA-256.
    pub fingerprint: String,
}

impl Account {
    /// The account of `key`, or a clear refusal when it is not a Smartpay secret key.
    pub fn of(key: &SecretKey) -> Result<Account, BackendError> {
        Account::parse(key.expose())
    }

    fn parse(text: &str) -> Result<Account, BackendError> {
        let (mode, rest) = if let Some(rest) = text.strip_prefix("sk_test_") {
            (Mode::Test, rest)
        } else if let Some(rest) = text.strip_prefix("sk_live_") {
            (Mode::Live, rest)
        } else {
            return Err(BackendError::BadKey);
        };
        if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(BackendError::BadKey);
        }
        Ok(Account { mode, fingerprint: fingerprint(text) })
    }

    /// `test-0123456789abcdef`.
    pub fn name(&self) -> String {
        format!("{}-{}", self.mode.as_str(), self.fingerprint)
    }

    pub fn dir(&self, paths: &Paths) -> PathBuf {
        paths.data_dir.join("accounts").join(self.name())
    }

    pub fn journal_file(&self, paths: &Paths) -> PathBuf {
        self.dir(paths).join("journal.redb")
    }

    pub fn mirror_file(&self, paths: &Paths) -> PathBuf {
        self.dir(paths).join("mirror.redb")
    }
}

/// The journal and mirror files online mode uses with these settings: the key's account's,
/// or, with no key set, the single journal and mirror of consoles older than accounts.
pub fn files(settings: &crate::config::Settings) -> Result<(PathBuf, PathBuf), BackendError> {
    match &settings.secret_key {
        Some(key) => {
            let account = Account::of(key)?;
            Ok((account.journal_file(&settings.paths), account.mirror_file(&settings.paths)))
        }
        None => Ok((settings.paths.journal_file(), settings.paths.mirror_file())),
    }
}

fn fingerprint(text: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    digest.as_ref().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The file naming the account last opened against `api_url`.
fn last_used_file(paths: &Paths, api_url: &str) -> PathBuf {
    paths.data_dir.join("accounts").join(format!("last-{}", fingerprint(api_url)))
}

/// The account's journal, created on first use with the open entries it adopts. Returns the
/// journal and how many entries were adopted (the caller says so).
pub fn open_journal(paths: &Paths, account: &Account, api_url: &str) -> Result<(Journal, usize), BackendError> {
    let path = account.journal_file(paths);
    let mut adopted = 0;
    if !path.exists() {
        adopted = create_adopting(paths, account, api_url, &path)?;
    }
    let journal = Journal::open(&path)?;
    let last = last_used_file(paths, api_url);
    if std::fs::read_to_string(&last).ok().as_deref() != Some(account.name().as_str()) {
        std::fs::write(&last, account.name())
            .map_err(|e| BackendError::Io { path: last.clone(), detail: e.to_string() })?;
    }
    Ok((journal, adopted))
}

/// The journal that came before this account's for `api_url`: the last account used there,
/// else the single journal of consoles older than accounts.
fn previous_journal(paths: &Paths, account: &Account, api_url: &str) -> Option<PathBuf> {
    let previous = std::fs::read_to_string(last_used_file(paths, api_url)).ok();
    let path = match previous {
        Some(name) if name != account.name() && name.starts_with(account.mode.as_str()) => {
            paths.data_dir.join("accounts").join(name.trim()).join("journal.redb")
        }
        Some(_) => return None,
        None => paths.journal_file(),
    };
    path.exists().then_some(path)
}

/// Writes the new journal beside its final place and renames it there once every adopted
/// entry is in, so an interrupted adoption is redone rather than half kept.
fn create_adopting(paths: &Paths, account: &Account, api_url: &str, path: &Path) -> Result<usize, BackendError> {
    let Some(previous) = previous_journal(paths, account, api_url) else { return Ok(0) };
    let open: Vec<JournalEntry> =
        Journal::open(&previous)?.open_entries()?.into_iter().filter(|entry| belongs_to(entry, account.mode)).collect();
    if open.is_empty() {
        return Ok(0);
    }
    let staging = path.with_extension("adopting");
    let io = |e: std::io::Error| BackendError::Io { path: staging.clone(), detail: e.to_string() };
    if staging.exists() {
        std::fs::remove_file(&staging).map_err(io)?;
    }
    {
        let journal = Journal::open(&staging)?;
        for entry in &open {
            if let Begun::Existing(_) = journal.begin(entry)? {
                tracing::warn!(key = %entry.key, "adopted twice; kept once");
            }
        }
    }
    std::fs::rename(&staging, path).map_err(io)?;
    tracing::warn!(from = %previous.display(), count = open.len(), "adopted open journal entries");
    Ok(open.len())
}

/// Smartpay ids name their mode (`order_test_…`, `order_live_…`); an id naming the other mode
/// belongs to another account, and an id naming none is kept.
fn belongs_to(entry: &JournalEntry, mode: Mode) -> bool {
    let other = match mode {
        Mode::Test => "_live_",
        Mode::Live => "_test_",
    };
    !entry.order_id.contains(other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Operation;
    use crate::domain::rules::Plan;

    fn paths(dir: &Path) -> Paths {
        Paths { config_file: dir.join("config.toml"), data_dir: dir.join("data"), log_dir: dir.join("logs") }
    }

    fn key(text: &str) -> SecretKey {
        SecretKey::new(text.to_string())
    }

    fn open_void(key: &str, order: &str) -> JournalEntry {
        JournalEntry::new_open(key, order, Operation::Void, Plan::Void { released: 100 }, "JPY", None, 1)
    }

    #[test]
    fn keys_are_checked_and_never_named() {
        // Parsed, not made into keys: a key registers itself for redaction process-wide.
        assert!(Account::parse("sk_test_").is_err(), "a prefix alone is no key");
        for bad in ["pk_test_abc", "sk_test_ab-c", "sk_prod_abc", "sk_live_abc def", "sk_test_ä"] {
            let err = Account::parse(bad).expect_err(bad);
            assert!(!err.to_string().contains(bad), "{err}");
            assert!(err.to_string().contains("sk_test_"), "{err}");
        }
        let live = Account::of(&key("sk_live_Abc123")).expect("a live key");
        assert_eq!(live.mode, Mode::Live);
        assert!(live.name().starts_with("live-") && live.name().len() == 21, "{}", live.name());
        assert!(!live.name().contains("Abc123"));
        let test = Account::of(&key("sk_test_Abc123")).expect("a test key");
        assert_ne!(test.dir(&paths(Path::new("/x"))), live.dir(&paths(Path::new("/x"))));
    }

    #[test]
    fn a_new_key_adopts_the_open_entries_of_the_last_one_for_the_url() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = paths(dir.path());
        let url = "http://127.0.0.1:9/v1";
        let old = Account::of(&key("sk_test_old1")).expect("key");
        let (journal, adopted) = open_journal(&p, &old, url).expect("old journal");
        assert_eq!(adopted, 0);
        journal.begin(&open_void("k-1", "order_test_a")).expect("begin");
        journal.begin(&open_void("k-2", "order_live_b")).expect("begin");
        drop(journal);

        let rotated = Account::of(&key("sk_test_new2")).expect("key");
        let (journal, adopted) = open_journal(&p, &rotated, url).expect("new journal");
        assert_eq!(adopted, 1, "the test-mode entry only");
        assert_eq!(journal.open_entries().expect("open").iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["k-1"]);
        drop(journal);

        // Opened again, it adopts nothing more; the live account adopts nothing from test.
        let (_, again) = open_journal(&p, &rotated, url).expect("reopen");
        assert_eq!(again, 0);
        let live = Account::of(&key("sk_live_x9")).expect("key");
        let (journal, adopted) = open_journal(&p, &live, url).expect("live journal");
        assert_eq!(adopted, 0);
        assert!(journal.open_entries().expect("open").is_empty());
    }

    #[test]
    fn an_orders_test_flag_is_the_apis_else_the_keys_mode_else_its_ids() {
        use crate::backend::smartpay::wire::{domain_order, read_json, wire_order};
        let read = |text: &str| domain_order(&read_json(text).expect("JSON"), None, 0).expect("an order");
        // The API's own flag wins, whatever the id says.
        let said = read(r#"{"id":"order_test_Flag1","amount":100,"currency":"JPY","test":false}"#);
        assert_eq!((said.test, said.is_test(), wire_order(&said).test), (Some(false), false, Some(false)));
        // Not said: online, the key's mode fills it in (a live key reads live orders)...
        let unsaid = r#"{"id":"order_Flag2","amount":100,"currency":"JPY"}"#;
        let rig = crate::online::rig::Rig::new(crate::online::fake_api::FakeApi::new(read(unsaid), &[]));
        crate::online::backend::lock(&rig.inner.status).live = true;
        let wire = read_json(unsaid).expect("JSON");
        let online = crate::online::assemble::assemble(wire, None, None, &[], rig.inner.live_key(), 0).expect("read");
        assert_eq!((online.test, wire_order(&online).test), (Some(false), Some(false)));
        // ...and offline (a file without the flag), the mode its id names.
        let mut offline = read(unsaid);
        assert_eq!((offline.test, offline.is_test()), (None, true));
        offline.id = "order_live_Flag3".into();
        assert_eq!(wire_order(&offline).test, Some(false), "never test for a live order");
    }
}
