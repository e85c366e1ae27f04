//! What follows a government integrity record (政务失信记录), as seeds 1 and 2
//! ask: the department 就失信情况做出书面说明并限期整改, and the outcome is
//! published (公开通报). The credit office orders a remedy with a due date; the
//! department reports it done; a remedy not done by its due date is overdue,
//! which the tick publishes once. Credit repair of the record (探索扩展公务人员
//! 失信记录信用修复渠道) opens only when every remedy ordered is done.

use chrono::{Months, NaiveDate};

use super::applicant::err;
use super::dates::{format_date, parse_national_date};
use super::field_error::FieldError;
use super::masking::mask_free_text;
use super::publicity::PublicityRules;

/// Longest requirement text the office writes.
pub const MAX_REQUIREMENT_CHARS: usize = 500;
/// Shortest and longest completion report (published with the remedy).
pub const MIN_REPORT_CHARS: usize = 10;
pub const MAX_REPORT_CHARS: usize = 2000;
/// A remedy is due at most this many days after it is ordered.
pub const MAX_TERM_DAYS: i64 = 366;

/// The two remedies the seeds name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remedy {
    /// 书面说明: a written account of the breach and its causes.
    WrittenExplanation,
    /// 限期整改: correcting it by a date.
    Rectification,
}

impl Remedy {
    pub const ALL: [Remedy; 2] = [Remedy::WrittenExplanation, Remedy::Rectification];

    pub fn code(self) -> &'static str {
        match self {
            Remedy::WrittenExplanation => "explanation",
            Remedy::Rectification => "rectification",
        }
    }

    pub fn from_code(code: &str) -> Option<Remedy> {
        Remedy::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Remedy::WrittenExplanation => "书面说明",
            Remedy::Rectification => "限期整改",
        }
    }
}

/// Where a remedy stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemedyState {
    /// Ordered, due date not passed.
    Open,
    /// Not done and its due date has passed.
    Overdue,
    /// Done by its due date.
    Done,
    /// Done, after its due date.
    DoneLate,
}

impl RemedyState {
    pub fn label(self) -> &'static str {
        match self {
            RemedyState::Open => "整改期内",
            RemedyState::Overdue => "逾期未完成",
            RemedyState::Done => "已完成",
            RemedyState::DoneLate => "逾期后完成",
        }
    }

    pub fn is_done(self) -> bool {
        matches!(self, RemedyState::Done | RemedyState::DoneLate)
    }
}

/// The one rule for a remedy's state: the record page, the department
/// profile, the back-office and the tick's overdue flag all ask it.
pub fn remedy_state(due: NaiveDate, done_on: Option<NaiveDate>, today: NaiveDate) -> RemedyState {
    match done_on {
        Some(done) if done <= due => RemedyState::Done,
        Some(_) => RemedyState::DoneLate,
        None if today > due => RemedyState::Overdue,
        None => RemedyState::Open,
    }
}

/// The office's order as typed.
#[derive(Clone, Debug, Default)]
pub struct RemedyForm {
    pub remedy: String,
    pub requirement: String,
    pub due_date: String,
}

/// A checked order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemedyOrder {
    pub remedy: Remedy,
    /// Published: ID and mobile numbers in it are masked.
    pub requirement: String,
    pub due: NaiveDate,
}

fn date_field(field: &'static str, text: &str, what: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        errors.push(err(field, format!("请填写{what}")));
        return None;
    }
    match parse_national_date(text) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(err(field, format!("{what}“{text}”不是有效日期：{e}")));
            None
        }
    }
}

fn screened(text: &str) -> String {
    mask_free_text(text.trim()).text
}

