//! Checksummed records: a damaged order file is read as its original data or names the damaged
//! record — never a changed amount, never a panic; `check` lists what is damaged; a schema-1
//! file reads as unverified and refuses operations until `migrate` seals it.
// A test crate: a failed unwrap, expect or panic is how it reports a failure; libc calls need unsafe.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, unsafe_code)]

mod cli_support;

use cli_support::*;
use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use redb::ReadableTable;
use smartpay_console::backend::local::verify::verify_pages;
use smartpay_console::backend::local::{LocalStore, OpenMode, schema};
use smartpay_console::backend::{
    BackendError, ListQuery, OperationRequest, OrderOperator, OrderReader, OrderRow, SortKey,
};
use smartpay_console::demo::generator::synthetic_order;
use smartpay_console::domain::{Operation, Order, RefundReason};
use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::OnceLock;

/// A fixed "now", so reading never expires an order between writing and comparing.
const NOW: i64 = 1_760_000_000_000;

fn fixed_clock() -> i64 {
    NOW
}

fn orders(count: u64) -> Vec<Order> {
    let mut rng = StdRng::seed_from_u64(8);
    (0..count).map(|n| synthetic_order(&mut rng, n, count, NOW)).collect()
}

/// A small schema-2 file holding `orders`, compacted so that it is mostly live data.
fn small_file(path: &Path, orders: &[Order]) {
    let store = LocalStore::open_with_clock(path, OpenMode::CreateIfMissing, fixed_clock).expect("store");
    store.insert_orders(orders).expect("insert");
    drop(store);
    let mut db = raw(path);
    while db.compact().expect("compact") {}
}

/// A temporary folder holding a small file with `orders`: the folder, the file and the orders.
fn store_with(orders: Vec<Order>) -> (tempfile::TempDir, std::path::PathBuf, Vec<Order>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("orders.redb");
    small_file(&db, &orders);
    (dir, db, orders)
}

/// The file opened with redb directly, as the store opens it (shared between processes).
fn raw(path: &Path) -> redb::Database {
    let mut builder = redb::Database::builder();
    builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
    builder.open(path).expect("open raw")
}

/// The small file every bit-flip case starts from.
struct Pristine {
    bytes: Vec<u8>,
    orders: Vec<Order>,
    /// Where the order records and list rows lie in the file: the bytes that hold money.
    records: Vec<std::ops::Range<usize>>,
}

fn pristine() -> &'static Pristine {
    static PRISTINE: OnceLock<Pristine> = OnceLock::new();
    PRISTINE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("pristine.redb");
        let orders = orders(6);
        small_file(&path, &orders);
        let bytes = std::fs::read(&path).expect("read");
        let db = raw(&path);
        let txn = redb::ReadableDatabase::begin_read(&db).expect("read");
        let mut records = Vec::new();
        for table in [schema::ORDERS, schema::ROWS] {
            for entry in txn.open_table(table).expect("table").iter().expect("iter") {
                let value = entry.expect("entry").1.value().to_vec();
                let at = bytes.windows(value.len()).position(|w| w == value.as_slice()).expect("a record in the file");
                records.push(at..at + value.len());
            }
        }
        Pristine { bytes, orders, records }
    })
}

/// Rewrites one order's record in `table` (orders or rows) with `change` applied, as a
/// damaged disk would.
fn tamper(
    path: &Path,
    table: redb::TableDefinition<(i64, &str), &[u8]>,
    order: &Order,
    change: impl FnOnce(&mut Vec<u8>),
) {
    let db = raw(path);
    let txn = db.begin_write().expect("write");
    {
        let mut table = txn.open_table(table).expect("table");
        let key = (order.created_at, order.id.as_str());
        let mut bytes = table.get(key).expect("get").expect("stored").value().to_vec();
        change(&mut bytes);
        table.insert(key, bytes.as_slice()).expect("insert");
    }
    txn.commit().expect("commit");
}

