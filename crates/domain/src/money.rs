//! Currencies, the strict amount parser and money formatting.
//!
//! Amounts are integers in the currency's minor unit (JPY has none, so `1000` is ¥1,000).
//! Parsing goes through `rust_decimal`, never floats, so `0.1 + 0.2` problems cannot happen.

use rust_decimal::Decimal;
use smartpay_i18n::sentences::RuleText;
use smartpay_i18n::{Lang, Message};
use std::fmt;
use std::str::FromStr;

/// One ISO 4217 currency: its code, how many minor-unit digits it has, and its usual sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    pub exponent: u32,
    pub symbol: &'static str,
}

/// The ISO 4217 exponents the console knows. Smartpay itself is JPY-only; the others exist so
/// that nothing silently assumes zero (or two) decimals.
const CURRENCIES: &[Currency] = &[
    Currency { code: "JPY", exponent: 0, symbol: "¥" },
    Currency { code: "KRW", exponent: 0, symbol: "₩" },
    Currency { code: "USD", exponent: 2, symbol: "$" },
    Currency { code: "EUR", exponent: 2, symbol: "€" },
    Currency { code: "GBP", exponent: 2, symbol: "£" },
    Currency { code: "CNY", exponent: 2, symbol: "CN¥" },
    Currency { code: "TWD", exponent: 2, symbol: "NT$" },
    Currency { code: "KWD", exponent: 3, symbol: "KD" },
    Currency { code: "BHD", exponent: 3, symbol: "BD" },
];

/// The ISO codes of every currency the console knows.
pub fn known_codes() -> Vec<&'static str> {
    CURRENCIES.iter().map(|c| c.code).collect()
}

impl Currency {
    pub const JPY: Currency = CURRENCIES[0];

    /// Looks a currency up by its ISO code, case-insensitively.
    pub fn from_code(code: &str) -> Option<Currency> {
        CURRENCIES.iter().find(|c| c.code.eq_ignore_ascii_case(code)).copied()
    }

    /// The currency for a code, or a same-named currency with no minor unit when the code is
    /// unknown: an unknown currency is shown as whole numbers rather than refused.
    pub fn from_code_or_whole(code: &str) -> Currency {
        Currency::from_code(code).unwrap_or(Currency { code: "???", exponent: 0, symbol: "" })
    }

    /// Formats an amount in minor units: `¥1,234`, `$12.34`, `KD 1.234`.
    pub fn format(&self, minor: i64) -> String {
        let sign = if minor < 0 { "-" } else { "" };
        let digits = group_thousands(minor.unsigned_abs() / 10u64.pow(self.exponent));
        let fraction = if self.exponent == 0 {
            String::new()
        } else {
            let rest = minor.unsigned_abs() % 10u64.pow(self.exponent);
            format!(".{rest:0width$}", width = self.exponent as usize)
        };
        let space = if self.symbol.chars().count() > 1 { " " } else { "" };
        format!("{sign}{}{space}{digits}{fraction}", self.symbol)
    }

    /// Formats a figure that may be unknown: `unknown` then, never 0.
    pub fn format_known(&self, minor: Option<i64>) -> String {
        self.format_known_in(Lang::En, minor)
    }

    /// [`Currency::format_known`] with `unknown` in `lang` (money reads `¥12,800` in both).
    pub fn format_known_in(&self, lang: Lang, minor: Option<i64>) -> String {
        minor.map_or_else(|| RuleText::Unknown.text(lang).to_string(), |m| self.format(m))
    }

    /// Formats without the currency sign, for table columns: `1,234` or `12.34`.
    pub fn format_plain(&self, minor: i64) -> String {
        let formatted = Currency { symbol: "", ..*self }.format(minor);
        formatted.trim_start().to_string()
    }

    /// Parses an operator-typed amount strictly; see [`parse_amount`].
    pub fn parse(&self, input: &str) -> Result<i64, AmountError> {
        parse_amount(input, *self)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// An amount with its currency, read as `¥12,800` in every language. Kept (in stored refusals)
/// as that text, and read back from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// Reads `¥12,800` (or `$12.34`, or bare digits for a currency without a sign) back.
    pub fn read(text: &str) -> Option<Money> {
        let mut signed: Vec<Currency> = CURRENCIES.to_vec();
        signed.sort_by_key(|c| std::cmp::Reverse(c.symbol.len()));
        let (currency, digits) = signed
            .iter()
            .find_map(|c| text.strip_prefix(c.symbol).map(|rest| (*c, rest.trim())))
            .unwrap_or((Currency::from_code_or_whole("???"), text.trim()));
        let minor = currency.parse(digits).ok()?;
        Some(Money { minor, currency })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.currency.format(self.minor))
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Money::read(&text).ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not an amount")))
    }
}