/// Checks an order made on `today`: a known remedy, what is required, and a
/// due date from today to [`MAX_TERM_DAYS`] ahead.
pub fn validate_remedy_order(form: &RemedyForm, today: NaiveDate) -> Result<RemedyOrder, Vec<FieldError>> {
    let mut errors = Vec::new();
    let remedy = Remedy::from_code(form.remedy.trim());
    if remedy.is_none() {
        errors.push(err("remedy", "请选择书面说明或限期整改"));
    }
    let requirement = form.requirement.trim();
    if requirement.is_empty() {
        errors.push(err("requirement", "请填写整改要求"));
    } else if requirement.chars().count() > MAX_REQUIREMENT_CHARS {
        errors.push(err("requirement", format!("整改要求最多 {MAX_REQUIREMENT_CHARS} 个字")));
    }
    let due = date_field("due_date", &form.due_date, "完成期限", &mut errors);
    if let Some(d) = due {
        if d < today {
            errors.push(err("due_date", format!("完成期限 {} 早于今天", format_date(d))));
        } else if (d - today).num_days() > MAX_TERM_DAYS {
            errors.push(err("due_date", format!("完成期限最长为 {MAX_TERM_DAYS} 天（一年）")));
        }
    }
    match (remedy, due) {
        (Some(remedy), Some(due)) if errors.is_empty() => Ok(RemedyOrder {
            remedy,
            requirement: screened(requirement),
            due,
        }),
        _ => Err(errors),
    }
}

/// A completion report as typed.
#[derive(Clone, Debug, Default)]
pub struct CompletionForm {
    pub done_on: String,
    pub report: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub done_on: NaiveDate,
    /// Published: ID and mobile numbers in it are masked.
    pub report: String,
}

/// Checks a completion report for a remedy ordered on `ordered_on`: the day
/// it was done (not before the order, not in the future) and what was done.
pub fn validate_completion(
    form: &CompletionForm,
    ordered_on: NaiveDate,
    today: NaiveDate,
) -> Result<Completion, Vec<FieldError>> {
    let mut errors = Vec::new();
    let done_on = date_field("done_on", &form.done_on, "完成日期", &mut errors);
    if let Some(d) = done_on {
        if d > today {
            errors.push(err("done_on", format!("完成日期 {} 晚于今天", format_date(d))));
        } else if d < ordered_on {
            errors.push(err(
                "done_on",
                format!(
                    "完成日期 {} 早于责令整改的日期 {}",
                    format_date(d),
                    format_date(ordered_on)
                ),
            ));
        }
    }
    let report = form.report.trim();
    let len = report.chars().count();
    if report.is_empty() {
        errors.push(err("report", "请填写完成情况"));
    } else if len < MIN_REPORT_CHARS {
        errors.push(err("report", format!("完成情况至少 {MIN_REPORT_CHARS} 个字")));
    } else if len > MAX_REPORT_CHARS {
        errors.push(err("report", format!("完成情况最多 {MAX_REPORT_CHARS} 个字")));
    }
    match done_on {
        Some(done_on) if errors.is_empty() => Ok(Completion {
            done_on,
            report: screened(report),
        }),
        _ => Err(errors),
    }
}

/// When credit repair of a government integrity record may be applied for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntegrityRepair {
    /// From this day: the minimum publicity period has run (3 months, as for
    /// an ordinary penalty) and every remedy ordered was done.
    From(NaiveDate),
    /// Not while this many remedies ordered are not done.
    AwaitingRemedies(usize),
}

/// The one rule for repairing a government integrity record, given its
/// 认定日期 and its remedies as (due date, day done). Asked by the record
/// page, the repair form and the repair decision.
pub fn integrity_repair(
    rules: &PublicityRules,
    decision_date: NaiveDate,
    remedies: &[(NaiveDate, Option<NaiveDate>)],
) -> IntegrityRepair {
    let undone = remedies.iter().filter(|(_, done)| done.is_none()).count();
    if undone > 0 {
        return IntegrityRepair::AwaitingRemedies(undone);
    }
    let minimum = decision_date
        .checked_add_months(Months::new(rules.minimum_months(false)))
        .unwrap_or(decision_date);
    let last_done = remedies.iter().filter_map(|(_, done)| *done).max();
    IntegrityRepair::From(last_done.map_or(minimum, |d| d.max(minimum)))
}

