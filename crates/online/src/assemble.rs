//! From the API's objects to the console's orders. The order object carries no customer and no
//! capture method; those live on the checkout session that points at the order, so they are
//! joined here. The mirror merge never loses a field the console had: customer fields the
//! fresh copy lacks come from the mirrored copy, and the journal adds who did what.

use crate::domain::{CaptureMethod, Customer, Millis, Order};
use crate::journal::JournalEntry;
use crate::journal_history::merge_into_history;
use crate::store::BackendError;
use crate::wire::{Expandable, WireCheckoutSession, WireCustomer, WireOrder, domain_order};

/// What a checkout session adds to its order.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub customer: Option<WireCustomer>,
    pub capture_method: Option<CaptureMethod>,
}

/// The order id a session points at, with what it adds.
pub fn session_info(session: &WireCheckoutSession) -> Option<(String, SessionInfo)> {
    let order_id = match session.order.as_ref()? {
        Expandable::Object(order) => order.id.clone(),
        Expandable::Id(id) => id.clone(),
    };
    Some((order_id, SessionInfo { customer: session.customer_info.clone(), capture_method: session.capture_method }))
}

/// A wire order as the console's order: customer and capture method from the API, else the
/// session, else the mirrored copy (else inferred where certain, else unknown); the `test`
/// flag from the API, else the mode of the key it was read with (`live_key`); history derived
/// and merged with the journal.
pub fn assemble(
    mut wire: WireOrder,
    session: Option<&SessionInfo>,
    known: Option<&Order>,
    journal: &[JournalEntry],
    live_key: bool,
    now: Millis,
) -> Result<Order, BackendError> {
    wire.test.get_or_insert(!live_key);
    if wire.customer_info.is_none() {
        wire.customer_info = session.and_then(|s| s.customer.clone());
    }
    if wire.capture_method.is_none_or(|m| m == CaptureMethod::Unknown) {
        let mirrored = known.map(|k| k.capture_method).filter(|m| *m != CaptureMethod::Unknown);
        wire.capture_method = session.and_then(|s| s.capture_method).or(mirrored);
    }
    let mut order = domain_order(&wire, None, now).map_err(|e| BackendError::Api {
        status: 200,
        code: "response.invalid".into(),
        message: format!("{e}."),
    })?;
    if let Some(known) = known {
        keep_known_customer(&mut order.customer, &known.customer);
    }
    merge_into_history(&mut order, journal);
    Ok(order)
}

