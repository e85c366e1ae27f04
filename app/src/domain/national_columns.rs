//! The columns of the national 双公示 data standard (and the portal's own column
//! sets for pledges, list entries and government integrity records), in file order.
//! Import reads them, export writes them back in the same order, pages show them.

use super::kinds::RecordKind;

/// How a column may be shown to the public.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// Shown as stored.
    Public,
    /// A personal identity number: stored in full privately, shown only masked.
    PersonalId,
    /// Never shown publicly (flags, internal references).
    Internal,
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    pub visibility: Visibility,
}

const fn req(name: &'static str) -> Column {
    Column {
        name,
        required: true,
        visibility: Visibility::Public,
    }
}
const fn opt(name: &'static str) -> Column {
    Column {
        name,
        required: false,
        visibility: Visibility::Public,
    }
}
const fn id(name: &'static str) -> Column {
    Column {
        name,
        required: false,
        visibility: Visibility::PersonalId,
    }
}
const fn internal(name: &'static str) -> Column {
    Column {
        name,
        required: false,
        visibility: Visibility::Internal,
    }
}

// Column names, named once so the importer and the pages agree on spelling.
pub const SUBJECT_NAME: &str = "行政相对人名称";
pub const SUBJECT_KIND: &str = "行政相对人类别";
pub const USCC: &str = "行政相对人代码_1(统一社会信用代码)";
pub const LEGAL_REP_ID: &str = "法定代表人证件号码";
pub const ID_TYPE: &str = "证件类型";
pub const ID_NUMBER: &str = "证件号码";
pub const PERMIT_DOC_NO: &str = "行政许可决定文书号";
pub const PERMIT_CATEGORY: &str = "许可类别";
pub const PERMIT_CONTENT: &str = "许可内容";
pub const PERMIT_DATE: &str = "许可决定日期";
pub const VALID_FROM: &str = "有效期自";
pub const VALID_TO: &str = "有效期至";
pub const PERMIT_AUTHORITY: &str = "许可机关";
pub const PERMIT_AUTHORITY_USCC: &str = "许可机关统一社会信用代码";
pub const PENALTY_DOC_NO: &str = "行政处罚决定书文号";
pub const VIOLATION_TYPE: &str = "违法行为类型";
pub const VIOLATION_FACTS: &str = "违法事实";
pub const PENALTY_BASIS: &str = "处罚依据";
pub const PENALTY_CATEGORY: &str = "处罚类别";
pub const PENALTY_CONTENT: &str = "处罚内容";
pub const FINE: &str = "罚款金额(万元)";
pub const CONFISCATED: &str = "没收违法所得、没收非法财物的金额(万元)";
pub const PENALTY_DATE: &str = "处罚决定日期";
pub const PENALTY_VALID_TO: &str = "处罚有效期";
pub const PUBLICITY_END: &str = "公示截止期";
pub const PENALTY_AUTHORITY: &str = "处罚机关";
pub const PENALTY_AUTHORITY_USCC: &str = "处罚机关统一社会信用代码";
pub const SOURCE: &str = "数据来源单位";
pub const SOURCE_USCC: &str = "数据来源单位统一社会信用代码";
pub const REMARK: &str = "备注";
pub const SENSITIVE: &str = "是否敏感";
pub const PROCEDURE: &str = "程序类型";
pub const PLEDGE_DOC_NO: &str = "承诺书编号";
pub const PLEDGE_TYPE: &str = "承诺类型";
pub const PLEDGE_MATTER: &str = "承诺事项";
pub const PLEDGE_CONTENT: &str = "承诺内容";
pub const PLEDGE_DATE: &str = "承诺日期";
pub const PLEDGE_AUTHORITY: &str = "承诺受理单位";
pub const PLEDGE_AUTHORITY_USCC: &str = "承诺受理单位统一社会信用代码";
pub const PLEDGE_STATUS: &str = "履约状态";
/// The day by which the pledge is to be kept (限时办结's time limit, 期限承诺's term).
pub const PLEDGE_DUE: &str = "承诺履行期限";
/// The day a pledge was kept (履约状态 已履约).
pub const PLEDGE_FULFILLED_ON: &str = "践诺日期";
/// Why a pledge was not kept (履约状态 未履约).
pub const PLEDGE_BREACH_REASON: &str = "未履约说明";
pub const LIST_NAME: &str = "名单名称";
pub const LIST_REASON: &str = "列入原因";
pub const LIST_BASIS: &str = "列入依据";
pub const LIST_DOC_NO: &str = "认定文书号";
pub const LIST_AUTHORITY: &str = "认定机关";
pub const LIST_AUTHORITY_USCC: &str = "认定机关统一社会信用代码";
pub const LIST_START: &str = "列入日期";
pub const LIST_END: &str = "移出日期";
pub const LIST_STATUS: &str = "名单状态";
pub const INTEGRITY_TYPE: &str = "失信行为类型";
pub const INTEGRITY_FACTS: &str = "失信事实";
pub const INTEGRITY_BASIS: &str = "认定依据";
pub const INTEGRITY_DATE: &str = "认定日期";
/// The unit (所在单位) of a civil servant an integrity record is about: the
/// department whose profile the record counts in.
pub const INTEGRITY_UNIT: &str = "所在单位";
pub const INTEGRITY_UNIT_USCC: &str = "所在单位统一社会信用代码";

