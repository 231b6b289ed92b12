//! The client against a loopback server that is busy: it waits as told and then succeeds, or
//! gives up with the time it would have had to wait.

use super::client::{RetryPolicy, SmartpayClient};
use crate::backend::BackendError;
use crate::config::SecretKey;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const EMPTY_PAGE: &str = r#"{"object":"list","maxResults":1,"results":0,"data":[]}"#;

/// Serves each of `answers` (status line and extra headers) to one request, then the empty
/// page; returns the URL and the request lines seen.
fn server(answers: Vec<&'static str>) -> (String, Arc<Mutex<Vec<String>>>) {
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
            let _ = write!(stream, "HTTP/1.1 {head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        }
    });
    (url, seen)
}

fn client(url: &str, max_wait: Duration) -> SmartpayClient {
    let retry = RetryPolicy {
        busy_base: Duration::from_millis(5),
        busy_cap: Duration::from_millis(20),
        max_wait,
        ..RetryPolicy::default()
    };
    SmartpayClient::with_retry(url, &SecretKey::new("sk_test_busy1".into()), Duration::from_secs(5), retry)
        .expect("client")
}

#[test]
fn a_429_with_retry_after_is_waited_out_and_the_request_succeeds() {
    let (url, seen) = server(vec!["429 Too Many Requests\r\nRetry-After: 1"]);
    let started = Instant::now();
    let page = client(&url, Duration::from_secs(30)).list_orders(None, 1).expect("succeeds after the wait");
    assert!(page.data.is_empty());
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!(seen.lock().expect("log").len(), 2, "asked once more, after the wait");
}

#[test]
fn a_503_without_retry_after_backs_off_and_succeeds() {
    let (url, seen) = server(vec!["503 Service Unavailable", "503 Service Unavailable"]);
    client(&url, Duration::from_secs(30)).list_orders(None, 1).expect("succeeds");
    assert_eq!(seen.lock().expect("log").len(), 3);
}

#[test]
fn a_wait_longer_than_allowed_gives_up_at_once_with_the_time() {
    let (url, seen) = server(vec!["429 Too Many Requests\r\nRetry-After: 7200"]);
    let started = Instant::now();
    let err = client(&url, Duration::from_secs(30)).list_orders(None, 1).expect_err("too long to wait");
    assert!(started.elapsed() < Duration::from_secs(5), "did not wait");
    assert!(matches!(err, BackendError::RateLimited { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with("The Smartpay API is rate limited until ") && text.contains(" JST"), "{text}");
    assert_eq!(err.exit_code(), 1);
    assert_eq!(seen.lock().expect("log").len(), 1, "nothing more was sent");
}
