//! What search matches: one normalisation for the stored text and for the query, and the
//! n-grams the search index keeps.
//!
//! - Unicode NFKC (full-width `ｙａｍａｄａ` is `yamada`, half-width `ﾔﾏﾀﾞ` is `ヤマダ`), then case
//!   folded, katakana folded to hiragana (`やまだ` finds `ヤマダ`), and the long-vowel mark and
//!   dash look-alikes (`ー －‐ -`) folded to `-`.
//! - White space and control characters are never part of a term: fields are joined by
//!   [`FIELD_BREAK`], which no normalised term can contain, so a match never spans two fields.
//! - Kana and kanji names are stored family name + given name run together, so `ヤマダハナコ`
//!   finds ヤマダ + ハナコ and `山田 太郎` (two terms, ANDed) finds 山田 + 太郎.
//! - Phone numbers are stored as digits only (and, for +81 numbers, as the domestic 0…
//!   number too); a query term made of digits and separators also matches on its digits.
//! - No romaji-to-kana conversion.

use super::Order;
use unicode_normalization::UnicodeNormalization;

/// Separates the fields of the stored text.
pub const FIELD_BREAK: char = '\u{1}';

/// The folded form of `text`: see the module documentation.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // NFKC leaves ASCII as it is and no ASCII character is folded to another script: the
        // same text without the normalizer (most fields are ASCII: ids, email, phone).
        let kept = text.bytes().filter(|b| !b.is_ascii_whitespace() && !b.is_ascii_control());
        return kept.map(|b| char::from(b.to_ascii_lowercase())).collect();
    }
    fold_normalized(text)
}

fn fold_normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkc() {
        if c.is_whitespace() || c.is_control() {
            continue;
        }
        for lower in c.to_lowercase() {
            out.push(fold_char(lower));
        }
    }
    out
}

fn fold_char(c: char) -> char {
    match c {
        // Katakana ァ..ヶ to hiragana ぁ..ゖ (the two blocks are 0x60 apart).
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        // The long-vowel mark and the dashes a caller's spelling may use for it.
        'ー' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '⁃' | '﹣' | '－' => '-',
        other => other,
    }
}

/// The fields an order is found by, each folded: id, reference, name, kana, email, phone
/// digits, payment and refund ids.
pub fn fields(order: &Order) -> Vec<String> {
    let c = &order.customer;
    let mut out = vec![
        fold(&order.id),
        fold(&order.reference),
        fold(&format!("{}{}", c.last_name, c.first_name)),
        fold(&format!("{}{}", c.last_name_kana, c.first_name_kana)),
        fold(&c.email),
    ];
    out.extend(phone_forms(&c.phone));
    for payment in &order.payments {
        out.push(fold(&payment.id));
        out.extend(payment.refunds.iter().map(|r| fold(&r.id)));
    }
    out.retain(|f| !f.is_empty());
    out
}

/// The digits of a phone number, and its domestic form when it is a +81 number.
fn phone_forms(phone: &str) -> Vec<String> {
    let digits: String = fold(phone).chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("81") {
        Some(national) if phone.trim_start().starts_with('+') => vec![format!("0{national}"), digits.clone()],
        _ => vec![digits],
    }
}

/// The stored text search verifies against: the folded fields joined by [`FIELD_BREAK`].
pub fn haystack(order: &Order) -> String {
    let mut joined = String::new();
    for (n, field) in fields(order).iter().enumerate() {
        if n > 0 {
            joined.push(FIELD_BREAK);
        }
        joined.push_str(field);
    }
    joined
}

/// One search term: it matches when any of its forms is in the stored text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub forms: Vec<String>,
}

/// A parsed query: terms split on white space, every one required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    /// `None` when the text is blank (no search at all). A text with no searchable character
    /// (only control characters, say) is a query with no terms, which matches nothing.
    pub fn parse(text: &str) -> Option<Query> {
        if text.trim().is_empty() {
            return None;
        }
        let terms = text.split_whitespace().filter_map(Term::parse).collect();
        Some(Query { terms })
    }

    /// Whether a stored text (see [`haystack`]) matches every term.
    pub fn matches(&self, haystack: &str) -> bool {
        !self.terms.is_empty() && self.terms.iter().all(|t| t.forms.iter().any(|f| haystack.contains(f.as_str())))
    }
}

