//! The figures of the statistics pages and the department integrity profile
//! (seeds 1–3: departments are compared on their own integrity). Pure: the
//! store counts, these rules judge and score.

use chrono::NaiveDate;

use super::pledge_fulfilment::FulfilmentCounts;
use super::publication_deadline::published_on_time;
use super::submission_workflow::{deadline, Status, SubmissionKind};
use super::working_days::Calendar;

/// `part / whole`, or None when there is nothing to divide.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// "87.5%" or "—".
pub fn percent(s: Option<f64>) -> String {
    s.map_or("—".to_string(), |v| format!("{:.1}%", v * 100.0))
}

/// Whether a decided submission met every deadline it passed through: its
/// acceptance (when it had that step) and its decision, each computed by
/// `submission_workflow::deadline`, the rule the queue, `/track` and the
/// tick use (answers counted from acceptance).
pub fn answered_on_time(
    cal: &Calendar,
    kind: SubmissionKind,
    received: NaiveDate,
    accepted: Option<NaiveDate>,
    decided: NaiveDate,
) -> bool {
    let due = |status: Status| deadline(cal, kind, status, received, accepted).map(|d| d.due);
    let met = |day: NaiveDate, due: Option<NaiveDate>| due.is_none_or(|due| day <= due);
    match accepted {
        // Decided (or refused) at the first step: judged on that step's deadline.
        None => met(decided, due(Status::Received)),
        Some(a) => met(a, due(Status::Received)) && met(decided, due(Status::Accepted).or(due(Status::Received))),
    }
}

/// The period public timeliness covers: decisions of the last 365 days up to `today`.
pub const TIMELINESS_PERIOD_DAYS: i64 = 365;

/// The first decision date of the timeliness period ending on `today`.
pub fn timeliness_since(today: NaiveDate) -> NaiveDate {
    today - chrono::Duration::days(TIMELINESS_PERIOD_DAYS)
}

/// Publication timeliness per department: (records that went public within
/// the publication deadline, records that went public), from each public
/// record's (department, decision date, day it first became public). Records
/// never made public (drafts, proposals, sensitive, simple procedure) are not
/// given here: the store's one query leaves them out.
pub fn timeliness_by_department(
    cal: &Calendar,
    published: impl IntoIterator<Item = (i64, NaiveDate, NaiveDate)>,
) -> std::collections::HashMap<i64, (i64, i64)> {
    let mut by = std::collections::HashMap::new();
    for (dept, decided, public_on) in published {
        let t: &mut (i64, i64) = by.entry(dept).or_default();
        t.1 += 1;
        if published_on_time(cal, decided, public_on) {
            t.0 += 1;
        }
    }
    by
}

/// What a department's integrity profile is made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProfileFacts {
    /// Records it provided in the period, and how many went online within 7 working days.
    pub published: i64,
    pub published_on_time: i64,
    /// Objections to its data received, and upheld (the data was corrected or withdrawn).
    pub objections: i64,
    pub objections_upheld: i64,
    /// Its own pledges by fulfilment state (`pledge_fulfilment::fulfilment`):
    /// the rate counts kept against kept, broken and overdue; running ones not
    /// yet due do not count.
    pub pledges: FulfilmentCounts,
    /// Its own government integrity records (政务失信记录) in publicity.
    pub integrity_records: i64,
}

/// The composite score's parts: (name, weight, value 0–1 or None without data).
pub fn score_parts(f: &ProfileFacts) -> Vec<(&'static str, f64, Option<f64>)> {
    vec![
        ("公示及时率", 40.0, share(f.published_on_time, f.published)),
        (
            "数据准确性（1 − 异议成立率）",
            20.0,
            share(f.objections_upheld, f.objections).map(|r| 1.0 - r),
        ),
        ("承诺履约率（逾期未践诺计为未履约）", 20.0, f.pledges.rate()),
        (
            "政务失信记录（每条扣 25%）",
            20.0,
            Some((1.0 - 0.25 * f.integrity_records as f64).max(0.0)),
        ),
    ]
}

