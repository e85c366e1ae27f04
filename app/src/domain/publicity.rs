//! Publicity window of a penalty (and of a government integrity record): it
//! starts on the decision date, lasts at least 3 months (1 year for safety
//! production, special equipment and fire safety) and at most 3 years. The
//! record leaves public view at 公示截止期, or earlier by credit repair, which is
//! possible once the minimum period has passed.

use chrono::{Months, NaiveDate};
use thiserror::Error;

/// The configurable lengths (defaults of DOMAIN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicityRules {
    /// Minimum publicity, in months.
    pub min_months: u32,
    /// Minimum publicity in the strict domains, in months.
    pub strict_min_months: u32,
    /// Maximum publicity, in years.
    pub max_years: u32,
}

impl Default for PublicityRules {
    fn default() -> Self {
        PublicityRules {
            min_months: 3,
            strict_min_months: 12,
            max_years: 3,
        }
    }
}

impl PublicityRules {
    /// The minimum in months for a record, strict or not.
    pub fn minimum_months(&self, strict: bool) -> u32 {
        if strict {
            self.strict_min_months
        } else {
            self.min_months
        }
    }
}

/// Words that put a penalty in a strict domain (safety production, emergency
/// management, special equipment, fire safety). The only list of them: the
/// validation of a row and the start-up backfill of records stored before
/// migration 0013 both read it through [`penalty_is_strict`].
pub const STRICT_DOMAIN_WORDS: [&str; 4] = ["安全生产", "应急管理", "特种设备", "消防"];

/// The national penalty columns whose text decides the strict domain:
/// 处罚机关, 违法行为类型, 处罚依据. A 市场监管局 penalty for a 特种设备 violation,
/// or under the 《消防法》, is as strict as one of the 应急管理局.
pub const STRICT_DOMAIN_COLUMNS: [&str; 3] = [
    super::national_columns::PENALTY_AUTHORITY,
    super::national_columns::VIOLATION_TYPE,
    super::national_columns::PENALTY_BASIS,
];

/// Whether a text (authority name, violation type, legal basis…) names a strict domain.
pub fn is_strict_domain(text: &str) -> bool {
    STRICT_DOMAIN_WORDS.iter().any(|w| text.contains(w))
}

/// Whether a penalty is in a strict domain (1-year minimum publicity before
/// credit repair): decided once, when the row is validated, from the values of
/// [`STRICT_DOMAIN_COLUMNS`] (`value_of` gives a column's text, if any), and
/// stored with the record (`records.strict_domain`); every later reader uses
/// the stored flag.
pub fn penalty_is_strict<'a>(value_of: impl Fn(&'static str) -> Option<&'a str>) -> bool {
    STRICT_DOMAIN_COLUMNS
        .iter()
        .filter_map(|column| value_of(column))
        .any(is_strict_domain)
}

/// [`penalty_is_strict`] over a record's stored national columns (name, value).
pub fn penalty_columns_are_strict(columns: &[(String, String)]) -> bool {
    penalty_is_strict(|name| columns.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()))
}

/// The first day credit repair of a stored penalty may be applied for, from the
/// strictness stored with it at validation. A row written without one (NULL: by
/// an older version still running during a rolling upgrade, after this one's
/// start-up backfill) is decided from its stored columns by the same rule.
/// The record page, the repair form and the repair decision all ask this.
pub fn stored_penalty_repair_from(
    rules: &PublicityRules,
    decision_date: NaiveDate,
    stored_strict: Option<bool>,
    public_columns: &[(String, String)],
) -> Option<NaiveDate> {
    let strict = stored_strict.unwrap_or_else(|| penalty_columns_are_strict(public_columns));
    repair_possible_from_decision(rules, decision_date, strict)
}

/// The first day credit repair of a penalty decided on `decision_date` may be
/// applied for: the end of its minimum publicity period, strict or not.
/// `None` only for a date so late that the period cannot be represented.
pub fn repair_possible_from_decision(
    rules: &PublicityRules,
    decision_date: NaiveDate,
    strict: bool,
) -> Option<NaiveDate> {
    decision_date.checked_add_months(Months::new(rules.minimum_months(strict)))
}

/// The dates of a record's publicity; all inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicityWindow {
    /// The decision date.
    pub start: NaiveDate,
    /// The end of the minimum publicity period.
    pub minimum_end: NaiveDate,
    /// The end of the maximum publicity period.
    pub maximum_end: NaiveDate,
    /// The publicity end (公示截止期): the declared one, else `maximum_end`.
    pub end: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PublicityError {
    #[error("公示截止期 {declared} 早于最短公示期（{minimum}）：应不早于 {minimum_end}")]
    EndBeforeMinimum {
        declared: NaiveDate,
        minimum: String,
        minimum_end: NaiveDate,
    },
    #[error("公示截止期 {declared} 晚于最长公示期（{max_years}年）：应不晚于 {maximum_end}")]
    EndAfterMaximum {
        declared: NaiveDate,
        max_years: u32,
        maximum_end: NaiveDate,
    },
    #[error("决定日期 {start} 加上公示期超出可表示的日期范围")]
    OutOfRange { start: NaiveDate },
}

