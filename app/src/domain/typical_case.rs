//! 典型案例: cases the credit office publishes as examples of keeping faith
//! (守信典型) or breaking it (失信典型), as the seeds ask (宣传守信典型、曝光失信
//! 典型). A case tells the story in its own words and cites the records it is
//! about; it may only cite records the public can see today, of the kinds
//! that fit its side, so a case never reveals what the portal does not publish.

use super::field_error::FieldError;
use super::kinds::RecordKind;
use super::masking::mask_free_text;

/// Longest title.
pub const MAX_TITLE_CHARS: usize = 100;
/// Shortest and longest account of the case.
pub const MIN_SUMMARY_CHARS: usize = 20;
pub const MAX_SUMMARY_CHARS: usize = 5000;
/// Longest 发布依据 (the document the office publishes the case under).
pub const MAX_SOURCE_CHARS: usize = 200;
/// Most records one case may cite.
pub const MAX_CITED_RECORDS: usize = 20;
/// Longest reason for taking a case down.
pub const MAX_WITHDRAW_REASON_CHARS: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseKind {
    /// 守信典型.
    Trustworthy,
    /// 失信典型.
    Untrustworthy,
}

impl CaseKind {
    pub const ALL: [CaseKind; 2] = [CaseKind::Trustworthy, CaseKind::Untrustworthy];

    pub fn code(self) -> &'static str {
        match self {
            CaseKind::Trustworthy => "trustworthy",
            CaseKind::Untrustworthy => "untrustworthy",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseKind> {
        CaseKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseKind::Trustworthy => "守信典型",
            CaseKind::Untrustworthy => "失信典型",
        }
    }

    /// The kinds of record a case of this side may cite: good conduct is shown
    /// by red-list entries and pledges, bad conduct by penalties, black-list
    /// entries and government integrity records.
    pub fn may_cite(self, kind: RecordKind) -> bool {
        match self {
            CaseKind::Trustworthy => matches!(kind, RecordKind::Redlist | RecordKind::Pledge),
            CaseKind::Untrustworthy => matches!(
                kind,
                RecordKind::Penalty | RecordKind::Blacklist | RecordKind::Integrity
            ),
        }
    }

    fn citable_words(self) -> &'static str {
        match self {
            CaseKind::Trustworthy => "红名单信息或信用承诺",
            CaseKind::Untrustworthy => "行政处罚、黑名单或政务失信记录",
        }
    }
}

/// The case form as typed.
#[derive(Clone, Debug, Default)]
pub struct CaseForm {
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub source_document: String,
    /// Record numbers, separated by commas, spaces or new lines.
    pub record_ids: String,
}

/// A checked case, before its citations are checked against the records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseDraft {
    pub kind: CaseKind,
    pub title: String,
    pub summary: String,
    pub source_document: Option<String>,
    pub record_ids: Vec<i64>,
}

fn err(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// The record numbers of `text`, in order, without repeats; the first token
/// that is not a number is the error.
pub fn parse_record_ids(text: &str) -> Result<Vec<i64>, String> {
    let mut ids = Vec::new();
    for token in text
        .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        let id = token
            .trim_start_matches('#')
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| format!("“{token}”不是信息编号（信息页地址 /records/ 后的数字）"))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Checks the form; the draft, or every problem in form order.
pub fn validate_case_form(form: &CaseForm) -> Result<CaseDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = CaseKind::from_code(form.kind.trim());
    if kind.is_none() {
        errors.push(err("kind", "请选择守信典型或失信典型"));
    }
    let title = form.title.trim();
    if title.is_empty() {
        errors.push(err("title", "请填写案例标题"));
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.push(err("title", format!("案例标题最多 {MAX_TITLE_CHARS} 个字")));
    }
    let summary = form.summary.trim();
    let summary_chars = summary.chars().count();
    if summary.is_empty() {
        errors.push(err("summary", "请填写案例内容"));
    } else if summary_chars < MIN_SUMMARY_CHARS {
        errors.push(err("summary", format!("案例内容至少 {MIN_SUMMARY_CHARS} 个字")));
    } else if summary_chars > MAX_SUMMARY_CHARS {
        errors.push(err("summary", format!("案例内容最多 {MAX_SUMMARY_CHARS} 个字")));
    }
    let source = form.source_document.trim();
    if source.chars().count() > MAX_SOURCE_CHARS {
        errors.push(err("source_document", format!("发布依据最多 {MAX_SOURCE_CHARS} 个字")));
    }
    let record_ids = match parse_record_ids(&form.record_ids) {
        Ok(ids) if ids.is_empty() => {
            errors.push(err("record_ids", "请填写案例引用的信息编号，至少一条"));
            Vec::new()
        }
        Ok(ids) if ids.len() > MAX_CITED_RECORDS => {
            errors.push(err(
                "record_ids",
                format!("一个案例最多引用 {MAX_CITED_RECORDS} 条信息"),
            ));
            Vec::new()
        }
        Ok(ids) => ids,
        Err(message) => {
            errors.push(err("record_ids", message));
            Vec::new()
        }
    };
    match kind {
        // A case is public free text like a record's 违法事实: ID and mobile
        // numbers in it are masked before it is stored.
        Some(kind) if errors.is_empty() => Ok(CaseDraft {
            kind,
            title: mask_free_text(title).text,
            summary: mask_free_text(summary).text,
            source_document: (!source.is_empty()).then(|| source.to_string()),
            record_ids,
        }),
        _ => Err(errors),
    }
}

