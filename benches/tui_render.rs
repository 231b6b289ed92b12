//! How fast the TUI draws: the Order List over a 1,000,000-order store (set
//! `SMARTPAY_BENCH_ORDERS` for another size; the file is cached in `target/bench-data/`, shared
//! with the store benchmark), the Order Details of an order with 500 history entries, and one
//! scroll step from key press to finished frame. Frames go to a `TestBackend`, so this is the
//! console's own cost, not the terminal emulator's.

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::backend::{Backend, SourceKind};
use smartpay_console::config::Lang;
use smartpay_console::domain::time::now_millis;
use smartpay_console::domain::{HistoryEntry, HistoryKind, Order};
use smartpay_console::tui::action::Action;
use smartpay_console::tui::effect::Effect;
use smartpay_console::tui::state::{DetailsView, Screen, Session, State};
use smartpay_console::tui::theme::Theme;
use smartpay_console::tui::update::update;
use smartpay_console::tui::views;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

/// The order file for the benchmark, made with the library's generator the first time.
fn orders_file() -> PathBuf {
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
        let store = LocalStore::open(&path, OpenMode::CreateIfMissing).expect("create the order file");
        smartpay_console::demo::generator::generate_into(&store, count, 7, now_millis(), |_| {}).expect("generate");
    }
    path
}

fn session() -> Session {
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
fn settle(state: &mut State, store: &LocalStore, effects: Vec<Effect>) {
    let mut queue = effects;
    while let Some(effect) = queue.pop() {
        if let Effect::FetchRows { request, query, .. } = effect {
            let result = store.list(&query).map_err(|e| e.to_string());
            queue.extend(update(state, Action::RowsLoaded { request, offset: query.offset, result }));
        }
    }
}

fn press(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn list_state(store: &LocalStore, size: (u16, u16)) -> State {
    let mut state = State::new(session(), now_millis(), size);
    let effects = update(&mut state, Action::Start(size.0, size.1));
    settle(&mut state, store, effects);
    assert!(state.list.matching > 0, "the store has orders");
    state
}

fn history_order(store: &LocalStore, id: &str) -> Order {
    let mut order = store.get(id).expect("an order");
    let base = order.created_at;
    order.history = (0..500)
        .map(|i| HistoryEntry {
            operator: Some("suzuki".into()),
            idempotency_key: Some(format!("spc_{i:032}")),
            ..HistoryEntry::system(if i % 2 == 0 { HistoryKind::Capture } else { HistoryKind::Refund }, 100, base + i)
        })
        .collect();
    order
}

fn benches(c: &mut Criterion) {
    let path = orders_file();
    let store = LocalStore::open(&path, OpenMode::Existing).expect("open the order file");
    let mut group = c.benchmark_group("tui");
    group.sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));

    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let state = list_state(&store, (w, h));
        let name = format!("order_list_{}_orders_{w}x{h}", state.list.total);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        group.bench_function(name, |b| {
            b.iter(|| {
                // A full redraw each time (no diff shortcut): the worst case of a frame.
                terminal.clear().expect("clear");
                terminal.draw(|f| views::draw(f, black_box(&state))).expect("draw");
            })
        });
    }

    let mut state = list_state(&store, (80, 24));
    let id = state.list.selected_row().map(|r| r.id.clone()).expect("a selected row");
    state.screen = Screen::Details;
    let order = history_order(&store, &id);
    state.details = Some(DetailsView { id, order: Some(order), error: None, scroll: 0, request: 0 });
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    group.bench_function("order_details_500_history_80x24", |b| {
        b.iter(|| {
            terminal.clear().expect("clear");
            terminal.draw(|f| views::draw(f, black_box(&state))).expect("draw");
        })
    });

    let mut state = list_state(&store, (80, 24));
    // Start mid-window so a step never needs a fetch (that is the store's benchmark).
    for _ in 0..40 {
        let effects = update(&mut state, press(KeyCode::Char('j')));
        settle(&mut state, &store, effects);
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| views::draw(f, &state)).expect("first frame");
    let mut down = true;
    group.bench_function("keypress_to_frame_one_scroll_step_80x24", |b| {
        b.iter(|| {
            let key = if down { KeyCode::Char('j') } else { KeyCode::Char('k') };
            down = !down;
            let effects = update(&mut state, press(key));
            black_box(effects);
            terminal.draw(|f| views::draw(f, &state)).expect("draw");
        })
    });
    group.finish();
}

criterion_group!(tui, benches);
criterion_main!(tui);
