//! The client against a loopback server that is busy: it waits as told and then succeeds, or
//! gives up with the time it would have had to wait.

use super::api::SmartpayApi;
use super::client::{RetryPolicy, SmartpayClient};
use super::loopback::server;
use crate::backend::BackendError;
use crate::redact::SecretKey;
use std::time::{Duration, Instant};

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