impl Term {
    fn parse(word: &str) -> Option<Term> {
        let folded = fold(word);
        if folded.is_empty() {
            return None;
        }
        let mut forms = vec![folded.clone()];
        let phone_like = folded.chars().all(|c| c.is_ascii_digit() || "-+().".contains(c));
        let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
        if phone_like && !digits.is_empty() && digits != folded {
            forms.push(digits);
        }
        Some(Term { forms })
    }
}

/// Marks an unused position of a 1- or 2-character gram (no character is this large).
const PAD: u64 = 0x1F_FFFF;

fn pack(chars: &[char]) -> u64 {
    let at = |n: usize| chars.get(n).map_or(PAD, |&c| c as u64);
    (at(0) << 42) | (at(1) << 21) | at(2)
}

/// Every gram of the stored fields, sorted and without repeats: each trigram, and for runs of
/// non-ASCII characters (kanji and kana names) each single character and pair too, so a
/// one- or two-character name such as 高橋 is found through the index.
pub fn order_grams(order: &Order) -> Vec<u64> {
    order_gram_positions(order).into_iter().map(|(gram, _)| gram).collect()
}

/// The grams a stored text must hold for `form` to be in it (sorted, without repeats), or
/// `None` when the index cannot narrow it down (one or two characters with an ASCII one: those
/// are scanned).
pub fn form_grams(form: &str) -> Option<Vec<u64>> {
    let mut grams: Vec<u64> = form_gram_offsets(form)?.into_iter().map(|(gram, _)| gram).collect();
    grams.sort_unstable();
    grams.dedup();
    Some(grams)
}
/// A gram and the offsets (in characters) where it starts in an order's stored fields.
pub type GramPositions = (u64, Vec<u32>);

/// Every gram of the stored fields with where it starts, sorted by gram. Offsets count the
/// characters of the fields run together with one break between two fields, and no gram spans
/// a break: so grams at consecutive offsets always lie in one field, and a term is in a field
/// exactly when its grams are found at consecutive offsets (see [`form_gram_offsets`]).
pub fn order_gram_positions(order: &Order) -> Vec<GramPositions> {
    let mut found: Vec<(u64, u32)> = Vec::new();
    text_gram_offsets(&haystack(order), &mut found);
    found.sort_unstable();
    found.dedup();
    let mut grouped: Vec<GramPositions> = Vec::new();
    for (gram, at) in found {
        match grouped.last_mut() {
            Some((last, positions)) if *last == gram => positions.push(at),
            _ => grouped.push((gram, vec![at])),
        }
    }
    grouped
}

/// Appends to `out` every (gram, offset) of a stored text (see [`haystack`]: the fields joined
/// by [`FIELD_BREAK`]), unsorted: what [`order_gram_positions`] groups, and what a bulk build
/// of the index reads from the stored text without decoding the orders.
pub fn text_gram_offsets(text: &str, out: &mut Vec<(u64, u32)>) {
    let mut chars: Vec<char> = Vec::new();
    let mut start = 0u32;
    for field in text.split(FIELD_BREAK).filter(|f| !f.is_empty()) {
        chars.clear();
        chars.extend(field.chars());
        for (n, window) in chars.windows(3).enumerate() {
            out.push((pack(window), start + n as u32));
        }
        for n in 0..chars.len() {
            if !chars[n].is_ascii() {
                out.push((pack(&chars[n..=n]), start + n as u32));
                if chars.get(n + 1).is_some_and(|c| !c.is_ascii()) {
                    out.push((pack(&chars[n..n + 2]), start + n as u32));
                }
            }
        }
        start = start.saturating_add(chars.len() as u32 + 1);
    }
}

/// The grams `form` is made of with their offsets in it: the form is in a stored field
/// exactly when every gram is found at (one start + its offset). `None` when the index cannot
/// answer it (one or two characters with an ASCII one: those are scanned).
pub fn form_gram_offsets(form: &str) -> Option<Vec<(u64, u32)>> {
    let chars: Vec<char> = form.chars().collect();
    match chars.len() {
        0 => None,
        1 | 2 if chars.iter().any(char::is_ascii) => None,
        1 | 2 => Some(vec![(pack(&chars), 0)]),
        _ => Some(chars.windows(3).enumerate().map(|(n, w)| (pack(w), n as u32)).collect()),
    }
}

#[cfg(test)]
#[path = "search_text_tests.rs"]
mod tests;
