//! Whether a record is publicly visible on a given day. The day is passed in
//! (see [`super::clock`]), so the rule is testable and expiry needs no job.

use chrono::NaiveDate;

use super::kinds::{PublicStatus, RecordKind, RecordState};

/// What the rule needs to know about a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VisibilityFacts {
    pub kind: RecordKind,
    pub state: RecordState,
    /// Minors, state or trade secrets (敏感): never published.
    pub sensitive: bool,
    /// Simple-procedure (简易程序) penalty: never published.
    pub simple_procedure: bool,
    /// Decision date, or list start.
    pub start: NaiveDate,
    /// Publicity end (公示截止期), or the last day listed; `None` = open-ended.
    /// For a list entry it is `list_terms::last_listed_day`: the day before
    /// the 移出日期 of an entry whose 名单状态 is 移出名单.
    pub end: Option<NaiveDate>,
}

/// The public status of a record on `today`.
///
/// - withdrawn → 已撤销, repaired → 已修复, draft → 待上线, whatever the dates;
/// - red and black lists: 列入名单 while `start ≤ today ≤ end` (no end = open-ended),
///   otherwise 移出名单;
/// - other kinds: 待上线 before `start`, 公示中 while `today ≤ end` (or no
///   end), then 已到期.
pub fn public_status(f: &VisibilityFacts, today: NaiveDate) -> PublicStatus {
    match f.state {
        RecordState::Withdrawn => return PublicStatus::Withdrawn,
        RecordState::Repaired => return PublicStatus::Repaired,
        RecordState::Draft => return PublicStatus::Pending,
        // A procedure that never reached the public, an entry taken off early,
        // or a record the tick expired: off the list (移出名单) or 已到期,
        // whatever the dates say.
        RecordState::Proposed
        | RecordState::Notified
        | RecordState::Dropped
        | RecordState::Removed
        | RecordState::Expired => {
            return if f.kind.is_list() {
                PublicStatus::Delisted
            } else {
                PublicStatus::Expired
            };
        }
        RecordState::Published => {}
    }
    let not_ended = f.end.is_none_or(|end| today <= end);
    if f.kind.is_list() {
        if f.start <= today && not_ended {
            PublicStatus::Listed
        } else {
            PublicStatus::Delisted
        }
    } else if today < f.start {
        // Dated in the future (a pledge may be): not online yet. `VISIBLE_SQL`
        // asks `start_date <= today` of every kind too.
        PublicStatus::Pending
    } else if not_ended {
        PublicStatus::InPublicity
    } else {
        PublicStatus::Expired
    }
}

/// Whether the public may even learn that the record exists: sensitive and
/// simple-procedure records never, drafts not before they are published (404,
/// where a record that left public view answers 410).
pub fn existence_is_public(f: &VisibilityFacts) -> bool {
    !f.sensitive && !f.simple_procedure && f.state.was_published()
}

/// Whether the record may be shown to the public on `today`.
pub fn is_publicly_visible(f: &VisibilityFacts, today: NaiveDate) -> bool {
    existence_is_public(f) && public_status(f, today).is_public()
}

/// What the public may learn about a record on `today`. Every public path
/// (the record page, `GET /api/v1/records/{id}`, feeds) asks this one question,
/// so none answers differently from another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disclosure {
    /// Shown in full.
    Shown,
    /// It was public and no longer is (410, with the status word): withdrawn,
    /// repaired, expired, off its list.
    Gone(PublicStatus),
    /// Never public (sensitive, 简易, a draft, a black-list proposal): answered
    /// exactly as an id that does not exist (404).
    Unknown,
}

/// The answer for a record on `today` (see [`Disclosure`]).
pub fn disclosure(f: &VisibilityFacts, today: NaiveDate) -> Disclosure {
    if !existence_is_public(f) {
        return Disclosure::Unknown;
    }
    let status = public_status(f, today);
    if status.is_public() {
        Disclosure::Shown
    } else {
        Disclosure::Gone(status)
    }
}

