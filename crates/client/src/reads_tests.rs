//! A read stuck on an API that never answers, or waiting out a busy one, ends the moment the
//! console closes — not after its timeout or its `Retry-After`.

use super::api::SmartpayApi;
use super::client::SmartpayClient;
use super::loopback::{Silent, server};
use super::reads::Closing;
use crate::backend::BackendError;
use crate::redact::SecretKey;
use std::time::{Duration, Instant};

/// Far longer than the 2 s a quit may wait: a read that ends within it was stopped.
const TIMEOUT: Duration = Duration::from_secs(30);
const QUIT_WAIT: Duration = Duration::from_secs(2);

fn client(url: &str, closing: &Closing) -> SmartpayClient {
    SmartpayClient::new(url, &SecretKey::new("sk_test_closing1".into()), TIMEOUT)
        .and_then(|client| client.closing_on(closing.clone()))
        .expect("client")
}

/// Runs `read` on a thread, cancels `closing` once `ready` says the read is under way, and
/// returns what the read answered and how long after the cancel it took.
fn cancelled_while(
    closing: &Closing,
    ready: impl FnOnce(),
    read: impl FnOnce() -> Result<(), BackendError> + Send,
) -> (Result<(), BackendError>, Duration) {
    std::thread::scope(|scope| {
        let reading = scope.spawn(read);
        ready();
        let cancelled = Instant::now();
        closing.cancel();
        let answer = reading.join().expect("the read thread");
        (answer, cancelled.elapsed())
    })
}

fn assert_stopped(answer: Result<(), BackendError>, took: Duration) {
    assert!(took < QUIT_WAIT, "the read ended {took:?} after the console closed");
    match answer {
        Err(BackendError::Network(message)) => assert!(message.contains("closing"), "{message}"),
        other => panic!("expected the read stopped by the closing console, got {other:?}"),
    }
}

#[test]
fn a_read_the_api_never_answers_ends_when_the_console_closes() {
    let silent = Silent::start();
    let closing = Closing::new();
    let client = client(&silent.url, &closing);
    let (answer, took) =
        cancelled_while(&closing, || silent.wait_for_request(), || client.list_orders(None, 1).map(drop));
    drop(silent);
    assert_stopped(answer, took);
}

#[test]
fn a_busy_wait_ends_when_the_console_closes() {
    let (url, seen) = server(vec!["429 Too Many Requests\r\nRetry-After: 25"]);
    let closing = Closing::new();
    let client = client(&url, &closing);
    let ready = || {
        let asked = Instant::now();
        while seen.lock().expect("log").is_empty() {
            assert!(asked.elapsed() < Duration::from_secs(20), "the client never asked");
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    let (answer, took) = cancelled_while(&closing, ready, || client.list_orders(None, 1).map(drop));
    assert_stopped(answer, took);
    assert_eq!(seen.lock().expect("log").len(), 1, "not asked again after the console closed");
}

#[test]
fn a_client_that_is_not_closing_still_reads() {
    let (url, _seen) = server(vec![]);
    let closing = Closing::new();
    let page = client(&url, &closing).list_orders(None, 1).expect("an empty page");
    assert!(page.data.is_empty());
}
