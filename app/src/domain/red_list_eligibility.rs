//! Whether a subject may enter a red list (DOMAIN.md "Rules made precise"):
//! a subject is never on a red and a black list at once, so a red entry is
//! refused while the subject is black-listed; and where the list's conditions
//! say so (the safety-production red list, 绵阳 plan: no penalty in 3 years),
//! while it has a published penalty decided in the 3 years before the entry's
//! start (or since). The facts come from the data the portal holds; the store
//! gathers them inside the write's transaction and refuses the row with the
//! answer's words.

use chrono::{Months, NaiveDate};

use super::list_lifecycle::RED_CLEAN_RECORD_YEARS;

/// What the rule needs to know about the subject and the new entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedEntryFacts {
    /// The new entry's 列入日期.
    pub start: NaiveDate,
    /// A black-list entry of the subject that is published and listed today:
    /// its list name and 认定文书号.
    pub black_listed: Option<(String, String)>,
    /// The list asks for a period without penalties.
    pub requires_no_recent_penalty: bool,
    /// The subject's latest published penalty (not withdrawn, repaired,
    /// sensitive or simple-procedure): its decision date and document number.
    pub latest_penalty: Option<(NaiveDate, String)>,
}

/// Why a red entry is refused, in words for the row's report.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RedListRefusal {
    #[error("该主体正被列入{list}（{doc_no}），不能同时列入红名单")]
    BlackListed { list: String, doc_no: String },
    #[error("本红名单要求近 {years} 年内无行政处罚，该主体于 {decided} 受到行政处罚（{doc_no}），不能列入")]
    RecentPenalty {
        years: u32,
        decided: NaiveDate,
        doc_no: String,
    },
}

/// The first day a penalty counts against a red entry starting on `start`.
pub fn clean_record_since(start: NaiveDate) -> NaiveDate {
    start
        .checked_sub_months(Months::new(RED_CLEAN_RECORD_YEARS * 12))
        .unwrap_or(NaiveDate::MIN)
}

/// Ok when the subject may enter the red list; otherwise why not.
pub fn red_entry_eligibility(f: &RedEntryFacts) -> Result<(), RedListRefusal> {
    if let Some((list, doc_no)) = &f.black_listed {
        return Err(RedListRefusal::BlackListed {
            list: list.clone(),
            doc_no: doc_no.clone(),
        });
    }
    if f.requires_no_recent_penalty {
        if let Some((decided, doc_no)) = &f.latest_penalty {
            if *decided >= clean_record_since(f.start) {
                return Err(RedListRefusal::RecentPenalty {
                    years: RED_CLEAN_RECORD_YEARS,
                    decided: *decided,
                    doc_no: doc_no.clone(),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn clean() -> RedEntryFacts {
        RedEntryFacts {
            start: d(2026, 6, 1),
            black_listed: None,
            requires_no_recent_penalty: true,
            latest_penalty: None,
        }
    }

    #[test]
    fn a_clean_subject_may_enter() {
        assert_eq!(red_entry_eligibility(&clean()), Ok(()));
    }

    #[test]
    fn a_black_listed_subject_never_enters_a_red_list() {
        let f = RedEntryFacts {
            black_listed: Some(("严重失信主体名单".into(), "嘉应急黑〔2026〕2号".into())),
            requires_no_recent_penalty: false,
            ..clean()
        };
        let refusal = red_entry_eligibility(&f).unwrap_err();
        assert!(refusal.to_string().contains("正被列入严重失信主体名单"), "{refusal}");
    }

    #[test]
    fn a_penalty_in_the_last_three_years_counts_only_where_the_list_says_so() {
        let penalised = RedEntryFacts {
            latest_penalty: Some((d(2023, 6, 1), "嘉应急罚〔2023〕1号".into())),
            ..clean()
        };
        // 3 years back from 2026-06-01 is 2023-06-01: that day still counts.
        assert_eq!(clean_record_since(d(2026, 6, 1)), d(2023, 6, 1));
        let refusal = red_entry_eligibility(&penalised).unwrap_err();
        assert!(refusal.to_string().contains("近 3 年内无行政处罚"), "{refusal}");
        let older = RedEntryFacts {
            latest_penalty: Some((d(2023, 5, 31), "x".into())),
            ..clean()
        };
        assert_eq!(red_entry_eligibility(&older), Ok(()));
        let not_asked = RedEntryFacts {
            requires_no_recent_penalty: false,
            ..penalised
        };
        assert_eq!(red_entry_eligibility(&not_asked), Ok(()));
    }
}
