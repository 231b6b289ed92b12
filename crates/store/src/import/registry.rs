//! Id uniqueness across a whole import file and the order file it goes into, in memory that
//! does not grow with the size of the orders: one 64-bit hash per id (keyed at random, so a
//! file cannot be built to collide), mapped to the position of the order that owns it.

use super::reader::Position;
use crate::domain::Order;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Order,
    Payment,
    Refund,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Order => "order",
            Kind::Payment => "payment",
            Kind::Refund => "refund",
        }
    }
}

/// Every id seen so far, each with the position (entry or line number: one file is all of one
/// kind) of the order that owns it: 16 bytes an id.
pub struct IdRegistry {
    keys: RandomState,
    owners: HashMap<u64, u64>,
    by_line: bool,
}

impl Default for IdRegistry {
    fn default() -> Self {
        IdRegistry { keys: RandomState::new(), owners: HashMap::new(), by_line: false }
    }
}

/// The ids an order owns, with their kinds.
fn owned(order: &Order) -> impl Iterator<Item = (Kind, &str)> {
    let payments = order.payments().iter().flat_map(|p| {
        std::iter::once((Kind::Payment, p.id())).chain(p.refunds().iter().map(|r| (Kind::Refund, r.id())))
    });
    std::iter::once((Kind::Order, order.id.as_str())).chain(payments)
}

impl IdRegistry {
    fn hash(&self, kind: Kind, id: &str) -> u64 {
        self.keys.hash_one((kind, id))
    }

    fn position(&self, number: u64) -> Position {
        if self.by_line { Position::Line(number) } else { Position::Entry(number) }
    }

    /// Records the ids of `order`, found at `at`; an id seen before names both places.
    pub fn add(&mut self, at: Position, order: &Order) -> Result<(), String> {
        self.by_line = matches!(at, Position::Line(_));
        for (kind, id) in owned(order) {
            let hash = self.hash(kind, id);
            if let Some(first) = self.owners.insert(hash, at.number()).map(|n| self.position(n)) {
                let noun = kind.noun();
                return Err(match kind {
                    Kind::Order => format!("order {id} appears twice in the file ({first} and {at})"),
                    _ if first == at => format!("{noun} {id} appears twice in order {}", order.id),
                    _ => format!("{noun} {id} of order {} already belongs to the order at {first}", order.id),
                });
            }
        }
        Ok(())
    }

    /// Checks an order already in the file being imported into: none of its payments or refunds
    /// may belong to a different order of the import file.
    pub fn check_stored(&self, stored: &Order) -> Result<(), String> {
        let same_order = self.owners.get(&self.hash(Kind::Order, &stored.id));
        for (kind, id) in owned(stored).skip(1) {
            if let Some(&at) = self.owners.get(&self.hash(kind, id))
                && Some(&at) != same_order
            {
                let at = self.position(at);
                return Err(format!(
                    "{at}: {} {id} already belongs to order {} in the order file",
                    kind.noun(),
                    stored.id
                ));
            }
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.owners.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Payment;
    use crate::domain::order::fixtures::manual_order;

    fn order(id: &str, payments: &[&str]) -> Order {
        let mut order = manual_order(1000, 0);
        order.id = id.into();
        let payments = payments.iter().map(|p| Payment::new(*p, 1, 0, vec![])).collect();
        order.with_payments(payments).expect("payments within the order")
    }

    #[test]
    fn ids_are_unique_across_the_file() {
        let mut ids = IdRegistry::default();
        ids.add(Position::Line(1), &order("o1", &["p1"])).expect("first");
        let err = ids.add(Position::Line(2), &order("o1", &[])).expect_err("same order");
        assert_eq!(err, "order o1 appears twice in the file (line 1 and line 2)");
        let err = ids.add(Position::Line(3), &order("o3", &["p1"])).expect_err("same payment");
        assert!(err.contains("payment p1 of order o3 already belongs to the order at line 1"), "{err}");
        ids.add(Position::Line(4), &order("p1", &[])).expect("an order id may look like a payment id");
    }

    #[test]
    fn a_stored_order_may_not_own_an_imported_payment() {
        let mut ids = IdRegistry::default();
        ids.add(Position::Entry(1), &order("o1", &["p1"])).expect("first");
        ids.check_stored(&order("o1", &["p1"])).expect("the same order, stored");
        ids.check_stored(&order("o9", &["p2"])).expect("unrelated");
        let err = ids.check_stored(&order("o9", &["p1"])).expect_err("another order owns p1");
        assert_eq!(err, "entry 1: payment p1 already belongs to order o9 in the order file");
    }
}
