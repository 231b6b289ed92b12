//! The TUI's filter path without a terminal: for each keystroke of a typed query, the call the
//! TUI's list effect makes first on its blocking task (`OrderReader::first_page_until`: a
//! window of 240 rows, newest first, the count perhaps still running, shown as "≥ N") — the
//! time until the screen has its rows — and then the exact count it reads off screen
//! (`list_until`, cancelled in the TUI by the next key), each timed in-process; then the
//! process's peak resident memory. Run by `benches/compare.sh --search-index` (not under
//! criterion):
//!   SMARTPAY_SEARCH_DB=FILE cargo bench --bench search_keystroke

use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::backend::{ListQuery, OrderReader};
use smartpay_console::tui::state::WINDOW;
use std::time::Instant;

fn main() {
    let Some(path) = std::env::var_os("SMARTPAY_SEARCH_DB") else {
        eprintln!("set SMARTPAY_SEARCH_DB to an order file (benches/compare.sh --search-index does)");
        return;
    };
    let store = match LocalStore::open(std::path::Path::new(&path), OpenMode::Existing) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let rounds: usize = std::env::var("SMARTPAY_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(7);
    println!("load average before: {}", load());
    for word in ["takaha", "タカハシハナ", "yamada"] {
        if let Err(e) = typing(&store, word, rounds) {
            eprintln!("{e}");
            return;
        }
    }
    println!("load average after: {}", load());
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status.lines().find(|l| l.starts_with("VmHWM")).unwrap_or("VmHWM: ?");
    println!("- peak RSS of the process after the searches: {}", hwm.trim_start_matches("VmHWM:").trim());
}

/// Types `word` `rounds` times; prints the per-keystroke figures of the first answer (median,
/// p95, per prefix, with what the label said) and of the exact count.
fn typing(store: &LocalStore, word: &str, rounds: usize) -> Result<(), smartpay_console::backend::BackendError> {
    let keys = word.chars().count();
    let (mut firsts, mut counts) = (Vec::new(), Vec::new());
    let mut per_prefix = vec![(Vec::new(), Vec::new(), String::new()); keys];
    for _ in 0..rounds {
        for (k, (end, _)) in word.char_indices().skip(1).chain([(word.len(), ' ')]).enumerate() {
            let query = ListQuery { search: Some(word[..end].to_string()), limit: WINDOW, ..ListQuery::default() };
            let started = Instant::now();
            let page = store.first_page_until(&query, &|| false)?.unwrap_or_default();
            let first = ms(started);
            let started = Instant::now();
            let exact = if page.at_least { store.list(&query)?.matching } else { page.matching };
            let count = ms(started);
            firsts.push(first);
            counts.push(count);
            let shown = if page.at_least { format!("≥{}→{exact}", page.matching) } else { exact.to_string() };
            per_prefix[k].0.push(first);
            per_prefix[k].1.push(count);
            per_prefix[k].2 = shown;
        }
    }
    let prefixes: Vec<String> = per_prefix
        .iter_mut()
        .map(|(first, count, shown)| format!("{:.1} ({shown}; count {:.1})", median(first), median(count)))
        .collect();
    println!(
        "- `{word}`: rows on screen median {:.1} ms, p95 {:.1} ms per keystroke; exact count median {:.1} ms, p95 {:.1} ms; per prefix: {} ms",
        median(&mut firsts),
        p95(&mut firsts),
        median(&mut counts),
        p95(&mut counts),
        prefixes.join(", ")
    );
    Ok(())
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn p95(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[(samples.len() * 95).div_ceil(100) - 1]
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
