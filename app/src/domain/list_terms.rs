//! Red and black list terms (seed 5 and current national rules).
//!
//! - Red list: 3 years from publication; re-application opens 3 months before
//!   expiry; a subject that falls into a black list leaves the red list at once.
//! - Black list: 1 year for the safety-production black list, 3 years for the
//!   list of seriously dishonest subjects (严重失信主体名单) and other lists; the
//!   subject may apply for removal in the 30 working days before expiry.

use chrono::{Months, NaiveDate};

use super::kinds::RecordKind;
use super::working_days::Calendar;

/// The configurable terms (defaults of DOMAIN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListTerms {
    pub red_years: u32,
    pub safety_black_years: u32,
    pub serious_black_years: u32,
    pub removal_window_working_days: u32,
    pub red_renewal_months: u32,
}

impl Default for ListTerms {
    fn default() -> Self {
        ListTerms {
            red_years: 3,
            safety_black_years: 1,
            serious_black_years: 3,
            removal_window_working_days: 30,
            red_renewal_months: 3,
        }
    }
}

/// Whether a list is a safety-production list (name contains 安全生产 or 应急).
pub fn is_safety_production_list(list_name: &str) -> bool {
    list_name.contains("安全生产") || list_name.contains("应急")
}

fn add_years(start: NaiveDate, years: u32) -> NaiveDate {
    years
        .checked_mul(12)
        .and_then(|m| start.checked_add_months(Months::new(m)))
        .unwrap_or(NaiveDate::MAX)
}

impl ListTerms {
    /// The default management period of a black list, by its name.
    pub fn default_black_term_years(&self, list_name: &str) -> u32 {
        if is_safety_production_list(list_name) {
            self.safety_black_years
        } else {
            self.serious_black_years
        }
    }

    /// The default end of a list entry starting on `start` (same calendar day,
    /// N years later; 29 February falls back to 28 February). `kind` is
    /// [`RecordKind::Redlist`] or [`RecordKind::Blacklist`]; any other kind is not
    /// a list and gets the black-list term of `list_name`.
    pub fn default_end(&self, kind: RecordKind, list_name: &str, start: NaiveDate) -> NaiveDate {
        let years = match kind {
            RecordKind::Redlist => self.red_years,
            _ => self.default_black_term_years(list_name),
        };
        add_years(start, years)
    }

    /// The first day of the removal-application window: the 30th working day
    /// before `end` (the window is the 30 working days before expiry).
    pub fn removal_application_opens(&self, cal: &Calendar, end: NaiveDate) -> NaiveDate {
        cal.sub_working_days(end, self.removal_window_working_days)
    }

