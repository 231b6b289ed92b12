//! Text measured in terminal columns, not bytes or chars: kanji and kana are two columns wide.

use unicode_width::UnicodeWidthStr;

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
}
