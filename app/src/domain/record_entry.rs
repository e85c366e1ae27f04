//! The back-office record form (信息报送): how each national column is typed,
//! which columns a department may not type (its own name and code), which stay
//! fixed on a correction (the record's key), why a correction may not name
//! another subject, which file rows a department may not send (another
//! department's data), and the publication-deadline note of a record that is
//! not online yet. Validation itself is `record_validation`, the
//! same as for a file import.

use super::field_error::FieldError;
use super::kinds::{RecordKind, SubjectKind};
use super::national_columns::{self as col, columns_for, key_columns, ID_TYPES, PERMIT_CATEGORIES};
use super::record::NewRecord;
use super::record_validation::{FieldProblem, RowCells};
use super::script::to_simplified;
use super::uscc::validate_uscc;

/// How a column is typed on the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A one-line text.
    Line,
    /// A longer text (facts, basis, content).
    Text,
    /// One of a closed list.
    Choice(&'static [&'static str]),
}

const SUBJECT_KINDS: [&str; 4] = ["法人及非法人组织", "个体工商户", "自然人", "机关"];
const YES_NO: [&str; 2] = ["否", "是"];
const PROCEDURES: [&str; 2] = ["一般", "简易"];
const PLEDGE_STATUSES: [&str; 3] = [
    super::pledge_fulfilment::IN_PROGRESS,
    super::pledge_fulfilment::KEPT,
    super::pledge_fulfilment::BROKEN,
];
const LIST_STATUSES: [&str; 2] = ["列入名单", "移出名单"];

pub fn input_kind(column: &str) -> InputKind {
    match column {
        col::SUBJECT_KIND => InputKind::Choice(&SUBJECT_KINDS),
        col::PERMIT_CATEGORY => InputKind::Choice(&PERMIT_CATEGORIES),
        col::ID_TYPE | "法定代表人证件类型" => InputKind::Choice(&ID_TYPES),
        col::SENSITIVE => InputKind::Choice(&YES_NO),
        col::PROCEDURE => InputKind::Choice(&PROCEDURES),
        col::PLEDGE_STATUS => InputKind::Choice(&PLEDGE_STATUSES),
        col::LIST_STATUS => InputKind::Choice(&LIST_STATUSES),
        col::VIOLATION_FACTS
        | col::PENALTY_BASIS
        | col::PENALTY_CONTENT
        | col::PERMIT_CONTENT
        | col::PLEDGE_CONTENT
        | col::PLEDGE_MATTER
        | col::PLEDGE_BREACH_REASON
        | col::LIST_REASON
        | col::LIST_BASIS
        | col::INTEGRITY_FACTS
        | col::INTEGRITY_BASIS
        | col::REMARK => InputKind::Text,
        _ => InputKind::Line,
    }
}

const DATE_HINT: &str = "格式如 2026-11-27 或 2026/11/27；长期有效填 2099/12/31。";
const OPTIONAL_DATE_HINT: &str = "格式如 2026-11-27；不填则按法定最长期限。";
const AMOUNT_HINT: &str = "单位：万元，最多 6 位小数（如 0.35 即 3500 元）。";
const USCC_HINT: &str = "18 位统一社会信用代码。";

/// The hint shown under a column's label, if it needs one.
pub fn hint_for(column: &str) -> Option<&'static str> {
    match column {
        col::PUBLICITY_END | col::LIST_END => Some(OPTIONAL_DATE_HINT),
        col::PLEDGE_DUE => {
            Some("承诺在哪一天前兑现（限时办结的办结时限、期限承诺的期限）；过期仍为履约中即显示“逾期未践诺”。")
        }
        col::PLEDGE_FULFILLED_ON => Some("履约状态为已履约时填写，格式如 2026-11-27。"),
        col::PLEDGE_BREACH_REASON => Some("履约状态为未履约时填写，公开显示。"),
        col::PERMIT_DATE
        | col::VALID_FROM
        | col::VALID_TO
        | col::PENALTY_DATE
        | col::PENALTY_VALID_TO
        | col::PLEDGE_DATE
        | col::LIST_START
        | col::INTEGRITY_DATE => Some(DATE_HINT),
        col::FINE | col::CONFISCATED => Some(AMOUNT_HINT),
        col::PENALTY_CATEGORY => {
            Some("一个或多个代码或名称，用“、”分隔，如 01、02（警告、罚款）；含罚款时须填罚款金额。")
        }
        col::USCC | col::SOURCE_USCC => Some(USCC_HINT),
        col::ID_NUMBER | col::LEGAL_REP_ID => Some("填写完整号码；公开页面只显示前 6 位和后 4 位。"),
        col::SENSITIVE => Some("涉及未成年人、国家秘密或商业秘密的选“是”：保存但不公示。"),
        col::PROCEDURE => Some("简易程序作出的处罚不公示。"),
        c if c.ends_with("统一社会信用代码") => Some(USCC_HINT),
        _ => None,
    }
}