/// Whether a subject may be known publicly: it has at least one record whose
/// existence is public. A subject stored only for a sensitive or 简易 record, a
/// draft or a black-list proposal (a minor, a company under a procedure that
/// has not reached the public) is answered as unknown (404) everywhere.
pub fn subject_existence_is_public<'a>(records: impl IntoIterator<Item = &'a VisibilityFacts>) -> bool {
    records.into_iter().any(existence_is_public)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn penalty() -> VisibilityFacts {
        VisibilityFacts {
            kind: RecordKind::Penalty,
            state: RecordState::Published,
            sensitive: false,
            simple_procedure: false,
            start: d(2024, 3, 5),
            end: Some(d(2025, 3, 5)),
        }
    }

    fn blacklist() -> VisibilityFacts {
        VisibilityFacts {
            kind: RecordKind::Blacklist,
            end: Some(d(2025, 3, 5)),
            ..penalty()
        }
    }

    #[test]
    fn penalty_in_publicity_until_its_end_inclusive() {
        let f = penalty();
        assert_eq!(public_status(&f, d(2024, 3, 5)), PublicStatus::InPublicity);
        assert_eq!(public_status(&f, d(2025, 3, 5)), PublicStatus::InPublicity);
        assert!(is_publicly_visible(&f, d(2025, 3, 5)));
        assert_eq!(public_status(&f, d(2025, 3, 6)), PublicStatus::Expired);
        assert!(!is_publicly_visible(&f, d(2025, 3, 6)));
    }

    #[test]
    fn a_record_dated_in_the_future_is_not_yet_visible() {
        let pledge = VisibilityFacts {
            kind: RecordKind::Pledge,
            start: d(2026, 12, 1),
            end: None,
            ..penalty()
        };
        assert_eq!(public_status(&pledge, d(2026, 11, 30)), PublicStatus::Pending);
        assert!(!is_publicly_visible(&pledge, d(2026, 11, 30)));
        assert!(is_publicly_visible(&pledge, d(2026, 12, 1)));
    }

    #[test]
    fn open_ended_records_stay_in_publicity() {
        let f = VisibilityFacts {
            kind: RecordKind::Permit,
            end: None,
            ..penalty()
        };
        assert_eq!(public_status(&f, d(2090, 1, 1)), PublicStatus::InPublicity);
    }

    #[test]
    fn withdrawn_and_repaired_win_over_dates() {
        for kind in RecordKind::ALL {
            let f = VisibilityFacts {
                kind,
                state: RecordState::Withdrawn,
                ..penalty()
            };
            assert_eq!(public_status(&f, d(2024, 6, 1)), PublicStatus::Withdrawn);
            assert!(!is_publicly_visible(&f, d(2024, 6, 1)));
            let f = VisibilityFacts {
                kind,
                state: RecordState::Repaired,
                ..penalty()
            };
            assert_eq!(public_status(&f, d(2024, 6, 1)), PublicStatus::Repaired);
            assert!(!is_publicly_visible(&f, d(2024, 6, 1)));
        }
    }

    #[test]
    fn list_entries_are_listed_only_inside_their_period() {
        let f = blacklist();
        assert_eq!(public_status(&f, d(2024, 3, 4)), PublicStatus::Delisted);
        assert_eq!(public_status(&f, d(2024, 3, 5)), PublicStatus::Listed);
        assert_eq!(public_status(&f, d(2025, 3, 5)), PublicStatus::Listed);
        assert_eq!(public_status(&f, d(2025, 3, 6)), PublicStatus::Delisted);
        assert!(is_publicly_visible(&f, d(2024, 12, 1)));
        assert!(!is_publicly_visible(&f, d(2025, 3, 6)));

        let open = VisibilityFacts {
            kind: RecordKind::Redlist,
            end: None,
            ..f
        };
        assert_eq!(public_status(&open, d(2040, 1, 1)), PublicStatus::Listed);
        assert_eq!(public_status(&open, d(2024, 1, 1)), PublicStatus::Delisted);
    }

    #[test]
    fn an_entry_removed_on_a_future_date_is_listed_until_then_only() {
        use crate::domain::list_terms::{last_listed_day, ListStatus};
        let removal = d(2027, 1, 1);
        let f = VisibilityFacts {
            end: Some(last_listed_day(Some(ListStatus::Removed), Some(removal), || {
                d(2099, 1, 1)
            })),
            ..blacklist()
        };
        assert_eq!(public_status(&f, d(2026, 12, 31)), PublicStatus::Listed);
        assert_eq!(public_status(&f, removal), PublicStatus::Delisted);
    }

    #[test]
    fn procedure_expired_and_removed_states_are_never_visible() {
        for state in [
            RecordState::Proposed,
            RecordState::Notified,
            RecordState::Dropped,
            RecordState::Expired,
            RecordState::Removed,
        ] {
            let f = VisibilityFacts { state, ..blacklist() };
            assert_eq!(public_status(&f, d(2024, 6, 1)), PublicStatus::Delisted);
            assert!(!is_publicly_visible(&f, d(2024, 6, 1)));
        }
        let f = VisibilityFacts {
            state: RecordState::Expired,
            ..penalty()
        };
        assert_eq!(public_status(&f, d(2024, 6, 1)), PublicStatus::Expired);
    }

    #[test]
    fn sensitive_and_simple_procedure_are_never_visible() {
        let f = VisibilityFacts {
            sensitive: true,
            ..penalty()
        };
        assert_eq!(public_status(&f, d(2024, 6, 1)), PublicStatus::InPublicity);
        assert!(!is_publicly_visible(&f, d(2024, 6, 1)));
        let f = VisibilityFacts {
            simple_procedure: true,
            ..penalty()
        };
        assert!(!is_publicly_visible(&f, d(2024, 6, 1)));
        let f = VisibilityFacts {
            sensitive: true,
            ..blacklist()
        };
        assert!(!is_publicly_visible(&f, d(2024, 6, 1)));
    }

    #[test]
    fn drafts_are_neither_visible_nor_known_whatever_the_dates() {
        for kind in RecordKind::ALL {
            let f = VisibilityFacts {
                kind,
                state: RecordState::Draft,
                ..penalty()
            };
            assert_eq!(public_status(&f, d(2024, 6, 1)), PublicStatus::Pending);
            assert!(!is_publicly_visible(&f, d(2024, 6, 1)));
            assert!(!existence_is_public(&f));
        }
        assert!(existence_is_public(&penalty()));
        let withdrawn = VisibilityFacts {
            state: RecordState::Withdrawn,
            ..penalty()
        };
        assert!(existence_is_public(&withdrawn), "a withdrawal is public (410)");
    }
    #[test]
    fn disclosure_is_unknown_for_what_never_was_public_and_gone_for_what_left() {
        let today = d(2024, 6, 1);
        assert_eq!(disclosure(&penalty(), today), Disclosure::Shown);
        for f in [
            VisibilityFacts {
                sensitive: true,
                ..penalty()
            },
            VisibilityFacts {
                simple_procedure: true,
                ..penalty()
            },
            VisibilityFacts {
                state: RecordState::Draft,
                ..penalty()
            },
            VisibilityFacts {
                state: RecordState::Proposed,
                ..blacklist()
            },
            VisibilityFacts {
                state: RecordState::Notified,
                ..blacklist()
            },
            VisibilityFacts {
                state: RecordState::Dropped,
                ..blacklist()
            },
            // Withdrawn, but sensitive: still unknown, never 410.
            VisibilityFacts {
                state: RecordState::Withdrawn,
                sensitive: true,
                ..penalty()
            },
        ] {
            assert_eq!(disclosure(&f, today), Disclosure::Unknown, "{f:?}");
        }
        let withdrawn = VisibilityFacts {
            state: RecordState::Withdrawn,
            ..penalty()
        };
        assert_eq!(disclosure(&withdrawn, today), Disclosure::Gone(PublicStatus::Withdrawn));
        assert_eq!(
            disclosure(&penalty(), d(2025, 3, 6)),
            Disclosure::Gone(PublicStatus::Expired)
        );
    }

    #[test]
    fn a_subject_is_known_only_through_a_record_that_was_public() {
        let hidden = [
            VisibilityFacts {
                sensitive: true,
                ..penalty()
            },
            VisibilityFacts {
                state: RecordState::Proposed,
                ..blacklist()
            },
        ];
        assert!(!subject_existence_is_public(&hidden));
        assert!(!subject_existence_is_public(&[]));
        let expired = VisibilityFacts {
            state: RecordState::Expired,
            ..penalty()
        };
        assert!(subject_existence_is_public(hidden.iter().chain([&expired])));
    }
}
