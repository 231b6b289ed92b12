//! A typed search against a real order file: its page first with the count shown as `≥ N`,
//! then the exact count (a full scan's), and nothing from a search a newer key overtook. The
//! count is held back by a gate until the test lets it run, so "still counting" is a state the
//! test sees, not a race.

use super::*;
use crate::backend::local::{LocalStore, OpenMode};
use crate::backend::{BackendError, OperationRequest, OrderOperator, OrderReader, Outcome, SourceKind};
use crate::domain::Order;
use crate::domain::search_text::{Query, haystack};
use crate::state::{Session, State};
use crate::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

const WAIT: Duration = Duration::from_secs(10);

/// The order file, its exact list (the count) held until the test opens the gate.
struct Gated {
    store: LocalStore,
    gate: Mutex<Receiver<()>>,
}

impl OrderReader for Gated {
    fn describe(&self) -> String {
        self.store.describe()
    }
    fn kind(&self) -> SourceKind {
        self.store.kind()
    }
    fn list(&self, query: &ListQuery) -> Result<Page, BackendError> {
        self.store.list(query)
    }
    fn list_until(&self, query: &ListQuery, stop: &dyn Fn() -> bool) -> Result<Option<Page>, BackendError> {
        let opened = self.gate.lock().map(|gate| gate.recv_timeout(WAIT).is_ok()).unwrap_or(false);
        if !opened {
            return Err(BackendError::Storage("the test never opened the gate".into()));
        }
        self.store.list_until(query, stop)
    }
    fn first_page_until(&self, query: &ListQuery, stop: &dyn Fn() -> bool) -> Result<Option<Page>, BackendError> {
        self.store.first_page_until(query, stop)
    }
    fn get(&self, id: &str) -> Result<Order, BackendError> {
        self.store.get(id)
    }
}

impl OrderOperator for Gated {
    fn execute(&self, order_id: &str, request: &OperationRequest) -> Result<Outcome, BackendError> {
        self.store.execute(order_id, request)
    }
}

/// 1,000 orders (271 ids hold a `1`: more than a window of 240), the store behind a gate, and the gate.
fn gated(dir: &tempfile::TempDir) -> (Arc<Gated>, Vec<Order>, Sender<()>) {
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    let orders: Vec<Order> =
        (0..1000).map(|n| Order::awaiting_capture(format!("order_{n:04}"), 1000 + n, 1_700_000_000_000 + n)).collect();
    store.insert_orders(&orders).expect("insert");
    let (open, gate) = channel();
    (Arc::new(Gated { store, gate: Mutex::new(gate) }), orders, open)
}

fn state() -> State {
    let session = Session::for_tests();
    State::new(session, 1000, (100, 30))
}

/// Types `text` into the filter; the list request the last key asked for.
fn type_search(state: &mut State, text: &str) -> (u64, ListQuery, usize) {
    update(state, Action::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE)));
    let mut asked = None;
    for c in text.chars() {
        for effect in update(state, Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))) {
            if let crate::effect::Effect::FetchRows { request, query, matching, .. } = effect {
                asked = Some((request, query, matching));
            }
        }
    }
    asked.expect("the last key asked for rows")
}

/// Starts the fetch the TUI's effect runs for `request`, the newest being `latest`.
fn fetch(
    backend: Arc<Gated>,
    asked: &(u64, ListQuery, usize),
    latest: &Arc<AtomicU64>,
) -> (tokio::task::JoinHandle<()>, UnboundedReceiver<Action>) {
    let (tx, rx) = unbounded_channel();
    let (request, query, matching) = asked.clone();
    let fetch = Fetch { backend, request, latest: Arc::clone(latest), tx, lang: crate::config::Lang::En };
    (tokio::spawn(fetch.rows(query, 0, matching)), rx)
}

async fn next(rx: &mut UnboundedReceiver<Action>) -> Action {
    tokio::time::timeout(WAIT, rx.recv()).await.expect("an answer in time").expect("an answer")
}

fn label(state: &State) -> String {
    count_label(&state.list, |n| n.to_string())
}

#[tokio::test]
async fn a_search_shows_its_page_as_at_least_n_then_the_exact_count_of_a_full_scan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (backend, orders, open) = gated(&dir);
    let mut state = state();
    let asked = type_search(&mut state, "1");
    assert_eq!((asked.2, label(&state).as_str()), (0, "…"), "a new search: count unknown, nothing shown yet");
    let latest = Arc::new(AtomicU64::new(asked.0));
    let (task, mut rx) = fetch(Arc::clone(&backend), &asked, &latest);
    // The page arrives while the count is held at the gate: shown, its count a lower bound.
    update(&mut state, next(&mut rx).await);
    let shown = state.list.window.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    let full = backend.store.list(&asked.1).expect("list");
    assert_eq!(shown, full.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), "the full search's page");
    assert_eq!(label(&state), format!("≥ {}", crate::state::WINDOW), "still counting");
    open.send(()).expect("gate");
    update(&mut state, next(&mut rx).await);
    task.await.expect("fetch ends");
    let query = Query::parse("1").expect("a query");
    let scanned = orders.iter().filter(|o| query.matches(&haystack(o))).count();
    assert!(scanned > crate::state::WINDOW, "more match than a window ({scanned})");
    assert_eq!(label(&state), scanned.to_string(), "the count is a full scan's");
    assert_eq!(state.list.window.rows.len(), crate::state::WINDOW);
}

#[tokio::test]
async fn a_count_overtaken_by_a_newer_key_sends_nothing_more() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (backend, _orders, open) = gated(&dir);
    let mut state = state();
    let older = type_search(&mut state, "1");
    let latest = Arc::new(AtomicU64::new(older.0));
    let (task, mut rx) = fetch(Arc::clone(&backend), &older, &latest);
    update(&mut state, next(&mut rx).await);
    assert!(label(&state).starts_with('≥'));
    // The next key: a newer request, so the older count stops unanswered.
    let newer = type_search(&mut state, "2");
    latest.store(newer.0, Ordering::SeqCst);
    assert_eq!(label(&state), "…", "the older filter's count is not this one's");
    open.send(()).expect("gate");
    task.await.expect("fetch ends");
    assert!(rx.try_recv().is_err(), "an overtaken count answers nothing");
    // A search overtaken before its page answers nothing either.
    let (task, mut rx) = fetch(backend, &older, &latest);
    task.await.expect("fetch ends");
    assert!(rx.try_recv().is_err(), "an overtaken search answers nothing");
}