/// The free-text columns of every kind: screened for ID and mobile numbers
/// (`masking::mask_free_text`) when a row is validated, before anything is
/// stored, shown, indexed or exported.
pub const FREE_TEXT_COLUMNS: [&str; 14] = [
    VIOLATION_TYPE,
    VIOLATION_FACTS,
    PENALTY_BASIS,
    PENALTY_CONTENT,
    PERMIT_CONTENT,
    PLEDGE_MATTER,
    PLEDGE_CONTENT,
    PLEDGE_BREACH_REASON,
    LIST_REASON,
    LIST_BASIS,
    INTEGRITY_TYPE,
    INTEGRITY_FACTS,
    INTEGRITY_BASIS,
    REMARK,
];

/// The subject codes other than the USCC (any one identifies an organisation).
pub const SUBJECT_CODES_OTHER: [&str; 5] = [
    "行政相对人代码_2(工商注册号)",
    "行政相对人代码_3(组织机构代码)",
    "行政相对人代码_4(税务登记号)",
    "行政相对人代码_5(事业单位证书号)",
    "行政相对人代码_6(社会组织登记证号)",
];

const SUBJECT_CODES: [Column; 13] = [
    req(SUBJECT_NAME),
    req(SUBJECT_KIND),
    opt(USCC),
    opt(SUBJECT_CODES_OTHER[0]),
    opt(SUBJECT_CODES_OTHER[1]),
    opt(SUBJECT_CODES_OTHER[2]),
    opt(SUBJECT_CODES_OTHER[3]),
    opt(SUBJECT_CODES_OTHER[4]),
    opt("法定代表人"),
    opt("法定代表人证件类型"),
    id(LEGAL_REP_ID),
    opt(ID_TYPE),
    id(ID_NUMBER),
];

macro_rules! with_subject {
    ($($col:expr),* $(,)?) => {{
        const REST: &[Column] = &[$($col),*];
        const ALL: [Column; SUBJECT_CODES.len() + REST.len()] = {
            let mut out = [SUBJECT_CODES[0]; SUBJECT_CODES.len() + REST.len()];
            let mut i = 0;
            while i < SUBJECT_CODES.len() { out[i] = SUBJECT_CODES[i]; i += 1; }
            let mut j = 0;
            while j < REST.len() { out[i + j] = REST[j]; j += 1; }
            out
        };
        &ALL
    }};
}

pub const PERMIT: &[Column] = with_subject![
    req("行政许可决定文书名称"),
    req(PERMIT_DOC_NO),
    req(PERMIT_CATEGORY),
    opt("许可证书名称"),
    opt("许可编号"),
    req(PERMIT_CONTENT),
    req(PERMIT_DATE),
    req(VALID_FROM),
    req(VALID_TO),
    req(PERMIT_AUTHORITY),
    req(PERMIT_AUTHORITY_USCC),
    opt("当前状态"),
    req(SOURCE),
    req(SOURCE_USCC),
    opt(REMARK),
    internal(SENSITIVE),
];