/// What the store knows of a cited record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CitedRecord {
    pub id: i64,
    pub kind: RecordKind,
    /// `visibility::is_publicly_visible` today.
    pub publicly_visible: bool,
}

/// Whether the draft may cite these records (`found` holds those that exist):
/// each must exist, be public today and fit the case's side. One message per
/// record, so the office can fix the list in one go.
pub fn check_citations(draft: &CaseDraft, found: &[CitedRecord]) -> Vec<FieldError> {
    draft
        .record_ids
        .iter()
        .filter_map(|id| match found.iter().find(|r| r.id == *id) {
            // A record that is not public is reported as not found: the form
            // must not tell apart a sensitive record from a missing one.
            None => Some(err("record_ids", format!("信息编号 {id} 不存在或当前不公示，不能引用"))),
            Some(r) if !r.publicly_visible => {
                Some(err("record_ids", format!("信息编号 {id} 不存在或当前不公示，不能引用")))
            }
            Some(r) if !draft.kind.may_cite(r.kind) => Some(err(
                "record_ids",
                format!(
                    "信息编号 {id} 是{}，{}只能引用{}",
                    r.kind.label(),
                    draft.kind.label(),
                    draft.kind.citable_words()
                ),
            )),
            Some(_) => None,
        })
        .collect()
}

/// Whether a case is shown to the public: not taken down, and every record it
/// cites still public. Once a cited record leaves public view (its period
/// ended, its subject repaired its credit, the decision was withdrawn), the
/// case would go on publishing what the record no longer may, so it leaves too.
pub fn case_is_public(withdrawn: bool, cited_visible: impl IntoIterator<Item = bool>) -> bool {
    let mut cited = cited_visible.into_iter().peekable();
    !withdrawn && cited.peek().is_some() && cited.all(|v| v)
}

