//! A scripted HTTP server on loopback for the client's tests: each request gets the next
//! answer (a status line and headers), then an empty page of orders.

// Test support only (built for tests, or with the `loopback` feature by the tests above):
// a failure to bind loopback is the test's failure.
#![allow(clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

const EMPTY_PAGE: &str = r#"{"object":"list","maxResults":1,"results":0,"data":[]}"#;

/// Serves each of `answers` (status line and extra headers) to one request, then the empty
/// page; returns the URL and the request lines seen.
pub fn server(answers: Vec<&'static str>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}/v1", listener.local_addr().expect("address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut answers = answers.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            log.lock().expect("log").push(first.trim().to_string());
            let head = answers.next().unwrap_or("200 OK\r\nContent-Type: application/json");
            let body = if head.starts_with("200") { EMPTY_PAGE } else { r#"{"errorCode":"request.rate-limited"}"# };
            let _ =
                write!(stream, "HTTP/1.1 {head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        }
    });
    (url, seen)
}

/// A server on loopback that takes one request and never answers it, for as long as it lives
/// (dropping it closes the connection and joins its thread).
pub struct Silent {
    pub url: String,
    accepted: std::sync::mpsc::Receiver<()>,
    release: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Silent {
    pub fn start() -> Silent {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}/v1", listener.local_addr().expect("address"));
        let (accepted_tx, accepted) = std::sync::mpsc::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let held = listener.accept();
            let _ = accepted_tx.send(());
            let _ = released.recv();
            drop(held);
        });
        Silent { url, accepted, release: Some(release), thread: Some(thread) }
    }

    /// Waits (at most 20 s) until a request is waiting on this server.
    pub fn wait_for_request(&self) {
        self.accepted.recv_timeout(std::time::Duration::from_secs(20)).expect("a request came");
    }
}

impl Drop for Silent {
    fn drop(&mut self) {
        drop(self.release.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
