//! A terminal that goes away without a SIGHUP (the far end of the pseudo-terminal closes and the
//! console is not its session's leader) must not leave the console running: it notices the
//! hang-up and leaves, as it does for SIGHUP.
// A test crate: a failed unwrap, expect or panic is how it reports a failure; libc calls need unsafe.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, unsafe_code)]
#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A pseudo-terminal of 80x24: (master, slave).
fn open_pty() -> (File, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize { ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: openpty writes two descriptors into the integers we pass; the name pointer may
    // be null, and `size` lives for the call.
    let rc = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size) };
    assert_eq!(rc, 0, "openpty failed");
    // SAFETY: both descriptors were just opened and are owned by nothing else.
    let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    // SAFETY: fcntl on descriptors we own. O_NONBLOCK lets the test poll with a deadline;
    // close-on-exec keeps the console from inheriting the master, which would keep the
    // terminal alive after the test closes its end.
    unsafe {
        use std::os::fd::AsRawFd;
        let flags = libc::fcntl(master.as_raw_fd(), libc::F_GETFL);
        libc::fcntl(master.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK);
        libc::fcntl(master.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC);
        libc::fcntl(slave.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC);
    }
    (master, slave)
}

#[test]
fn the_console_leaves_when_its_terminal_hangs_up_without_a_signal() {
    let (mut master, slave) = open_pty();
    let mut child = Command::new(env!("CARGO_BIN_EXE_smartpay-console"))
        .arg("--demo")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color")
        .env("HOME", std::env::temp_dir())
        .stdin(Stdio::from(slave.try_clone().expect("dup slave")))
        .stdout(Stdio::from(slave.try_clone().expect("dup slave")))
        .stderr(Stdio::null())
        .spawn()
        .expect("console starts");
    drop(slave);

    // Play the terminal until the Order List is on screen: answer the cursor-position query.
    let mut screen = String::new();
    let started = Instant::now();
    while !screen.contains("Orders") {
        assert!(started.elapsed() < Duration::from_secs(20), "no Order List on the terminal: {screen:?}");
        let mut chunk = [0u8; 4096];
        match master.read(&mut chunk) {
            Ok(n) if n > 0 => {
                let text = String::from_utf8_lossy(&chunk[..n]);
                if text.contains("\x1b[6n") {
                    master.write_all(b"\x1b[1;1R").expect("answer the cursor query");
                }
                screen.push_str(&text);
            }
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    }

    // The terminal goes away: no signal is sent, the descriptor just hangs up.
    drop(master);
    let hung_up = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "leaves as it does for SIGHUP: {status:?}");
            break;
        }
        if hung_up.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("the console kept running after its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