pub const PENALTY: &[Column] = with_subject![
    req(PENALTY_DOC_NO),
    req(VIOLATION_TYPE),
    req(VIOLATION_FACTS),
    req(PENALTY_BASIS),
    req(PENALTY_CATEGORY),
    req(PENALTY_CONTENT),
    opt(FINE),
    opt(CONFISCATED),
    opt("暂扣或吊销证照名称及编号"),
    req(PENALTY_DATE),
    req(PENALTY_VALID_TO),
    opt(PUBLICITY_END),
    req(PENALTY_AUTHORITY),
    req(PENALTY_AUTHORITY_USCC),
    req(SOURCE),
    req(SOURCE_USCC),
    opt(REMARK),
    internal(SENSITIVE),
    internal(PROCEDURE),
];

pub const PLEDGE: &[Column] = with_subject![
    req(PLEDGE_DOC_NO),
    req(PLEDGE_TYPE),
    req(PLEDGE_MATTER),
    req(PLEDGE_CONTENT),
    req(PLEDGE_DATE),
    req(PLEDGE_AUTHORITY),
    req(PLEDGE_AUTHORITY_USCC),
    opt(PLEDGE_DUE),
    opt(PLEDGE_STATUS),
    opt(PLEDGE_FULFILLED_ON),
    opt(PLEDGE_BREACH_REASON),
    req(SOURCE),
    req(SOURCE_USCC),
    opt(REMARK),
    internal(SENSITIVE),
];

pub const LIST_ENTRY: &[Column] = with_subject![
    req(LIST_NAME),
    req(LIST_REASON),
    req(LIST_BASIS),
    req(LIST_DOC_NO),
    req(LIST_AUTHORITY),
    req(LIST_AUTHORITY_USCC),
    req(LIST_START),
    opt(LIST_END),
    opt(LIST_STATUS),
    req(SOURCE),
    req(SOURCE_USCC),
    opt(REMARK),
    internal(SENSITIVE),
];

pub const INTEGRITY: &[Column] = with_subject![
    req(INTEGRITY_TYPE),
    req(INTEGRITY_FACTS),
    req(INTEGRITY_BASIS),
    req(LIST_DOC_NO),
    req(INTEGRITY_DATE),
    opt(PUBLICITY_END),
    opt(INTEGRITY_UNIT),
    opt(INTEGRITY_UNIT_USCC),
    req(LIST_AUTHORITY),
    req(LIST_AUTHORITY_USCC),
    req(SOURCE),
    req(SOURCE_USCC),
    opt(REMARK),
    internal(SENSITIVE),
];

/// The columns of a kind, in the order files carry them.
pub fn columns_for(kind: RecordKind) -> &'static [Column] {
    match kind {
        RecordKind::Permit => PERMIT,
        RecordKind::Penalty => PENALTY,
        RecordKind::Pledge => PLEDGE,
        RecordKind::Redlist | RecordKind::Blacklist => LIST_ENTRY,
        RecordKind::Integrity => INTEGRITY,
    }
}

/// Which columns hold the decision document number, the decision date and the
/// deciding authority for a kind: together they identify a record.
pub struct KeyColumns {
    pub doc_no: &'static str,
    pub date: &'static str,
    pub authority: &'static str,
    pub authority_uscc: &'static str,
}

pub fn key_columns(kind: RecordKind) -> KeyColumns {
    match kind {
        RecordKind::Permit => KeyColumns {
            doc_no: PERMIT_DOC_NO,
            date: PERMIT_DATE,
            authority: PERMIT_AUTHORITY,
            authority_uscc: PERMIT_AUTHORITY_USCC,
        },
        RecordKind::Penalty => KeyColumns {
            doc_no: PENALTY_DOC_NO,
            date: PENALTY_DATE,
            authority: PENALTY_AUTHORITY,
            authority_uscc: PENALTY_AUTHORITY_USCC,
        },
        RecordKind::Pledge => KeyColumns {
            doc_no: PLEDGE_DOC_NO,
            date: PLEDGE_DATE,
            authority: PLEDGE_AUTHORITY,
            authority_uscc: PLEDGE_AUTHORITY_USCC,
        },
        RecordKind::Redlist | RecordKind::Blacklist => KeyColumns {
            doc_no: LIST_DOC_NO,
            date: LIST_START,
            authority: LIST_AUTHORITY,
            authority_uscc: LIST_AUTHORITY_USCC,
        },
        RecordKind::Integrity => KeyColumns {
            doc_no: LIST_DOC_NO,
            date: INTEGRITY_DATE,
            authority: LIST_AUTHORITY,
            authority_uscc: LIST_AUTHORITY_USCC,
        },
    }
}

