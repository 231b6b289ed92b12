//! The completeness check every catalog's test runs: each key has a Japanese text, written in
//! Japanese, that is not a copy of the English and names the same placeholders.

use crate::Message;
use crate::fill::placeholders;

/// What is wrong with the catalog `all`, one sentence per problem (empty when nothing is).
/// `same_in_japanese` is the explicit allow-list of keys whose Japanese text may be the English
/// one or carry no Japanese letter: identifiers, numbers and product names ("ID", "Smartpay").
pub fn problems<M: Message>(all: &[M], same_in_japanese: &[M]) -> Vec<String> {
    let allowed = |key: &M| same_in_japanese.iter().any(|a| format!("{a:?}") == format!("{key:?}"));
    let mut out = Vec::new();
    for key in all {
        let (en, ja) = key.pair();
        if ja.trim().is_empty() {
            out.push(format!("{key:?}: no Japanese text"));
            continue;
        }
        if !allowed(key) && (ja == en || !has_japanese(ja)) {
            out.push(format!("{key:?}: the Japanese text {ja:?} is the English one or not Japanese"));
        }
        let (mut en_names, mut ja_names) = (placeholders(en), placeholders(ja));
        en_names.sort_unstable();
        en_names.dedup();
        ja_names.sort_unstable();
        ja_names.dedup();
        if en_names != ja_names {
            out.push(format!("{key:?}: placeholders differ: English {en_names:?}, Japanese {ja_names:?}"));
        }
    }
    for key in same_in_japanese {
        if !all.iter().any(|k| format!("{k:?}") == format!("{key:?}")) {
            out.push(format!("{key:?}: allowed but not in the catalog"));
        }
    }
    out
}

/// Whether `text` holds a hiragana, katakana or kanji letter.
pub fn has_japanese(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'))
}

/// The names of keys a hint shows beside its Japanese label: not English left untranslated.
const KEY_NAMES: &[&str] = &["Esc", "Enter", "Tab", "PgUp", "PgDn", "Home", "End", "Space", "Ctrl", "Shift", "BackTab"];

/// Whether `text` reads as untranslated English: three or more ASCII words in a row (key
/// names apart).
pub fn reads_as_english(text: &str) -> bool {
    let mut run = 0;
    for word in text.split(|c: char| c.is_whitespace()) {
        let letters = word.trim_matches(|c: char| c.is_ascii_punctuation());
        if KEY_NAMES.contains(&letters) {
            run = 0;
        } else if letters.len() > 1 && letters.chars().all(|c| c.is_ascii_alphabetic()) {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else if !letters.is_empty() {
            run = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::catalog! {
        enum Sample {
            Good => ("Refund {amount}", "{amount} を返金"),
            Copied => ("Refund", "Refund"),
            Missing => ("Refund {amount}", "返金"),
            Id => ("ID", "ID"),
        }
    }

    #[test]
    fn the_check_names_a_copy_and_a_lost_placeholder_and_allows_the_listed() {
        let found = problems(Sample::ALL, &[Sample::Id]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("Copied:") && found[1].starts_with("Missing:"), "{found:?}");
        assert!(reads_as_english("the order was not found") && !reads_as_english("注文 order_test_1 は見つかりません"));
    }
}
