//! The TUI's filter path without a terminal: for each keystroke of a typed query, the exact
//! call the TUI's list effect makes on its blocking task (`effect::list_from_nearer_end` over
//! the store, a window of 50 rows and the exact count), timed in-process; then the process's
//! peak resident memory. Run by `benches/compare.sh --search-index` (not under criterion):
//!   SMARTPAY_SEARCH_DB=FILE cargo bench --bench search_keystroke

use smartpay_console::backend::ListQuery;
use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::tui::effect::list_from_nearer_end;
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
    let rounds = 7;
    for word in ["takaha", "タカハシハナ", "yamada"] {
        let mut samples = Vec::new();
        let mut per_prefix = vec![Vec::new(); word.chars().count()];
        for _ in 0..rounds {
            for (k, (end, _)) in word.char_indices().skip(1).chain([(word.len(), ' ')]).enumerate() {
                let query = ListQuery { search: Some(word[..end].to_string()), limit: 50, ..ListQuery::default() };
                let started = Instant::now();
                let page = list_from_nearer_end(&store, &query, 0);
                let took = started.elapsed().as_secs_f64() * 1000.0;
                if let Err(e) = page {
                    eprintln!("{e}");
                    return;
                }
                samples.push(took);
                per_prefix[k].push(took);
            }
        }
        samples.sort_by(f64::total_cmp);
        let median = samples[samples.len() / 2];
        let p95 = samples[(samples.len() * 95).div_ceil(100) - 1];
        let prefixes: Vec<String> = per_prefix
            .iter_mut()
            .map(|s| {
                s.sort_by(f64::total_cmp);
                format!("{:.1}", s[s.len() / 2])
            })
            .collect();
        println!(
            "- `{word}`: median {median:.1} ms, p95 {p95:.1} ms per keystroke; per prefix {} ms",
            prefixes.join(", ")
        );
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status.lines().find(|l| l.starts_with("VmHWM")).unwrap_or("VmHWM: ?");
    println!("- peak RSS of the process after the searches: {}", hwm.trim_start_matches("VmHWM:").trim());
}
