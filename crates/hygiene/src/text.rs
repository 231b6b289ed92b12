//! Text for a terminal: measured in columns, not bytes or chars (kanji and kana are two
//! columns wide), and cleaned of the characters order data must never send to a terminal.

use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// A character that order data must never put on a terminal: control characters (C0, DEL and
/// C1: escape sequences, carriage returns, bells) and the bidirectional overrides and isolates
/// that make a terminal show text in another order than it is.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One field of order data as a terminal may show it: every unsafe character removed.
pub fn printable(text: &str) -> Cow<'_, str> {
    strip(text, |_| false)
}

/// Text made of lines (a whole message or report): unsafe characters removed, line breaks kept.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    strip(text, |c| c == '\n')
}

fn strip(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let drop = |c: char| is_unsafe_for_terminal(c) && !keep(c);
    if !text.chars().any(drop) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|c| !drop(*c)).collect())
}

/// Text quoted in a one-line message (a hostile id, a file's words): every unsafe character,
/// line breaks included, shown as an escape (`\u{1b}`, `\n`), so it can neither act on the
/// terminal nor start a line of its own.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_unsafe_for_terminal(c) { c.escape_default().to_string() } else { c.to_string() })
            .collect(),
    )
}

/// JSON text made safe for a terminal without changing its data: serde leaves DEL, C1 and the
/// bidirectional controls raw inside strings; they become `\uXXXX` escapes (they can only
/// occur inside strings, where the escape means the same character).
pub fn escape_json_for_terminal(json: &str) -> Cow<'_, str> {
    if !json.chars().any(|c| is_unsafe_for_terminal(c) && c != '\n') {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe_for_terminal(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Pads or cuts `text` to exactly `width` terminal columns; a cut ends in `…` so a long name
/// never looks complete.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return format!("{text}{}", " ".repeat(width - text.width()));
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(ch);
        used += w;
    }
    if width > 0 {
        out.push('…');
        used += 1;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_measures_wide_characters() {
        assert_eq!(fit("山田太郎", 8).width(), 8);
        assert_eq!(fit("山田太郎", 6), "山田… ");
        assert_eq!(fit("abc", 5), "abc  ");
    }

    #[test]
    fn control_and_bidi_characters_never_reach_the_terminal() {
        assert_eq!(printable("a\u{1b}[31mred\u{7}\r\nb\u{9b}c\u{202e}d\te"), "a[31mredbcde");
        assert_eq!(printable_lines("one\ntwo\u{1b}]0;x\u{7}"), "one\ntwo]0;x");
        assert!(matches!(printable("山田 太郎"), Cow::Borrowed(_)));
    }

    #[test]
    fn escaped_text_stays_on_one_line() {
        assert_eq!(escaped("a\nerror: fake\u{1b}[2J\u{202e}x"), "a\\nerror: fake\\u{1b}[2J\\u{202e}x");
        assert!(matches!(escaped("山田 太郎"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_data_with_the_unsafe_characters_escaped() {
        let value = serde_json::json!({"name": "a\u{1b}b\u{7f}c\u{9b}d\u{202e}e", "n": 1});
        let text = serde_json::to_string_pretty(&value).expect("json");
        let safe = escape_json_for_terminal(&text);
        assert!(!safe.chars().any(|c| is_unsafe_for_terminal(c) && c != '\n'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, value, "the data is unchanged");
    }
}
