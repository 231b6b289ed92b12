//! What one scroll step costs the terminal and the CPU, measured through the real terminal
//! backend: a ratatui `CrosstermBackend` writing into a counting sink instead of stdout.
//!
//! For each step (`j`, `k` or `PgDn` on the Order List over the cached 1,000,000-order file,
//! `SMARTPAY_BENCH_ORDERS` for another size) it counts the bytes the backend wrote and the cells
//! that changed between the two frames, and times key → `update` → `draw` (CPU time of this
//! thread). Prints medians; not a criterion bench, so `cargo bench --bench tui_bytes` prints the
//! figures in a second. A full redraw of the same screen is printed as the yardstick.
// A benchmark crate: a failed unwrap, expect or panic is how it reports a failure; libc calls need unsafe.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, unsafe_code)]

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::tui::effect::Effect;
use smartpay_console::tui::update::update;
use smartpay_console::tui::views;
use std::cell::Cell;
use std::io::{self, Write};
use std::rc::Rc;
use std::time::Duration;

mod support;
use support::{list_state, orders_file, press, settle};

/// A writer that only counts what it is given.
struct Counting(Rc<Cell<usize>>);

impl Write for Counting {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// CPU time of this thread.
fn thread_cpu() -> Duration {
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec into the pointer it is given.
    unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}
const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
unsafe extern "C" {
    fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
}

fn changed_cells(a: &Buffer, b: &Buffer) -> usize {
    a.content.iter().zip(&b.content).filter(|(x, y)| x != y).count()
}

/// Bytes the changed cells' text takes by itself: the least any terminal protocol could send.
fn changed_text_bytes(a: &Buffer, b: &Buffer) -> usize {
    a.content.iter().zip(&b.content).filter(|(x, y)| x != y).map(|(_, y)| y.symbol().len()).sum()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

struct Outcome {
    bytes: f64,
    cells: f64,
    text: f64,
    cpu_us: f64,
}

/// `steps` presses alternating between `keys`, each followed by a frame.
fn measure(store: &LocalStore, size: (u16, u16), keys: &[KeyCode], steps: usize) -> (Outcome, usize) {
    let count = Rc::new(Cell::new(0));
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(Counting(count.clone())),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, size.0, size.1)),
        },
    )
    .expect("terminal");
    let mut state = list_state(store, size);
    // Start mid-window so steps are pure screen work (fetches are the store's benchmark).
    for _ in 0..40 {
        let effects = update(&mut state, press(KeyCode::Char('j')));
        settle(&mut state, store, effects);
    }
    terminal.draw(|f| views::draw(f, &state)).expect("first frame");
    let full = count.replace(0);
    let (mut bytes, mut cells, mut text, mut cpu) = (vec![], vec![], vec![], vec![]);
    let mut previous = terminal.current_buffer_mut().clone();
    for i in 0..steps {
        let key = keys[i % keys.len()];
        count.set(0);
        let started = thread_cpu();
        let effects = update(&mut state, press(key));
        let fetch = effects.iter().any(|e| matches!(e, Effect::FetchRows { .. }));
        let completed = terminal.draw(|f| views::draw(f, &state)).expect("draw");
        let spent = thread_cpu() - started;
        // Copied for the cell count after the clock is read: the copy is the benchmark's cost.
        let frame = completed.buffer.clone();
        // A step that needs the next window of rows also fetches it (off the UI thread in the app).
        settle(&mut state, store, effects);
        if !fetch {
            cpu.push(spent.as_secs_f64() * 1e6);
        }
        bytes.push(count.get() as f64);
        cells.push(changed_cells(&previous, &frame) as f64);
        text.push(changed_text_bytes(&previous, &frame) as f64);
        previous = frame;
    }
    (Outcome { bytes: median(bytes), cells: median(cells), text: median(text), cpu_us: median(cpu) }, full)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let path = orders_file();
    let store = LocalStore::open(&path, OpenMode::Existing).expect("open the order file");
    let total = store.count().expect("count");
    println!("bytes written to the terminal per step (CrosstermBackend into a counting writer), {total} orders");
    println!(
        "| screen | step | full frame bytes | bytes per step | cells changed | their text bytes | CPU per step (median) |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for size in [(80u16, 24u16), (120, 40)] {
        for (name, keys) in [
            ("j/k (move the selection)", &[KeyCode::Char('j'), KeyCode::Char('k')][..]),
            ("PgDn", &[KeyCode::PageDown][..]),
        ] {
            let (o, full) = measure(&store, size, keys, 400);
            println!(
                "| {}x{} | {name} | {full} | {:.0} | {:.0} | {:.0} | {:.0} µs |",
                size.0, size.1, o.bytes, o.cells, o.text, o.cpu_us
            );
        }
    }
}