/// The columns naming the deciding authority and the data-providing unit: a
/// provider's form fills them with its own department and does not let them be typed.
pub fn department_columns(kind: RecordKind) -> [&'static str; 4] {
    let k = key_columns(kind);
    [k.authority, k.authority_uscc, col::SOURCE, col::SOURCE_USCC]
}

/// The authority and document-number columns of a record's key: a correction
/// keeps them, since changing them would make another record. The subject,
/// the key's last part, stays typeable (a misspelt name of a coded company is
/// corrected in place); a change of who it is is refused by [`subject_change`].
pub fn fixed_on_correction(kind: RecordKind) -> [&'static str; 3] {
    let k = key_columns(kind);
    [k.doc_no, k.authority, k.authority_uscc]
}

/// A department as the form fills it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnDepartment {
    pub name: String,
    pub uscc: String,
}

/// Puts the department into its columns, whatever was sent.
pub fn lock_to_department(kind: RecordKind, cells: &mut RowCells, own: &OwnDepartment) {
    let [authority, authority_uscc, source, source_uscc] = department_columns(kind);
    cells.insert(authority, own.name.clone());
    cells.insert(authority_uscc, own.uscc.clone());
    cells.insert(source, own.name.clone());
    cells.insert(source_uscc, own.uscc.clone());
}

/// Puts the stored key columns back, whatever was sent.
pub fn keep_key(kind: RecordKind, cells: &mut RowCells, stored: &RowCells) {
    for column in fixed_on_correction(kind) {
        cells.insert(column, stored.get(column).cloned().unwrap_or_default());
    }
}

/// Why a correction may not be stored: it would make the record another
/// subject's. `stored_key` is the record's key as stored, `stored` its cells,
/// `corrected` the validated correction (its authority and number already put
/// back by [`keep_key`]).
///
/// The key decides, not the cells: it is what the store finds the record by,
/// so a correction whose key differs would become a second record (or, before
/// keys named the subject, silently replace one company by another on a
/// list). A co-defendant wrongly named is withdrawn and the right one
/// published, which leaves both acts in the change log. The cells only say
/// which field to point at, in the order the identity key weighs them.
pub fn subject_change(stored_key: &str, stored: &RowCells, corrected: &NewRecord) -> Option<FieldProblem> {
    if corrected.record_key() == stored_key {
        return None;
    }
    let subject = &corrected.subject;
    let cell = |column: &str| stored.get(column).map(|v| v.trim()).filter(|v| !v.is_empty());
    let stored_uscc = cell(col::USCC).map(|v| validate_uscc(v).map_or_else(|_| v.to_uppercase(), |u| u.code));
    let stored_id = cell(col::ID_NUMBER).map(str::to_uppercase);
    let stored_kind = cell(col::SUBJECT_KIND).and_then(|v| SubjectKind::from_label(&to_simplified(v)));
    let (column, what) = if subject.kind != SubjectKind::NaturalPerson && stored_uscc != subject.uscc {
        (col::USCC, "统一社会信用代码指向另一主体")
    } else if subject.kind == SubjectKind::NaturalPerson && stored_id != subject.id_number {
        (col::ID_NUMBER, "证件号码指向另一人")
    } else if stored_kind != Some(subject.kind) {
        (col::SUBJECT_KIND, "行政相对人类别使其成为另一主体")
    } else {
        (
            col::SUBJECT_NAME,
            "名称指向另一主体（本信息没有统一社会信用代码或证件号码，名称即其身份）",
        )
    };
    let name = cell(col::SUBJECT_NAME).unwrap_or_default();
    Some(FieldProblem {
        column,
        message: format!(
            "更正不能更换行政相对人：本信息属于“{name}”，更正后的{what}。\
             如确属报错对象，请撤销本信息后按正确的行政相对人重新发布"
        ),
    })
}

