//! The one way a value too wide for its place is shortened, so no value is ever shown cut
//! into a different-looking value: text loses its end (`山下町 2…`), an identifier (order id,
//! reference, idempotency key, operator) its middle (`order_test_26A…HT8nc1w`), keeping the
//! prefix that says what it is and the tail that tells it from its neighbours. Widths are
//! terminal columns (a kanji takes two), and every shortened value shows `…`.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The mark of a shortened value.
pub const MARK: char = '…';

/// `text` whole when it fits in `width` columns, else its start and `…`.
pub fn end(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = take_columns(text.chars(), width - 1);
    out.push(MARK);
    out
}

/// `id` whole when it fits in `width` columns, else its start, `…` and its end (the end a
/// little longer: ids share their prefix, the tail tells them apart).
pub fn middle(id: &str, width: usize) -> String {
    if id.width() <= width {
        return id.to_string();
    }
    if width < 3 {
        return end(id, width);
    }
    let room = width - 1;
    let tail_width = room.div_ceil(2);
    let head = take_columns(id.chars(), room - tail_width);
    let tail: String = {
        let reversed = take_columns(id.chars().rev(), tail_width);
        reversed.chars().rev().collect()
    };
    format!("{head}{MARK}{tail}")
}

/// [`end`], padded with spaces to exactly `width` columns.
pub fn end_padded(text: &str, width: usize) -> String {
    pad(end(text, width), width)
}

/// [`middle`], padded with spaces to exactly `width` columns.
pub fn middle_padded(id: &str, width: usize) -> String {
    pad(middle(id, width), width)
}

/// [`end`], right-aligned in exactly `width` columns (amounts).
pub fn end_right(text: &str, width: usize) -> String {
    let shown = end(text, width);
    format!("{}{shown}", " ".repeat(width.saturating_sub(shown.width())))
}

fn pad(mut text: String, width: usize) -> String {
    let missing = width.saturating_sub(text.width());
    text.extend(std::iter::repeat_n(' ', missing));
    text
}

/// The characters of `chars` that fit in `width` columns (a kanji never half shown).
fn take_columns(chars: impl Iterator<Item = char>, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for ch in chars {
        let w = ch.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        out.push(ch);
        used += w;
    }
    out
}

/// A line of spans cut to `width` columns: whole when it fits, else its start, the last span
/// kept ending in `…` (a title line never ends cut mid-word without the mark).
pub fn spans_end(spans: Vec<ratatui::text::Span<'static>>, width: usize) -> Vec<ratatui::text::Span<'static>> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= width {
        return spans;
    }
    let mut out = Vec::new();
    let mut used = 0;
    let count = spans.len();
    for (index, span) in spans.into_iter().enumerate() {
        let room = width.saturating_sub(used);
        let w = span.content.width();
        if w <= room {
            used += w;
            out.push(span);
            continue;
        }
        // The last span loses only its trailing spaces: nothing is cut.
        let trimmed = span.content.trim_end();
        if index + 1 == count && trimmed.width() <= room {
            out.push(ratatui::text::Span::styled(trimmed.to_string(), span.style));
            break;
        }
        // The mark goes on a space the line already ends with, else in the room left.
        let ends_in_space = out.last().is_some_and(|s: &ratatui::text::Span| s.content.ends_with(' '));
        if room < 2 && ends_in_space {
            if let Some(last) = out.last_mut() {
                let mut text = last.content.to_string();
                text.pop();
                text.push(MARK);
                last.content = text.into();
            }
        } else if room > 0 {
            out.push(ratatui::text::Span::styled(end(&format!("{}{MARK}", span.content), room), span.style));
        } else if let Some(last) = out.last_mut() {
            let text = last.content.to_string();
            last.content = end(&format!("{text}{MARK}"), text.width()).into();
        }
        break;
    }
    out
}

/// Whether `shown` honestly stands for `whole`: the same, or a shortening by this module (its
/// start then `…`, or its start, `…` and its end). Tests use it to check every screen.
pub fn stands_for(shown: &str, whole: &str) -> bool {
    if shown == whole {
        return true;
    }
    let Some((head, tail)) = shown.split_once(MARK) else { return false };
    whole.starts_with(head) && whole.ends_with(tail) && head.len() + tail.len() < whole.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_loses_its_end_and_ids_their_middle_always_with_the_mark() {
        assert_eq!(end("山下町 279", 8), "山下町 …");
        assert_eq!(end("山下町 279", 10), "山下町 279");
        assert_eq!(end("colleague", 8), "colleag…");
        assert_eq!(middle("order_test_26AbCdEfGhHT8nc1w", 22), "order_test…EfGhHT8nc1w");
        assert_eq!(middle("SO-20250002", 9), "SO-2…0002");
        assert_eq!(middle("SO-20250002", 11), "SO-20250002");
        assert_eq!(middle_padded("ab", 4), "ab  ");
        assert_eq!(end_right("10,000", 8), "  10,000");
        for width in 0..30 {
            for value in ["order_test_manual00000000001", "勅使河原 美智子", "グランドメゾン305号室"] {
                for shown in [end(value, width), middle(value, width)] {
                    assert!(shown.width() <= width, "{shown:?} fits {width}");
                    assert!(stands_for(&shown, value) || shown.is_empty(), "{shown:?} stands for {value:?}");
                }
            }
        }
    }

    #[test]
    fn a_title_too_wide_ends_in_the_mark() {
        use ratatui::text::Span;
        let spans = || vec![Span::raw(" Orders "), Span::raw("│ 14 to capture")];
        let text = |spans: Vec<Span<'static>>| spans.iter().map(|s| s.content.to_string()).collect::<String>();
        assert_eq!(text(spans_end(spans(), 30)), " Orders │ 14 to capture");
        assert_eq!(text(spans_end(spans(), 16)), " Orders │ 14 to…");
        assert_eq!(text(spans_end(spans(), 8)), " Orders…");
        assert!(text(spans_end(spans(), 12)).width() <= 12);
        // A span ending in a space that fills the line exactly: the mark takes the space.
        let typed = || vec![Span::raw("filter: /abc "), Span::raw("│ queue")];
        assert_eq!(text(spans_end(typed(), 13)), "filter: /abc…");
        assert_eq!(text(spans_end(vec![Span::raw("abcdef"), Span::raw("gh")], 6)), "abcde…");
        assert_eq!(text(spans_end(vec![Span::raw("ab"), Span::raw("cd ")], 4)), "abcd", "only a space lost");
    }

    #[test]
    fn a_value_cut_without_the_mark_is_caught() {
        assert!(!stands_for("colleagu", "colleague"));
        assert!(!stands_for("SO-202500", "SO-20250002"));
        assert!(stands_for("SO-2…0002", "SO-20250002"));
    }
}
