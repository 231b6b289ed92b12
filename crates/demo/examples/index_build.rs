//! The search index's build alone, for measuring its cost (docs/PERFORMANCE.md):
//!
//! - `index_build load N FILE`: `generate`'s N orders (seed 7) into a new FILE, the index
//!   deferred and left unbuilt;
//! - `index_build build FILE`: builds the index of such a file (copy it first: the build
//!   changes it) and prints how long that took.

use rand::SeedableRng;
use rand::rngs::StdRng;
use smartpay_demo::generator::synthetic_order;
use smartpay_store::local::{LocalStore, OpenMode, ReadyOrder};
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["load", count, file] => {
            let count: u64 = count.parse()?;
            let store = LocalStore::open(Path::new(file), OpenMode::Bulk)?;
            if !store.defer_search_index()? {
                return Err("the file already holds orders".into());
            }
            let now = 1_764_000_000_000;
            let mut rng = StdRng::seed_from_u64(7);
            let batch = (count / 10).clamp(20_000, 100_000);
            let mut done = 0;
            while done < count {
                let rng = &mut rng;
                let orders = (done..(done + batch).min(count)).map(|n| synthetic_order(rng, n, count, now));
                done += store.insert_ready(orders.map(ReadyOrder::new), drop)?;
            }
            println!("loaded {done} orders, index not built");
        }
        ["build", file] => {
            let store = LocalStore::open(Path::new(file), OpenMode::Bulk)?;
            let started = Instant::now();
            let indexed = store.build_search_index()?;
            println!("indexed {indexed} orders in {:.2} s", started.elapsed().as_secs_f64());
        }
        _ => return Err("usage: index_build load N FILE | index_build build FILE".into()),
    }
    Ok(())
}