/// Checks the reason for taking a published case down.
pub fn withdraw_reason(text: &str) -> Result<String, FieldError> {
    let reason = text.trim();
    if reason.is_empty() {
        Err(err("reason", "请填写撤下案例的理由"))
    } else if reason.chars().count() > MAX_WITHDRAW_REASON_CHARS {
        Err(err("reason", format!("理由最多 {MAX_WITHDRAW_REASON_CHARS} 个字")))
    } else {
        Ok(reason.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CaseForm {
        CaseForm {
            kind: "untrustworthy".into(),
            title: "某公司未按规定开展特种设备定期检验被处罚".into(),
            summary: "该公司在用电梯超期未检，经责令改正后仍未整改，市场监管部门依法作出行政处罚。".into(),
            source_document: "嘉信用办〔2026〕5号".into(),
            record_ids: "12, 7，12、 #30\n".into(),
        }
    }

    #[test]
    fn a_complete_form_is_a_draft_with_ids_in_order_without_repeats() {
        let d = validate_case_form(&form()).unwrap();
        assert_eq!(d.kind, CaseKind::Untrustworthy);
        assert_eq!(d.record_ids, vec![12, 7, 30]);
        assert_eq!(d.source_document.as_deref(), Some("嘉信用办〔2026〕5号"));
    }

    #[test]
    fn id_and_mobile_numbers_in_a_case_are_masked() {
        let f = CaseForm {
            summary: "当事人王某（身份证号11010519491231002X，电话13912345678）多次拒不履行。".into(),
            ..form()
        };
        let d = validate_case_form(&f).unwrap();
        assert!(
            !d.summary.contains("11010519491231002X") && !d.summary.contains("13912345678"),
            "{}",
            d.summary
        );
        assert!(d.summary.contains("110105"), "masked the national way: {}", d.summary);
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let bad = CaseForm {
            kind: "best".into(),
            title: " ".into(),
            summary: "太短".into(),
            source_document: "x".repeat(MAX_SOURCE_CHARS + 1),
            record_ids: "12 abc".into(),
        };
        let fields: Vec<_> = validate_case_form(&bad).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec!["kind", "title", "summary", "source_document", "record_ids"]
        );
        let none = CaseForm {
            record_ids: " ".into(),
            ..form()
        };
        let e = validate_case_form(&none).unwrap_err();
        assert!(e[0].message.contains("至少一条"), "{e:?}");
        let many = CaseForm {
            record_ids: (1..=21).map(|i| i.to_string()).collect::<Vec<_>>().join(","),
            ..form()
        };
        assert!(validate_case_form(&many).unwrap_err()[0].message.contains("最多引用"));
        assert!(parse_record_ids("0").is_err());
        assert!(parse_record_ids("-3").is_err());
    }

    #[test]
    fn each_side_cites_its_own_kinds() {
        use RecordKind::*;
        for k in [Redlist, Pledge] {
            assert!(CaseKind::Trustworthy.may_cite(k));
            assert!(!CaseKind::Untrustworthy.may_cite(k));
        }
        for k in [Penalty, Blacklist, Integrity] {
            assert!(CaseKind::Untrustworthy.may_cite(k));
            assert!(!CaseKind::Trustworthy.may_cite(k));
        }
        assert!(!CaseKind::Trustworthy.may_cite(Permit) && !CaseKind::Untrustworthy.may_cite(Permit));
    }

    #[test]
    fn citations_must_exist_be_public_and_fit_the_side() {
        let d = validate_case_form(&form()).unwrap(); // cites 12, 7, 30
        let found = [
            CitedRecord {
                id: 12,
                kind: RecordKind::Penalty,
                publicly_visible: true,
            },
            CitedRecord {
                id: 7,
                kind: RecordKind::Penalty,
                publicly_visible: false,
            },
            CitedRecord {
                id: 30,
                kind: RecordKind::Redlist,
                publicly_visible: true,
            },
        ];
        let problems: Vec<String> = check_citations(&d, &found).into_iter().map(|e| e.message).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("7") && problems[0].contains("不公示"));
        assert!(problems[1].contains("30") && problems[1].contains("失信典型只能引用"));
        // The message for a hidden record is the one for a missing record.
        let missing = check_citations(&d, &found[..1]);
        assert_eq!(missing[0].message, problems[0]);
        assert!(check_citations(
            &CaseDraft {
                record_ids: vec![12],
                ..d
            },
            &found
        )
        .is_empty());
    }

    #[test]
    fn a_case_is_public_while_all_it_cites_is() {
        assert!(case_is_public(false, [true, true]));
        assert!(
            !case_is_public(false, [true, false]),
            "a repaired or expired record takes the case down"
        );
        assert!(!case_is_public(true, [true]), "taken down");
        assert!(!case_is_public(false, []), "a case without a public citation");
    }

    #[test]
    fn a_withdrawal_needs_a_reason() {
        assert!(withdraw_reason("  ").is_err());
        assert!(withdraw_reason(&"理".repeat(MAX_WITHDRAW_REASON_CHARS + 1)).is_err());
        assert_eq!(
            withdraw_reason(" 当事人已完成信用修复 ").unwrap(),
            "当事人已完成信用修复"
        );
    }
}