/// What a damaged file may answer for one order: the original, or an error (damage named,
/// file refused, or the order not found because its index entry is what was damaged).
fn assert_original_or_refused(got: Result<Order, BackendError>, original: &Order) {
    match got {
        Ok(order) => {
            assert_eq!(order.amount(), original.amount(), "an amount changed");
            assert_eq!(order, *original, "an order read back changed");
        }
        Err(BackendError::Damaged { .. } | BackendError::Corrupt { .. } | BackendError::NotFound { .. }) => {}
        Err(other) => assert!(
            matches!(other, BackendError::Storage(_) | BackendError::Io { .. } | BackendError::SchemaTooNew { .. }),
            "unexpected answer from a damaged file: {other:?}"
        ),
    }
}

/// A folder in memory where there is one (/dev/shm): each case commits, and a commit's fsync
/// on a busy disk would cost more than the whole case.
fn in_memory_dir() -> std::io::Result<tempfile::TempDir> {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() { tempfile::tempdir_in(shm) } else { tempfile::tempdir() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_flipped_bit_never_changes_an_amount_nor_panics(
        in_a_record in any::<bool>(),
        position in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let dir = in_memory_dir().expect("temp dir");
        let Pristine { bytes, orders: original, records } = pristine();
        let mut bytes = bytes.clone();
        // The smallest file redb writes for the store's thirteen tables (three of them the
        // search index of schema 3) is 120 KB (30 pages of 4 KB), so this stays above the
        // issue's 64 KB; every byte of it is a target.
        prop_assert!(bytes.len() <= 128 * 1024, "the file is {} bytes", bytes.len());
        // Half the flips anywhere (keys, page headers, the file header, free space), half in the
        // few bytes that hold the orders and their list rows.
        let at = if in_a_record {
            let spans: Vec<usize> = records.iter().flat_map(|r| r.clone()).collect();
            spans[position.index(spans.len())]
        } else {
            position.index(bytes.len())
        };
        bytes[at] ^= 1 << bit;
        let damaged = dir.path().join("damaged.redb");
        std::fs::write(&damaged, &bytes).expect("write");

        // A file too damaged to open is refused whole (with a sentence): nothing is read from it.
        let Ok(store) = LocalStore::open_with_clock(&damaged, OpenMode::Existing, fixed_clock) else { return Ok(()) };
        let mut refused = false;
        for order in original {
            let got = store.get(&order.id);
            refused |= got.is_err();
            assert_original_or_refused(got, order);
        }
        let by_id: BTreeMap<&str, &Order> = original.iter().map(|o| (o.id.as_str(), o)).collect();
        let queries = [
            ListQuery::default(),
            ListQuery { search: Some(original[0].id.clone()), ..ListQuery::default() },
            ListQuery { sort: SortKey::Amount, ..ListQuery::default() },
            ListQuery { status: Some(original[0].status.clone()), ..ListQuery::default() },
        ];
        for query in queries {
            if let Ok(page) = store.list(&query) {
                refused |= !page.damaged.is_empty();
                for row in page.rows {
                    let source = by_id.get(row.id.as_str()).expect("a listed row belongs to an original order");
                    prop_assert_eq!(&row, &OrderRow::of(source), "a list row changed");
                }
            }
        }
        // `check` reads everything, and names whatever a reader was refused.
        let named = store.verify().map_or(true, |found| !found.is_empty());
        // An operation reads the order in its write transaction: done on the original figures,
        // or refused.
        let target = original.iter().find(|o| o.summary(NOW).refundable.unwrap_or(0) > 0).expect("a refundable order");
        let refund = OperationRequest {
            operation: Operation::Refund { amount: 1, reason: RefundReason::RequestedByCustomer },
            operator: None,
            idempotency_key: "flip".into(),
        };
        if let Ok(outcome) = store.execute(&target.id, &refund) {
            // A refusal by a rule moved nothing; a refund that moved money was decided on the
            // original figures.
            if outcome.moved() > 0 {
                let order = outcome.order.expect("the order is read back after a refund");
                prop_assert_eq!(order.amount(), target.amount());
                prop_assert_eq!(order.refunded(), target.refunded() + 1, "the refund was decided on changed figures");
            }
        }
        drop(store);
        let pages = verify_pages(&damaged);
        prop_assert!(!refused || named || pages.is_some(), "a reader was refused but `check` names nothing");
    }
}

#[test]
fn check_passes_a_clean_file_then_names_the_damaged_order_which_show_refuses_and_list_skips() {
    let (dir, db, original) = store_with(orders(3));

    let clean = run_db(dir.path(), &db, &["check"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert!(stderr(&clean).contains("nothing damaged"), "{}", stderr(&clean));

    // Flip one bit of the stored amount (the first bytes that encode it), as a bad disk would.
    let victim = &original[1];
    tamper(&db, schema::ORDERS, victim, |bytes| {
        let amount = postcard::to_allocvec(&victim.amount()).expect("encode");
        let at = bytes.windows(amount.len()).position(|w| w == amount.as_slice()).expect("amount bytes");
        bytes[at] ^= 1;
    });

    let check = run_db(dir.path(), &db, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(stdout(&check), format!("order {} checksum mismatch\n", victim.id));
    let json = run_db(dir.path(), &db, &["check", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(report["clean"], false);
    assert_eq!(report["files"][0]["damaged"][0]["id"], victim.id.as_str());

    let show = run_db(dir.path(), &db, &["orders", "show", &victim.id]);
    assert_eq!(show.status.code(), Some(1));
    assert!(stderr(&show).contains(&format!("order {} is damaged: checksum mismatch", victim.id)), "{}", stderr(&show));
    assert!(stdout(&show).is_empty(), "nothing of a damaged order is shown");

    let refund = run_db(dir.path(), &db, &["refund", &victim.id, "1"]);
    assert_eq!(refund.status.code(), Some(1), "a damaged order is never used for money: {}", stderr(&refund));

    let list_json = run_db(dir.path(), &db, &["orders", "list", "--json"]);
    assert_eq!(list_json.status.code(), Some(0), "{}", stderr(&list_json));
    let listed: serde_json::Value = serde_json::from_slice(&list_json.stdout).expect("json");
    let ids: Vec<&str> = listed["data"].as_array().expect("data").iter().filter_map(|o| o["id"].as_str()).collect();
    assert_eq!(ids.len(), 2, "the two sound orders are listed: {ids:?}");
    assert!(!ids.contains(&victim.id.as_str()));
    assert!(stderr(&list_json).contains(&format!("warning: order {} is damaged", victim.id)), "{}", stderr(&list_json));

    // The list row is intact (only the order record was damaged), so the list still shows it;
    // a damaged row is left out with a warning.
    tamper(&db, schema::ROWS, victim, |bytes| bytes[0] ^= 0x40);
    let list = run_db(dir.path(), &db, &["orders", "list"]);
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
    assert!(!stdout(&list).contains(&victim.id), "a damaged row is not listed");
    assert!(stdout(&list).contains(&original[0].id));
    assert!(
        stderr(&list).contains(&format!("warning: row {} is damaged: checksum mismatch", victim.id)),
        "{}",
        stderr(&list)
    );
}

/// Turns a schema-2 file into what the schema-1 console wrote: the same postcard records
/// without their checksums, and schema_version 1.
fn downgrade_to_v1(path: &Path) {
    let db = raw(path);
    let txn = db.begin_write().expect("write");
    {
        for table in [schema::ORDERS, schema::ROWS, schema::SEARCH] {
            let mut table = txn.open_table(table).expect("table");
            // In batches, so that a million orders fit in memory (the timing run).
            let mut after: Option<(i64, String)> = None;
            loop {
                let start = after.as_ref().map_or(Bound::Unbounded, |(c, id)| Bound::Excluded((*c, id.as_str())));
                let batch: Vec<((i64, String), Vec<u8>)> = table
                    .range::<(i64, &str)>((start, Bound::Unbounded))
                    .expect("range")
                    .take(10_000)
                    .map(|e| {
                        let (k, v) = e.expect("entry");
                        let (created, id) = k.value();
                        let bytes = v.value();
                        ((created, id.to_string()), bytes[..bytes.len() - 4].to_vec())
                    })
                    .collect();
                let Some((last, _)) = batch.last() else { break };
                after = Some(last.clone());
                for ((created, id), bytes) in batch {
                    table.insert((created, id.as_str()), bytes.as_slice()).expect("insert");
                }
            }
        }
        let mut keys = txn.open_table(schema::IDEMPOTENCY).expect("keys");
        let entries: Vec<(String, Vec<u8>)> = keys
            .iter()
            .expect("iter")
            .map(|e| {
                let (k, v) = e.expect("entry");
                (k.value().to_string(), v.value()[..v.value().len() - 4].to_vec())
            })
            .collect();
        for (key, bytes) in entries {
            keys.insert(key.as_str(), bytes.as_slice()).expect("insert");
        }
        txn.open_table(schema::META).expect("meta").insert(schema::KEY_VERSION, 1).expect("version");
    }
    txn.commit().expect("commit");
}

#[test]
fn a_schema_1_file_reads_unverified_and_refuses_operations_until_migrated() {
    let (dir, db, original) = store_with(orders(4));
    // One refund under a key, so an idempotency result is migrated too.
    let refundable = original.iter().find(|o| o.summary(NOW).refundable.unwrap_or(0) > 0).expect("a refundable order");
    let refund = OperationRequest {
        operation: Operation::Refund { amount: 1, reason: RefundReason::RequestedByCustomer },
        operator: Some("tester".into()),
        idempotency_key: "key-1".into(),
    };
    let store = LocalStore::open_with_clock(&db, OpenMode::Existing, fixed_clock).expect("store");
    let refunded = store.execute(&refundable.id, &refund).expect("refund").order.expect("read back");
    drop(store);
    downgrade_to_v1(&db);

    let store = LocalStore::open_with_clock(&db, OpenMode::Existing, fixed_clock).expect("a v1 file opens");
    assert!(store.is_unverified());
    assert!(store.describe().contains("unverified"), "{}", store.describe());
    assert_eq!(store.get(&refunded.id).expect("reads"), refunded);
    assert_eq!(store.list(&ListQuery::default()).expect("list").rows.len(), 4);
    let again = OperationRequest { idempotency_key: "key-2".into(), ..refund.clone() };
    let refused = store.execute(&refundable.id, &again).expect_err("no operation on an unverified file");
    assert!(matches!(refused, BackendError::Unverified { .. }), "{refused:?}");
    assert!(refused.to_string().contains("smartpay-console migrate --db"), "{refused}");
    drop(store);

    let migrate = run_db(dir.path(), &db, &["migrate"]);
    assert_eq!(migrate.status.code(), Some(0), "{}", stderr(&migrate));
    assert!(stderr(&migrate).contains("4 orders and 1 idempotency results sealed"), "{}", stderr(&migrate));
    let check = run_db(dir.path(), &db, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}{}", stdout(&check), stderr(&check));

    let store = LocalStore::open_with_clock(&db, OpenMode::Existing, fixed_clock).expect("store");
    assert!(!store.is_unverified());
    assert_eq!(store.get(&refunded.id).expect("reads"), refunded);
    let replay = store.execute(&refundable.id, &refund).expect("the old key replays");
    assert!(replay.replayed);
    assert_eq!(replay.order, Some(refunded), "the replay moved nothing");
}

#[test]
fn migrate_names_an_undecodable_record_with_its_hostile_key_escaped() {
    let (_dir, db, _) = store_with(orders(1));
    downgrade_to_v1(&db);
    let raw = raw(&db);
    let txn = raw.begin_write().expect("write");
    txn.open_table(schema::ORDERS).expect("orders").insert((NOW, "x\nfake\u{1b}[2J"), &b"\xff"[..]).expect("insert");
    txn.commit().expect("commit");
    drop(raw);
    let store = LocalStore::open_with_clock(&db, OpenMode::Bulk, fixed_clock).expect("a v1 file opens");
    let migrated = store.migrate(&mut |_, _| {}).expect("migrate").expect("a schema-1 file");
    assert_eq!(migrated.left_damaged, [r"order x\nfake\u{1b}[2J"], "one line, nothing raw for the terminal");
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_order_file_is_refused_at_once_never_waited_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("orders.redb");
    let c_path = std::ffi::CString::new(fifo.to_str().expect("utf-8")).expect("path");
    // SAFETY: mkfifo only reads the NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
    let (sender, receiver) = std::sync::mpsc::channel();
    let opening = fifo.clone();
    // Without the check the open waits for a writer forever: that thread is left behind.
    std::thread::spawn(move || {
        let _ = sender.send(LocalStore::open(&opening, OpenMode::Existing).err().map(|e| e.to_string()));
    });
    let refused = receiver.recv_timeout(std::time::Duration::from_secs(10)).expect("an answer, not a wait");
    let refused = refused.expect("a FIFO is not an order file");
    assert!(refused.contains("not a regular file"), "{refused}");
}

/// Times `migrate` on a schema-1 file of `SMARTPAY_MIGRATE_ORDERS` orders (default 100,000):
/// `cargo test --release --test store_integrity -- --ignored --nocapture migrate_timing`.
/// The figure goes into docs/PERFORMANCE.md.
#[test]
#[ignore = "a timing run, not a test: minutes at a million orders"]
fn migrate_timing() {
    let count: u64 = std::env::var("SMARTPAY_MIGRATE_ORDERS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("big.redb");
    let store = LocalStore::open_with_clock(&db, OpenMode::Bulk, fixed_clock).expect("store");
    smartpay_console::demo::generator::generate_into(&store, count, 7, NOW, |_| {}).expect("generate");
    drop(store);
    downgrade_to_v1(&db);
    let store = LocalStore::open_with_clock(&db, OpenMode::Bulk, fixed_clock).expect("store");
    let started = std::time::Instant::now();
    let migrated = store.migrate(&mut |_, _| {}).expect("migrate").expect("a schema-1 file");
    let took = started.elapsed();
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    eprintln!("migrate: {} orders in {:.1} s ({} MB file)", migrated.orders, took.as_secs_f64(), size / 1_000_000);
    assert_eq!(migrated.orders, count);
}

#[test]
fn check_names_index_entries_that_disagree_with_the_orders() {
    let (_dir, db, original) = store_with(orders(2));
    let moved = &original[0];
    {
        let raw = raw(&db);
        let txn = raw.begin_write().expect("write");
        // The id index points one millisecond off, as a flipped bit in its value would.
        txn.open_table(schema::IDS).expect("ids").insert(moved.id.as_str(), moved.created_at + 1).expect("insert");
        txn.commit().expect("commit");
    }
    let store = LocalStore::open_with_clock(&db, OpenMode::Existing, fixed_clock).expect("store");
    let found: Vec<String> = store.verify().expect("verify").iter().map(ToString::to_string).collect();
    assert!(found.contains(&format!("index {} missing from the id index", moved.id)), "{found:?}");
    assert!(found.contains(&format!("index {} the id index points to no order", moved.id)), "{found:?}");
    let got = store.get(&moved.id).expect_err("the order cannot be found through a damaged index");
    assert_eq!(
        got.to_string(),
        format!("order {} is damaged: its record is missing (the id index points nowhere)", moved.id)
    );
    assert_eq!(store.get(&original[1].id).expect("the other order"), original[1]);
}

#[test]
fn check_says_when_the_search_index_is_incomplete_and_reindex_mends_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("orders.redb");
    let orders = orders(4);
    // A bulk load stopped before it built the index: the orders are stored, the index is not.
    let store = LocalStore::open_with_clock(&db, OpenMode::CreateIfMissing, fixed_clock).expect("store");
    assert!(store.defer_search_index().expect("defer"), "an empty file defers its index");
    store.insert_orders(&orders).expect("insert");
    drop(store);

    let report = |args: &[&str]| {
        let out = run_db(dir.path(), &db, args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out
    };
    let json: serde_json::Value = serde_json::from_slice(&report(&["check", "--json"]).stdout).expect("json");
    assert_eq!(json["clean"], true, "an incomplete index is not damage: {json}");
    assert_eq!(json["files"][0]["searchIndexComplete"], false, "{json}");
    let text = stderr(&report(&["check"]));
    assert!(text.contains("the search index is incomplete") && text.contains("smartpay-console reindex"), "{text}");

    // Searches still answer exactly (by reading every order) meanwhile.
    let name = orders[2].customer.last_name.clone();
    let wanted = orders.iter().filter(|o| o.customer.last_name == name).count();
    let listed = report(&["orders", "list", "--search", &name, "--json"]);
    let found: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(found["data"].as_array().map(Vec::len), Some(wanted), "{found}");
    // Every command that opens the file says why its searches are slow, on stderr.
    let said = stderr(&listed);
    assert!(said.starts_with("warning: ") && said.contains("the search index is incomplete"), "{said}");

    report(&["reindex"]);
    let json: serde_json::Value = serde_json::from_slice(&report(&["check", "--json"]).stdout).expect("json");
    assert_eq!(json["files"][0]["searchIndexComplete"], true, "{json}");
    assert!(!stderr(&report(&["check"])).contains("search index is incomplete"));
    assert_eq!(stderr(&report(&["orders", "list", "--search", &name])), "", "nothing to warn of once rebuilt");
}

#[test]
fn check_on_a_file_older_than_the_search_index_names_migrate_and_finds_no_damage() {
    let (dir, db, _) = store_with(orders(4));
    // What schema 2 wrote: the orders and their search text, no index tables, version 2.
    {
        let database = raw(&db);
        let txn = database.begin_write().expect("write");
        txn.delete_table(schema::POSTINGS).expect("postings");
        txn.delete_table(schema::GRAM_SIZES).expect("sizes");
        txn.delete_table(schema::SHARED_TIMES).expect("shared");
        {
            let mut meta = txn.open_table(schema::META).expect("meta");
            meta.remove(schema::KEY_INDEX_COMPLETE).expect("remove");
            meta.insert(schema::KEY_VERSION, 2).expect("version");
        }
        txn.commit().expect("commit");
    }
    let out = run_db(dir.path(), &db, &["check", "--json"]);
    assert_eq!(out.status.code(), Some(0), "an older file is not damaged: {}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!((&json["clean"], &json["files"][0]["damaged"]), (&serde_json::json!(true), &serde_json::json!([])));
    assert_eq!(json["files"][0]["searchIndexComplete"], false, "{json}");
    let text = stderr(&run_db(dir.path(), &db, &["check"]));
    assert!(text.contains("older than the search index") && text.contains("smartpay-console migrate"), "{text}");
    assert!(!text.contains("reindex"), "reindex does not build an older file's index: {text}");

    assert_eq!(run_db(dir.path(), &db, &["migrate"]).status.code(), Some(0));
    let json: serde_json::Value =
        serde_json::from_slice(&run_db(dir.path(), &db, &["check", "--json"]).stdout).expect("json");
    assert_eq!(json["files"][0]["searchIndexComplete"], true, "{json}");
}
