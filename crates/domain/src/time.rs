//! Timestamps and countdowns as operators read them.
//!
//! Smartpay is a Japanese service and its support staff work in Japan time, so times are shown
//! in JST (UTC+9, which has no daylight saving) whatever the server's own zone is: the same order
//! reads the same on every operator's screen.

use jiff::Timestamp;

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

/// `2026-11-25`
pub fn format_date(ms: Millis) -> String {
    match Timestamp::from_millisecond(ms) {
        Ok(ts) => ts.to_zoned_datetime(jst()).strftime("%Y-%m-%d").to_string(),
        Err(_) => "—".to_string(),
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
    Open(String),
    /// Under 24 hours left: `23h 59m`, shown as a warning.
    Urgent(String),
    Expired,
}

impl Countdown {
    pub fn until(deadline: Millis, now: Millis) -> Countdown {
        let left = deadline - now;
        if left <= 0 {
            return Countdown::Expired;
        }
        let minutes = left / 60_000;
        let (days, hours, mins) = (minutes / 1440, (minutes / 60) % 24, minutes % 60);
        if days >= 1 {
            Countdown::Open(format!("{days}d {hours:02}h"))
        } else {
            Countdown::Urgent(format!("{hours}h {mins:02}m"))
        }
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
        assert_eq!(format_iso(1_764_000_000_123), "2025-11-25T01:00:00+09:00");
    }

    #[test]
    fn countdown_warns_under_a_day() {
        let hour = 3_600_000;
        assert_eq!(Countdown::until(50 * hour, 0), Countdown::Open("2d 02h".into()));
        assert_eq!(Countdown::until(23 * hour + 60_000, 0), Countdown::Urgent("23h 01m".into()));
        assert_eq!(Countdown::until(0, 0), Countdown::Expired);
    }
}
