//! The orders marked in the Order List (`Space`), kept across filters and sorts until `u`
//! clears them, with what the header shows: how many, and their total.

use crate::backend::OrderRow;
use crate::domain::Currency;
use std::collections::BTreeMap;

/// Above this many marks, `u` asks first (a second `u` clears).
pub const CLEAR_WITHOUT_ASKING: usize = 10;

#[derive(Debug, Default)]
pub struct Marks {
    orders: BTreeMap<String, Marked>,
    /// `u` was pressed once above [`CLEAR_WITHOUT_ASKING`]: the next `u` clears.
    pub clear_asked: bool,
    /// `V` was pressed on this row: the next `V` marks every row from here to the selection.
    pub range_from: Option<usize>,
    /// `*` was pressed once (the count shown as a question) for this query: the next `*` on
    /// the same query marks its rows.
    pub all_asked: Option<crate::backend::ListQuery>,
}

#[derive(Debug, Clone)]
struct Marked {
    row: OrderRow,
    currency: Currency,
}

impl Marks {
    /// Marks the order of `row`, or unmarks it when it was marked.
    pub fn toggle(&mut self, row: &OrderRow) {
        self.clear_asked = false;
        if self.orders.remove(&row.id).is_none() {
            let currency = Currency::from_code_or_whole(&row.currency);
            self.orders.insert(row.id.clone(), Marked { row: row.clone(), currency });
        }
    }

    /// Marks `row` (left marked when it already is).
    pub fn mark(&mut self, row: &OrderRow) {
        if !self.contains(&row.id) {
            self.toggle(row);
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.orders.contains_key(id)
    }

    pub fn len(&self) -> usize {
        self.orders.len()
    }

    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }

    /// The marked orders' rows as they were when marked, in id order.
    pub fn rows(&self) -> impl Iterator<Item = &OrderRow> {
        self.orders.values().map(|m| &m.row)
    }

    pub fn clear(&mut self) {
        self.orders.clear();
        self.clear_asked = false;
    }

    /// The marked orders' amounts in all: formatted in their currency when they share one,
    /// else in minor units with the codes named.
    pub fn total(&self) -> String {
        let mut currencies = self.orders.values().map(|m| m.currency);
        let Some(first) = currencies.next() else { return Currency::JPY.format(0) };
        let sum = self.orders.values().map(|m| m.row.amount).fold(0i64, i64::saturating_add);
        if currencies.all(|c| c == first) { first.format(sum) } else { format!("{sum} (mixed currencies)") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::fixtures::manual_order;

    fn row(id: &str, amount: i64) -> OrderRow {
        let mut order = manual_order(amount, 0);
        order.id = id.into();
        OrderRow::of(&order)
    }

    #[test]
    fn space_marks_and_unmarks_and_the_total_follows() {
        let mut marks = Marks::default();
        marks.toggle(&row("a", 1_000));
        marks.toggle(&row("b", 2_500));
        assert_eq!((marks.len(), marks.total().as_str()), (2, "¥3,500"));
        marks.toggle(&row("a", 1_000));
        assert_eq!((marks.len(), marks.total().as_str()), (1, "¥2,500"));
        assert!(marks.contains("b") && !marks.contains("a"));
        marks.clear();
        assert!(marks.is_empty());
    }
}
