//! A panic while serving a request becomes a JSON 500 with one plain sentence: panic text and
//! backtraces go to the sandbox's own log, never into a response body.

use super::api_error::ApiError;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::FutureExt;
use std::panic::AssertUnwindSafe;

/// What a client is told when serving its request failed unexpectedly.
pub fn internal_error() -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "unexpected_error",
        "The sandbox failed while serving this request; nothing more is known here (see the sandbox's log).",
    )
}

pub async fn catch_panics(request: Request, next: Next) -> Response {
    match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!("a request handler panicked");
            internal_error().into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn explode() -> &'static str {
        panic!("secret internals at src/sandbox/handlers.rs:42")
    }

    #[tokio::test]
    async fn a_panic_while_serving_is_a_plain_json_500() {
        let app = Router::new().route("/boom", get(explode)).layer(axum::middleware::from_fn(catch_panics));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        // Plain HTTP/1.1 over loopback: no client library between the test and the bytes.
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream.write_all(b"GET /boom HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n").await.expect("send");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.expect("an answer");
        assert!(answer.starts_with("HTTP/1.1 500"), "{answer}");
        let (_, body) = answer.split_once("\r\n\r\n").expect("a body");
        let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
        assert_eq!(body["errorCode"], "unexpected_error");
        let text = body.to_string();
        assert!(!text.contains("secret internals") && !text.contains(".rs:"), "{text}");
    }
}