/// Why a file row may not be sent by this department: its 数据来源单位 is
/// another one. None when the row names the department (or names no valid
/// code, which validation reports in its own words).
pub fn foreign_source(cells: &RowCells, own: &OwnDepartment) -> Option<FieldProblem> {
    let sent = cells
        .get(col::SOURCE_USCC)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())?;
    let code = validate_uscc(sent).ok()?.code;
    (code != own.uscc.to_uppercase()).then(|| FieldProblem {
        column: col::SOURCE_USCC,
        message: format!(
            "数据来源单位 {code} 不是本部门（{}，{}），不能代其他部门报送",
            own.name, own.uscc
        ),
    })
}

/// The cells of a posted form: only the kind's own columns, trimmed.
pub fn cells_from_form(kind: RecordKind, pairs: &[(String, String)]) -> RowCells {
    let mut cells = RowCells::new();
    for column in columns_for(kind) {
        if let Some((_, v)) = pairs.iter().find(|(k, _)| k == column.name) {
            cells.insert(column.name, v.trim().to_string());
        }
    }
    cells
}

/// The cells of a stored record for its correction form: the public columns,
/// with the full personal IDs of the private columns in place of the masked ones.
pub fn cells_from_stored(kind: RecordKind, public: &[(String, String)], private: &[(String, String)]) -> RowCells {
    let mut cells = RowCells::new();
    for column in columns_for(kind) {
        let value = private
            .iter()
            .chain(public)
            .find(|(k, _)| k == column.name)
            .map(|(_, v)| v.clone());
        if let Some(v) = value {
            cells.insert(column.name, v);
        }
    }
    cells
}

/// The file's own columns kept with a stored record (its private columns that
/// are not national columns of the kind), in the order the file gave them.
pub fn file_columns(kind: RecordKind, private: &[(String, String)]) -> Vec<(String, String)> {
    private
        .iter()
        .filter(|(name, _)| !columns_for(kind).iter().any(|c| c.name == name))
        .cloned()
        .collect()
}

/// Validation problems as form errors: the field is the column (its input's id).
pub fn field_errors(problems: Vec<FieldProblem>) -> Vec<FieldError> {
    problems
        .into_iter()
        .map(|p| FieldError {
            field: p.column,
            message: format!("{}：{}", p.column, p.message),
        })
        .collect()
}

