//! What the TUI benchmarks share: the cached order file (`target/bench-data/`, shared with the
//! store benchmark; `SMARTPAY_BENCH_ORDERS` for another size), a session, and running the list
//! fetches `update` asks for synchronously, as the effect runner would.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::backend::{OrderReader, SourceKind};
use smartpay_console::config::Lang;
use smartpay_console::domain::time::now_millis;
use smartpay_console::tui::action::Action;
use smartpay_console::tui::effect::Effect;
use smartpay_console::tui::state::{Session, State};
use smartpay_console::tui::theme::Theme;
use smartpay_console::tui::update::update;
use std::path::PathBuf;

/// The order file for the benchmark, made with the library's generator the first time.
pub fn orders_file() -> PathBuf {
    let count: u64 = std::env::var("SMARTPAY_BENCH_ORDERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from)
        .join("bench-data");
    let path = dir.join(format!("orders-{count}.redb"));
    // Readable means the count matches and a row decodes (a file from an older build may not).
    let ready = LocalStore::open(&path, OpenMode::Existing)
        .and_then(|s| Ok((s.count()?, s.list(&smartpay_console::backend::ListQuery::default())?)))
        .is_ok_and(|(n, _)| n as u64 == count);
    if !ready {
        std::fs::create_dir_all(&dir).expect("bench-data dir");
        let _ = std::fs::remove_file(&path);
        eprintln!("generating {count} orders into {} (cached for later runs)…", path.display());
        let store = LocalStore::open(&path, OpenMode::Bulk).expect("create the order file");
        smartpay_console::demo::generator::generate_into(&store, count, 7, now_millis(), |_| {}).expect("generate");
    }
    path
}

pub fn session() -> Session {
    Session {
        lang: Lang::En,
        theme: Theme::default(),
        read_only: false,
        operator: "bench".into(),
        source: SourceKind::Offline,
        keygen: smartpay_console::backend::ids::new_idempotency_key,
    }
}

/// Runs the list fetches `update` asks for, synchronously, as the effect runner would.
pub fn settle(state: &mut State, store: &LocalStore, effects: Vec<Effect>) {
    let mut queue = effects;
    while let Some(effect) = queue.pop() {
        if let Effect::FetchRows { request, query, .. } = effect {
            let result = store.list(&query).map_err(|e| e.to_string());
            queue.extend(update(state, Action::RowsLoaded { request, offset: query.offset, result }));
        }
    }
}

pub fn press(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn list_state(store: &LocalStore, size: (u16, u16)) -> State {
    let mut state = State::new(session(), now_millis(), size);
    let effects = update(&mut state, Action::Start(size.0, size.1));
    settle(&mut state, store, effects);
    assert!(state.list.matching > 0, "the store has orders");
    state
}
