//! End to end in a real terminal emulator (tmux, 80x24): the operator's journey on `--demo`,
//! then quitting; and SIGTERM / SIGHUP sent to a running console. Each time the shell must get
//! its terminal back: alternate screen left, cursor visible, line editing (cooked mode) on.
//! Also: keys pressed behind the "too small" screen do nothing, and quitting an online console
//! whose API never answers is quick.
//!
//! tmux is required: without it these tests fail and say how to install it (`scripts/test.sh`
//! installs it with apt when it can), rather than pass without testing anything.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_smartpay-console");
const WAIT: Duration = Duration::from_secs(20);
const PROMPT: &str = "READY> ";

/// Fails the test, saying why and what to do, when tmux cannot be run.
fn require_tmux() {
    let runs = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
    assert!(
        runs,
        "tmux is not installed, so the terminal end-to-end tests cannot run. Install it \
         (`apt-get install tmux`, `brew install tmux`) or run ./scripts/test.sh, which installs it with apt."
    );
}

/// One tmux server on a private socket with one 80x24 session running `sh`; killed on drop.
struct Tmux {
    socket: String,
    _home: tempfile::TempDir,
}

impl Tmux {
    fn start(name: &str) -> Tmux {
        let home = tempfile::tempdir().expect("temp home");
        let socket = format!("spc-{name}-{}", std::process::id());
        let tmux = Tmux { socket, _home: home };
        let h = tmux._home.path();
        let env = |k: &str, v: &Path| format!("{k}={}", v.display());
        let out = tmux.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            "80",
            "-y",
            "24",
            "-e",
            &env("HOME", h),
            "-e",
            &env("XDG_CONFIG_HOME", &h.join("config")),
            "-e",
            &env("XDG_DATA_HOME", &h.join("data")),
            "-e",
            &env("XDG_STATE_HOME", &h.join("state")),
            "-e",
            "NO_COLOR=1",
            "-e",
            "TERM=xterm-256color",
            "-e",
            "USER=tester",
            "sh",
        ]);
        assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));
        tmux.run(&["set", "-sg", "escape-time", "0"]);
        // dash ignores PS1 from the environment for root: set it in the shell.
        tmux.text(&format!("PS1='{PROMPT}'"));
        tmux.keys(&["Enter"]);
        tmux.wait_for(PROMPT);
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "main", "-l", text]);
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "main"]).stdout).into_owned()
    }

    fn display(&self, format: &str) -> String {
        String::from_utf8_lossy(&self.run(&["display", "-p", "-t", "main", format]).stdout).trim().to_string()
    }

    /// Polls the pane until `predicate` holds (short polls, no fixed sleeps).
    fn wait_until(&self, what: &str, predicate: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if predicate(&screen) {
                return screen;
            }
            assert!(start.elapsed() < WAIT, "timed out waiting for {what}; the pane shows:\n{screen}");
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?}"), |s| s.contains(needle))
    }

    /// Starts the console from the shell; it prints `EXITED=<status>` when it ends.
    fn launch(&self, args: &str) {
        self.launch_until("", args, |s| s.contains(" of ") && s.contains("DEMO"));
    }

    /// Starts the console with `env` (`NAME=value …`, may be empty) in front, and waits until
    /// the screen shows what `ready` looks for.
    fn launch_until(&self, env: &str, args: &str, ready: impl Fn(&str) -> bool) {
        self.text(&format!("{env} '{BIN}' {args}; echo EXITED=$?"));
        self.keys(&["Enter"]);
        self.wait_until("the console", ready);
        assert_eq!(self.display("#{alternate_on}"), "1", "the console draws on the alternate screen");
    }

    fn resize(&self, width: u16, height: u16) {
        let out = self.run(&["resize-window", "-t", "main", "-x", &width.to_string(), "-y", &height.to_string()]);
        assert!(out.status.success(), "tmux resize-window: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn home(&self) -> &Path {
        self._home.path()
    }

    /// The console's process id: the pane's shell's child.
    fn console_pid(&self) -> String {
        let shell = self.display("#{pane_pid}");
        let out = Command::new("pgrep").args(["-P", &shell]).output().expect("pgrep runs");
        let pid = String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().trim().to_string();
        assert!(!pid.is_empty(), "the console runs under the shell {shell}");
        pid
    }

    /// After the console ended: the shell's screen is back, the cursor shows and the terminal
    /// is in cooked mode again (the shell runs a typed command).
    fn assert_terminal_restored(&self, status: &str) {
        let screen = self.wait_for(&format!("EXITED={status}"));
        assert_eq!(self.display("#{alternate_on}"), "0", "alternate screen left:\n{screen}");
        assert_eq!(self.display("#{cursor_flag}"), "1", "cursor visible:\n{screen}");
        assert_eq!(self.display("#{mouse_any_flag}#{mouse_sgr_flag}"), "00", "mouse given back:\n{screen}");
        self.text("echo cooked-$((40+2))");
        self.keys(&["Enter"]);
        self.wait_for("cooked-42");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// Opens Payment Actions, moves `down` actions along (↓), types `amount` (the keyboard is in
/// the amount field, its prefilled maximum selected), confirms with `y` and waits for the
/// outcome toast.
fn operate(t: &Tmux, down: usize, amount: Option<&str>, done: &str) -> String {
    t.keys(&["a"]);
    t.wait_for("Payment Actions");
    for _ in 0..down {
        t.keys(&["Down"]);
    }
    if let Some(amount) = amount {
        t.text(amount);
    }
    t.keys(&["Enter"]);
    t.wait_for("Really do this?");
    t.keys(&["y"]);
    t.wait_for(done)
}

#[test]
fn demo_journey_capture_refund_void_then_quit_restores_the_terminal() {
    require_tmux();
    let t = Tmux::start("journey");
    t.launch("--demo --operator tester");
    assert_eq!(t.display("#{mouse_any_flag}"), "0", "the mouse is left to the terminal by default");
    // f three times: all → requires_authorization → rejected → requires_capture.
    t.keys(&["f", "f", "f"]);
    t.wait_for("status: requires_capture");
    t.wait_until("a row to open", |s| s.lines().any(|l| l.starts_with("> ") && l.contains("to capture")));
    t.keys(&["Enter"]);
    t.wait_for("── Amounts");

    // Typing q into the amount field types it; it does not quit.
    t.keys(&["a"]);
    t.wait_for("Payment Actions");
    t.text("q");
    t.wait_for("\"q\" is not an amount");
    t.keys(&["Escape"]);
    t.wait_until("the modal to close", |s| !s.contains("Payment Actions"));

    operate(&t, 0, Some("1"), "Done: Capture ¥1 ");
    operate(&t, 1, Some("1"), "Done: Refund ¥1 ");
    operate(&t, 2, None, "Done: Void");
    // The history is the last section of the details: G scrolls to it.
    t.keys(&["G"]);
    let in_history = |s: &str, op: &str| s.lines().any(|l| l.contains(op) && l.contains("tester"));
    t.wait_until("the three operations in the history", |s| {
        ["capture", "refund", "void"].iter().all(|op| in_history(s, op))
    });
    t.keys(&["Escape"]);
    t.wait_for("Orders");
    t.keys(&["q"]);
    t.assert_terminal_restored("0");
}

fn signal_restores_the_terminal(signal: &str) {
    require_tmux();
    let t = Tmux::start(&signal.to_lowercase());
    // With the mouse taken: a signal gives it back too.
    t.launch("--demo --mouse");
    assert_eq!(t.display("#{mouse_any_flag}"), "1", "--mouse takes the mouse");
    let pid = t.console_pid();
    let status = Command::new("kill").args([&format!("-{signal}"), &pid]).status().expect("kill runs");
    assert!(status.success());
    t.assert_terminal_restored("0");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP");
}

#[test]
fn keys_pressed_behind_the_too_small_screen_capture_nothing() {
    require_tmux();
    let t = Tmux::start("small");
    let dir = tempfile::tempdir().expect("dir");
    let id = "order_test_Small1";
    let db = cli_support::make_db(t.home(), dir.path(), "orders.redb", &[cli_support::manual_order(id, 12_800, 1)]);
    t.launch_until("", &format!("--db '{}' --operator tester", db.display()), |s| {
        // At 80 columns the id gives way to the customer and the long status: the row is there
        // once the customer shows.
        s.contains("OFFLINE") && s.contains("orders.redb") && s.contains("山田 太郎")
    });
    t.keys(&["Enter"]);
    t.wait_for("── Amounts");
    t.keys(&["a"]);
    t.wait_for("Payment Actions");
    t.keys(&["Enter"]);
    t.wait_for("Really do this?");
    t.keys(&["Right"]);
    t.wait_until("focus on Confirm", |s| s.contains("[ Confirm ]"));

    t.resize(50, 12);
    t.wait_for("Terminal too small");
    t.keys(&["y"]);
    t.keys(&["Enter"]);
    // The screen counts the keys it ignored: both arrived, and did nothing.
    t.wait_for("keys ignored: 2");
    t.resize(80, 24);
    let screen = t.wait_for("Really do this?");
    assert!(!screen.contains("Done") && !screen.contains("Sending"), "nothing was sent:\n{screen}");
    t.keys(&["Escape"]);
    // One Escape at a time: two sent at once can reach the console as one Alt-Escape.
    t.wait_until("back to the form", |s| !s.contains("Really do this?"));
    t.keys(&["Escape"]);
    t.wait_until("the modal to close", |s| !s.contains("Payment Actions"));
    t.keys(&["q"]);
    t.assert_terminal_restored("0");

    let order = cli_support::show_json(t.home(), &db, id);
    assert_eq!(cli_support::figure(&order, "captured"), 0, "nothing was captured: {order}");
    // The TUI logs from its first line: before the source opens (where the journal replays).
    let log = std::fs::read_to_string(t.home().join("state/smartpay-console/logs/smartpay-console.log"))
        .expect("the TUI and the CLI write one log");
    let (starting, open) = (log.find("starting"), log.find("console open"));
    assert!(starting.is_some() && starting < open, "logged before the source opened:\n{log}");
}

#[test]
fn quitting_an_online_console_whose_api_never_answers_takes_under_two_seconds() {
    require_tmux();
    // Accepts connections and never answers (the connections are kept open until the end).
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/v1", silent.local_addr().expect("addr"));
    let held = std::thread::spawn(move || silent.incoming().take(8).flatten().collect::<Vec<_>>());
    let t = Tmux::start("silent");
    t.launch_until("SMARTPAY_SECRET_KEY=sk_test_Silent1234", &format!("--api-url {url}"), |s| s.contains("ONLINE"));
    let started = Instant::now();
    t.keys(&["q"]);
    t.assert_terminal_restored("0");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "quitting took {took:?}");
    drop(held);
}

#[test]
fn three_marked_orders_captured_in_bulk_each_once() {
    require_tmux();
    let t = Tmux::start("bulk");
    let ids = ["order_test_bulk1", "order_test_bulk2", "order_test_bulk3"];
    let orders: Vec<_> =
        ids.iter().enumerate().map(|(i, id)| cli_support::manual_order(id, 1_000 * (i as i64 + 1), 2)).collect();
    let db = cli_support::make_db(t.home(), t.home(), "bulk.redb", &orders);
    t.launch_until("", &format!("--db '{}' --operator tester", db.display()), |s| s.contains("3 of 3"));
    t.keys(&["Space", "Space", "Space"]);
    t.wait_for("3 marked");
    t.keys(&["a"]);
    t.wait_for("Bulk Payment Actions");
    t.keys(&["y"]);
    t.wait_for("3 done");
    t.keys(&["Escape"]);
    t.wait_until("the list again", |s| !s.contains("Bulk Payment Actions"));
    t.keys(&["q"]);
    t.assert_terminal_restored("0");
    for (i, id) in ids.iter().enumerate() {
        let order = cli_support::show_json(t.home(), &db, id);
        assert_eq!(cli_support::figure(&order, "captured"), 1_000 * (i as i64 + 1), "{id} captured in full");
        let captures = order["history"].as_array().expect("history").iter().filter(|h| h["type"] == "capture").count();
        assert_eq!(captures, 1, "{id}: one capture in its history");
    }
}

#[test]
fn a_then_4000_then_enter_reviews_4000_with_what_is_left_after() {
    require_tmux();
    let t = Tmux::start("amount");
    let id = "order_test_Amount1";
    let db = cli_support::make_db(t.home(), t.home(), "amount.redb", &[cli_support::manual_order(id, 12_800, 1)]);
    t.launch_until("", &format!("--db '{}' --operator tester", db.display()), |s| s.contains("1 of 1"));
    t.keys(&["Enter"]);
    t.wait_for("── Amounts");
    // The keyboard starts in the amount field with the maximum selected: the digits replace it.
    t.keys(&["a"]);
    t.wait_for("[12,800");
    t.text("4000");
    t.keys(&["Enter"]);
    let screen = t.wait_for("Really do this?");
    assert!(screen.contains("Capture ¥4,000 (JPY)"), "the confirmation restates ¥4,000:\n{screen}");
    assert!(screen.contains("still capturable after: ¥8,800"), "and what is left:\n{screen}");
    assert!(screen.contains("山田 太郎"), "and the customer:\n{screen}");
    t.keys(&["Escape"]);
    t.keys(&["Escape"]);
    t.wait_until("the modal to close", |s| !s.contains("Payment Actions"));
    t.keys(&["q"]);
    t.assert_terminal_restored("0");
    let order = cli_support::show_json(t.home(), &db, id);
    assert_eq!(cli_support::figure(&order, "captured"), 0, "nothing was captured: {order}");
}

/// Issue 12: `reconcile --shop FILE` with planted differences saves its findings; the console
/// then opens on the Drift view listing them (with their age), `Enter` opens the order, whose
/// details show the finding confirmed against the order read again, and `Esc` goes back.
#[test]
fn reconcile_findings_open_in_the_drift_view_and_enter_opens_the_order() {
    require_tmux();
    let t = Tmux::start("drift");
    let dir = tempfile::tempdir().expect("temp dir");
    let orders = [
        cli_support::automatic_order("order_test_same", 5_000, 3),
        cli_support::automatic_order("order_test_amount", 4_000, 3),
    ];
    let db = cli_support::make_db(t.home(), dir.path(), "orders.redb", &orders);
    let shop = dir.path().join("shop.csv");
    std::fs::write(
        &shop,
        "order,amount,captured,refunded\norder_test_same,5000,5000,0\norder_test_amount,4500,4000,0\norder_test_ghost,1000,1000,0\n",
    )
    .expect("shop file");
    let out = cli_support::run_db(t.home(), &db, &["reconcile", "--shop", shop.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(6), "differences found: {}", cli_support::stderr(&out));
    assert!(cli_support::stderr(&out).contains("Drift view"), "{}", cli_support::stderr(&out));

    t.launch_until("", &format!("--db '{}' --operator tester", db.display()), |s| s.contains("found just now"));
    let drift = t.wait_until("both findings", |s| s.contains("amount-mismatch") && s.contains("missing-at-smartpay"));
    assert!(drift.contains("Drift") && drift.contains("2 findings"), "{drift}");
    assert!(!drift.contains("order_test_same"), "a matching row is no finding:\n{drift}");
    // Highest severity first: select the amount mismatch, whichever line it is on.
    let lines: Vec<&str> = drift.lines().filter(|l| l.contains("-mismatch") || l.contains("missing-at")).collect();
    let target = lines.iter().position(|l| l.contains("amount-mismatch")).expect("listed");
    for _ in 0..target {
        t.keys(&["Down"]);
    }
    t.wait_until("the amount mismatch selected", |s| {
        s.lines().any(|l| l.starts_with("> ") && l.contains("amount-mismatch"))
    });
    t.keys(&["Enter"]);
    let details = t.wait_for("Confirmed: the order is unchanged");
    assert!(details.contains("order_test_amount") && details.contains("── Amounts"), "{details}");
    t.keys(&["Escape"]);
    t.wait_until("back on the Drift view", |s| s.contains("missing-at-smartpay") && !s.contains("── Amounts"));
    t.keys(&["Escape"]);
    t.wait_for("2 of 2");
    t.keys(&["q"]);
    t.assert_terminal_restored("0");
}
/// Three orders whose references are `SO-<id>`: two awaiting capture, one captured.
fn palette_db(t: &Tmux) -> std::path::PathBuf {
    let orders = vec![
        cli_support::manual_order("order_test_pal1", 1_000, 3),
        cli_support::manual_order("order_test_pal2", 2_000, 2),
        cli_support::automatic_order("order_test_pal3", 3_000, 1),
    ];
    cli_support::make_db(t.home(), t.home(), "palette.redb", &orders)
}

#[test]
fn the_palette_opens_an_order_by_reference_and_names_an_unknown_one() {
    require_tmux();
    let t = Tmux::start("palette");
    let db = palette_db(&t);
    t.launch_until("", &format!("--db '{}' --operator tester", db.display()), |s| s.contains("3 of 3"));
    t.keys(&[":"]);
    t.wait_for("Commands");
    t.text("open SO-order_test_pal2");
    t.keys(&["Enter"]);
    let screen = t.wait_for("Transaction history");
    assert!(screen.contains("pal2") && !screen.contains("pal1"), "Order Details of pal2:\n{screen}");

    t.keys(&["C-p"]);
    t.wait_for("Commands");
    t.text("SO-nobody");
    t.keys(&["Enter"]);
    let screen = t.wait_for("No order has the id or reference \"SO-nobody\".");
    assert!(screen.contains("Transaction history"), "nothing else changed:\n{screen}");
    t.keys(&["q"]);
    t.assert_terminal_restored("0");
}

#[test]
fn a_saved_view_survives_a_restart_and_an_unknown_one_exits_2() {
    require_tmux();
    let t = Tmux::start("views");
    let db = palette_db(&t);
    let args = format!("--db '{}' --operator tester", db.display());
    t.launch_until("", &args, |s| s.contains("3 of 3"));
    // Sort by amount, reverse it (smallest first), filter on "pal": saved as "small-first".
    t.keys(&["s", "S", "/"]);
    t.text("pal");
    t.keys(&["Enter"]);
    t.wait_until("the sorted list", |s| s.contains("Amount▲"));
    t.keys(&[":"]);
    t.wait_for("Commands");
    t.text("save small-first");
    t.keys(&["Enter"]);
    t.wait_for("Saved the view \"small-first\"");
    t.keys(&["q"]);
    t.assert_terminal_restored("0");
    let file = t.home().join("config/smartpay-console/views.toml");
    let saved = std::fs::read_to_string(&file).expect("views.toml beside the config");
    assert!(saved.contains("name = \"small-first\"") && saved.contains("sort = \"amount\""), "{saved}");

    t.launch_until("", &format!("{args} --view small-first"), |s| s.contains("3 of 3") && s.contains("Amount▲"));
    let screen = t.screen();
    // At 80 columns the id gives way to the customer and status: the amounts tell the rows apart.
    let first = screen.find(" 1,000 ").expect("pal1 listed");
    assert!(first < screen.find(" 3,000 ").expect("pal3 listed"), "smallest amount first:\n{screen}");
    assert!(screen.contains("/pal"), "the saved search is back:\n{screen}");
    t.keys(&["q"]);
    t.assert_terminal_restored("0");

    t.text(&format!("'{BIN}' {args} --view nope; echo EXITED=$?"));
    t.keys(&["Enter"]);
    let screen = t.wait_for("EXITED=2");
    assert!(screen.contains("There is no saved view named \"nope\" (saved: small-first)."), "{screen}");
}
