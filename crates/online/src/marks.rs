//! Who made each refund, as the API tells it: the `metadata.smartpayConsoleKey` and
//! `smartpayConsoleOperator` a console sends with every refund it makes (`reconcile` tells a
//! refund made by any console, on any host, from one made in the dashboard).

use crate::domain::reconcile::ConsoleMark;
use crate::wire::{ConsoleMetadata, WireOrder};

/// The console marks on the payments (captures) and refunds of an order read with its refunds
/// as objects (a bulk run tells a capture another console made from a new one by them).
pub fn console_marks(order: &WireOrder) -> Vec<ConsoleMark> {
    let payments = order.payments.iter().filter_map(|p| p.object());
    let refunds = payments.clone().flat_map(|p| p.refunds.iter().flatten().filter_map(|r| r.object()));
    let payment_marks = payments.filter_map(|p| mark(&p.id, p.metadata.as_ref()));
    let refund_marks = refunds.filter_map(|r| mark(&r.id, r.metadata.as_ref()));
    payment_marks.chain(refund_marks).collect()
}

fn mark(object_id: &str, metadata: Option<&serde_json::Value>) -> Option<ConsoleMark> {
    let key = ConsoleMetadata::key_in(metadata)?;
    let operator = metadata.and_then(|m| m.get("smartpayConsoleOperator")).and_then(|o| o.as_str()).map(str::to_string);
    Some(ConsoleMark { object_id: object_id.to_string(), key: key.to_string(), operator })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::read_json;

    #[test]
    fn only_refunds_with_a_console_key_are_marked() {
        let order: WireOrder = read_json(
            r#"{"id":"order_test_m","amount":1000,"currency":"JPY","status":"succeeded","payments":[
                {"id":"payment_test_1","amount":1000,"currency":"JPY","refunds":[
                  {"id":"refund_test_a","amount":100,"currency":"JPY","metadata":{"smartpayConsoleKey":"spc_k.1","smartpayConsoleOperator":"ito"}},
                  {"id":"refund_test_b","amount":100,"currency":"JPY","metadata":{"note":"dashboard"}},
                  {"id":"refund_test_c","amount":100,"currency":"JPY"}]}]}"#,
        )
        .expect("reads");
        let marks = console_marks(&order);
        assert_eq!(
            marks,
            vec![ConsoleMark {
                object_id: "refund_test_a".into(),
                key: "spc_k.1".into(),
                operator: Some("ito".into())
            }]
        );
    }
}
