//! Reading the API's JSON without letting one odd field or item spoil the rest: `null` counts
//! as absent everywhere, and an item of a list that still cannot be read is kept aside, named,
//! instead of failing its whole page.

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Removes every `null` member of every object, so an optional field sent as `null` reads as
/// absent. Nulls inside arrays stay (an array item that is `null` is unreadable).
pub fn without_nulls(value: &mut Value) {
    match value {
        Value::Object(members) => {
            members.retain(|_, v| !v.is_null());
            members.values_mut().for_each(without_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(without_nulls),
        _ => {}
    }
}

/// Parses `text` as `T`, nulls read as absent.
pub fn read_json<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    let mut value: Value = serde_json::from_str(text)?;
    without_nulls(&mut value);
    T::deserialize(value)
}

/// An item of a list that could not be read: its id when it has one, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    pub id: String,
    pub reason: String,
}

/// One item of a list: read, or set aside without failing the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Lenient<T> {
    Read(T),
    Unreadable(Unreadable),
}

impl<T> Lenient<T> {
    pub fn into_result(self) -> Result<T, Unreadable> {
        match self {
            Lenient::Read(t) => Ok(t),
            Lenient::Unreadable(u) => Err(u),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        Ok(match T::deserialize(&value) {
            Ok(item) => Lenient::Read(item),
            Err(err) => Lenient::Unreadable(Unreadable { id: id_of(&value), reason: err.to_string() }),
        })
    }
}

fn id_of(value: &Value) -> String {
    match value.get("id").and_then(Value::as_str) {
        Some(id) => crate::text::printable(id).chars().take(128).collect(),
        None => "(an item with no id)".into(),
    }
}

/// "1 order could not be read: order_…" / "3 orders could not be read: a, b, c".
pub fn unreadable_sentence(what: &str, ids: &[String]) -> String {
    let plural = if ids.len() == 1 { "" } else { "s" };
    format!("{} {what}{plural} could not be read: {}", ids.len(), ids.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Collection, WireOrder};

    #[test]
    fn nulls_in_optional_fields_read_as_absent() {
        let text = r#"{"id":"order_test_n","amount":100,"currency":"JPY","reference":null,
            "customerInfo":{"lastName":null},"lineItems":[{"description":null,"quantity":1}]}"#;
        let order: WireOrder = read_json(text).expect("nulls are absent");
        assert_eq!(order.reference, "");
        assert_eq!(order.customer_info.map(|c| c.last_name), Some(String::new()));
    }

    #[test]
    fn an_unreadable_item_is_named_and_spares_its_page() {
        let text = r#"{"object":"collection","data":[{"id":"order_test_a","amount":1,"currency":"JPY"},
            {"id":"order_test_bad","amount":"lots"}, null]}"#;
        let page: Collection<Lenient<WireOrder>> = read_json(text).expect("the page reads");
        let (read, bad): (Vec<_>, Vec<_>) = page.data.into_iter().map(Lenient::into_result).partition(Result::is_ok);
        assert_eq!(read.len(), 1);
        let ids: Vec<String> = bad.into_iter().filter_map(Result::err).map(|u| u.id).collect();
        assert_eq!(ids, ["order_test_bad", "(an item with no id)"]);
        assert_eq!(unreadable_sentence("order", &ids[..1]), "1 order could not be read: order_test_bad");
    }
}
