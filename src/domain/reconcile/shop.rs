//! One row of the shop's export, and how its cells read: figures in any amount form the console
//! accepts (zero included), the shop's order status, and its `updated_at`.

use crate::domain::money::{AmountError, Currency, parse_amount};
use crate::domain::order::Millis;
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use serde::{Deserialize, Serialize};

/// The shop's own view of an order's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShopStatus {
    Open,
    Shipped,
    Canceled,
    Returned,
}

impl ShopStatus {
    pub const ALL: [ShopStatus; 4] =
        [ShopStatus::Open, ShopStatus::Shipped, ShopStatus::Canceled, ShopStatus::Returned];

    pub fn as_str(self) -> &'static str {
        match self {
            ShopStatus::Open => "open",
            ShopStatus::Shipped => "shipped",
            ShopStatus::Canceled => "canceled",
            ShopStatus::Returned => "returned",
        }
    }

    /// `open`, `shipped`, `canceled` (or `cancelled`), `returned`, in any case.
    pub fn parse(word: &str) -> Option<ShopStatus> {
        let word = word.trim().to_lowercase();
        if word == "cancelled" {
            return Some(ShopStatus::Canceled);
        }
        ShopStatus::ALL.into_iter().find(|s| s.as_str() == word)
    }
}

/// One order as the shop records it. `line` is where the row starts in the file (the header is
/// line 1), so every message can point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopRow {
    pub line: u64,
    pub order: Option<String>,
    pub reference: Option<String>,
    pub amount: i64,
    pub captured: i64,
    pub refunded: i64,
    pub status: Option<ShopStatus>,
    pub updated_at: Option<Millis>,
}

/// A figure of the shop file: any amount form the console accepts, and zero too (nothing
/// captured yet is `0`, `¥0` or `0円`).
pub fn parse_figure(text: &str, currency: Currency) -> Result<i64, AmountError> {
    match parse_amount(text, currency) {
        Err(AmountError::Zero) => Ok(0),
        other => other,
    }
}

fn jst() -> TimeZone {
    TimeZone::fixed(Offset::constant(9))
}

/// `updated_at` as a shop writes it: ISO 8601 with an offset (`2026-11-25T10:00:00+09:00`,
/// `…Z`), or without one, or `YYYY/MM/DD HH:MM[:SS]`, or a date alone — those read as JST.
pub fn parse_shop_time(text: &str) -> Option<Millis> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts.as_millisecond());
    }
    let civil = text.replace('/', "-");
    let civil = civil.trim();
    let parsed = civil
        .parse::<DateTime>()
        .ok()
        .or_else(|| civil.parse::<jiff::civil::Date>().ok().map(|d| d.to_datetime(jiff::civil::Time::midnight())));
    parsed.and_then(|dt| jst().to_timestamp(dt).ok()).map(|ts| ts.as_millisecond())
}

/// The first and last instant of the JST days `from` and `to` fall on: a shop file's dates
/// cover whole days.
pub fn whole_days(from: Millis, to: Millis) -> (Millis, Millis) {
    let day = |ms: Millis| {
        Timestamp::from_millisecond(ms)
            .ok()
            .map(|ts| ts.to_zoned_datetime(jst()).date())
            .and_then(|d| jst().to_timestamp(d.to_datetime(jiff::civil::Time::midnight())).ok())
            .map(|ts| ts.as_millisecond())
    };
    let start = day(from).unwrap_or(from);
    let end = day(to).map(|d| d + 24 * 3_600_000 - 1).unwrap_or(to);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_in_every_form_and_zero_is_a_figure() {
        for text in ["1200", "1,200", "¥1,200", "1200円", "１２００", "\\1,200"] {
            assert_eq!(parse_figure(text, Currency::JPY), Ok(1200), "{text}");
        }
        assert_eq!(parse_figure("0", Currency::JPY), Ok(0));
        assert_eq!(parse_figure("¥0", Currency::JPY), Ok(0));
        assert!(parse_figure("-5", Currency::JPY).is_err());
        assert!(parse_figure("12.5", Currency::JPY).is_err());
    }

    #[test]
    fn shop_times_read_as_jst_unless_they_say_otherwise() {
        let utc = parse_shop_time("2026-11-25T01:00:00Z").expect("ISO");
        assert_eq!(parse_shop_time("2026-11-25T10:00:00+09:00"), Some(utc));
        assert_eq!(parse_shop_time("2026/11/25 10:00"), Some(utc));
        assert_eq!(parse_shop_time("2026/11/25 10:00:00"), Some(utc));
        assert_eq!(parse_shop_time("2026-11-25 10:00"), Some(utc));
        assert_eq!(parse_shop_time("2026-11-25"), Some(utc - 10 * 3_600_000));
        assert_eq!(parse_shop_time("yesterday"), None);
    }

    #[test]
    fn statuses_read_in_any_case() {
        assert_eq!(ShopStatus::parse(" Shipped "), Some(ShopStatus::Shipped));
        assert_eq!(ShopStatus::parse("cancelled"), Some(ShopStatus::Canceled));
        assert_eq!(ShopStatus::parse("発送済み"), None);
    }
}
