//! Text wrapped into lines of a width, at most so many lines: broken between words, and inside
//! a word only when it is wider than a line (Japanese has no spaces). Text that needs more
//! lines than it gets ends its last line with `…`, so a sentence is never shown cut without
//! the mark. Widths are terminal columns (a kanji takes two).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` in lines of at most `width` columns, at most `max_lines` of them (the last ending in
/// `…` when text was left out). A newline in `text` starts a new line.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let room = if line.is_empty() { width } else { width.saturating_sub(line.width() + 1) };
            if word.width() <= room {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                continue;
            }
            if word.width() <= width {
                lines.push(std::mem::take(&mut line));
                line.push_str(word);
                continue;
            }
            // Wider than a line: it fills this line, then as many as it needs.
            if !line.is_empty() && line.width() + 2 <= width {
                line.push(' ');
            } else if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for ch in word.chars() {
                if !line.is_empty() && line.width() + ch.width().unwrap_or(0) > width {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(ch);
            }
        }
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            mark_cut(last, width);
        }
    }
    lines
}

/// Ends `line` with `…`, dropping characters from its end until the mark fits in `width`.
fn mark_cut(line: &mut String, width: usize) {
    while line.width() + 1 > width {
        if line.pop().is_none() {
            break;
        }
    }
    let trimmed = line.trim_end().len();
    line.truncate(trimmed);
    line.push('…');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stay_whole_and_what_does_not_fit_ends_in_the_mark() {
        assert_eq!(wrap("refund the order now", 10, 5), ["refund the", "order now"]);
        assert_eq!(wrap("refund the order now", 10, 1), ["refund th…"]);
        assert_eq!(wrap("a b", 10, 3), ["a b"]);
        assert_eq!(wrap("", 10, 3), [""]);
        assert_eq!(wrap("one\ntwo", 10, 3), ["one", "two"]);
        assert_eq!(wrap("返金してください", 6, 5), ["返金し", "てくだ", "さい"]);
        assert_eq!(wrap("Fix: 返金してください", 8, 5), ["Fix: 返", "金してく", "ださい"]);
        assert_eq!(wrap("order_test_26AUcjP8ChZLqewHT8nc1w", 12, 2), ["order_test_2", "6AUcjP8ChZL…"]);
        for width in 2..30 {
            for max in 1..4 {
                let text = "The shop canceled the order, but Smartpay still holds ¥6,380 captured: 返金してください";
                let lines = wrap(text, width, max);
                assert!(lines.len() <= max && lines.iter().all(|l| l.width() <= width), "{width} {max}: {lines:?}");
                let shown: String = lines.concat().split_whitespace().collect();
                let whole: String = text.split_whitespace().collect();
                assert!(shown == whole || shown.ends_with('…'), "{width} {max}: {lines:?}");
            }
        }
    }
}
