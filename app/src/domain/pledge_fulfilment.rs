//! Whether a pledge was kept (践诺): the seeds ask that "服务承诺、期限承诺和保障承诺的
//! 履行情况" be recorded and published accurately, and that 限时办结 and 一次性告知
//! be kept. One rule decides a pledge's fulfilment state from its 履约状态, its
//! due date (承诺履行期限) and today — [`fulfilment`] — and every page, count and
//! filter goes through it (the store's grouped counts apply it per group; the
//! back-office overdue list selects with [`OVERDUE_SQL`], the same rule in SQL,
//! checked against it in `tests/pledges.rs`). The fulfilment rate of a
//! department is [`fulfilment_rate`].

use chrono::NaiveDate;

use super::field_error::FieldError;

/// The stored 履约状态 words: one vocabulary for import, forms, store and counts.
pub const IN_PROGRESS: &str = "履约中";
pub const KEPT: &str = "已履约";
pub const BROKEN: &str = "未履约";

/// A pledge's 履约状态 as a department records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PledgeStatus {
    InProgress,
    Kept,
    Broken,
}

/// The words real files use for 履约状态, each mapped explicitly (after
/// Traditional → Simplified). Anything else is refused by validation.
pub const STATUS_WORDS: [(&str, PledgeStatus); 14] = [
    (IN_PROGRESS, PledgeStatus::InProgress),
    ("履行中", PledgeStatus::InProgress),
    ("践诺中", PledgeStatus::InProgress),
    ("未到期", PledgeStatus::InProgress),
    (KEPT, PledgeStatus::Kept),
    ("已践诺", PledgeStatus::Kept),
    ("已履行", PledgeStatus::Kept),
    ("已兑现", PledgeStatus::Kept),
    ("履约", PledgeStatus::Kept),
    (BROKEN, PledgeStatus::Broken),
    ("未践诺", PledgeStatus::Broken),
    ("未履行", PledgeStatus::Broken),
    ("违约", PledgeStatus::Broken),
    ("失约", PledgeStatus::Broken),
];

impl PledgeStatus {
    /// The stored word.
    pub fn word(self) -> &'static str {
        match self {
            PledgeStatus::InProgress => IN_PROGRESS,
            PledgeStatus::Kept => KEPT,
            PledgeStatus::Broken => BROKEN,
        }
    }

    /// A file's word for 履约状态 (already simplified, trimmed), if known.
    pub fn from_words(words: &str) -> Option<PledgeStatus> {
        let words = words.trim();
        STATUS_WORDS.iter().find(|(w, _)| *w == words).map(|(_, s)| *s)
    }

    /// The stored status: none recorded is a pledge still running.
    pub fn from_stored(stored: Option<&str>) -> PledgeStatus {
        stored
            .and_then(PledgeStatus::from_words)
            .unwrap_or(PledgeStatus::InProgress)
    }
}

/// The message for a word that is not a 履约状态.
pub fn unknown_status_message(words: &str) -> String {
    format!("“{words}”不是有效的履约状态（履约中、已履约、未履约；也接受已践诺、未践诺、违约等同义词）")
}

/// A pledge's fulfilment state as the public sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fulfilment {
    /// 履约中: running, its due date (if any) not passed.
    InProgress,
    /// 已履约 (践诺).
    Kept,
    /// 未履约.
    Broken,
    /// 逾期未践诺: still recorded as running, but its due date has passed.
    Overdue,
}

impl Fulfilment {
    pub const ALL: [Fulfilment; 4] = [
        Fulfilment::InProgress,
        Fulfilment::Kept,
        Fulfilment::Broken,
        Fulfilment::Overdue,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Fulfilment::InProgress => "in_progress",
            Fulfilment::Kept => "kept",
            Fulfilment::Broken => "broken",
            Fulfilment::Overdue => "overdue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Fulfilment::InProgress => IN_PROGRESS,
            Fulfilment::Kept => KEPT,
            Fulfilment::Broken => BROKEN,
            Fulfilment::Overdue => "逾期未践诺",
        }
    }

    /// Whether its fulfilment may still be recorded (践诺登记): running or overdue.
    pub fn awaits_outcome(self) -> bool {
        matches!(self, Fulfilment::InProgress | Fulfilment::Overdue)
    }
}

/// THE rule: a pledge's fulfilment state from its stored 履约状态, its due date
/// and today. A pledge recorded kept or broken stays so; a running one (or
/// one without a status) is overdue from the day after its due date — the
/// due date itself is still in time (限时办结 "within N days" includes day N).
pub fn fulfilment(status: Option<&str>, due: Option<NaiveDate>, today: NaiveDate) -> Fulfilment {
    match PledgeStatus::from_stored(status) {
        PledgeStatus::Kept => Fulfilment::Kept,
        PledgeStatus::Broken => Fulfilment::Broken,
        PledgeStatus::InProgress if due.is_some_and(|due| due < today) => Fulfilment::Overdue,
        PledgeStatus::InProgress => Fulfilment::InProgress,
    }
}