/// Fills every customer field the fresh copy lacks from the copy the console had: an order's
/// shipping address alone must not wipe the name, kana and email saved from its session.
fn keep_known_customer(fresh: &mut Customer, known: &Customer) {
    let fields = [
        (&mut fresh.last_name, &known.last_name),
        (&mut fresh.first_name, &known.first_name),
        (&mut fresh.last_name_kana, &known.last_name_kana),
        (&mut fresh.first_name_kana, &known.first_name_kana),
        (&mut fresh.email, &known.email),
        (&mut fresh.phone, &known.phone),
    ];
    for (field, known) in fields {
        if field.is_empty() {
            field.clone_from(known);
        }
    }
    if fresh.address.is_none() {
        fresh.address.clone_from(&known.address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::read_json;

    fn wire(text: &str) -> WireOrder {
        read_json(text).expect("a readable order")
    }

    #[test]
    fn opening_an_order_keeps_the_customer_saved_from_its_session() {
        let session = SessionInfo {
            customer: Some(WireCustomer {
                last_name: "山田".into(),
                first_name_kana: "タロウ".into(),
                email_address: "taro@example.jp".into(),
                ..WireCustomer::default()
            }),
            capture_method: Some(CaptureMethod::Manual),
        };
        let text = r#"{"id":"order_test_c","amount":1000,"currency":"JPY","status":"requires_capture",
            "shippingInfo":{"address":{"line1":"1-1","postalCode":"100-0001"},"carrierName":"Yamato","reference":"1234-5678"}}"#;
        let listed = assemble(wire(text), Some(&session), None, &[], false, 0).expect("assembles");
        // Opened later: no session at hand, the order's own address present.
        let opened = assemble(wire(text), None, Some(&listed), &[], false, 0).expect("assembles");
        assert_eq!(opened.customer.full_name(), "山田");
        assert_eq!(opened.customer.email, "taro@example.jp");
        assert_eq!(opened.customer.first_name_kana, "タロウ");
        assert_eq!(opened.customer.address.map(|a| a.line1), Some("1-1".into()));
        assert_eq!(opened.capture_method, CaptureMethod::Manual);
        assert_eq!(
            (opened.shipment.carrier.as_str(), opened.shipment.tracking_number.as_str()),
            ("Yamato", "1234-5678")
        );
    }

    #[test]
    fn capture_method_is_inferred_only_where_certain() {
        let closed = r#"{"id":"order_test_m","amount":1000,"currency":"JPY","status":"succeeded",
            "payments":[{"id":"payment_test_1","amount":1000,"currency":"JPY","refunds":[]}]}"#;
        assert_eq!(
            assemble(wire(closed), None, None, &[], false, 0).expect("reads").capture_method,
            CaptureMethod::Unknown
        );
        let partial =
            closed.replace(r#""amount":1000,"currency":"JPY","refunds""#, r#""amount":600,"currency":"JPY","refunds""#);
        assert_eq!(
            assemble(wire(&partial), None, None, &[], false, 0).expect("reads").capture_method,
            CaptureMethod::Manual
        );
        let waiting = r#"{"id":"order_test_w","amount":1000,"currency":"JPY","status":"requires_capture"}"#;
        assert_eq!(
            assemble(wire(waiting), None, None, &[], false, 0).expect("reads").capture_method,
            CaptureMethod::Manual
        );
    }

    #[test]
    fn the_api_s_own_fields_win_over_the_session_and_the_mirrored_copy() {
        let text = r#"{"id":"order_test_o","amount":1000,"currency":"JPY","status":"succeeded","captureMethod":"automatic",
            "customerInfo":{"lastName":"佐藤","emailAddress":"new@example.jp"}}"#;
        let session = SessionInfo {
            customer: Some(WireCustomer { last_name: "山田".into(), ..WireCustomer::default() }),
            capture_method: Some(CaptureMethod::Manual),
        };
        let mut known = assemble(wire(text), None, None, &[], false, 0).expect("assembles");
        known.customer.last_name = "鈴木".into();
        known.customer.phone = "+81300000000".into();
        let order = assemble(wire(text), Some(&session), Some(&known), &[], false, 0).expect("assembles");
        assert_eq!(order.capture_method, CaptureMethod::Automatic, "the API's method, not the session's");
        assert_eq!((order.customer.last_name.as_str(), order.customer.email.as_str()), ("佐藤", "new@example.jp"));
        assert_eq!(order.customer.phone, "+81300000000", "a field the API left out is kept from the mirror");
    }

    #[test]
    fn refunds_named_only_by_id_make_the_refunded_figures_unknown_not_zero() {
        let text = r#"{"id":"order_test_r","amount":1000,"currency":"JPY","status":"succeeded",
            "payments":[{"id":"payment_test_1","amount":1000,"currency":"JPY","refunds":["refund_test_1"]}]}"#;
        let order = assemble(wire(text), None, None, &[], false, 0).expect("assembles");
        assert!(order.refunds_unknown());
        let summary = order.summary(0);
        assert_eq!((summary.refunded, summary.refundable, summary.complete), (None, None, false));
    }

    #[test]
    fn an_answer_whose_money_does_not_add_up_is_refused_with_the_domain_s_sentence() {
        let over = r#"{"id":"order_test_x","amount":1000,"currency":"JPY","status":"succeeded",
            "payments":[{"id":"payment_test_1","amount":800,"currency":"JPY","refunds":[
                {"id":"refund_test_1","amount":900,"currency":"JPY","status":"succeeded"}]}]}"#;
        let err = assemble(wire(over), None, None, &[], false, 0).expect_err("over-refunded");
        assert!(err.to_string().contains("payment payment_test_1 is refunded more than it captured"), "{err}");
        let negative = r#"{"id":"order_test_n","amount":-5,"currency":"JPY","status":"succeeded"}"#;
        let err = assemble(wire(negative), None, None, &[], false, 0).expect_err("negative");
        assert!(err.to_string().contains("outside 1 to"), "{err}");
    }

    #[test]
    fn the_test_flag_comes_from_the_api_else_from_the_key_s_mode() {
        let silent = r#"{"id":"order_test_t","amount":1000,"currency":"JPY","status":"succeeded"}"#;
        assert_eq!(assemble(wire(silent), None, None, &[], true, 0).expect("reads").test, Some(false));
        assert_eq!(assemble(wire(silent), None, None, &[], false, 0).expect("reads").test, Some(true));
        let said = silent.replace(r#""status""#, r#""test":true,"status""#);
        assert_eq!(assemble(wire(&said), None, None, &[], true, 0).expect("reads").test, Some(true));
    }
}