/// What the list shows of a record not yet online, given the working days
/// left of its publication deadline: the words, and whether it is overdue.
pub fn deadline_note(working_days_left: i64) -> (String, bool) {
    match working_days_left {
        n if n > 0 => (format!("距上线期限还有 {n} 个工作日"), false),
        0 => ("今天是上线期限".to_string(), false),
        n => (format!("已超期 {} 个工作日", -n), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record_validation::{validate_row, ValidationContext};
    use chrono::NaiveDate;

    fn own() -> OwnDepartment {
        OwnDepartment {
            name: "嘉峪关市市场监督管理局".into(),
            uscc: "11620200013900001M".into(),
        }
    }

    #[test]
    fn a_provider_cannot_type_another_department_into_its_record() {
        let mut cells = RowCells::new();
        cells.insert(col::PENALTY_AUTHORITY, "别的局".into());
        cells.insert(col::SOURCE_USCC, "11620200013900010K".into());
        lock_to_department(RecordKind::Penalty, &mut cells, &own());
        assert_eq!(cells[col::PENALTY_AUTHORITY], "嘉峪关市市场监督管理局");
        assert_eq!(cells[col::PENALTY_AUTHORITY_USCC], "11620200013900001M");
        assert_eq!(cells[col::SOURCE], "嘉峪关市市场监督管理局");
        assert_eq!(cells[col::SOURCE_USCC], "11620200013900001M");
    }

    #[test]
    fn another_departments_file_row_is_refused_with_its_reason() {
        let mut cells = RowCells::new();
        cells.insert(col::SOURCE_USCC, "11620200013900010K".into());
        let p = foreign_source(&cells, &own()).expect("refused");
        assert_eq!(p.column, col::SOURCE_USCC);
        assert!(p.message.contains("不是本部门") && p.message.contains("11620200013900010K"));
        cells.insert(col::SOURCE_USCC, "11620200013900001m".into());
        assert_eq!(foreign_source(&cells, &own()), None, "own code, any case");
        cells.insert(col::SOURCE_USCC, "not a code".into());
        assert_eq!(foreign_source(&cells, &own()), None, "left to validation");
        cells.remove(col::SOURCE_USCC);
        assert_eq!(foreign_source(&cells, &own()), None);
    }

    #[test]
    fn a_correction_keeps_the_key_columns() {
        let mut stored = RowCells::new();
        stored.insert(col::PENALTY_DOC_NO, "嘉市监罚〔2026〕1号".into());
        stored.insert(col::PENALTY_AUTHORITY, "嘉峪关市市场监督管理局".into());
        stored.insert(col::PENALTY_AUTHORITY_USCC, "11620200013900001M".into());
        let mut sent = RowCells::new();
        sent.insert(col::PENALTY_DOC_NO, "嘉市监罚〔2026〕99号".into());
        sent.insert(col::PENALTY_CONTENT, "警告".into());
        keep_key(RecordKind::Penalty, &mut sent, &stored);
        assert_eq!(sent[col::PENALTY_DOC_NO], "嘉市监罚〔2026〕1号");
        assert_eq!(sent[col::PENALTY_AUTHORITY_USCC], "11620200013900001M");
        assert_eq!(sent[col::PENALTY_CONTENT], "警告");
    }

    /// A black-list entry's cells, as a stored record gives them back.
    fn entry_cells(name: &str, kind: &str, uscc: &str) -> RowCells {
        let mut cells = RowCells::new();
        for (column, value) in [
            (col::SUBJECT_NAME, name),
            (col::SUBJECT_KIND, kind),
            (col::USCC, uscc),
            (col::LIST_NAME, "严重失信主体名单"),
            (col::LIST_REASON, "拒不履行法定义务"),
            (col::LIST_BASIS, "《失信行为纠正后的信用信息修复管理办法》"),
            (col::LIST_DOC_NO, "嘉应急黑〔2026〕7号"),
            (col::LIST_AUTHORITY, "嘉峪关市应急管理局"),
            (col::LIST_AUTHORITY_USCC, "11620200013900010K"),
            (col::LIST_START, "2026/05/01"),
            (col::SOURCE, "嘉峪关市应急管理局"),
            (col::SOURCE_USCC, "11620200013900010K"),
        ] {
            if !value.is_empty() {
                cells.insert(column, value.to_string());
            }
        }
        cells
    }

    fn validated(cells: &RowCells) -> NewRecord {
        let ctx = ValidationContext::new(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        validate_row(RecordKind::Blacklist, cells, &ctx)
            .expect("valid row")
            .record
    }

    #[test]
    fn a_correction_of_the_same_subject_passes_whatever_its_name_spelling() {
        let stored = entry_cells("嘉峪关市危化储运有限公司", "法人及非法人组织", "91320322MABLP2X24R");
        let key = validated(&stored).record_key();
        assert_eq!(subject_change(&key, &stored, &validated(&stored)), None);
        let mut sent = entry_cells("嘉峪关市危化储运有限责任公司", "企业", "91320322mablp2x24r");
        sent.insert(col::LIST_REASON, "发生较大生产安全责任事故".into());
        assert_eq!(subject_change(&key, &stored, &validated(&sent)), None);
    }

    #[test]
    fn a_correction_naming_another_subject_is_refused_at_the_field_that_changes_it() {
        let stored = entry_cells("嘉峪关市危化储运有限公司", "法人及非法人组织", "91320322MABLP2X24R");
        let key = validated(&stored).record_key();
        let other = entry_cells("嘉峪关市失信工程有限公司", "法人及非法人组织", "913101151324074865");
        let p = subject_change(&key, &stored, &validated(&other)).expect("refused");
        assert_eq!(p.column, col::USCC);
        assert!(
            p.message
                .starts_with("更正不能更换行政相对人：本信息属于“嘉峪关市危化储运有限公司”"),
            "{}",
            p.message
        );
        assert!(p.message.contains("请撤销本信息后"), "{}", p.message);

        // Without a code the name is the identity.
        let stored = entry_cells("嘉峪关市某个体店", "个体工商户", "");
        let key = validated(&stored).record_key();
        let renamed = entry_cells("嘉峪关市另一个体店", "个体工商户", "");
        let p = subject_change(&key, &stored, &validated(&renamed)).expect("refused");
        assert_eq!(p.column, col::SUBJECT_NAME);
        assert!(p.message.contains("名称即其身份"), "{}", p.message);
        let coded = entry_cells("嘉峪关市某个体店", "个体工商户", "91330000755918469E");
        assert_eq!(
            subject_change(&key, &stored, &validated(&coded)).unwrap().column,
            col::USCC
        );
        // An organisation known only by an older code is keyed by kind and name too.
        let mut reclassed = entry_cells("嘉峪关市某个体店", "法人及非法人组织", "");
        reclassed.insert(col::SUBJECT_CODES_OTHER[0], "620200000012345".into());
        let p = subject_change(&key, &stored, &validated(&reclassed)).expect("refused");
        assert_eq!(p.column, col::SUBJECT_KIND);
    }

    #[test]
    fn a_persons_correction_is_refused_at_the_id_number_and_never_shows_it() {
        let mut stored = entry_cells("张三", "自然人", "");
        stored.insert(col::ID_NUMBER, "11010519491231002X".into());
        let key = validated(&stored).record_key();
        let mut renamed = stored.clone();
        renamed.insert(col::SUBJECT_NAME, "張三".into());
        assert_eq!(
            subject_change(&key, &stored, &validated(&renamed)),
            None,
            "same ID, same person"
        );
        let mut other = stored.clone();
        other.insert(col::ID_NUMBER, "440524188001010014".into());
        let p = subject_change(&key, &stored, &validated(&other)).expect("refused");
        assert_eq!(p.column, col::ID_NUMBER);
        assert!(
            !p.message.contains("11010519491231002X") && !p.message.contains("440524188001010014"),
            "{}",
            p.message
        );
    }

    #[test]
    fn the_form_reads_only_the_kinds_columns_and_stored_ids_come_unmasked() {
        let pairs = vec![
            (col::SUBJECT_NAME.to_string(), "  某公司 ".to_string()),
            ("csrf".to_string(), "x".to_string()),
            (col::LIST_NAME.to_string(), "not a penalty column".to_string()),
        ];
        let cells = cells_from_form(RecordKind::Penalty, &pairs);
        assert_eq!(cells.len(), 1);
        assert_eq!(cells[col::SUBJECT_NAME], "某公司");

        let public = vec![
            (col::SUBJECT_NAME.to_string(), "张三".to_string()),
            (col::ID_NUMBER.to_string(), "110105********002X".to_string()),
        ];
        let private = vec![(col::ID_NUMBER.to_string(), "11010519491231002X".to_string())];
        let cells = cells_from_stored(RecordKind::Penalty, &public, &private);
        assert_eq!(cells[col::ID_NUMBER], "11010519491231002X");
        assert_eq!(cells[col::SUBJECT_NAME], "张三");
    }

    #[test]
    fn deadline_words_flag_overdue_records() {
        assert_eq!(deadline_note(3), ("距上线期限还有 3 个工作日".to_string(), false));
        assert!(!deadline_note(0).1);
        assert_eq!(deadline_note(-2), ("已超期 2 个工作日".to_string(), true));
    }

    #[test]
    fn inputs_and_hints_follow_the_column() {
        assert_eq!(input_kind(col::VIOLATION_FACTS), InputKind::Text);
        assert_eq!(input_kind(col::SUBJECT_NAME), InputKind::Line);
        assert!(matches!(input_kind(col::SUBJECT_KIND), InputKind::Choice(c) if c.contains(&"自然人")));
        assert!(hint_for(col::PENALTY_DATE).unwrap().contains("2099/12/31"));
        assert!(hint_for(col::FINE).unwrap().contains("万元"));
        assert!(hint_for(col::PENALTY_AUTHORITY_USCC).is_some());
        for kind in SubjectKind::ALL {
            assert!(
                SUBJECT_KINDS.contains(&kind.label()),
                "the choice offers every subject kind"
            );
        }
    }
}
