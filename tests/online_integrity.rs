//! Online mode over damaged files: a journal that cannot be read still lets the console read
//! (operations wait for `journal repair`), and the sandbox answers a damaged order with a plain
//! sentence, never panic text.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::*;
use redb::ReadableTable;
use smartpay_console::backend::local::schema;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_damaged_journal_still_reads_refuses_operations_and_works_again_after_repair() {
    let order = manual_order("journal", 5_000);
    let (sandbox, _home, console) = sandbox_and_console(std::slice::from_ref(&order), 0, 0, 0.0);
    std::fs::create_dir_all(console.journal_file().parent().expect("folder")).expect("data dir");
    std::fs::write(console.journal_file(), vec![0x5a; 4096]).expect("a damaged journal");

    let show = console.run(&["orders", "show", &order.id]);
    assert_eq!(show.status.code(), Some(0), "reading goes on: {}", stderr(&show));
    let warnings: Vec<String> = stderr(&show).lines().filter(|l| l.contains("journal")).map(String::from).collect();
    assert_eq!(warnings.len(), 1, "reported in one line: {warnings:?}");
    assert!(warnings[0].contains("smartpay-console journal repair"), "{}", warnings[0]);

    let capture = console.run(&["capture", &order.id, "1000"]);
    assert_eq!(capture.status.code(), Some(1), "{}", stderr(&capture));
    assert!(stderr(&capture).contains("refused until `smartpay-console journal repair`"), "{}", stderr(&capture));
    assert_eq!(sandbox.stat("payments"), 0, "nothing was sent");

    let repair = console.run(&["journal", "repair"]);
    assert_eq!(repair.status.code(), Some(0), "{}", stderr(&repair));
    assert!(stderr(&repair).contains("The damaged file is kept as"), "{}", stderr(&repair));
    console.ok(&["capture", &order.id, "1000"]);
    assert_eq!(sandbox.stat("payments"), 1);
}

#[test]
fn the_sandbox_names_a_damaged_order_in_a_plain_sentence() {
    let order = manual_order("damaged", 5_000);
    let sandbox = Sandbox::start(std::slice::from_ref(&order), 0, 0, 0.0);
    // The order file is changed under the running sandbox, as a bad disk would change it.
    {
        let mut builder = redb::Database::builder();
        builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
        let db = builder.open(&sandbox.db).expect("open raw");
        let txn = db.begin_write().expect("write");
        {
            let mut orders = txn.open_table(schema::ORDERS).expect("orders");
            let key = (order.created_at, order.id.as_str());
            let mut bytes = orders.get(key).expect("get").expect("stored").value().to_vec();
            bytes[3] ^= 0x10;
            orders.insert(key, bytes.as_slice()).expect("insert");
        }
        txn.commit().expect("commit");
    }
    let response = http()
        .get(format!("{}/orders/{}", sandbox.url, order.id))
        .header("Authorization", format!("Basic {KEY}"))
        .send()
        .expect("answer");
    assert_eq!(response.status().as_u16(), 500);
    let body = response.text().expect("body");
    assert!(body.contains(&format!("order {} is damaged: checksum mismatch", order.id)), "{body}");
    for leak in ["panicked", "backtrace", "src/", ".rs:"] {
        assert!(!body.contains(leak), "{leak} in {body}");
    }
}
