//! Publication deadline (seed 1): a record goes online within 7 working days of
//! its decision date. The portal measures each department's timeliness with it,
//! counting a record when it first became public ([`is_public_when`]) and
//! attributing it to its data source unit (数据来源单位), the department that
//! publishes it.

use chrono::NaiveDate;

use super::kinds::RecordState;

/// Whether a record in `state` with these flags is public, i.e. whether
/// reaching this state is the moment it is published: the one definition of
/// "published" timeliness counts. A draft, a proposed, notified or dropped
/// black-list entry is not; a sensitive (minors, secrets) or simple-procedure
/// record never is, whatever its state.
pub fn is_public_when(state: RecordState, sensitive: bool, simple_procedure: bool) -> bool {
    state == RecordState::Published && !sensitive && !simple_procedure
}

use super::working_days::Calendar;

/// Default number of working days allowed between decision and publication.
pub const PUBLICATION_DEADLINE_WORKING_DAYS: u32 = 7;

/// The last day on which a decision may be published: the 7th working day
/// after the decision date.
pub fn publication_deadline(cal: &Calendar, decision_date: NaiveDate) -> NaiveDate {
    cal.add_working_days(decision_date, PUBLICATION_DEADLINE_WORKING_DAYS)
}

/// Whether a record published on `published_on` met the deadline.
pub fn published_on_time(cal: &Calendar, decision_date: NaiveDate, published_on: NaiveDate) -> bool {
    published_on <= publication_deadline(cal, decision_date)
}

/// Working days left before the deadline, seen on `today`: positive before it,
/// 0 on the deadline day, negative once overdue (at least −1 on any day after
/// the deadline, even a weekend, so that "overdue" is never shown as 0).
pub fn working_days_left(cal: &Calendar, decision_date: NaiveDate, today: NaiveDate) -> i64 {
    let deadline = publication_deadline(cal, decision_date);
    let left = cal.working_days_between(today, deadline);
    if today > deadline {
        left.min(-1)
    } else {
        left
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn only_a_published_ordinary_record_is_public() {
        assert!(is_public_when(RecordState::Published, false, false));
        assert!(!is_public_when(RecordState::Published, true, false));
        assert!(!is_public_when(RecordState::Published, false, true));
        for state in [
            RecordState::Draft,
            RecordState::Proposed,
            RecordState::Notified,
            RecordState::Dropped,
        ] {
            assert!(!is_public_when(state, false, false), "{state:?}");
        }
    }

    #[test]
    fn ordinary_week() {
        let cal = Calendar::official();
        // Monday 4 November 2024 → Wednesday 13 November.
        assert_eq!(publication_deadline(&cal, d(2024, 11, 4)), d(2024, 11, 13));
    }

    #[test]
    fn deadline_spans_the_national_day_holiday() {
        let cal = Calendar::official();
        // Friday 27 Sept 2024: the adjusted Sunday and Saturday count, the
        // 1–7 October holiday does not.
        let deadline = publication_deadline(&cal, d(2024, 9, 27));
        assert_eq!(deadline, d(2024, 10, 12));
        assert!(published_on_time(&cal, d(2024, 9, 27), d(2024, 10, 12)));
        assert!(published_on_time(&cal, d(2024, 9, 27), d(2024, 9, 27)));
        assert!(!published_on_time(&cal, d(2024, 9, 27), d(2024, 10, 14)));
    }

    #[test]
    fn deadline_spans_spring_festival_2026() {
        let cal = Calendar::official();
        // Thursday 12 Feb 2026: Fri 13, Sat 14 (worked), 15–23 off, Tue 24,
        // Wed 25, Thu 26, Fri 27, Sat 28 (worked) → 7th is Sat 28 February.
        assert_eq!(publication_deadline(&cal, d(2026, 2, 12)), d(2026, 2, 28));
    }

    #[test]
    fn days_left() {
        let cal = Calendar::official();
        let decision = d(2024, 9, 27);
        assert_eq!(working_days_left(&cal, decision, decision), 7);
        // During the holiday 5 working days remain (8–12 October).
        assert_eq!(working_days_left(&cal, decision, d(2024, 10, 3)), 5);
        assert_eq!(working_days_left(&cal, decision, d(2024, 10, 12)), 0);
        // Sunday 13 October is after the deadline: overdue, not 0.
        assert_eq!(working_days_left(&cal, decision, d(2024, 10, 13)), -1);
        // Monday 14 and Tuesday 15 October.
        assert_eq!(working_days_left(&cal, decision, d(2024, 10, 14)), -1);
        assert_eq!(working_days_left(&cal, decision, d(2024, 10, 15)), -2);
    }
}
