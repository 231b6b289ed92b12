//! The CSV export: its columns (listed in docs/INTERFACE.md), times in ISO 8601 with the JST
//! offset, and — for `--excel` — formula-looking text cells neutralised.

use crate::domain::Order;
use crate::domain::time::format_iso;

/// The columns, in order.
pub const CSV_HEADER: [&str; 18] = [
    "id",
    "created_at",
    "reference",
    "status",
    "capture_method",
    "currency",
    "amount",
    "captured",
    "refunded",
    "canceled",
    "capturable",
    "refundable",
    "expires_at",
    "last_name",
    "first_name",
    "last_name_kana",
    "first_name_kana",
    "email",
];

/// What a spreadsheet would run as a formula (or DDE) if a cell started with it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as Excel must see it: a leading `'` makes a formula-looking value plain text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) { format!("'{cell}") } else { cell.to_string() }
}

/// One order as a CSV record at `now`. Numbers and times are never neutralised (they are
/// produced here, not taken from the data); text columns are when `excel` is set.
pub fn record(order: &Order, now: i64, excel: bool) -> Vec<String> {
    let s = order.summary(now);
    let c = &order.customer;
    let text = |value: &str| if excel { neutralise(value) } else { value.to_string() };
    vec![
        text(&order.id),
        format_iso(order.created_at),
        text(&order.reference),
        text(order.effective_status(now).as_str()),
        order.capture_method.as_str().to_string(),
        text(&order.currency),
        order.amount().to_string(),
        s.captured.to_string(),
        // An unknown figure is an empty cell, never 0.
        s.refunded.map(|n| n.to_string()).unwrap_or_default(),
        s.canceled.to_string(),
        s.capturable.to_string(),
        s.refundable.map(|n| n.to_string()).unwrap_or_default(),
        order.expires_at.map(format_iso).unwrap_or_default(),
        text(&c.last_name),
        text(&c.first_name),
        text(&c.last_name_kana),
        text(&c.first_name_kana),
        text(&c.email),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_others_kept() {
        for (cell, expected) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+81", "'+81"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("山田", "山田"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(neutralise(cell), expected);
        }
    }

    #[test]
    fn a_record_has_a_cell_per_column_and_iso_times() {
        let mut order = crate::domain::order::fixtures::manual_order(5000, 1_764_000_000_000);
        order.customer.last_name = "=cmd|' /C calc'!A0".into();
        let plain = record(&order, 1_764_000_000_000, false);
        assert_eq!(plain.len(), CSV_HEADER.len());
        assert_eq!(plain[1], "2025-11-25T01:00:00+09:00");
        assert_eq!(plain[13], "=cmd|' /C calc'!A0", "kept as data without --excel");
        let excel = record(&order, 1_764_000_000_000, true);
        assert_eq!(excel[13], "'=cmd|' /C calc'!A0");
        assert_eq!(excel[6], "5000");
    }
}