/// [`fulfilment`] in SQL for the overdue selection (`$1` = today), over a
/// `records r`: running (no status or 履约中) and due before today.
pub const OVERDUE_SQL: &str = "(r.pledge_status IS NULL OR r.pledge_status = '履约中') \
     AND r.pledge_due_date IS NOT NULL AND r.pledge_due_date < $1";

/// Pledges counted by fulfilment state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FulfilmentCounts {
    pub kept: i64,
    pub broken: i64,
    pub overdue: i64,
    pub in_progress: i64,
}

impl FulfilmentCounts {
    pub fn add(&mut self, f: Fulfilment, n: i64) {
        match f {
            Fulfilment::Kept => self.kept += n,
            Fulfilment::Broken => self.broken += n,
            Fulfilment::Overdue => self.overdue += n,
            Fulfilment::InProgress => self.in_progress += n,
        }
    }

    /// Counts from grouped rows (status, due date, how many) as of `today`,
    /// each group judged by [`fulfilment`].
    pub fn from_groups<'a>(
        groups: impl IntoIterator<Item = (Option<&'a str>, Option<NaiveDate>, i64)>,
        today: NaiveDate,
    ) -> FulfilmentCounts {
        let mut c = FulfilmentCounts::default();
        for (status, due, n) in groups {
            c.add(fulfilment(status, due, today), n);
        }
        c
    }

    pub fn total(&self) -> i64 {
        self.kept + self.broken + self.overdue + self.in_progress
    }

    pub fn rate(&self) -> Option<f64> {
        fulfilment_rate(self.kept, self.broken, self.overdue)
    }
}

/// The fulfilment rate (承诺履约率): kept / (kept + broken + overdue). Running
/// pledges not yet due are not judged; None when nothing has been judged.
pub fn fulfilment_rate(kept: i64, broken: i64, overdue: i64) -> Option<f64> {
    let judged = kept + broken + overdue;
    (judged > 0).then(|| kept as f64 / judged as f64)
}

/// Most characters of the reason a pledge was not kept.
pub const REASON_MAX: usize = 500;

/// The outcome staff record on a running pledge (践诺登记).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FulfilmentEntry {
    /// Kept, on this day.
    Kept { on: NaiveDate },
    /// Not kept, for this reason.
    Broken { reason: String },
}

impl FulfilmentEntry {
    pub fn status(&self) -> PledgeStatus {
        match self {
            FulfilmentEntry::Kept { .. } => PledgeStatus::Kept,
            FulfilmentEntry::Broken { .. } => PledgeStatus::Broken,
        }
    }

    /// The change-log reason, public in the feeds.
    pub fn log_reason(&self) -> String {
        match self {
            FulfilmentEntry::Kept { on } => format!("已履约（践诺日期 {}）", super::dates::format_date(*on)),
            FulfilmentEntry::Broken { reason } => format!("未履约：{reason}"),
        }
    }
}

