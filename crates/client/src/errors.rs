//! The API's error bodies (`{statusCode, errorCode, message, details}`) turned into sentences an
//! operator can act on, and which failures leave an operation's outcome unknown.

use super::wire::ApiErrorBody;
use crate::backend::BackendError;
use crate::text::printable;

/// Maps a non-success answer. `object_id` names what the request was about, for `*.not-found`;
/// `key` is the idempotency key sent, for a reused-key answer.
pub fn from_response(status: u16, body: &str, object_id: &str, key: Option<&str>) -> BackendError {
    if status == 401 {
        return BackendError::Unauthorized;
    }
    let parsed: ApiErrorBody = serde_json::from_str(body).unwrap_or_default();
    // The server's words become part of a message shown on a terminal: no control characters.
    let code = printable(parsed.error_code.trim()).into_owned();
    if status == 404 || code.ends_with(".not-found") {
        return BackendError::NotFound { id: object_id.to_string() };
    }
    if code == "request.idempotency-key-reused" || (status == 422 && code.contains("idempotency")) {
        return BackendError::KeyReused { key: key.unwrap_or_default().to_string() };
    }
    let code = if code.is_empty() { format!("http-{status}") } else { code };
    BackendError::Api { status, message: sentence(&code, &printable(parsed.message.trim())), code }
}

/// One sentence per documented code, with the server's own words kept when it gave any.
fn sentence(code: &str, message: &str) -> String {
    let base = match code {
        "order.cannot-capture" => {
            "the order cannot be captured (already captured in full, voided, or past its 7-day deadline)"
        }
        "payment.excessive-amount" => "the capture is more than the order has left to capture",
        "amount.insufficient" => "the payment has less left to refund than the amount asked",
        "order.cannot-cancel" => "only an order awaiting capture can be voided",
        "request.invalid" => "the request was invalid",
        "request.malformed" => "the request could not be read",
        _ => "",
    };
    match (base.is_empty(), message.is_empty()) {
        (true, true) => "no details were given.".into(),
        (true, false) => end_with_period(message),
        (false, true) => format!("{base}."),
        (false, false) => format!("{base} (Smartpay says: {}).", message.trim_end_matches('.')),
    }
}

fn end_with_period(s: &str) -> String {
    if s.ends_with('.') { s.to_string() } else { format!("{s}.") }
}

/// Whether a failure may hide a request that did reach the server (timeouts, dropped
/// connections, 5xx): for a money-moving request its outcome is then unknown, and only a
/// replay of the same key can tell.
pub fn is_transient(err: &BackendError) -> bool {
    match err {
        BackendError::Network(_) => true,
        BackendError::Api { status, .. } => *status >= 500 || *status == 429,
        _ => false,
    }
}

/// A transport error in a few words (reqwest's own text, which names the URL but no header).
pub fn describe(err: &reqwest::Error) -> String {
    let what = if err.is_timeout() {
        "the request timed out"
    } else if err.is_connect() {
        "the connection failed"
    } else {
        "the request failed"
    };
    let mut detail = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        detail = format!("{detail}: {inner}");
        source = inner.source();
    }
    crate::redact::scrub(&format!("{what} ({detail})")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_codes_become_sentences_and_refusals() {
        let body = r#"{"statusCode":403,"errorCode":"amount.insufficient","message":"","details":[]}"#;
        let err = from_response(403, body, "payment_test_x", None);
        assert_eq!(
            err.to_string(),
            "The Smartpay API answered 403 amount.insufficient: the payment has less left to refund than the amount asked."
        );
        assert_eq!(err.exit_code(), 3);
        let missing = from_response(404, r#"{"errorCode":"order.not-found"}"#, "order_test_q", None);
        assert_eq!(missing.to_string(), "No order with id order_test_q.");
        assert!(matches!(from_response(401, "{}", "", None), BackendError::Unauthorized));
        assert!(is_transient(&from_response(503, "not json", "", None)));
    }

    #[test]
    fn a_servers_words_reach_the_message_without_control_characters() {
        let body = r#"{"errorCode":"request.invalid\u001b[2J","message":"bad\u001b]0;x\u0007 input\r\n"}"#;
        let err = from_response(400, body, "", None);
        assert_eq!(err.to_string(), "The Smartpay API answered 400 request.invalid[2J: bad]0;x input.");
    }
}
