//! An order's lines: products (quantity × unit price), and discounts, taxes and shipping with
//! their own signed amount and description; and whether they add up to the order amount.

use super::money::Currency;
use serde::{Deserialize, Serialize};

/// What a line is. Unknown kinds from the API are kept verbatim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum LineKind {
    #[default]
    Product,
    Discount,
    Tax,
    Shipping,
    Other(String),
}

impl LineKind {
    pub fn as_str(&self) -> &str {
        match self {
            LineKind::Product => "product",
            LineKind::Discount => "discount",
            LineKind::Tax => "tax",
            LineKind::Shipping => "shipping",
            LineKind::Other(s) => s,
        }
    }

    /// An empty kind is a product, as the API's default.
    pub fn parse(s: &str) -> LineKind {
        match s {
            "" | "product" => LineKind::Product,
            "discount" => LineKind::Discount,
            "tax" => LineKind::Tax,
            "shipping" => LineKind::Shipping,
            other => LineKind::Other(other.to_string()),
        }
    }
}

impl Serialize for LineKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for LineKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(LineKind::parse(&String::deserialize(d)?))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    pub kind: LineKind,
    /// The product's name, or the line's description.
    pub name: String,
    pub quantity: u32,
    /// Unit price in minor units (products).
    pub unit_amount: i64,
    /// The line's own signed total (discounts are negative), when the API gives one.
    pub amount: Option<i64>,
}

/// Quantity × unit price: a product line's total when it carries none of its own.
pub fn quantity_times_price(quantity: u32, unit_amount: i64) -> i64 {
    unit_amount.saturating_mul(i64::from(quantity))
}

impl LineItem {
    /// What the line adds to the order: its own amount, else quantity × unit price.
    pub fn total(&self) -> i64 {
        self.amount.unwrap_or_else(|| quantity_times_price(self.quantity, self.unit_amount))
    }

    /// A product line shows quantity × price; the others their signed amount alone.
    pub fn is_product(&self) -> bool {
        self.kind == LineKind::Product && self.amount.is_none()
    }
}

/// How far the lines fall short of (or exceed) the order amount; `None` when they add up, or
/// when there are no lines to add.
pub fn unexplained_difference(lines: &[LineItem], order_amount: i64) -> Option<i64> {
    if lines.is_empty() {
        return None;
    }
    let sum = lines.iter().fold(0i64, |sum, line| sum.saturating_add(line.total()));
    let gap = order_amount.saturating_sub(sum);
    (gap != 0).then_some(gap)
}

/// Each line as (name, figure) for a screen: products as `2 × ¥1,000`, the others their signed
/// amount; then a row for any gap (`gap_label`, `¥X`), never fudged into a line.
pub fn display_rows(
    lines: &[LineItem],
    order_amount: i64,
    currency: Currency,
    gap_label: &str,
) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = lines
        .iter()
        .map(|line| {
            let figure = if line.is_product() {
                format!("{} × {}", line.quantity, currency.format(line.unit_amount))
            } else {
                currency.format(line.total())
            };
            let name = if line.name.is_empty() { line.kind.as_str().to_string() } else { line.name.clone() };
            (name, figure)
        })
        .collect();
    if let Some(gap) = unexplained_difference(lines, order_amount) {
        rows.push((gap_label.to_string(), currency.format(gap)));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(quantity: u32, unit_amount: i64) -> LineItem {
        LineItem { name: "Tea".into(), quantity, unit_amount, ..LineItem::default() }
    }

    #[test]
    fn discounts_and_taxes_count_with_their_sign() {
        let discount =
            LineItem { kind: LineKind::Discount, name: "Spring".into(), amount: Some(-500), ..LineItem::default() };
        let tax = LineItem { kind: LineKind::Tax, name: "VAT".into(), amount: Some(150), ..LineItem::default() };
        let lines = [product(2, 1000), discount, tax];
        assert_eq!(unexplained_difference(&lines, 1650), None);
        assert_eq!(unexplained_difference(&lines, 1700), Some(50));
        assert_eq!(unexplained_difference(&[], 1700), None);
        assert!(lines[0].is_product() && !lines[1].is_product());
        let rows = display_rows(&lines, 1700, Currency::from_code_or_whole("JPY"), "unexplained difference");
        let texts: Vec<String> = rows.iter().map(|(name, figure)| format!("{name} {figure}")).collect();
        assert_eq!(texts, ["Tea 2 × ¥1,000", "Spring -¥500", "VAT ¥150", "unexplained difference ¥50"]);
    }
}