/// The amount columns: decimals in 万元, stored as integer fen.
pub const AMOUNT_COLUMNS: [&str; 2] = [FINE, CONFISCATED];

pub fn is_amount_column(name: &str) -> bool {
    AMOUNT_COLUMNS.contains(&name)
}

/// Every date column of every kind (a file may give them as Excel serial numbers).
pub const DATE_COLUMNS: [&str; 12] = [
    PERMIT_DATE,
    VALID_FROM,
    VALID_TO,
    PENALTY_DATE,
    PENALTY_VALID_TO,
    PUBLICITY_END,
    PLEDGE_DATE,
    PLEDGE_DUE,
    PLEDGE_FULFILLED_ON,
    LIST_START,
    LIST_END,
    INTEGRITY_DATE,
];

pub fn is_date_column(name: &str) -> bool {
    DATE_COLUMNS.contains(&name)
}

/// Columns a file may give twice, the values joined: the 2015 template splits
/// 处罚类别 into 处罚类别1 and 处罚类别2.
pub fn joins_repeated_columns(name: &str) -> bool {
    name == PENALTY_CATEGORY
}

/// Mandatory columns of the 2021 standard that the 2015 template never had
/// (处罚有效期; a permit's 有效期自, which is then its decision date). A file
/// without the column is read without it; a file with the column must fill it.
pub const ABSENT_FROM_2015_TEMPLATE: [&str; 2] = [PENALTY_VALID_TO, VALID_FROM];

/// Penalty categories (处罚类别) of the national standard, by code.
pub const PENALTY_CATEGORIES: [(&str, &str); 14] = [
    ("01", "警告"),
    ("02", "罚款"),
    ("03", "没收违法所得"),
    ("04", "责令停产停业"),
    ("05", "吊销许可证"),
    ("06", "行政拘留"),
    ("07", "法律、行政法规规定的其他行政处罚"),
    ("08", "通报批评"),
    ("09", "没收非法财物"),
    ("10", "降低资质等级"),
    ("11", "暂扣许可证"),
    ("12", "限制开展经营活动"),
    ("13", "限制从业"),
    ("14", "责令关闭"),
];

/// Permit categories (许可类别).
pub const PERMIT_CATEGORIES: [&str; 6] = ["普通", "特许", "认可", "核准", "登记", "其他"];

/// Identity document types (证件类型).
pub const ID_TYPES: [&str; 6] = [
    "身份证",
    "护照",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
    "其他",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_starts_with_the_subject_columns_and_has_unique_names() {
        for kind in RecordKind::ALL {
            let cols = columns_for(kind);
            assert_eq!(cols[0].name, SUBJECT_NAME);
            let mut names: Vec<_> = cols.iter().map(|c| c.name).collect();
            names.sort();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "duplicate column in {kind:?}");
            let key = key_columns(kind);
            for name in [key.doc_no, key.date, key.authority, key.authority_uscc] {
                assert!(cols.iter().any(|c| c.name == name && c.required), "{name} in {kind:?}");
            }
        }
    }

    #[test]
    fn penalty_has_every_national_column() {
        let names: Vec<_> = PENALTY.iter().map(|c| c.name).collect();
        for n in [
            PENALTY_DOC_NO,
            PENALTY_BASIS,
            FINE,
            CONFISCATED,
            PUBLICITY_END,
            SOURCE_USCC,
        ] {
            assert!(names.contains(&n));
        }
        assert_eq!(
            PENALTY
                .iter()
                .filter(|c| c.visibility == Visibility::PersonalId)
                .count(),
            2
        );
    }
}