/// "3个月", "1年", "18个月".
fn months_label(months: u32) -> String {
    match (months / 12, months % 12) {
        (years, 0) if years > 0 => format!("{years}年"),
        _ => format!("{months}个月"),
    }
}

/// Computes and checks the publicity window of a penalty decided on
/// `decision_date`, with the 公示截止期 of the file when it has one.
pub fn penalty_window(
    rules: &PublicityRules,
    decision_date: NaiveDate,
    declared_end: Option<NaiveDate>,
    strict: bool,
) -> Result<PublicityWindow, PublicityError> {
    let start = decision_date;
    let min_months = rules.minimum_months(strict);
    let out_of_range = || PublicityError::OutOfRange { start };
    let minimum_end = start
        .checked_add_months(Months::new(min_months))
        .ok_or_else(out_of_range)?;
    let maximum_end = rules
        .max_years
        .checked_mul(12)
        .and_then(|m| start.checked_add_months(Months::new(m)))
        .ok_or_else(out_of_range)?;
    let end = match declared_end {
        None => maximum_end,
        Some(declared) if declared < minimum_end => {
            return Err(PublicityError::EndBeforeMinimum {
                declared,
                minimum: months_label(min_months),
                minimum_end,
            })
        }
        Some(declared) if declared > maximum_end => {
            return Err(PublicityError::EndAfterMaximum {
                declared,
                max_years: rules.max_years,
                maximum_end,
            })
        }
        Some(declared) => declared,
    };
    Ok(PublicityWindow {
        start,
        minimum_end,
        maximum_end,
        end,
    })
}

