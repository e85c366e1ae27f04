//! When the scheduled tick flags a submission overdue: the day after the last
//! day of its current step (`submission_workflow::deadline`), once per
//! deadline: assigning keeps the deadline, so it keeps the flag.

use chrono::NaiveDate;

use super::submission_workflow::{deadline, Deadline, Status, SubmissionKind};
use super::working_days::Calendar;

/// The missed deadline of a submission's current step on `today`, if any.
pub fn missed_deadline(
    cal: &Calendar,
    kind: SubmissionKind,
    status: Status,
    received_on: NaiveDate,
    accepted_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Deadline> {
    deadline(cal, kind, status, received_on, accepted_on).filter(|d| today > d.due)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn overdue_only_after_the_last_day_of_an_open_step() {
        let cal = Calendar::official();
        let fri = d(2026, 11, 27);
        // Objection received Friday: accept by Tuesday 1 Dec.
        let k = SubmissionKind::Objection;
        assert_eq!(
            missed_deadline(&cal, k, Status::Received, fri, None, d(2026, 12, 1)),
            None
        );
        let missed = missed_deadline(&cal, k, Status::Received, fri, None, d(2026, 12, 2)).unwrap();
        assert_eq!(missed.due, d(2026, 12, 1));
        // A decided submission is never overdue.
        // Accepted Monday 30 Nov, assigned later: the answer was due 14 Dec
        // (10 working days from acceptance), whenever it was assigned.
        let accepted = Some(d(2026, 11, 30));
        assert_eq!(
            missed_deadline(&cal, k, Status::InReview, fri, accepted, d(2026, 12, 14)),
            None
        );
        let missed = missed_deadline(&cal, k, Status::InReview, fri, accepted, d(2026, 12, 15)).unwrap();
        assert_eq!(missed.due, d(2026, 12, 14));
        assert_eq!(
            missed_deadline(&cal, k, Status::Answered, fri, Some(fri), d(2027, 1, 1)),
            None
        );
    }
}