fn group_thousands(n: u64) -> String {
    let raw = n.to_string();
    let mut out = String::with_capacity(raw.len() + raw.len() / 3);
    for (i, ch) in raw.chars().enumerate() {
        if i > 0 && (raw.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Why an amount was refused. Each variant reads as a sentence an operator can act on
/// ([`AmountError::text`] in either language; `Display` in English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber(String),
    Negative,
    Zero,
    NoDecimals { code: &'static str },
    TooManyDecimals { code: &'static str, max: u32 },
    Exponent,
    Overflow,
    WrongCurrencySign { sign: String, code: &'static str },
    BadGrouping(String),
    TooLong { chars: usize },
}

impl AmountError {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use AmountError::*;
        match self {
            Empty => RuleText::AmountEmpty.text(lang).into(),
            NotANumber(input) => RuleText::AmountNotANumber.fill(lang, &[("input", input)]),
            Negative => RuleText::AmountNegative.text(lang).into(),
            Zero => RuleText::AmountZero.text(lang).into(),
            NoDecimals { code } => RuleText::AmountNoDecimals.fill(lang, &[("code", code)]),
            TooManyDecimals { code, max } => {
                RuleText::AmountTooManyDecimals.fill(lang, &[("code", code), ("max", max)])
            }
            Exponent => RuleText::AmountExponent.text(lang).into(),
            Overflow => RuleText::AmountOverflow.text(lang).into(),
            WrongCurrencySign { sign, code } => RuleText::AmountWrongSign.fill(lang, &[("sign", sign), ("code", code)]),
            BadGrouping(input) => RuleText::AmountBadGrouping.fill(lang, &[("input", input)]),
            TooLong { chars } => RuleText::AmountTooLong.fill(lang, &[("chars", chars), ("max", &MAX_AMOUNT_CHARS)]),
        }
    }
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for AmountError {}

/// The longest amount text accepted (CLI argument or TUI field): far more than any real
/// amount, and small enough that a huge paste is refused before it is read.
pub const MAX_AMOUNT_CHARS: usize = 64;

/// The largest amount the console handles, in minor units (2^53). Amounts beyond it cannot
/// travel through JSON clients safely, and no real order is that big; keeping every amount
/// under it also keeps every sum of them far from `i64` overflow.
pub const MAX_AMOUNT: i64 = 1 << 53;

/// Full-width forms an IME types (`１０００`, `，`, `．`, `￥`) folded to ASCII.
fn fold_full_width(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '，' => ',',
            '．' => '.',
            '￥' => '¥',
            '－' | '−' => '-',
            '＋' => '+',
            '\u{3000}' => ' ',
            other => other,
        })
        .collect()
}

/// Parses an amount the way an operator types it, into minor units of `currency`.
///
/// Accepted: `1000`, `1,000`, `¥1,000`, `1000円`, full-width digits (`１０００`), and for
/// currencies with a minor unit up to that many decimals (`12.34` USD). Refused, each with its
/// own sentence: empty, negative, zero, too many decimals, exponents, overflow, stray signs,
/// misplaced thousands separators and anything else that is not a plain number.
pub fn parse_amount(input: &str, currency: Currency) -> Result<i64, AmountError> {
    let chars = input.chars().count();
    if chars > MAX_AMOUNT_CHARS {
        return Err(AmountError::TooLong { chars });
    }
    let folded = fold_full_width(input);
    let mut text = folded.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::Negative);
    }
    text = strip_currency_marks(text, currency)?;
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::Negative);
    }
    if text.contains(['e', 'E']) && text.chars().all(|c| c.is_ascii_digit() || ".,eE+-".contains(c)) {
        return Err(AmountError::Exponent);
    }
    if !text.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return Err(AmountError::NotANumber(input.trim().to_string()));
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    if whole.is_empty() || fraction.is_some_and(|f| f.is_empty() || f.contains(['.', ','])) {
        return Err(AmountError::NotANumber(input.trim().to_string()));
    }
    let whole_digits = ungroup(whole).ok_or_else(|| AmountError::BadGrouping(input.trim().to_string()))?;
    if let Some(f) = fraction {
        let significant = f.trim_end_matches('0');
        if currency.exponent == 0 && !significant.is_empty() {
            return Err(AmountError::NoDecimals { code: currency.code });
        }
        if significant.len() > currency.exponent as usize {
            return Err(AmountError::TooManyDecimals { code: currency.code, max: currency.exponent });
        }
    }
    let literal = match fraction {
        Some(f) => format!("{whole_digits}.{f}"),
        None => whole_digits,
    };
    let value = Decimal::from_str(&literal).map_err(|_| AmountError::Overflow)?;
    let scaled = value.checked_mul(Decimal::from(10i64.pow(currency.exponent))).ok_or(AmountError::Overflow)?;
    let minor = i64::try_from(scaled.trunc().mantissa() / 10i128.pow(scaled.trunc().scale()))
        .map_err(|_| AmountError::Overflow)?;
    if minor > MAX_AMOUNT {
        return Err(AmountError::Overflow);
    }
    if minor == 0 {
        return Err(AmountError::Zero);
    }
    Ok(minor)
}

/// Removes a leading currency sign or code and a trailing `円`; refuses a foreign sign.
fn strip_currency_marks(text: &str, currency: Currency) -> Result<&str, AmountError> {
    let mut rest = text;
    if let Some(stripped) = rest.strip_suffix('円') {
        if currency.code != "JPY" {
            return Err(AmountError::WrongCurrencySign { sign: "円".into(), code: currency.code });
        }
        rest = stripped.trim_end();
    }
    if let Some(stripped) = rest.strip_suffix(currency.code) {
        rest = stripped.trim_end();
    }
    if let Some(stripped) = rest.strip_prefix(currency.code) {
        rest = stripped.trim_start();
    }
    let first = rest.chars().next().unwrap_or('0');
    if !first.is_ascii_digit() && first != '.' && first != '-' {
        let sign_len = rest
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() || *c == '-' || c.is_whitespace())
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let sign = &rest[..sign_len];
        let known = !currency.symbol.is_empty() && sign == currency.symbol
            || (currency.code == "JPY" && sign == "¥")
            || (currency.code == "JPY" && sign == "\\");
        if !known {
            if CURRENCIES.iter().any(|c| c.symbol == sign) || sign == "円" {
                return Err(AmountError::WrongCurrencySign { sign: sign.to_string(), code: currency.code });
            }
            return Err(AmountError::NotANumber(text.to_string()));
        }
        rest = rest[sign_len..].trim_start();
    }
    Ok(rest)
}

/// Checks thousands separators (groups of exactly three after the first) and drops them.
fn ungroup(whole: &str) -> Option<String> {
    if !whole.contains(',') {
        return Some(whole.to_string());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