/// The first day credit repair may be applied for: the end of the minimum period.
pub fn repair_possible_from(w: &PublicityWindow) -> NaiveDate {
    w.minimum_end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn defaults() {
        let r = PublicityRules::default();
        assert_eq!((r.min_months, r.strict_min_months, r.max_years), (3, 12, 3));
    }

    #[test]
    fn strict_domains() {
        assert!(is_strict_domain("某市应急管理局"));
        assert!(is_strict_domain("违反《中华人民共和国安全生产法》"));
        assert!(is_strict_domain("特种设备安全监察"));
        assert!(is_strict_domain("消防救援支队"));
        assert!(!is_strict_domain("市场监督管理局"));
        assert!(!is_strict_domain(""));
    }

    #[test]
    fn strictness_reads_authority_violation_type_and_basis() {
        let cols = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
        };
        // The case: a 市场监管局 penalty for a special-equipment violation.
        assert!(penalty_columns_are_strict(&cols(&[
            ("处罚机关", "嘉峪关市市场监督管理局"),
            ("违法行为类型", "特种设备未经定期检验继续使用"),
            ("处罚依据", "《企业信息公示暂行条例》"),
        ])));
        // The legal basis alone is enough.
        assert!(penalty_columns_are_strict(&cols(&[
            ("处罚机关", "嘉峪关市住房和城乡建设局"),
            ("违法行为类型", "未经验收擅自投入使用"),
            ("处罚依据", "《中华人民共和国消防法》第五十八条"),
        ])));
        assert!(penalty_columns_are_strict(&cols(&[("处罚机关", "某市应急管理局")])));
        // Other columns (the facts) do not count; nothing named, not strict.
        assert!(!penalty_columns_are_strict(&cols(&[
            ("处罚机关", "嘉峪关市市场监督管理局"),
            ("违法行为类型", "未按规定公示年度报告"),
            ("违法事实", "检查时顺带查看了消防通道"),
            ("处罚依据", "《企业信息公示暂行条例》第十七条"),
        ])));
        assert!(!penalty_columns_are_strict(&[]));
    }

    #[test]
    fn a_stored_penalty_uses_its_stored_strictness() {
        let rules = PublicityRules::default();
        let strict_text = vec![("违法行为类型".to_string(), "特种设备未经定期检验继续使用".to_string())];
        // The stored value wins over the text…
        assert_eq!(
            stored_penalty_repair_from(&rules, d(2026, 3, 2), Some(false), &strict_text),
            Some(d(2026, 6, 2))
        );
        assert_eq!(
            stored_penalty_repair_from(&rules, d(2026, 3, 2), Some(true), &[]),
            Some(d(2027, 3, 2))
        );
        // …and a row without one is decided from its columns.
        assert_eq!(
            stored_penalty_repair_from(&rules, d(2026, 3, 2), None, &strict_text),
            Some(d(2027, 3, 2))
        );
        assert_eq!(
            stored_penalty_repair_from(&rules, d(2026, 3, 2), None, &[]),
            Some(d(2026, 6, 2))
        );
    }

    #[test]
    fn repair_opens_at_the_end_of_the_minimum() {
        let rules = PublicityRules::default();
        assert_eq!(
            repair_possible_from_decision(&rules, d(2026, 3, 2), true),
            Some(d(2027, 3, 2))
        );
        assert_eq!(
            repair_possible_from_decision(&rules, d(2026, 3, 2), false),
            Some(d(2026, 6, 2))
        );
        let w = penalty_window(&rules, d(2026, 3, 2), None, true).unwrap();
        assert_eq!(
            repair_possible_from_decision(&rules, d(2026, 3, 2), true),
            Some(repair_possible_from(&w))
        );
    }

    #[test]
    fn window_without_declared_end_runs_to_the_maximum() {
        let w = penalty_window(&PublicityRules::default(), d(2024, 3, 5), None, false).unwrap();
        assert_eq!(w.start, d(2024, 3, 5));
        assert_eq!(w.minimum_end, d(2024, 6, 5));
        assert_eq!(w.maximum_end, d(2027, 3, 5));
        assert_eq!(w.end, d(2027, 3, 5));
        assert_eq!(repair_possible_from(&w), d(2024, 6, 5));
    }

    #[test]
    fn declared_end_inside_the_bounds_is_kept() {
        let rules = PublicityRules::default();
        let w = penalty_window(&rules, d(2024, 3, 5), Some(d(2024, 9, 5)), false).unwrap();
        assert_eq!(w.end, d(2024, 9, 5));
        // The bounds themselves are allowed.
        assert!(penalty_window(&rules, d(2024, 3, 5), Some(d(2024, 6, 5)), false).is_ok());
        assert!(penalty_window(&rules, d(2024, 3, 5), Some(d(2027, 3, 5)), false).is_ok());
    }

    #[test]
    fn declared_end_too_early_names_minimum_and_date() {
        let rules = PublicityRules::default();
        let err = penalty_window(&rules, d(2024, 3, 5), Some(d(2024, 6, 4)), false).unwrap_err();
        assert_eq!(
            err,
            PublicityError::EndBeforeMinimum {
                declared: d(2024, 6, 4),
                minimum: "3个月".into(),
                minimum_end: d(2024, 6, 5)
            }
        );
        assert_eq!(
            err.to_string(),
            "公示截止期 2024-06-04 早于最短公示期（3个月）：应不早于 2024-06-05"
        );
    }

    #[test]
    fn strict_domain_needs_a_year() {
        let rules = PublicityRules::default();
        let err = penalty_window(&rules, d(2024, 3, 5), Some(d(2024, 9, 5)), true).unwrap_err();
        assert!(err.to_string().contains("最短公示期（1年）"), "{err}");
        assert!(err.to_string().contains("2025-03-05"), "{err}");
        let w = penalty_window(&rules, d(2024, 3, 5), None, true).unwrap();
        assert_eq!(repair_possible_from(&w), d(2025, 3, 5));
    }

    #[test]
    fn declared_end_too_late() {
        let err = penalty_window(&PublicityRules::default(), d(2024, 3, 5), Some(d(2099, 12, 31)), false).unwrap_err();
        assert_eq!(
            err,
            PublicityError::EndAfterMaximum {
                declared: d(2099, 12, 31),
                max_years: 3,
                maximum_end: d(2027, 3, 5)
            }
        );
    }

    #[test]
    fn month_ends_are_clamped() {
        // 30 November + 3 months = 28 February (2025 is not a leap year).
        let w = penalty_window(&PublicityRules::default(), d(2024, 11, 30), None, false).unwrap();
        assert_eq!(w.minimum_end, d(2025, 2, 28));
        // 29 February + 3 years = 28 February.
        let w = penalty_window(&PublicityRules::default(), d(2024, 2, 29), None, false).unwrap();
        assert_eq!(w.maximum_end, d(2027, 2, 28));
    }

    #[test]
    fn custom_rules() {
        let rules = PublicityRules {
            min_months: 6,
            strict_min_months: 18,
            max_years: 5,
        };
        let w = penalty_window(&rules, d(2024, 1, 15), None, true).unwrap();
        assert_eq!(w.minimum_end, d(2025, 7, 15));
        assert_eq!(w.end, d(2029, 1, 15));
        assert_eq!(months_label(18), "18个月");
    }
}