    /// The first day a red-list subject may apply again: 3 months before `end`.
    pub fn red_renewal_opens(&self, end: NaiveDate) -> NaiveDate {
        end.checked_sub_months(Months::new(self.red_renewal_months))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// 名单状态 as a row gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListStatus {
    /// 列入名单: 移出日期, if given, is the planned end of the term.
    Listed,
    /// 移出名单: the subject is taken off the list on its 移出日期.
    Removed,
}

impl ListStatus {
    pub fn from_words(words: &str) -> Option<ListStatus> {
        match words.trim() {
            "列入名单" => Some(ListStatus::Listed),
            "移出名单" => Some(ListStatus::Removed),
            _ => None,
        }
    }
}

/// The last day an entry is listed: the stored end that every "is it listed"
/// compares with (`visibility::public_status`, `VISIBLE_SQL`, the index's
/// `end_day`, the tick).
///
/// - 移出名单 with a 移出日期: listed until the day before, off the list from
///   that day on (a future 移出日期 is a removal already decided);
/// - 列入名单 (or no status) with a 移出日期: listed until that day, inclusive
///   (the end of the term as the file gives it);
/// - no 移出日期: the end of the list's term (`term_end`).
pub fn last_listed_day(
    status: Option<ListStatus>,
    removal_date: Option<NaiveDate>,
    term_end: impl FnOnce() -> NaiveDate,
) -> NaiveDate {
    match (status, removal_date) {
        (Some(ListStatus::Removed), Some(d)) => d.pred_opt().unwrap_or(NaiveDate::MIN),
        (_, Some(d)) => d,
        (_, None) => term_end(),
    }
}

/// A red-list entry ends at once when the subject enters a black list: its end
/// is the earlier of its own end and the black-list start.
pub fn red_entry_ends_on_black_listing(red_end: NaiveDate, black_start: NaiveDate) -> NaiveDate {
    red_end.min(black_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn defaults() {
        let t = ListTerms::default();
        assert_eq!(t.red_years, 3);
        assert_eq!(t.safety_black_years, 1);
        assert_eq!(t.serious_black_years, 3);
        assert_eq!(t.removal_window_working_days, 30);
        assert_eq!(t.red_renewal_months, 3);
    }

    #[test]
    fn black_term_depends_on_the_list() {
        let t = ListTerms::default();
        assert_eq!(t.default_black_term_years("安全生产失信惩戒对象名单"), 1);
        assert_eq!(t.default_black_term_years("应急管理领域黑名单"), 1);
        assert_eq!(t.default_black_term_years("严重失信主体名单"), 3);
        assert_eq!(t.default_black_term_years("统计严重失信企业名单"), 3);
    }

    #[test]
    fn default_ends() {
        let t = ListTerms::default();
        let start = d(2024, 3, 5);
        assert_eq!(
            t.default_end(RecordKind::Redlist, "守信激励对象名单", start),
            d(2027, 3, 5)
        );
        assert_eq!(
            t.default_end(RecordKind::Blacklist, "安全生产失信惩戒对象名单", start),
            d(2025, 3, 5)
        );
        assert_eq!(
            t.default_end(RecordKind::Blacklist, "严重失信主体名单", start),
            d(2027, 3, 5)
        );
        // A red list named after safety production still gets the red term.
        assert_eq!(
            t.default_end(RecordKind::Redlist, "安全生产守信红名单", start),
            d(2027, 3, 5)
        );
        // 29 February.
        assert_eq!(
            t.default_end(RecordKind::Blacklist, "安全生产黑名单", d(2024, 2, 29)),
            d(2025, 2, 28)
        );
    }

    #[test]
    fn removal_window_counts_working_days_backwards() {
        let t = ListTerms::default();
        let cal = Calendar::official();
        // An entry ending Monday 21 October 2024: 30 working days back crosses
        // the National Day week (with its two adjusted workdays).
        let opens = t.removal_application_opens(&cal, d(2024, 10, 21));
        assert_eq!(cal.working_days_between(opens, d(2024, 10, 21)), 30);
        assert!(cal.is_working_day(opens));
        assert_eq!(opens, d(2024, 9, 3));
        // Without holiday data (weekends and the fixed 1–3 October only) the
        // bridging days work, so the window opens later.
        let plain = Calendar::weekends_only();
        assert_eq!(t.removal_application_opens(&plain, d(2024, 10, 21)), d(2024, 9, 4));
        let short = ListTerms {
            removal_window_working_days: 0,
            ..ListTerms::default()
        };
        assert_eq!(short.removal_application_opens(&cal, d(2024, 10, 21)), d(2024, 10, 21));
    }

    #[test]
    fn red_renewal() {
        let t = ListTerms::default();
        assert_eq!(t.red_renewal_opens(d(2027, 3, 5)), d(2026, 12, 5));
        // 31 May − 3 months = 28 February.
        assert_eq!(t.red_renewal_opens(d(2027, 5, 31)), d(2027, 2, 28));
    }

    #[test]
    fn a_removed_entry_is_listed_until_the_day_before_its_removal_date() {
        let removal = Some(d(2027, 1, 1));
        let term = || d(2029, 6, 1);
        assert_eq!(
            last_listed_day(Some(ListStatus::Removed), removal, term),
            d(2026, 12, 31)
        );
        assert_eq!(last_listed_day(Some(ListStatus::Listed), removal, term), d(2027, 1, 1));
        assert_eq!(last_listed_day(None, removal, term), d(2027, 1, 1));
        assert_eq!(last_listed_day(Some(ListStatus::Listed), None, term), d(2029, 6, 1));
        assert_eq!(ListStatus::from_words(" 移出名单"), Some(ListStatus::Removed));
        assert_eq!(ListStatus::from_words("暂停"), None);
    }

    #[test]
    fn black_listing_ends_a_red_entry() {
        assert_eq!(
            red_entry_ends_on_black_listing(d(2027, 3, 5), d(2025, 1, 10)),
            d(2025, 1, 10)
        );
        // A black listing after the red entry ended changes nothing.
        assert_eq!(
            red_entry_ends_on_black_listing(d(2027, 3, 5), d(2028, 1, 10)),
            d(2027, 3, 5)
        );
    }
}
