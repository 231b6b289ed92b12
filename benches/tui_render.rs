//! How fast the TUI draws: the Order List over a 1,000,000-order store (set
//! `SMARTPAY_BENCH_ORDERS` for another size; the file is cached in `target/bench-data/`, shared
//! with the store benchmark), the Order Details of an order with 500 history entries, and one
//! scroll step from key press to finished frame. Frames go to a `TestBackend`, so this is the
//! console's own cost, not the terminal emulator's.
// A benchmark crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use smartpay_console::backend::OrderReader;
use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::domain::{HistoryEntry, HistoryKind, Order};
use smartpay_console::tui::state::{DetailsView, Screen};
use smartpay_console::tui::update::update;
use smartpay_console::tui::views;
use std::hint::black_box;
use std::time::Duration;

mod support;
use support::{list_state, orders_file, press, settle};

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
