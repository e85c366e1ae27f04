//! The clock, injected: the rules take "today" as an argument and the binary
//! hands in the real system clock. Dates are China Standard Time (UTC+8, no DST).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

/// China Standard Time's offset from UTC, in seconds.
pub const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

fn china() -> FixedOffset {
    FixedOffset::east_opt(CHINA_OFFSET_SECONDS).expect("UTC+8 is a valid offset")
}

/// The calendar date in China at instant `t`.
pub fn china_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&china()).date_naive()
}

/// The time in China at instant `t`, to the minute, as pages show it
/// (`2026-03-02 14:05`).
pub fn china_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&china()).format("%Y-%m-%d %H:%M").to_string()
}

/// A source of the current time.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in China.
    fn today(&self) -> NaiveDate {
        china_date(self.now())
    }
}

/// A clock stopped at one instant (for tests and reproducible runs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedClock(pub DateTime<Utc>);

impl FixedClock {
    /// A clock stopped at noon, China time, on `date`.
    pub fn on_china_date(date: NaiveDate) -> FixedClock {
        let noon = date.and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("noon"));
        let local = china()
            .from_local_datetime(&noon)
            .single()
            .expect("a fixed offset has no gaps");
        FixedClock(local.with_timezone(&Utc))
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn china_time_is_eight_hours_ahead_to_the_minute() {
        assert_eq!(china_time(utc("2026-03-01T23:30:59Z")), "2026-03-02 07:30");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn evening_utc_is_next_day_in_china() {
        assert_eq!(china_date(utc("2026-11-27T17:00:00Z")), d(2026, 11, 28));
        assert_eq!(china_date(utc("2026-11-27T15:59:59Z")), d(2026, 11, 27));
        assert_eq!(china_date(utc("2026-11-27T16:00:00Z")), d(2026, 11, 28));
    }

    #[test]
    fn year_boundary() {
        assert_eq!(china_date(utc("2024-12-31T16:30:00Z")), d(2025, 1, 1));
    }

    #[test]
    fn no_daylight_saving() {
        // Mid-summer and mid-winter use the same offset.
        assert_eq!(china_date(utc("2026-07-01T15:59:59Z")), d(2026, 7, 1));
        assert_eq!(china_date(utc("2026-01-01T15:59:59Z")), d(2026, 1, 1));
    }

    #[test]
    fn fixed_clock() {
        let clock = FixedClock(utc("2026-11-27T17:00:00Z"));
        assert_eq!(clock.now(), utc("2026-11-27T17:00:00Z"));
        assert_eq!(clock.today(), d(2026, 11, 28));
        let clock = FixedClock::on_china_date(d(2024, 10, 1));
        assert_eq!(clock.today(), d(2024, 10, 1));
        assert_eq!(clock.now(), utc("2024-10-01T04:00:00Z"));
        // Usable as a trait object shared across threads.
        let shared: std::sync::Arc<dyn Clock> = std::sync::Arc::new(clock);
        assert_eq!(shared.today(), d(2024, 10, 1));
    }
}
