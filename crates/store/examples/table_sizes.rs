//! Where an order file's bytes go, table by table: `cargo run --release -p smartpay-store
//! --example table_sizes -- FILE` (opens the file read-only). For measuring the search
//! index's share of the file (docs/PERFORMANCE.md).

use redb::{ReadOnlyDatabase, ReadableDatabase, ReadableTableMetadata, TableHandle};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(path) = std::env::args().nth(1) else {
        return Err("usage: table_sizes FILE".into());
    };
    let db = ReadOnlyDatabase::open(&path)?;
    let txn = db.begin_read()?;
    let mb = |bytes: u64| bytes as f64 / 1e6;
    println!(
        "{:<24} {:>12} {:>10} {:>10} {:>10} {:>10}",
        "table", "entries", "leaf pages", "stored MB", "meta MB", "frag MB"
    );
    let (mut stored, mut meta, mut frag) = (0, 0, 0);
    for handle in txn.list_tables()? {
        let table = txn.open_untyped_table(handle.clone())?;
        let stats = table.stats()?;
        println!(
            "{:<24} {:>12} {:>10} {:>10.1} {:>10.1} {:>10.1}",
            handle.name(),
            table.len()?,
            stats.leaf_pages(),
            mb(stats.stored_bytes()),
            mb(stats.metadata_bytes()),
            mb(stats.fragmented_bytes())
        );
        stored += stats.stored_bytes();
        meta += stats.metadata_bytes();
        frag += stats.fragmented_bytes();
    }
    println!("tables: stored {:.1} MB, metadata {:.1} MB, fragmented {:.1} MB", mb(stored), mb(meta), mb(frag));
    Ok(())
}
