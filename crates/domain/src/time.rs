//! Timestamps and countdowns as operators read them.
//!
//! Smartpay is a Japanese service and its support staff work in Japan time, so times are shown
//! in JST (UTC+9, which has no daylight saving) whatever the server's own zone is: the same order
//! reads the same on every operator's screen.

use jiff::Timestamp;
use smartpay_i18n::sentences::RuleText;
use smartpay_i18n::{Lang, Message};
use std::fmt;

/// Milliseconds since the Unix epoch, as the API sends timestamps.
pub type Millis = i64;
use jiff::tz::{Offset, TimeZone};

fn jst() -> TimeZone {
    TimeZone::fixed(Offset::constant(9))
}

/// `2026-11-25 15:04 JST`
pub fn format_time(ms: Millis) -> String {
    match Timestamp::from_millisecond(ms) {
        Ok(ts) => ts.to_zoned_datetime(jst()).strftime("%Y-%m-%d %H:%M JST").to_string(),
        Err(_) => "—".to_string(),
    }
}

/// A time as the operator's language writes it: `2026-11-25 15:04 JST` in English,
/// `2026/11/25 15:04` in Japanese (Japan time, which a Japanese reader assumes).
pub fn format_time_in(lang: Lang, ms: Millis) -> String {
    match lang {
        Lang::En => format_time(ms),
        Lang::Ja => match Timestamp::from_millisecond(ms) {
            Ok(ts) => ts.to_zoned_datetime(jst()).strftime("%Y/%m/%d %H:%M").to_string(),
            Err(_) => "—".to_string(),
        },
    }
}

/// Reads a [`format_time`] text (`2026-11-25 15:04 JST`) back; `None` for anything else.
pub fn parse_time(text: &str) -> Option<Millis> {
    let civil = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M JST", text).ok()?;
    jst().to_timestamp(civil).ok().map(|ts| ts.as_millisecond())
}

/// `15:04 JST`, for a time later today ("rate limited until 15:04 JST").
pub fn format_clock(ms: Millis) -> String {
    match Timestamp::from_millisecond(ms) {
        Ok(ts) => ts.to_zoned_datetime(jst()).strftime("%H:%M JST").to_string(),
        Err(_) => "—".to_string(),
    }
}

/// `2026-11-25 15:04:05`, for history rows where seconds matter.
pub fn format_time_seconds(ms: Millis) -> String {
    match Timestamp::from_millisecond(ms) {
        Ok(ts) => ts.to_zoned_datetime(jst()).strftime("%Y-%m-%d %H:%M:%S").to_string(),
        Err(_) => "—".to_string(),
    }
}

/// [`format_time_seconds`] in `lang`: `2026/11/25 15:04:05` in Japanese.
pub fn format_time_seconds_in(lang: Lang, ms: Millis) -> String {
    let pattern = match lang {
        Lang::En => "%Y-%m-%d %H:%M:%S",
        Lang::Ja => "%Y/%m/%d %H:%M:%S",
    };
    match Timestamp::from_millisecond(ms) {
        Ok(ts) => ts.to_zoned_datetime(jst()).strftime(pattern).to_string(),
        Err(_) => "—".to_string(),
    }
}

/// `2026-11-25`
pub fn format_date(ms: Millis) -> String {
    match Timestamp::from_millisecond(ms) {
        Ok(ts) => ts.to_zoned_datetime(jst()).strftime("%Y-%m-%d").to_string(),
        Err(_) => "—".to_string(),
    }
}

/// [`format_date`] in `lang`: `2026/11/25` in Japanese.
pub fn format_date_in(lang: Lang, ms: Millis) -> String {
    match lang {
        Lang::En => format_date(ms),
        Lang::Ja => format_date(ms).replace('-', "/"),
    }
}

/// `2026-11-25T15:04:05+09:00`: ISO 8601 with the JST offset, for files (CSV exports).
pub fn format_iso(ms: Millis) -> String {
    match Timestamp::from_millisecond(ms) {
        Ok(ts) => ts.to_zoned_datetime(jst()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Err(_) => String::new(),
    }
}

/// How a deadline reads from `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Countdown {
    /// More than a day left: `6d 23h`.
    Open(Left),
    /// Under 24 hours left: `23h 59m`, shown as a warning.
    Urgent(Left),
    Expired,
}

/// The time left before a deadline, in whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Left {
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
}

impl Left {
    /// `6d 03h` / `23h 05m` in English, 「残り6日3時間」 / 「残り23時間5分」 in Japanese.
    pub fn text(&self, lang: Lang) -> String {
        self.worded(lang, RuleText::CountdownDays, RuleText::CountdownHours)
    }

    /// [`Left::text`] for a narrow column: 「6日3時間」 / 「23時間5分」 in Japanese.
    pub fn short(&self, lang: Lang) -> String {
        self.worded(lang, RuleText::CountdownDaysShort, RuleText::CountdownHoursShort)
    }

    fn worded(&self, lang: Lang, days: RuleText, hours: RuleText) -> String {
        let pad = |n: i64| match lang {
            Lang::En => format!("{n:02}"),
            Lang::Ja => n.to_string(),
        };
        if self.days >= 1 {
            days.fill(lang, &[("days", &self.days), ("hours", &pad(self.hours))])
        } else {
            hours.fill(lang, &[("hours", &self.hours), ("minutes", &pad(self.minutes))])
        }
    }
}

impl fmt::Display for Left {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl Countdown {
    pub fn until(deadline: Millis, now: Millis) -> Countdown {
        let left = deadline - now;
        if left <= 0 {
            return Countdown::Expired;
        }
        let minutes = left / 60_000;
        let left = Left { days: minutes / 1440, hours: (minutes / 60) % 24, minutes: minutes % 60 };
        if left.days >= 1 { Countdown::Open(left) } else { Countdown::Urgent(left) }
    }
}

pub fn now_millis() -> Millis {
    Timestamp::now().as_millisecond()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_japan() {
        assert_eq!(format_time(0), "1970-01-01 09:00 JST");
        assert_eq!(format_time_in(Lang::Ja, 0), "1970/01/01 09:00");
        assert_eq!(parse_time(&format_time(1_764_000_000_000)), Some(1_764_000_000_000));
        assert_eq!(parse_time(""), None);
        assert_eq!(format_iso(1_764_000_000_123), "2025-11-25T01:00:00+09:00");
    }

    #[test]
    fn countdown_warns_under_a_day() {
        let hour = 3_600_000;
        let text = |c: Countdown, lang: Lang| match c {
            Countdown::Open(left) | Countdown::Urgent(left) => left.text(lang),
            Countdown::Expired => "expired".into(),
        };
        assert!(matches!(Countdown::until(50 * hour, 0), Countdown::Open(_)));
        assert_eq!(text(Countdown::until(50 * hour, 0), Lang::En), "2d 02h");
        assert_eq!(text(Countdown::until(50 * hour, 0), Lang::Ja), "残り2日2時間");
        assert!(matches!(Countdown::until(23 * hour + 60_000, 0), Countdown::Urgent(_)));
        assert_eq!(text(Countdown::until(23 * hour + 60_000, 0), Lang::En), "23h 01m");
        assert_eq!(text(Countdown::until(23 * hour + 60_000, 0), Lang::Ja), "残り23時間1分");
        assert_eq!(Countdown::until(0, 0), Countdown::Expired);
    }
}