/// Why repair of a government integrity record may not be applied for on
/// `today` (`None`: it may).
pub fn integrity_repair_refusal(today: NaiveDate, repair: IntegrityRepair) -> Option<String> {
    match repair {
        IntegrityRepair::AwaitingRemedies(n) => Some(format!(
            "本政务失信记录尚有 {n} 项书面说明或限期整改未完成，完成后方可申请信用修复。"
        )),
        IntegrityRepair::From(from) if today < from => Some(format!(
            "本政务失信记录的最短公示期尚未届满，自 {} 起方可申请信用修复。",
            format_date(from)
        )),
        IntegrityRepair::From(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_remedy_is_overdue_the_day_after_its_due_date() {
        let due = d(2027, 1, 15);
        assert_eq!(remedy_state(due, None, d(2027, 1, 15)), RemedyState::Open);
        assert_eq!(remedy_state(due, None, d(2027, 1, 16)), RemedyState::Overdue);
        assert_eq!(
            remedy_state(due, Some(d(2027, 1, 15)), d(2027, 3, 1)),
            RemedyState::Done
        );
        assert_eq!(
            remedy_state(due, Some(d(2027, 1, 20)), d(2027, 3, 1)),
            RemedyState::DoneLate
        );
        assert!(RemedyState::DoneLate.is_done() && !RemedyState::Overdue.is_done());
    }

    #[test]
    fn an_order_needs_a_remedy_a_requirement_and_a_due_date_within_a_year() {
        let today = d(2026, 12, 4);
        let good = RemedyForm {
            remedy: "rectification".into(),
            requirement: "就未按合同约定支付工程款作出整改，联系人13812345678".into(),
            due_date: "2027-01-15".into(),
        };
        let order = validate_remedy_order(&good, today).unwrap();
        assert_eq!(order.remedy, Remedy::Rectification);
        assert_eq!(order.due, d(2027, 1, 15));
        assert!(!order.requirement.contains("13812345678"), "{}", order.requirement);

        let e = validate_remedy_order(&RemedyForm::default(), today).unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["remedy", "requirement", "due_date"]);

        let past = RemedyForm {
            due_date: "2026/12/03".into(),
            ..good.clone()
        };
        assert!(validate_remedy_order(&past, today).unwrap_err()[0]
            .message
            .contains("早于今天"));
        let far = RemedyForm {
            due_date: "2028-01-01".into(),
            ..good.clone()
        };
        assert!(validate_remedy_order(&far, today).unwrap_err()[0]
            .message
            .contains("一年"));
        let bad = RemedyForm {
            due_date: "2027-02-30".into(),
            ..good
        };
        assert_eq!(validate_remedy_order(&bad, today).unwrap_err()[0].field, "due_date");
    }

    #[test]
    fn a_completion_is_dated_between_the_order_and_today() {
        let ordered = d(2026, 12, 1);
        let today = d(2026, 12, 10);
        let form = |done: &str| CompletionForm {
            done_on: done.into(),
            report: "已向市政府作出书面说明并完成整改，欠款已全部支付。".into(),
        };
        assert_eq!(
            validate_completion(&form("2026-12-09"), ordered, today)
                .unwrap()
                .done_on,
            d(2026, 12, 9)
        );
        assert!(validate_completion(&form("2026-12-11"), ordered, today).is_err());
        assert!(validate_completion(&form("2026-11-30"), ordered, today).is_err());
        let short = CompletionForm {
            done_on: "2026-12-09".into(),
            report: "已整改".into(),
        };
        assert_eq!(
            validate_completion(&short, ordered, today).unwrap_err()[0].field,
            "report"
        );
    }

    #[test]
    fn repair_opens_when_every_remedy_is_done_and_the_minimum_period_has_run() {
        let rules = PublicityRules::default();
        let decided = d(2026, 3, 2);
        // No remedy ordered: three months after the 认定日期.
        assert_eq!(
            integrity_repair(&rules, decided, &[]),
            IntegrityRepair::From(d(2026, 6, 2))
        );
        // One not done: closed, whatever the date.
        let open = [(d(2026, 4, 1), Some(d(2026, 3, 20))), (d(2026, 5, 1), None)];
        assert_eq!(
            integrity_repair(&rules, decided, &open),
            IntegrityRepair::AwaitingRemedies(1)
        );
        let msg = integrity_repair_refusal(d(2027, 1, 1), IntegrityRepair::AwaitingRemedies(1)).unwrap();
        assert!(msg.contains("1 项"), "{msg}");
        // All done, the last after the minimum period: from that day.
        let done = [
            (d(2026, 4, 1), Some(d(2026, 3, 20))),
            (d(2026, 8, 1), Some(d(2026, 7, 9))),
        ];
        let from = integrity_repair(&rules, decided, &done);
        assert_eq!(from, IntegrityRepair::From(d(2026, 7, 9)));
        assert!(integrity_repair_refusal(d(2026, 7, 8), from)
            .unwrap()
            .contains("2026-07-09"));
        assert_eq!(integrity_repair_refusal(d(2026, 7, 9), from), None);
    }
}
