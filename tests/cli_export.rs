//! `orders export --out PATH` writes through to what PATH is, never leaves a half-written file
//! or a hidden temporary one, and reports every write error. CI runs as root, which ignores
//! permission bits: a read-only target is made with `chattr +i` (or a read-only bind mount), a
//! full disk with a tiny tmpfs.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::*;
use serde_json::{Value, json};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const OPEN: &str = "order_test_OpenExport01";
const AUTO: &str = "order_test_AutoExport01";

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = make_db(
        dir.path(),
        dir.path(),
        "orders.redb",
        &[manual_order(OPEN, 10_000, 1), automatic_order(AUTO, 5000, 2)],
    );
    (dir, db)
}

fn export_to(home: &Path, db: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["orders", "export", "--out", out.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    run_db(home, db, &args)
}

/// The export's hidden temporary files left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with(".smartpay-export-"))
        .collect()
}

fn jsonl_ids(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line")["id"].as_str().expect("id").to_string())
        .collect()
}

fn run_ok(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

#[test]
fn export_writes_through_symlinks_fifos_and_devices() {
    let (dir, db) = setup();
    let home = dir.path();
    // A symlink into another folder: the target is replaced there, the link stays a link.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let real = elsewhere.join("real.jsonl");
    std::fs::write(&real, "old\n").expect("write");
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let out = export_to(home, &db, &link, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink(), "the link is kept");
    assert_eq!(jsonl_ids(&std::fs::read_to_string(&real).expect("target")), [OPEN, AUTO]);
    // A dangling link: the file it names is created.
    let dangling = dir.path().join("dangling.jsonl");
    std::os::unix::fs::symlink(elsewhere.join("new.jsonl"), &dangling).expect("symlink");
    assert!(export_to(home, &db, &dangling, &[]).status.success());
    assert!(elsewhere.join("new.jsonl").is_file());
    assert!(leftovers(dir.path()).is_empty() && leftovers(&elsewhere).is_empty());

    // A FIFO is written in place, and stays a FIFO.
    let fifo = dir.path().join("orders.fifo");
    assert!(run_ok("mkfifo", &[fifo.to_str().expect("utf-8")]), "mkfifo");
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read_to_string(reader_path).expect("read the FIFO"));
    let out = export_to(home, &db, &fifo, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(jsonl_ids(&reader.join().expect("reader")), [OPEN, AUTO]);
    assert!(std::fs::metadata(&fifo).expect("fifo").file_type().is_fifo(), "still a FIFO");

    // A device is written in place: /dev/null stays the device; /dev/full is an error.
    let out = export_to(home, &db, Path::new("/dev/null"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::metadata("/dev/null").expect("/dev/null").file_type().is_char_device());
    let out = export_to(home, &db, Path::new("/dev/full"), &["--format", "csv"]);
    assert_clean_failure(&out, 1, "/dev/full");
    assert!(stderr(&out).contains("Cannot write /dev/full: no space left"), "{}", stderr(&out));
}

/// Makes `file` unwritable even for root: immutable, else on a read-only bind mount of its
/// folder. Returns the path to write to and how to undo it, or why neither works here.
fn make_read_only(dir: &Path, file: &Path) -> Result<(PathBuf, Vec<Vec<String>>), String> {
    let path = file.to_str().expect("utf-8").to_string();
    if run_ok("chattr", &["+i", &path]) {
        return Ok((file.to_path_buf(), vec![vec!["chattr".into(), "-i".into(), path]]));
    }
    let mount = dir.join("ro");
    std::fs::create_dir(&mount).expect("mkdir");
    let (src, dst) = (file.parent().expect("folder").to_str().expect("utf-8"), mount.to_str().expect("utf-8"));
    if run_ok("mount", &["--bind", src, dst]) && run_ok("mount", &["-o", "remount,ro,bind", dst]) {
        let name = file.file_name().expect("name");
        return Ok((mount.join(name), vec![vec!["umount".into(), dst.into()]]));
    }
    Err("neither chattr +i nor a read-only bind mount works on this file system".into())
}

#[test]
fn a_read_only_file_is_refused_and_left_untouched() {
    let (dir, db) = setup();
    let home = dir.path();
    let folder = dir.path().join("target");
    std::fs::create_dir(&folder).expect("mkdir");
    let file = folder.join("orders.jsonl");
    std::fs::write(&file, "keep me\n").expect("write");
    let (target, undo) = match make_read_only(dir.path(), &file) {
        Ok(made) => made,
        Err(reason) => {
            eprintln!("SKIPPED a_read_only_file_is_refused_and_left_untouched: {reason}");
            return;
        }
    };
    let out = export_to(home, &db, &target, &[]);
    let content = std::fs::read_to_string(&file);
    for command in &undo {
        run_ok(&command[0], &command[1..].iter().map(String::as_str).collect::<Vec<_>>());
    }
    assert_clean_failure(&out, 1, "read-only target");
    assert!(stderr(&out).contains("Cannot write"), "{}", stderr(&out));
    assert_eq!(content.expect("still readable"), "keep me\n", "the file is untouched");
    assert!(leftovers(&folder).is_empty(), "no temporary file left: {:?}", leftovers(&folder));
}

#[test]
fn a_full_disk_fails_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let orders: Vec<Value> =
        (0..120).map(|i| automatic_order(&format!("order_test_Full{i:04}"), 1000 + i, 2)).collect();
    let db = make_db(home, dir.path(), "orders.redb", &orders);
    let mount = dir.path().join("tiny");
    std::fs::create_dir(&mount).expect("mkdir");
    let mount_str = mount.to_str().expect("utf-8");
    if !run_ok("mount", &["-t", "tmpfs", "-o", "size=64k", "tmpfs", mount_str]) {
        eprintln!("SKIPPED a_full_disk_fails_and_keeps_the_old_file: cannot mount a tmpfs here (not root?)");
        return;
    }
    let target = mount.join("orders.jsonl");
    std::fs::write(&target, "old\n").expect("write");
    let out = export_to(home, &db, &target, &[]);
    let content = std::fs::read_to_string(&target);
    let left = leftovers(&mount);
    run_ok("umount", &[mount_str]);
    assert_clean_failure(&out, 1, "full disk");
    assert!(stderr(&out).contains("no space left"), "{}", stderr(&out));
    assert_eq!(content.expect("readable"), "old\n", "the old file is kept whole");
    assert!(left.is_empty(), "no temporary file left: {left:?}");
}

#[test]
fn an_interrupted_or_killed_export_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let db = dir.path().join("big.redb");
    assert!(run_db(home, &db, &["generate", "--orders", "3000"]).status.success());
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).expect("mkdir");
    // What a SIGKILLed export leaves: removed by the next export into the folder.
    let stale = folder.join(".smartpay-export-4194999-0123456789abcdef.tmp");
    std::fs::write(&stale, "half").expect("write");
    let target = folder.join("orders.jsonl");
    for signal in ["INT", "TERM", "HUP"] {
        let mut caught = false;
        for _attempt in 0..5 {
            let _ = std::fs::remove_file(&target);
            let mut child = console(home)
                .arg("--db")
                .arg(&db)
                .args(["orders", "export", "--out", target.to_str().expect("utf-8")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn");
            let deadline = Instant::now() + Duration::from_secs(20);
            while leftovers(&folder).iter().all(|n| n.contains("4194999")) && Instant::now() < deadline {
                if child.try_wait().expect("try_wait").is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            let pid = child.id().to_string();
            let sent = child.try_wait().expect("try_wait").is_none() && run_ok("kill", &[&format!("-{signal}"), &pid]);
            let status = child.wait().expect("wait");
            if sent && status.signal().is_some() {
                caught = true;
                break;
            }
        }
        assert!(caught, "SIG{signal} never landed while the temporary file existed");
        assert!(leftovers(&folder).is_empty(), "SIG{signal} left {:?}", leftovers(&folder));
        assert!(!target.exists(), "an interrupted export never creates the target");
    }
}

#[test]
fn csv_times_are_iso_and_excel_cells_neutralised() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let mut hostile = manual_order(OPEN, 10_000, 1);
    hostile["customerInfo"]["lastName"] = json!("=HYPERLINK(\"http://evil\")");
    hostile["customerInfo"]["emailAddress"] = json!("@SUM(1+1)");
    let db = make_db(home, dir.path(), "orders.redb", &[hostile]);
    let plain = stdout(&run_db(home, &db, &["orders", "export", "--format", "csv"]));
    let row = plain.lines().nth(1).expect("a row");
    assert!(row.contains(",\"=HYPERLINK(\"\"http://evil\"\")\","), "kept as data without --excel: {row}");
    let created = row.split(',').nth(1).expect("created_at");
    assert!(
        created.len() == 25 && created.ends_with("+09:00") && created.as_bytes()[10] == b'T',
        "ISO 8601: {created}"
    );

    let out = run_db(home, &db, &["orders", "export", "--format", "csv", "--excel"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.starts_with("\u{feff}id,".as_bytes()), "a BOM first");
    let excel = String::from_utf8(out.stdout).expect("utf-8");
    assert!(excel.contains(",\"'=HYPERLINK(") && excel.contains(",'@SUM(1+1)"), "{excel}");
    assert!(excel.contains(",10000,0,0,0,10000,0,"), "numbers untouched: {excel}");
    let jsonl = run_db(home, &db, &["orders", "export", "--excel"]);
    assert_clean_failure(&jsonl, 2, "--excel with jsonl");
}

#[test]
fn a_damaged_record_stops_the_export_unless_skipped() {
    let (dir, db) = setup();
    let home = dir.path();
    {
        use redb::ReadableTable;
        let mut builder = redb::Database::builder();
        builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
        let file = builder.open(&db).expect("open");
        let txn = file.begin_write().expect("write");
        {
            let mut orders = txn.open_table(smartpay_console::backend::local::schema::ORDERS).expect("orders");
            let (created, id) = orders
                .iter()
                .expect("iter")
                .filter_map(Result::ok)
                .map(|(k, _)| (k.value().0, k.value().1.to_string()))
                .next()
                .expect("an order");
            orders.insert((created, id.as_str()), [0xFFu8; 7].as_slice()).expect("damage");
        }
        txn.commit().expect("commit");
    }
    let target = dir.path().join("orders.jsonl");
    std::fs::write(&target, "old\n").expect("write");
    let out = export_to(home, &db, &target, &[]);
    assert_clean_failure(&out, 1, "damaged record");
    let err = stderr(&out);
    assert!(err.contains("is damaged") && err.contains("--skip-damaged"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).expect("target"), "old\n", "nothing written");

    let out = export_to(home, &db, &target, &["--skip-damaged"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("warning: skipped:") && err.contains("1 damaged records skipped"), "{err}");
    assert_eq!(jsonl_ids(&std::fs::read_to_string(&target).expect("target")).len(), 1, "the readable order");
}
