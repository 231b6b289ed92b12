//! The deadline queue: which orders are about to lose their authorization, which already have,
//! and the order in which they are worked through (soonest deadline first).

use super::order::{Deadline, Millis};
use smartpay_i18n::sentences::RuleText;
use smartpay_i18n::{Lang, Message};

/// A filter on the capture deadline (`--expiring-within`, `--status expired`, the TUI filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineFilter {
    /// Awaiting capture, with the deadline still ahead but no further than this many ms away.
    ExpiringWithin(Millis),
    /// The 7-day window closed with money uncaptured (recorded, or due now).
    Expired,
}

impl DeadlineFilter {
    /// Whether an order whose deadline column reads `deadline` (due at `expires_at`) passes.
    pub fn matches(self, deadline: &Deadline, expires_at: Option<Millis>, now: Millis) -> bool {
        match self {
            DeadlineFilter::ExpiringWithin(window) => {
                matches!(deadline, Deadline::Counting(_)) && expires_at.is_some_and(|at| at > now && at - now <= window)
            }
            DeadlineFilter::Expired => *deadline == Deadline::Expired,
        }
    }
}

/// The value the Deadline column sorts by: the deadline of an order still awaiting capture,
/// after every such order those with nothing to watch (ascending), so that the first rows are
/// always the most urgent ones.
pub fn deadline_rank(deadline: &Deadline, expires_at: Option<Millis>) -> Millis {
    match (deadline, expires_at) {
        (Deadline::Counting(_), Some(at)) => at,
        _ => Millis::MAX,
    }
}

/// The most a window may span: the 7-day capture window is the longest there is, so 30 days
/// covers every sensible question and keeps the arithmetic far from overflow.
const MAX_WINDOW_MS: Millis = 30 * 24 * 60 * 60 * 1000;

/// Reads a window such as `24h`, `90m` or `2d` (a whole number and one of `m`, `h`, `d`).
pub fn parse_window(text: &str) -> Result<Millis, String> {
    parse_window_in(text, Lang::En)
}

/// [`parse_window`], its refusal in `lang`.
pub fn parse_window_in(text: &str, lang: Lang) -> Result<Millis, String> {
    let text = text.trim();
    let explain = || RuleText::NotAWindow.fill(lang, &[("input", &text)]);
    // The unit is the last character, which may be any character (`1日`): split on a boundary.
    let unit_at = text.char_indices().last().map(|(at, _)| at).ok_or_else(explain)?;
    let (number, unit) = text.split_at(unit_at);
    let per_unit: Millis = match unit {
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(explain()),
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(explain());
    }
    let count: Millis = number.parse().map_err(|_| explain())?;
    match count.checked_mul(per_unit) {
        Some(ms) if ms > 0 && ms <= MAX_WINDOW_MS => Ok(ms),
        _ => Err(RuleText::WindowOutOfRange.fill(lang, &[("input", &text)])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Countdown;

    const HOUR: Millis = 3_600_000;

    #[test]
    fn windows_are_read_in_minutes_hours_and_days() {
        assert_eq!(parse_window("24h"), Ok(24 * HOUR));
        assert_eq!(parse_window("90m"), Ok(90 * 60_000));
        assert_eq!(parse_window("2d"), Ok(48 * HOUR));
        for bad in
            ["", "h", "24", "24x", "-1h", "0h", "1.5h", "31d", "99999999999999999d", "２４h", "1日", "24時間", "é"]
        {
            assert!(parse_window(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn expiring_within_takes_only_deadlines_still_ahead() {
        let now = 1_000 * HOUR;
        let counting = |at: Millis| Deadline::Counting(Countdown::until(at, now));
        let within = DeadlineFilter::ExpiringWithin(24 * HOUR);
        assert!(within.matches(&counting(now + 23 * HOUR), Some(now + 23 * HOUR), now));
        assert!(within.matches(&counting(now + 24 * HOUR), Some(now + 24 * HOUR), now));
        assert!(!within.matches(&counting(now + 25 * HOUR), Some(now + 25 * HOUR), now));
        assert!(!within.matches(&Deadline::Expired, Some(now - 1), now), "an expired order is not expiring");
        assert!(!within.matches(&Deadline::None, Some(now + HOUR), now), "a captured order has nothing to watch");
        assert!(DeadlineFilter::Expired.matches(&Deadline::Expired, Some(now - 1), now));
        assert!(!DeadlineFilter::Expired.matches(&counting(now + HOUR), Some(now + HOUR), now));
    }

    #[test]
    fn the_most_urgent_deadline_ranks_first() {
        let now = 0;
        let soon = deadline_rank(&Deadline::Counting(Countdown::until(HOUR, now)), Some(HOUR));
        let later = deadline_rank(&Deadline::Counting(Countdown::until(9 * HOUR, now)), Some(9 * HOUR));
        let none = deadline_rank(&Deadline::None, None);
        assert!(soon < later && later < none);
    }
}