/// The back-office 践诺 form: `outcome` is `kept` or `broken`; a kept pledge
/// needs its date (a real date, not before the pledge, not after today), a
/// broken one its reason. Errors in form order.
pub fn validate_fulfilment_entry(
    outcome: &str,
    date: &str,
    reason: &str,
    pledged_on: NaiveDate,
    today: NaiveDate,
) -> Result<FulfilmentEntry, Vec<FieldError>> {
    let err = |field: &'static str, message: String| FieldError { field, message };
    match outcome.trim() {
        "kept" => {
            let raw = date.trim();
            if raw.is_empty() {
                return Err(vec![err("fulfilled_on", "请填写践诺日期".into())]);
            }
            match super::dates::parse_national_date(raw) {
                Err(e) => Err(vec![err("fulfilled_on", format!("践诺日期：{e}"))]),
                Ok(on) if on < pledged_on => Err(vec![err(
                    "fulfilled_on",
                    format!("践诺日期 {on} 早于承诺日期 {pledged_on}"),
                )]),
                Ok(on) if on > today => Err(vec![err(
                    "fulfilled_on",
                    format!("践诺日期 {on} 晚于今天，不能登记将来的践诺"),
                )]),
                Ok(on) => Ok(FulfilmentEntry::Kept { on }),
            }
        }
        "broken" => {
            let reason = reason.trim();
            if reason.is_empty() {
                Err(vec![err("breach_reason", "请填写未履约的情况说明".into())])
            } else if reason.chars().count() > REASON_MAX {
                Err(vec![err("breach_reason", format!("情况说明最多 {REASON_MAX} 字"))])
            } else {
                Ok(FulfilmentEntry::Broken {
                    reason: reason.to_string(),
                })
            }
        }
        _ => Err(vec![err("outcome", "请选择已履约或未履约".into())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn overdue_only_after_the_due_date() {
        let due = Some(d(2026, 12, 1));
        assert_eq!(fulfilment(Some("履约中"), due, d(2026, 11, 30)), Fulfilment::InProgress);
        assert_eq!(fulfilment(Some("履约中"), due, d(2026, 12, 1)), Fulfilment::InProgress);
        assert_eq!(fulfilment(Some("履约中"), due, d(2026, 12, 2)), Fulfilment::Overdue);
        // No status recorded is a running pledge.
        assert_eq!(fulfilment(None, due, d(2026, 12, 2)), Fulfilment::Overdue);
        assert_eq!(fulfilment(None, None, d(2030, 1, 1)), Fulfilment::InProgress);
        assert_eq!(Fulfilment::Overdue.label(), "逾期未践诺");
    }

    #[test]
    fn kept_and_broken_stay_whatever_the_date() {
        let due = Some(d(2026, 12, 1));
        assert_eq!(fulfilment(Some("已履约"), due, d(2027, 1, 1)), Fulfilment::Kept);
        assert_eq!(fulfilment(Some("未履约"), due, d(2026, 1, 1)), Fulfilment::Broken);
        // A stored synonym (never written by this portal, but read the same).
        assert_eq!(fulfilment(Some("违约"), None, d(2026, 1, 1)), Fulfilment::Broken);
    }

    #[test]
    fn the_words_files_use() {
        assert_eq!(PledgeStatus::from_words("已践诺"), Some(PledgeStatus::Kept));
        assert_eq!(PledgeStatus::from_words(" 未践诺 "), Some(PledgeStatus::Broken));
        assert_eq!(PledgeStatus::from_words("违约"), Some(PledgeStatus::Broken));
        assert_eq!(PledgeStatus::from_words("履行中"), Some(PledgeStatus::InProgress));
        assert_eq!(PledgeStatus::from_words("差不多"), None);
        assert_eq!(PledgeStatus::from_words(""), None);
        assert!(unknown_status_message("差不多").contains("已履约"));
    }

    #[test]
    fn the_rate_counts_overdue_as_not_kept() {
        assert_eq!(fulfilment_rate(0, 0, 0), None);
        assert_eq!(fulfilment_rate(3, 0, 1), Some(0.75));
        assert_eq!(fulfilment_rate(1, 1, 0), Some(0.5));
        let today = d(2026, 12, 10);
        let c = FulfilmentCounts::from_groups(
            [
                (Some("已履约"), Some(d(2026, 11, 1)), 3),
                (Some("未履约"), None, 1),
                (Some("履约中"), Some(d(2026, 12, 9)), 2),
                (None, Some(d(2026, 12, 10)), 4),
            ],
            today,
        );
        assert_eq!(
            c,
            FulfilmentCounts {
                kept: 3,
                broken: 1,
                overdue: 2,
                in_progress: 4
            }
        );
        assert_eq!(c.total(), 10);
        assert_eq!(c.rate(), Some(0.5));
    }

    #[test]
    fn recording_fulfilment() {
        let pledged = d(2026, 11, 1);
        let today = d(2026, 11, 27);
        assert_eq!(
            validate_fulfilment_entry("kept", "2026/11/20", "", pledged, today),
            Ok(FulfilmentEntry::Kept { on: d(2026, 11, 20) })
        );
        let field = |r: Result<FulfilmentEntry, Vec<FieldError>>| r.unwrap_err()[0].field;
        assert_eq!(
            field(validate_fulfilment_entry("kept", "", "", pledged, today)),
            "fulfilled_on"
        );
        assert_eq!(
            field(validate_fulfilment_entry("kept", "2026-10-31", "", pledged, today)),
            "fulfilled_on"
        );
        assert_eq!(
            field(validate_fulfilment_entry("kept", "2026-11-28", "", pledged, today)),
            "fulfilled_on"
        );
        assert_eq!(
            field(validate_fulfilment_entry("kept", "2026-02-30", "", pledged, today)),
            "fulfilled_on"
        );
        assert_eq!(
            field(validate_fulfilment_entry("broken", "", "  ", pledged, today)),
            "breach_reason"
        );
        assert_eq!(
            field(validate_fulfilment_entry(
                "broken",
                "",
                &"字".repeat(REASON_MAX + 1),
                pledged,
                today
            )),
            "breach_reason"
        );
        assert_eq!(
            field(validate_fulfilment_entry("maybe", "", "", pledged, today)),
            "outcome"
        );
        let broken = validate_fulfilment_entry("broken", "", "未在承诺时限内办结", pledged, today).unwrap();
        assert_eq!(broken.status(), PledgeStatus::Broken);
        assert_eq!(broken.log_reason(), "未履约：未在承诺时限内办结");
    }
}