/// The composite integrity score, 0–100: the weighted mean of the parts that
/// have data, so a department is not rewarded or punished for missing data.
pub fn composite_score(f: &ProfileFacts) -> f64 {
    let parts = score_parts(f);
    let (sum, weights) = parts
        .iter()
        .filter_map(|(_, w, v)| v.map(|v| (w * v, *w)))
        .fold((0.0, 0.0), |(s, ws), (x, w)| (s + x, ws + w));
    if weights == 0.0 {
        100.0
    } else {
        (sum / weights * 100.0 * 10.0).round() / 10.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn on_time_follows_each_step_deadline() {
        let cal = Calendar::official();
        let fri = d(2026, 11, 27);
        // Accepted Tuesday 1 Dec (2nd working day), answered by 15 Dec (10 working days).
        assert!(answered_on_time(
            &cal,
            SubmissionKind::Objection,
            fri,
            Some(d(2026, 12, 1)),
            d(2026, 12, 15)
        ));
        assert!(!answered_on_time(
            &cal,
            SubmissionKind::Objection,
            fri,
            Some(d(2026, 12, 1)),
            d(2026, 12, 16)
        ));
        // Accepted late: not on time however quick the answer.
        assert!(!answered_on_time(
            &cal,
            SubmissionKind::Objection,
            fri,
            Some(d(2026, 12, 2)),
            d(2026, 12, 2)
        ));
        // Refused at once.
        assert!(answered_on_time(
            &cal,
            SubmissionKind::Complaint,
            fri,
            None,
            d(2026, 11, 30)
        ));
        assert!(answered_on_time(
            &cal,
            SubmissionKind::Repair,
            fri,
            Some(fri),
            d(2026, 12, 11)
        ));
        assert!(!answered_on_time(
            &cal,
            SubmissionKind::Repair,
            fri,
            Some(fri),
            d(2026, 12, 14)
        ));
    }

    #[test]
    fn a_complaint_answer_is_due_from_acceptance() {
        let cal = Calendar::official();
        let fri = d(2026, 11, 27);
        // Accepted Monday 30 Nov: 15 working days → Monday 21 Dec.
        let accepted = Some(d(2026, 11, 30));
        assert!(answered_on_time(
            &cal,
            SubmissionKind::Complaint,
            fri,
            accepted,
            d(2026, 12, 21)
        ));
        assert!(!answered_on_time(
            &cal,
            SubmissionKind::Complaint,
            fri,
            accepted,
            d(2026, 12, 22)
        ));
        // A pledge is confirmed within 5 working days of receipt.
        assert!(answered_on_time(
            &cal,
            SubmissionKind::Pledge,
            fri,
            None,
            d(2026, 12, 4)
        ));
        assert!(!answered_on_time(
            &cal,
            SubmissionKind::Pledge,
            fri,
            None,
            d(2026, 12, 7)
        ));
    }

    #[test]
    fn timeliness_counts_each_department_against_the_publication_deadline() {
        let cal = Calendar::official();
        // Decided Monday 2 Nov 2026: deadline Wednesday 11 Nov.
        let decided = d(2026, 11, 2);
        let t = timeliness_by_department(
            &cal,
            [
                (1, decided, d(2026, 11, 11)),
                (1, decided, d(2026, 11, 12)),
                (2, decided, d(2026, 11, 2)),
            ],
        );
        assert_eq!(t[&1], (1, 2));
        assert_eq!(t[&2], (1, 1));
        assert_eq!(timeliness_since(d(2026, 11, 27)), d(2025, 11, 27));
    }

    #[test]
    fn the_score_weighs_only_the_parts_with_data() {
        let perfect = ProfileFacts {
            published: 10,
            published_on_time: 10,
            ..ProfileFacts::default()
        };
        assert_eq!(composite_score(&perfect), 100.0);
        let late = ProfileFacts {
            published: 10,
            published_on_time: 5,
            objections: 4,
            objections_upheld: 1,
            pledges: FulfilmentCounts {
                kept: 3,
                broken: 1,
                overdue: 0,
                in_progress: 7,
            },
            integrity_records: 1,
        };
        // (40×0.5 + 20×0.75 + 20×0.75 + 20×0.75) / 100
        assert_eq!(composite_score(&late), 65.0);
        // An overdue pledge counts against the rate as a broken one does.
        let overdue = ProfileFacts {
            pledges: FulfilmentCounts {
                kept: 1,
                overdue: 1,
                ..FulfilmentCounts::default()
            },
            ..ProfileFacts::default()
        };
        assert_eq!(score_parts(&overdue)[2].2, Some(0.5));
        assert_eq!(score_parts(&ProfileFacts::default())[2].2, None);
        assert_eq!(composite_score(&ProfileFacts::default()), 100.0);
        assert_eq!(percent(share(1, 3)), "33.3%");
        assert_eq!(percent(share(1, 0)), "—");
    }
}
