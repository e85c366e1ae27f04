//! Validation of one row in the national format into a [`NewRecord`]: the rules
//! of DOMAIN.md "Validation", applied the same way to a file import, a demo row
//! and a back-office form. Every problem names its column and says why.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::amount::{parse_amount_to_fen, AmountUnit};
use super::dates::{is_long_term, parse_national_date};
use super::kinds::{RecordKind, SubjectKind};
use super::list_terms::{last_listed_day, ListStatus, ListTerms};
use super::masking::{is_masked_id, mask_free_text, mask_id_number};
use super::national_columns::{self as col, columns_for, key_columns, Visibility};
pub use super::penalty_category::{parse_penalty_categories, penalty_category_name, CategoryError, PenaltyCategories};
use super::publicity::{penalty_is_strict, penalty_window, PublicityRules};
use super::record::{DepartmentRef, NewRecord, SubjectIdentity};
use super::resident_id::validate_resident_id;
use super::script::to_simplified;
use super::uscc::{organisation_type, validate_uscc};

/// What validation needs besides the row: today's date and the configurable periods.
#[derive(Clone, Debug)]
pub struct ValidationContext {
    pub today: NaiveDate,
    pub publicity: PublicityRules,
    pub list_terms: ListTerms,
    /// The term (years) of each configured list, by kind and name: an entry
    /// without 移出日期 gets its list's term; lists not configured get
    /// `list_terms`' defaults.
    pub configured_terms: HashMap<(RecordKind, String), u32>,
}

impl ValidationContext {
    pub fn new(today: NaiveDate) -> Self {
        ValidationContext {
            today,
            publicity: PublicityRules::default(),
            list_terms: ListTerms::default(),
            configured_terms: HashMap::new(),
        }
    }

    /// The end of an entry of `kind` in the list `list_name` starting on
    /// `start`: the configured term, else the default of DOMAIN.md.
    pub fn list_term_end(&self, kind: RecordKind, list_name: &str, start: NaiveDate) -> NaiveDate {
        match self.configured_terms.get(&(kind, list_name.to_string())) {
            Some(&years) => years
                .checked_mul(12)
                .and_then(|m| start.checked_add_months(chrono::Months::new(m)))
                .unwrap_or(NaiveDate::MAX),
            None => self.list_terms.default_end(kind, list_name, start),
        }
    }
}

/// One problem with one cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub column: &'static str,
    pub message: String,
}

/// A row that passed, with the warnings it raised (e.g. a pilot USCC).
#[derive(Clone, Debug)]
pub struct ValidRow {
    pub record: NewRecord,
    pub warnings: Vec<FieldProblem>,
}

/// Cells of one row keyed by canonical column name (see `national_columns`).
pub type RowCells = HashMap<&'static str, String>;

struct Checker<'a> {
    cells: &'a RowCells,
    errors: Vec<FieldProblem>,
    warnings: Vec<FieldProblem>,
}

impl<'a> Checker<'a> {
    fn get(&self, column: &'static str) -> Option<&'a str> {
        self.cells.get(column).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    fn error(&mut self, column: &'static str, message: impl Into<String>) {
        self.errors.push(FieldProblem {
            column,
            message: message.into(),
        });
    }

    /// A problem worth telling the department about that does not stop the row.
    fn warn(&mut self, column: &'static str, message: impl Into<String>) {
        self.warnings.push(FieldProblem {
            column,
            message: message.into(),
        });
    }

    fn required(&mut self, column: &'static str) -> Option<&'a str> {
        let v = self.get(column);
        if v.is_none() {
            self.error(column, "必填项为空");
        }
        v
    }

    fn date(&mut self, column: &'static str, required: bool) -> Option<NaiveDate> {
        let raw = if required {
            self.required(column)?
        } else {
            self.get(column)?
        };
        match parse_national_date(raw) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(column, e.to_string());
                None
            }
        }
    }

    fn uscc(&mut self, column: &'static str, required: bool) -> Option<String> {
        let raw = if required {
            self.required(column)?
        } else {
            self.get(column)?
        };
        match validate_uscc(raw) {
            Ok(v) => {
                if v.pilot_warning {
                    self.warnings.push(FieldProblem {
                        column,
                        message: format!("{} 校验位不符，按早期试点代码接收，请核实", v.code),
                    });
                }
                Some(v.code)
            }
            Err(e) => {
                self.error(column, format!("统一社会信用代码无效：{e}"));
                None
            }
        }
    }

    /// An amount of a canonical amount column, which is in 万元 (the importer
    /// converts a file's 元 columns before validation); a cell that writes 元 is
    /// a unit conflict, not a silent factor of 10,000.
    fn amount(&mut self, column: &'static str) -> Option<i64> {
        let raw = self.get(column)?;
        match parse_amount_to_fen(raw, Some(AmountUnit::WanYuan)) {
            Ok(fen) => Some(fen),
            Err(e) => {
                self.error(column, e.to_string());
                None
            }
        }
    }

    fn flag(&self, column: &'static str) -> bool {
        matches!(
            self.get(column).map(to_simplified).as_deref(),
            Some("是" | "Y" | "y" | "1" | "true" | "TRUE" | "敏感")
        )
    }
}

/// Validates one row of `kind`. On failure every problem of the row is returned,
/// not just the first, so a department can fix a row in one pass.
pub fn validate_row(
    kind: RecordKind,
    cells: &RowCells,
    ctx: &ValidationContext,
) -> Result<ValidRow, Vec<FieldProblem>> {
    // Free text is screened first, so the title, the public columns and
    // everything made from them (pages, API, search, downloads) carry only the
    // masked text; the original is not kept.
    let (screened, masked) = screen_free_text(cells);
    let cells = screened.as_ref().unwrap_or(cells);
    let mut c = Checker {
        cells,
        errors: Vec::new(),
        warnings: masked,
    };
    // 行政相对人类别 may be inferred when empty (the 2015 template has no such
    // column): `subject_identity` reports it only when it cannot be. The
    // columns the 2015 template never had are demanded only of files that have them.
    for column in columns_for(kind).iter().filter(|column| {
        column.required
            && column.name != col::SUBJECT_KIND
            && (cells.contains_key(column.name) || !col::ABSENT_FROM_2015_TEMPLATE.contains(&column.name))
    }) {
        c.required(column.name);
    }
    // Required-empty errors were recorded above; later lookups use `get` to avoid repeats.
    let subject = subject_identity(&mut c, kind, ctx.today);
    let keys = key_columns(kind);
    let authority_uscc = c.uscc(keys.authority_uscc, false);
    let source_uscc = c.uscc(col::SOURCE_USCC, false);
    let decision_date = c.date(keys.date, false);
    if let Some(d) = decision_date {
        if d > ctx.today && kind != RecordKind::Pledge {
            c.error(keys.date, format!("{} 晚于今天，决定日期不能在未来", d));
        }
    }

    let unit = if kind == RecordKind::Integrity {
        integrity_unit(&mut c, subject.as_ref())
    } else {
        None
    };
    let mut detail = KindDetail::default();
    match kind {
        RecordKind::Penalty => penalty_detail(&mut c, ctx, decision_date, &mut detail),
        RecordKind::Permit => permit_detail(&mut c, decision_date, &mut detail),
        RecordKind::Pledge => pledge_detail(&mut c, ctx, decision_date, &mut detail),
        RecordKind::Redlist | RecordKind::Blacklist => list_detail(&mut c, kind, ctx, decision_date, &mut detail),
        RecordKind::Integrity => integrity_detail(&mut c, ctx, decision_date, &mut detail),
    }
    detail.sensitive |= c.flag(col::SENSITIVE);

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    // Every value below was checked present and valid above.
    let (Some(subject), Some(authority_uscc), Some(source_uscc), Some(decision_date)) =
        (subject, authority_uscc, source_uscc, decision_date)
    else {
        return Err(vec![FieldProblem {
            column: keys.doc_no,
            message: "行数据不完整".into(),
        }]);
    };

    let mut public_columns = Vec::new();
    let mut private_columns = Vec::new();
    // Codes are kept as checked above (stray spaces gone, upper case), as the record is keyed.
    // A person's record keeps no subject code; its cell is still shown as checked.
    let subject_code = subject
        .uscc
        .clone()
        .or_else(|| c.get(col::USCC).and_then(|v| validate_uscc(v).ok()).map(|v| v.code));
    let checked_codes = [
        (col::USCC, subject_code),
        (keys.authority_uscc, Some(authority_uscc.clone())),
        (col::SOURCE_USCC, Some(source_uscc.clone())),
    ];
    let checked_code = |name: &str| {
        checked_codes
            .iter()
            .find(|(column, _)| *column == name)
            .and_then(|(_, code)| code.clone())
    };
    for column in columns_for(kind) {
        let Some(value) = c.get(column.name) else { continue };
        match column.visibility {
            Visibility::Public if checked_code(column.name).is_some() => {
                public_columns.push((column.name.to_string(), checked_code(column.name).unwrap_or_default()))
            }
            Visibility::Public | Visibility::Internal => {
                public_columns.push((column.name.to_string(), value.to_string()))
            }
            Visibility::PersonalId => {
                public_columns.push((column.name.to_string(), mask_id_number(value)));
                private_columns.push((column.name.to_string(), value.to_string()));
            }
        }
    }

    // 履约状态 is published in the one vocabulary the store counts (已践诺 → 已履约).
    if let Some(status) = &detail.pledge_status {
        for (_, value) in public_columns.iter_mut().filter(|(name, _)| name == col::PLEDGE_STATUS) {
            value.clone_from(status);
        }
    }

    let record = NewRecord {
        kind,
        subject,
        authority: DepartmentRef {
            name: c.get(keys.authority).unwrap_or_default().to_string(),
            uscc: authority_uscc,
        },
        source: DepartmentRef {
            name: c.get(col::SOURCE).unwrap_or_default().to_string(),
            uscc: source_uscc,
        },
        doc_no: c.get(keys.doc_no).unwrap_or_default().to_string(),
        title: detail.title,
        category: detail.category,
        decision_date,
        start_date: detail.start.unwrap_or(decision_date),
        end_date: detail.end,
        fine_fen: detail.fine_fen,
        confiscated_fen: detail.confiscated_fen,
        list_name: detail.list_name,
        pledge_status: detail.pledge_status,
        pledge_due: detail.pledge_due,
        pledge_fulfilled_on: detail.pledge_fulfilled_on,
        sensitive: detail.sensitive,
        simple_procedure: detail.simple_procedure,
        strict_domain: detail.strict_domain,
        unit,
        public_columns,
        private_columns,
    };
    Ok(ValidRow {
        record,
        warnings: c.warnings,
    })
}

/// The row with ID and mobile numbers in its free-text columns masked
/// (`None` when there were none), and a warning per column masked.
fn screen_free_text(cells: &RowCells) -> (Option<RowCells>, Vec<FieldProblem>) {
    let mut screened: Option<RowCells> = None;
    let mut warnings = Vec::new();
    for column in col::FREE_TEXT_COLUMNS {
        let Some(value) = cells.get(column) else { continue };
        let masked = mask_free_text(value);
        if !masked.changed() {
            continue;
        }
        let what: Vec<String> = [(masked.id_numbers, "身份证号码"), (masked.mobiles, "手机号码")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, label)| format!("{n}个{label}"))
            .collect();
        warnings.push(FieldProblem {
            column,
            message: format!(
                "文本中含{}，已按标准脱敏后公示（保留前6位和后4位，手机号码保留前3位和后4位）",
                what.join("、")
            ),
        });
        screened
            .get_or_insert_with(|| cells.clone())
            .insert(column, masked.text);
    }
    (screened, warnings)
}

#[derive(Default)]
struct KindDetail {
    title: String,
    category: Option<String>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    fine_fen: Option<i64>,
    confiscated_fen: Option<i64>,
    list_name: Option<String>,
    pledge_status: Option<String>,
    pledge_due: Option<NaiveDate>,
    pledge_fulfilled_on: Option<NaiveDate>,
    sensitive: bool,
    simple_procedure: bool,
    strict_domain: bool,
}

/// The subject kind a row implies when its 行政相对人类别 is empty or absent:
/// from the USCC's organisation type (position 2: `11` 机关 → government body,
/// `92` 个体工商户 → individual business, any other known type → organisation),
/// or, without a USCC, a natural person when an ID number is given, an
/// organisation when only another organisation code is (工商注册号, 组织机构代码 …,
/// as published lists give them). A USCC that is invalid or of an unknown type,
/// or no code at all, gives `None` (no guess).
pub fn infer_subject_kind(uscc: Option<&str>, has_id_number: bool, has_other_code: bool) -> Option<SubjectKind> {
    match uscc.map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => {
            let code = validate_uscc(raw).ok()?.code;
            if code.starts_with("11") {
                Some(SubjectKind::GovernmentBody)
            } else if code.starts_with("92") {
                Some(SubjectKind::IndividualBusiness)
            } else {
                organisation_type(&code).map(|_| SubjectKind::Organisation)
            }
        }
        None if has_id_number => Some(SubjectKind::NaturalPerson),
        None => has_other_code.then_some(SubjectKind::Organisation),
    }
}

/// The row's 行政相对人类别: as written, or inferred (with a warning saying from
/// what) when the cell is empty or the column absent.
fn subject_kind(c: &mut Checker<'_>) -> Option<SubjectKind> {
    if let Some(kind_text) = c.get(col::SUBJECT_KIND) {
        let kind = SubjectKind::from_label(&to_simplified(kind_text));
        if kind.is_none() {
            c.error(
                col::SUBJECT_KIND,
                format!("“{kind_text}”不是有效的行政相对人类别（法人及非法人组织、个体工商户、自然人、机关）"),
            );
        }
        return kind;
    }
    let uscc = c.get(col::USCC);
    let has_id_number = c.get(col::ID_NUMBER).is_some();
    let Some(kind) = infer_subject_kind(uscc, has_id_number, has_other_code(c)) else {
        let why = match uscc {
            Some(raw) => format!("统一社会信用代码“{raw}”无效或组织类型未知，无法据此推断"),
            None => "也没有统一社会信用代码或证件号码可据以推断".to_string(),
        };
        c.error(
            col::SUBJECT_KIND,
            format!("必填项为空：未填写行政相对人类别，{why}；请填写法人及非法人组织、个体工商户、自然人或机关"),
        );
        return None;
    };
    let message = match uscc.and_then(|raw| validate_uscc(raw).ok()) {
        Some(v) => format!(
            "行政相对人类别为空，按统一社会信用代码 {} 第2位的组织类型“{}”推断为{}",
            v.code,
            organisation_type(&v.code).unwrap_or_default(),
            kind.label()
        ),
        None if has_id_number => format!(
            "行政相对人类别为空，无统一社会信用代码而有证件号码，推断为{}",
            kind.label()
        ),
        None => format!(
            "行政相对人类别为空，无统一社会信用代码而有其他组织代码，推断为{}",
            kind.label()
        ),
    };
    c.warn(col::SUBJECT_KIND, message);
    Some(kind)
}

fn subject_identity(c: &mut Checker<'_>, record_kind: RecordKind, today: NaiveDate) -> Option<SubjectIdentity> {
    let kind = subject_kind(c);
    // The code is checked even when the kind is unknown: a bad code is often why.
    let uscc = c.uscc(col::USCC, false);
    let name = c.get(col::SUBJECT_NAME)?.to_string();
    let kind = kind?;
    check_legal_rep_id(c, today);
    let mut id_number = None;
    let mut id_masked = None;
    if kind == SubjectKind::NaturalPerson {
        let id_type = c
            .get(col::ID_TYPE)
            .map(to_simplified)
            .unwrap_or_else(|| "身份证".to_string());
        match c.get(col::ID_NUMBER) {
            None => c.error(col::ID_NUMBER, "自然人须填写证件号码"),
            // Published lists carry natural persons' numbers masked only: the
            // person is known by name and masked number, not verified.
            Some(raw) if is_masked_id(raw) && record_kind.is_list() => {
                c.warn(col::ID_NUMBER, "名单只提供脱敏证件号码，按姓名+脱敏号码识别，身份未核验");
                id_masked = Some(mask_id_number(raw));
            }
            Some(raw) if is_masked_id(raw) => c.error(
                col::ID_NUMBER,
                format!(
                    "证件号码“{}”是脱敏号码：{}须填写完整证件号码（作出决定的部门掌握完整号码），只有红名单、黑名单可按脱敏号码接收",
                    mask_id_number(raw),
                    record_kind.label()
                ),
            ),
            Some(raw) if id_type == "身份证" => match validate_resident_id(raw, today) {
                Ok(id) => id_number = Some(id),
                Err(e) => c.error(col::ID_NUMBER, format!("身份证号码无效：{e}")),
            },
            Some(raw) => id_number = Some(raw.to_uppercase()),
        }
    } else if uscc.is_none() && !has_other_code(c) && c.get(col::USCC).is_none() {
        let message = format!("{}须填写统一社会信用代码或其他行政相对人代码之一", kind.label());
        // A person-run business may predate codes; the standard requires one of organisations.
        if kind == SubjectKind::IndividualBusiness {
            c.warn(col::USCC, message);
        } else {
            c.error(col::USCC, message);
        }
    }
    let id_masked = id_masked.or_else(|| id_number.as_deref().map(mask_id_number));
    Some(SubjectIdentity {
        kind,
        name,
        uscc: if kind == SubjectKind::NaturalPerson { None } else { uscc },
        id_number,
        id_masked,
    })
}

fn has_other_code(c: &Checker<'_>) -> bool {
    col::SUBJECT_CODES_OTHER.iter().any(|name| c.get(name).is_some())
}

fn check_legal_rep_id(c: &mut Checker<'_>, today: NaiveDate) {
    let Some(raw) = c.get(col::LEGAL_REP_ID) else { return };
    let id_type = c
        .get("法定代表人证件类型")
        .map(to_simplified)
        .unwrap_or_else(|| "身份证".to_string());
    if id_type == "身份证" {
        // The legal representative does not identify the subject: a bad number is
        // flagged for the department but does not hold back the record.
        if let Err(e) = validate_resident_id(raw, today) {
            c.warn(col::LEGAL_REP_ID, format!("身份证号码无效：{e}"));
        }
    }
}

fn penalty_detail(c: &mut Checker<'_>, ctx: &ValidationContext, decision: Option<NaiveDate>, d: &mut KindDetail) {
    d.title = c.get(col::PENALTY_CONTENT).unwrap_or_default().to_string();
    match c.get(col::PENALTY_CATEGORY).map(parse_penalty_categories) {
        Some(Ok(categories)) => {
            if categories.has_fine() && c.get(col::FINE).is_none() {
                c.warn(col::FINE, "处罚类别含罚款，但未填写罚款金额");
            }
            let category = categories.names.join("、");
            for name in categories.legacy_names() {
                c.warn(
                    col::PENALTY_CATEGORY,
                    format!("“{name}”是原《行政处罚法》的处罚种类，按原名称记录，不对应现行类别代码（暂扣为11、吊销为05），请核实"),
                );
            }
            for measure in &categories.other_measures {
                c.warn(
                    col::PENALTY_CATEGORY,
                    format!("“{measure}”不是行政处罚类别，已保留在原文中，处罚类别记为“{category}”"),
                );
            }
            d.category = Some(category);
        }
        Some(Err(e)) => c.error(col::PENALTY_CATEGORY, e.to_string()),
        None => {}
    }
    d.fine_fen = c.amount(col::FINE);
    d.confiscated_fen = c.amount(col::CONFISCATED);
    let valid_to = c.date(col::PENALTY_VALID_TO, false);
    if let (Some(dec), Some(to)) = (decision, valid_to) {
        if to < dec {
            c.error(col::PENALTY_VALID_TO, format!("处罚有效期 {to} 早于处罚决定日期 {dec}"));
        }
    }
    let declared_end = c.date(col::PUBLICITY_END, false);
    // Decided here once and stored with the record: the page, the repair form
    // and the repair decision read the stored flag, never the text again.
    d.strict_domain = penalty_is_strict(|column| c.get(column));
    if let Some(dec) = decision {
        match penalty_window(&ctx.publicity, dec, declared_end, d.strict_domain) {
            Ok(w) => d.end = Some(w.end),
            Err(e) => c.error(col::PUBLICITY_END, e.to_string()),
        }
    }
    d.simple_procedure = matches!(c.get(col::PROCEDURE).map(to_simplified).as_deref(), Some(p) if p.contains("简易"));
}

fn permit_detail(c: &mut Checker<'_>, decision: Option<NaiveDate>, d: &mut KindDetail) {
    d.title = c.get(col::PERMIT_CONTENT).unwrap_or_default().to_string();
    if let Some(cat) = c.get(col::PERMIT_CATEGORY) {
        let cat = to_simplified(cat);
        if col::PERMIT_CATEGORIES.contains(&cat.as_str()) {
            d.category = Some(cat);
        } else {
            c.error(
                col::PERMIT_CATEGORY,
                format!("“{cat}”不是有效的许可类别（{}）", col::PERMIT_CATEGORIES.join("、")),
            );
        }
    }
    let from = c.date(col::VALID_FROM, false);
    let to = c.date(col::VALID_TO, false);
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            c.error(col::VALID_TO, format!("有效期至 {to} 早于有效期自 {from}"));
        }
    }
    let _ = decision;
    d.end = to.filter(|t| !is_long_term(*t));
}

fn pledge_detail(c: &mut Checker<'_>, ctx: &ValidationContext, pledged: Option<NaiveDate>, d: &mut KindDetail) {
    use super::pledge_fulfilment::{unknown_status_message, PledgeStatus};
    d.title = c.get(col::PLEDGE_MATTER).unwrap_or_default().to_string();
    d.category = c.get(col::PLEDGE_TYPE).map(to_simplified);
    let status = match c.get(col::PLEDGE_STATUS).map(to_simplified) {
        None => None,
        Some(words) => match PledgeStatus::from_words(&words) {
            Some(status) => Some(status),
            None => {
                c.error(col::PLEDGE_STATUS, unknown_status_message(&words));
                None
            }
        },
    };
    d.pledge_status = status.map(|s| s.word().to_string());
    // 2099/12/31 (long-term) is no due date: such a pledge is never overdue.
    let due = c.date(col::PLEDGE_DUE, false).filter(|due| !is_long_term(*due));
    if let (Some(due), Some(pledged)) = (due, pledged) {
        if due < pledged {
            c.error(
                col::PLEDGE_DUE,
                format!("{} {due} 早于承诺日期 {pledged}", col::PLEDGE_DUE),
            );
        }
    }
    d.pledge_due = due;
    let fulfilled = c.date(col::PLEDGE_FULFILLED_ON, false);
    if let Some(on) = fulfilled {
        if status != Some(PledgeStatus::Kept) {
            c.error(
                col::PLEDGE_FULFILLED_ON,
                format!("{} 仅在履约状态为已履约时填写", col::PLEDGE_FULFILLED_ON),
            );
        } else if pledged.is_some_and(|p| on < p) {
            c.error(
                col::PLEDGE_FULFILLED_ON,
                format!(
                    "{} {on} 早于承诺日期 {}",
                    col::PLEDGE_FULFILLED_ON,
                    pledged.unwrap_or(on)
                ),
            );
        } else if on > ctx.today {
            c.error(
                col::PLEDGE_FULFILLED_ON,
                format!("{} {on} 晚于今天，不能登记将来的践诺", col::PLEDGE_FULFILLED_ON),
            );
        }
    }
    d.pledge_fulfilled_on = fulfilled.filter(|_| status == Some(PledgeStatus::Kept));
    if c.get(col::PLEDGE_BREACH_REASON).is_some() && status != Some(PledgeStatus::Broken) {
        c.error(
            col::PLEDGE_BREACH_REASON,
            format!("{} 仅在履约状态为未履约时填写", col::PLEDGE_BREACH_REASON),
        );
    }
}

fn list_detail(
    c: &mut Checker<'_>,
    kind: RecordKind,
    ctx: &ValidationContext,
    start: Option<NaiveDate>,
    d: &mut KindDetail,
) {
    let list_name = c.get(col::LIST_NAME).map(to_simplified).unwrap_or_default();
    d.title = c.get(col::LIST_REASON).unwrap_or_default().to_string();
    let end = c.date(col::LIST_END, false);
    let status = c.get(col::LIST_STATUS).map(to_simplified);
    let parsed_status = status.as_deref().and_then(ListStatus::from_words);
    if let Some(s) = &status {
        if parsed_status.is_none() {
            c.error(
                col::LIST_STATUS,
                format!("“{s}”不是有效的名单状态（列入名单、移出名单）"),
            );
        } else if s == "移出名单" && end.is_none() {
            c.error(col::LIST_END, "名单状态为移出名单时须填写移出日期");
        }
    }
    if let Some(start) = start {
        match end {
            Some(end) if end < start => c.error(col::LIST_END, format!("移出日期 {end} 早于列入日期 {start}")),
            _ => {
                d.end = Some(last_listed_day(parsed_status, end, || {
                    ctx.list_term_end(kind, &list_name, start)
                }))
            }
        }
    }
    d.category = Some(list_name.clone());
    d.list_name = Some(list_name);
}

/// The department a government integrity record counts against: the
/// 所在单位 the row names (required for a civil servant, a natural person),
/// else the government body the record is about.
fn integrity_unit(c: &mut Checker<'_>, subject: Option<&SubjectIdentity>) -> Option<DepartmentRef> {
    let name = c.get(col::INTEGRITY_UNIT).map(str::to_string);
    let uscc = c.uscc(col::INTEGRITY_UNIT_USCC, false);
    let person = subject.is_some_and(|s| s.kind == SubjectKind::NaturalPerson);
    match (name, uscc) {
        (Some(name), Some(uscc)) => Some(DepartmentRef { name, uscc }),
        (None, None) if !person => subject.filter(|s| s.kind == SubjectKind::GovernmentBody).and_then(|s| {
            s.uscc.clone().map(|uscc| DepartmentRef {
                name: s.name.clone(),
                uscc,
            })
        }),
        (name, uscc) => {
            let why = if person {
                "公务人员的政务失信记录须写明所在单位及其统一社会信用代码，记录计入该单位的诚信档案"
            } else {
                "所在单位与所在单位统一社会信用代码须同时填写"
            };
            if name.is_none() {
                c.error(col::INTEGRITY_UNIT, why);
            }
            // A code given but invalid was reported by `uscc` already.
            if uscc.is_none() && c.get(col::INTEGRITY_UNIT_USCC).is_none() {
                c.error(col::INTEGRITY_UNIT_USCC, why);
            }
            None
        }
    }
}

fn integrity_detail(c: &mut Checker<'_>, ctx: &ValidationContext, decision: Option<NaiveDate>, d: &mut KindDetail) {
    d.title = c.get(col::INTEGRITY_FACTS).unwrap_or_default().to_string();
    d.category = c.get(col::INTEGRITY_TYPE).map(to_simplified);
    let declared_end = c.date(col::PUBLICITY_END, false);
    if let Some(dec) = decision {
        match penalty_window(&ctx.publicity, dec, declared_end, false) {
            Ok(w) => d.end = Some(w.end),
            Err(e) => c.error(col::PUBLICITY_END, e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn penalty_row() -> RowCells {
        let mut m = RowCells::new();
        for (k, v) in [
            (col::SUBJECT_NAME, "嘉峪关市雄关建设有限公司"),
            (col::SUBJECT_KIND, "法人及非法人组织"),
            (col::USCC, "91330000755918469E"),
            (col::PENALTY_DOC_NO, "嘉市监罚〔2026〕12号"),
            (col::VIOLATION_TYPE, "未按规定公示年度报告"),
            (col::VIOLATION_FACTS, "该公司未按规定公示年度报告"),
            (col::PENALTY_BASIS, "《企业信息公示暂行条例》第十七条"),
            (col::PENALTY_CATEGORY, "01,02"),
            (col::PENALTY_CONTENT, "警告，罚款0.5万元"),
            (col::FINE, "0.5"),
            (col::PENALTY_DATE, "2026/03/02"),
            (col::PENALTY_VALID_TO, "2026/09/02"),
            (col::PUBLICITY_END, "2027/03/02"),
            (col::PENALTY_AUTHORITY, "嘉峪关市市场监督管理局"),
            (col::PENALTY_AUTHORITY_USCC, "913101151324074865"),
            (col::SOURCE, "嘉峪关市市场监督管理局"),
            (col::SOURCE_USCC, "913101151324074865"),
        ] {
            m.insert(k, v.to_string());
        }
        m
    }

    fn ctx() -> ValidationContext {
        ValidationContext::new(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
    }

    /// A department's 限时办结 pledge, the way a government pledge file gives it.
    fn pledge_row(extra: &[(&'static str, &str)]) -> RowCells {
        let mut m = RowCells::new();
        for (k, v) in [
            (col::SUBJECT_NAME, "嘉峪关市市场监督管理局"),
            (col::SUBJECT_KIND, "机关"),
            (col::USCC, "11620200013900001M"),
            (col::PLEDGE_DOC_NO, "嘉市监诺〔2026〕1号"),
            (col::PLEDGE_TYPE, "限时辦結"),
            (col::PLEDGE_MATTER, "食品经营许可"),
            (col::PLEDGE_CONTENT, "材料齐全的，5个工作日内办结。"),
            (col::PLEDGE_DATE, "2026/11/02"),
            (col::PLEDGE_AUTHORITY, "嘉峪关市社会信用体系建设领导小组办公室"),
            (col::PLEDGE_AUTHORITY_USCC, "913101151324074865"),
            (col::SOURCE, "嘉峪关市市场监督管理局"),
            (col::SOURCE_USCC, "913101151324074865"),
        ]
        .into_iter()
        .chain(extra.iter().copied())
        {
            m.insert(k, v.to_string());
        }
        m
    }

    fn pledge_problems(extra: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        validate_row(RecordKind::Pledge, &pledge_row(extra), &ctx())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.column, p.message))
            .collect()
    }

    #[test]
    fn a_pledge_with_its_due_date_and_the_words_files_use() {
        let r = validate_row(
            RecordKind::Pledge,
            &pledge_row(&[(col::PLEDGE_DUE, "2026-11-09"), (col::PLEDGE_STATUS, "履约中")]),
            &ctx(),
        )
        .unwrap()
        .record;
        assert_eq!(r.category.as_deref(), Some("限时办结"));
        assert_eq!(r.pledge_due, NaiveDate::from_ymd_opt(2026, 11, 9));
        assert_eq!(r.pledge_status.as_deref(), Some("履约中"));
        // 已践诺 is stored and published as 已履约, with its day.
        let r = validate_row(
            RecordKind::Pledge,
            &pledge_row(&[(col::PLEDGE_STATUS, "已踐諾"), (col::PLEDGE_FULFILLED_ON, "2026/11/05")]),
            &ctx(),
        )
        .unwrap()
        .record;
        assert_eq!(r.pledge_status.as_deref(), Some("已履约"));
        assert_eq!(r.pledge_fulfilled_on, NaiveDate::from_ymd_opt(2026, 11, 5));
        assert!(r
            .public_columns
            .contains(&(col::PLEDGE_STATUS.to_string(), "已履约".to_string())));
        for broken in ["未践诺", "违约", "未履约"] {
            let r = validate_row(RecordKind::Pledge, &pledge_row(&[(col::PLEDGE_STATUS, broken)]), &ctx())
                .unwrap()
                .record;
            assert_eq!(r.pledge_status.as_deref(), Some("未履约"), "{broken}");
        }
        // Long-term is no due date.
        let r = validate_row(
            RecordKind::Pledge,
            &pledge_row(&[(col::PLEDGE_DUE, "2099/12/31")]),
            &ctx(),
        )
        .unwrap()
        .record;
        assert_eq!(r.pledge_due, None);
    }

    #[test]
    fn pledge_dates_and_words_are_checked() {
        let p = pledge_problems(&[(col::PLEDGE_STATUS, "差不多")]);
        assert_eq!(p[0].0, col::PLEDGE_STATUS);
        assert!(p[0].1.contains("差不多") && p[0].1.contains("已履约"), "{p:?}");
        let p = pledge_problems(&[(col::PLEDGE_DUE, "2026/02/30")]);
        assert_eq!(p[0].0, col::PLEDGE_DUE);
        let p = pledge_problems(&[(col::PLEDGE_DUE, "2026/11/01")]);
        assert_eq!(p[0].0, col::PLEDGE_DUE);
        assert!(
            p[0].1.contains("承诺履行期限") && p[0].1.contains("早于承诺日期"),
            "{p:?}"
        );
        let p = pledge_problems(&[(col::PLEDGE_FULFILLED_ON, "2026/11/05")]);
        assert_eq!(p[0].0, col::PLEDGE_FULFILLED_ON, "a day kept without 已履约");
        let p = pledge_problems(&[(col::PLEDGE_STATUS, "已履约"), (col::PLEDGE_FULFILLED_ON, "2026/12/05")]);
        assert!(p[0].1.contains("晚于今天"), "{p:?}");
        let p = pledge_problems(&[(col::PLEDGE_STATUS, "已履约"), (col::PLEDGE_BREACH_REASON, "逾期")]);
        assert_eq!(p[0].0, col::PLEDGE_BREACH_REASON);
    }

    #[test]
    fn a_good_penalty_row_validates() {
        let row = validate_row(RecordKind::Penalty, &penalty_row(), &ctx()).unwrap();
        let r = row.record;
        assert_eq!(r.fine_fen, Some(500_000));
        assert_eq!(r.category.as_deref(), Some("警告、罚款"));
        assert_eq!(r.end_date, NaiveDate::from_ymd_opt(2027, 3, 2));
        assert_eq!(r.subject.uscc.as_deref(), Some("91330000755918469E"));
        assert!(!r.sensitive && !r.simple_procedure);
        assert!(!r.strict_domain);
    }

    #[test]
    fn a_birth_date_after_today_is_refused() {
        let mut row = penalty_row();
        row.insert(col::SUBJECT_NAME, "张三".into());
        row.insert(col::SUBJECT_KIND, "自然人".into());
        row.remove(col::USCC);
        row.insert(col::ID_TYPE, "身份证".into());
        row.insert(col::ID_NUMBER, "110105209912310029".into());
        let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.column == col::ID_NUMBER && e.message.contains("晚于今天")),
            "{errors:?}"
        );
        // The same number is fine once its birthday has passed (the clock is passed in).
        let later = ValidationContext::new(NaiveDate::from_ymd_opt(2100, 1, 1).unwrap());
        row.insert(col::PENALTY_DATE, "2099/12/31".into());
        row.insert(col::PENALTY_VALID_TO, "2099/12/31".into());
        row.insert(col::PUBLICITY_END, "2100/12/31".into());
        assert!(validate_row(RecordKind::Penalty, &row, &later).is_ok());
    }

    #[test]
    fn free_text_is_screened_for_ids_and_mobiles() {
        let mut row = penalty_row();
        row.insert(
            col::VIOLATION_FACTS,
            "当事人张某（身份证号110105194912310029，手机13812345678）无照经营".into(),
        );
        row.insert(col::PENALTY_CONTENT, "罚款0.5万元，联系人电话139-1234-5678".into());
        let valid = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap();
        let all = format!("{:?}{}", valid.record.public_columns, valid.record.title);
        assert!(
            all.contains("110105********0029") && all.contains("138****5678"),
            "{all}"
        );
        assert!(valid.record.title.contains("139-****-5678"), "{}", valid.record.title);
        for full in ["110105194912310029", "13812345678", "1234-5678"] {
            assert!(!all.contains(full), "{full} in {all}");
            assert!(!format!("{:?}", valid.record.private_columns).contains(full));
        }
        let warned: Vec<_> = valid.warnings.iter().map(|w| w.column).collect();
        assert!(
            warned.contains(&col::VIOLATION_FACTS) && warned.contains(&col::PENALTY_CONTENT),
            "{warned:?}"
        );
        assert!(valid
            .warnings
            .iter()
            .any(|w| w.message.contains("1个身份证号码、1个手机号码")));
        // A row without such numbers raises no warning and is unchanged.
        let plain = validate_row(RecordKind::Penalty, &penalty_row(), &ctx()).unwrap();
        assert!(plain.warnings.is_empty(), "{:?}", plain.warnings);
    }

    #[test]
    fn strictness_is_decided_from_authority_violation_type_and_basis() {
        // A 市场监管局 penalty for special equipment: strict, so a 公示截止期
        // 6 months after the decision is below the 1-year minimum.
        let mut row = penalty_row();
        row.insert(col::VIOLATION_TYPE, "特种设备未经定期检验继续使用".into());
        row.insert(col::PUBLICITY_END, "2026/09/02".into());
        let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.column == col::PUBLICITY_END && e.message.contains("1年")),
            "{errors:?}"
        );
        row.insert(col::PUBLICITY_END, "2027/03/02".into());
        assert!(
            validate_row(RecordKind::Penalty, &row, &ctx())
                .unwrap()
                .record
                .strict_domain
        );
        // The legal basis alone also makes it strict.
        let mut row = penalty_row();
        row.insert(col::PENALTY_BASIS, "《中华人民共和国消防法》第六十条".into());
        assert!(
            validate_row(RecordKind::Penalty, &row, &ctx())
                .unwrap()
                .record
                .strict_domain
        );
    }

    #[test]
    fn bad_rows_name_column_and_reason() {
        let mut row = penalty_row();
        row.insert(col::USCC, "91330000755918469F".into());
        row.remove(col::PENALTY_BASIS);
        row.insert(col::PENALTY_VALID_TO, "2026/01/01".into());
        let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
        let cols: Vec<_> = errors.iter().map(|e| e.column).collect();
        assert!(cols.contains(&col::USCC), "{errors:?}");
        assert!(cols.contains(&col::PENALTY_BASIS), "{errors:?}");
        assert!(cols.contains(&col::PENALTY_VALID_TO), "{errors:?}");
    }

    #[test]
    fn a_natural_person_is_stored_full_and_shown_masked() {
        let mut row = penalty_row();
        row.insert(col::SUBJECT_NAME, "张三".into());
        row.insert(col::SUBJECT_KIND, "自然人".into());
        row.remove(col::USCC);
        row.insert(col::ID_TYPE, "身份证".into());
        row.insert(col::ID_NUMBER, "11010519491231002x".into());
        let r = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap().record;
        assert_eq!(r.subject.id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(r.subject.identity_key(), "ID:11010519491231002X");
        let shown = r.public_columns.iter().find(|(k, _)| k == col::ID_NUMBER).unwrap();
        assert_eq!(shown.1, "110105********002X");
        assert!(!format!("{:?}", r.public_columns).contains("11010519491231002"));
    }

    #[test]
    fn a_fine_without_amount_warns_and_categories_must_be_known() {
        let mut row = penalty_row();
        row.remove(col::FINE);
        let valid = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap();
        assert_eq!(valid.warnings[0].column, col::FINE);
        assert_eq!(valid.record.fine_fen, None);
        row.insert(col::LEGAL_REP_ID, "110105194912310021".into());
        let valid = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap();
        assert!(valid.warnings.iter().any(|w| w.column == col::LEGAL_REP_ID));
        let shown = valid
            .record
            .public_columns
            .iter()
            .find(|(k, _)| k == col::LEGAL_REP_ID)
            .unwrap();
        assert_eq!(shown.1, "110105********0021");
        assert_eq!(parse_penalty_categories("警告、罚款").unwrap().codes, vec!["01", "02"]);
        assert_eq!(parse_penalty_categories("2").unwrap().codes, vec!["02"]);
        assert!(parse_penalty_categories("99").is_err());
    }

    #[test]
    fn simple_procedure_and_sensitive_flags_are_read() {
        let mut row = penalty_row();
        row.insert(col::PROCEDURE, "簡易".into());
        row.insert(col::SENSITIVE, "是".into());
        let r = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap().record;
        assert!(r.simple_procedure && r.sensitive);
    }

    #[test]
    fn columns_the_2015_template_never_had_are_demanded_only_when_present() {
        let mut row = penalty_row();
        row.remove(col::PENALTY_VALID_TO);
        assert!(validate_row(RecordKind::Penalty, &row, &ctx()).is_ok());
        row.insert(col::PENALTY_VALID_TO, String::new());
        let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
        assert_eq!(errors[0].column, col::PENALTY_VALID_TO);
    }

    #[test]
    fn future_decision_dates_are_refused() {
        let mut row = penalty_row();
        row.insert(col::PENALTY_DATE, "2027/01/01".into());
        row.insert(col::PENALTY_VALID_TO, "2027/01/01".into());
        row.remove(col::PUBLICITY_END);
        let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
        assert!(errors.iter().any(|e| e.column == col::PENALTY_DATE));
    }

    fn list_row() -> RowCells {
        let mut m = RowCells::new();
        for (k, v) in [
            (col::SUBJECT_NAME, "张三"),
            (col::SUBJECT_KIND, "自然人"),
            (col::ID_NUMBER, "432930****0278215"),
            (col::LIST_NAME, "失信被执行人"),
            (col::LIST_REASON, "有履行能力而拒不履行生效法律文书确定义务"),
            (
                col::LIST_BASIS,
                "《最高人民法院关于公布失信被执行人名单信息的若干规定》",
            ),
            (col::LIST_DOC_NO, "(2026)甘0201执123号"),
            (col::LIST_AUTHORITY, "嘉峪关市城区人民法院"),
            (col::LIST_AUTHORITY_USCC, "913101151324074865"),
            (col::LIST_START, "2026/03/02"),
            (col::SOURCE, "嘉峪关市城区人民法院"),
            (col::SOURCE_USCC, "913101151324074865"),
        ] {
            m.insert(k, v.to_string());
        }
        m
    }

    #[test]
    fn a_list_entry_without_end_gets_its_configured_term() {
        let default = validate_row(RecordKind::Blacklist, &list_row(), &ctx()).unwrap().record;
        assert_eq!(default.end_date, NaiveDate::from_ymd_opt(2029, 3, 2));
        let mut configured = ctx();
        configured
            .configured_terms
            .insert((RecordKind::Blacklist, "失信被执行人".into()), 2);
        let r = validate_row(RecordKind::Blacklist, &list_row(), &configured)
            .unwrap()
            .record;
        assert_eq!(r.end_date, NaiveDate::from_ymd_opt(2028, 3, 2));
        // The term of a red list of the same name does not apply.
        let mut other = ctx();
        other
            .configured_terms
            .insert((RecordKind::Redlist, "失信被执行人".into()), 5);
        let r = validate_row(RecordKind::Blacklist, &list_row(), &other).unwrap().record;
        assert_eq!(r.end_date, NaiveDate::from_ymd_opt(2029, 3, 2));
    }

    #[test]
    fn a_removed_entry_ends_the_day_before_its_removal_date() {
        let mut row = list_row();
        row.insert(col::LIST_STATUS, "移出名单".into());
        row.insert(col::LIST_END, "2027/01/01".into());
        let r = validate_row(RecordKind::Blacklist, &row, &ctx()).unwrap().record;
        assert_eq!(r.end_date, NaiveDate::from_ymd_opt(2026, 12, 31));
        row.insert(col::LIST_STATUS, "列入名单".into());
        let r = validate_row(RecordKind::Blacklist, &row, &ctx()).unwrap().record;
        assert_eq!(r.end_date, NaiveDate::from_ymd_opt(2027, 1, 1));
    }

    /// A valid USCC with the given first 17 characters.
    fn uscc_of(first17: &str) -> String {
        format!("{first17}{}", crate::domain::uscc::check_char(first17).unwrap())
    }

    #[test]
    fn amounts_are_read_in_wan_yuan_and_a_yuan_cell_is_a_conflict() {
        let mut row = penalty_row();
        row.insert(col::FINE, "0.5万元".into());
        row.insert(col::CONFISCATED, "1,150".into());
        let r = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap().record;
        assert_eq!(r.fine_fen, Some(500_000));
        assert_eq!(r.confiscated_fen, Some(1_150_000_000));
        row.insert(col::FINE, "5000元".into());
        let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
        let fine = errors.iter().find(|e| e.column == col::FINE).expect("fine error");
        assert!(
            fine.message.contains("5000元") && fine.message.contains("万元"),
            "{fine:?}"
        );
    }

    #[test]
    fn penalty_categories_with_measures_old_names_and_other() {
        let mut row = penalty_row();
        row.insert(col::PENALTY_CATEGORY, "罚款；责令改正".into());
        let valid = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap();
        assert_eq!(valid.record.category.as_deref(), Some("罚款"));
        let w = valid
            .warnings
            .iter()
            .find(|w| w.column == col::PENALTY_CATEGORY)
            .expect("measure warning");
        assert_eq!(
            w.message,
            "“责令改正”不是行政处罚类别，已保留在原文中，处罚类别记为“罚款”"
        );
        // The cell itself is published as written.
        assert!(valid
            .record
            .public_columns
            .contains(&(col::PENALTY_CATEGORY.to_string(), "罚款；责令改正".to_string())));

        row.insert(col::PENALTY_CATEGORY, "责令限期改正".into());
        let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
        let e = errors.iter().find(|e| e.column == col::PENALTY_CATEGORY).unwrap();
        assert!(e.message.contains("“责令限期改正”不是行政处罚类别"), "{e:?}");

        row.insert(col::PENALTY_CATEGORY, "警告、拘役".into());
        let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
        let e = errors.iter().find(|e| e.column == col::PENALTY_CATEGORY).unwrap();
        assert!(e.message.contains("“拘役”"), "{e:?}");

        // An old-law name is kept, with no code: no fine warning, a note to check.
        row.remove(col::FINE);
        row.insert(col::PENALTY_CATEGORY, "暂扣或者吊销许可证".into());
        let valid = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap();
        assert_eq!(valid.record.category.as_deref(), Some("暂扣或者吊销许可证"));
        assert!(valid.warnings.iter().all(|w| w.column != col::FINE));
        assert!(valid
            .warnings
            .iter()
            .any(|w| w.column == col::PENALTY_CATEGORY && w.message.contains("原《行政处罚法》")));

        // The 2015 template's 其他 is 07; 2 is 罚款 and warns without an amount.
        row.insert(col::PENALTY_CATEGORY, "2,其他".into());
        let valid = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap();
        assert_eq!(
            valid.record.category.as_deref(),
            Some("罚款、法律、行政法规规定的其他行政处罚")
        );
        assert!(valid.warnings.iter().any(|w| w.column == col::FINE));
    }

    #[test]
    fn a_list_accepts_a_masked_id_as_an_unverified_identity() {
        for kind in [RecordKind::Blacklist, RecordKind::Redlist] {
            let valid = validate_row(kind, &list_row(), &ctx()).unwrap();
            let s = &valid.record.subject;
            assert_eq!(s.kind, SubjectKind::NaturalPerson);
            assert_eq!(s.id_number, None);
            assert_eq!(s.id_masked.as_deref(), Some("432930*******8215"));
            assert_eq!(s.identity_key(), "MASKED:张三:432930*******8215");
            assert!(!s.identity_verified());
            let w = valid.warnings.iter().find(|w| w.column == col::ID_NUMBER).unwrap();
            assert_eq!(w.message, "名单只提供脱敏证件号码，按姓名+脱敏号码识别，身份未核验");
            // The public column shows the number re-masked, never more of it.
            let shown = valid
                .record
                .public_columns
                .iter()
                .find(|(k, _)| k == col::ID_NUMBER)
                .unwrap();
            assert_eq!(shown.1, "432930*******8215");
            assert!(!format!("{:?}", valid.record.public_columns).contains("0278215"));
        }
        // A full number on a list is still checked and verified.
        let mut row = list_row();
        row.insert(col::ID_NUMBER, "11010519491231002X".into());
        let valid = validate_row(RecordKind::Blacklist, &row, &ctx()).unwrap();
        assert_eq!(valid.record.subject.identity_key(), "ID:11010519491231002X");
        assert!(valid.record.subject.identity_verified());
        row.insert(col::ID_NUMBER, "110105194912310021".into());
        let errors = validate_row(RecordKind::Blacklist, &row, &ctx()).unwrap_err();
        assert!(errors.iter().any(|e| e.column == col::ID_NUMBER), "{errors:?}");
    }

    #[test]
    fn other_kinds_need_the_full_id_number() {
        let mut row = penalty_row();
        row.insert(col::SUBJECT_NAME, "张三".into());
        row.insert(col::SUBJECT_KIND, "自然人".into());
        row.remove(col::USCC);
        for id_type in ["身份证", "其他"] {
            row.insert(col::ID_TYPE, id_type.into());
            row.insert(col::ID_NUMBER, "432930****0278215".into());
            let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
            let e = errors
                .iter()
                .find(|e| e.column == col::ID_NUMBER)
                .expect("masked id error");
            assert!(
                e.message.contains("脱敏号码") && e.message.contains("行政处罚"),
                "{e:?}"
            );
            assert!(!e.message.contains("0278215"), "{e:?}");
        }
    }

    #[test]
    fn subject_kind_is_inferred_when_empty_or_absent() {
        let mut row = penalty_row();
        row.remove(col::SUBJECT_KIND);
        let valid = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap();
        assert_eq!(valid.record.subject.kind, SubjectKind::Organisation);
        let w = valid.warnings.iter().find(|w| w.column == col::SUBJECT_KIND).unwrap();
        assert!(
            w.message.contains("91330000755918469E") && w.message.contains("企业"),
            "{w:?}"
        );
        assert!(w.message.contains("推断为法人及非法人组织"), "{w:?}");

        // An empty cell is read like an absent column.
        row.insert(col::SUBJECT_KIND, "  ".into());
        let government = uscc_of("11620200013921234");
        row.insert(col::USCC, government.clone());
        let valid = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap();
        assert_eq!(valid.record.subject.kind, SubjectKind::GovernmentBody);

        // A natural person: no USCC, an ID number.
        row.remove(col::USCC);
        row.insert(col::SUBJECT_NAME, "张三".into());
        row.insert(col::ID_NUMBER, "11010519491231002X".into());
        let valid = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap();
        assert_eq!(valid.record.subject.kind, SubjectKind::NaturalPerson);
        let w = valid.warnings.iter().find(|w| w.column == col::SUBJECT_KIND).unwrap();
        assert!(w.message.contains("证件号码") && w.message.contains("自然人"), "{w:?}");

        // Nothing to infer from: one error, on the column.
        row.remove(col::ID_NUMBER);
        let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
        let kind_errors: Vec<_> = errors.iter().filter(|e| e.column == col::SUBJECT_KIND).collect();
        assert_eq!(kind_errors.len(), 1, "{errors:?}");
        assert!(kind_errors[0].message.contains("必填项为空"), "{errors:?}");

        // A list names a person by a masked number without a kind.
        let mut row = list_row();
        row.remove(col::SUBJECT_KIND);
        let valid = validate_row(RecordKind::Blacklist, &row, &ctx()).unwrap();
        assert_eq!(valid.record.subject.kind, SubjectKind::NaturalPerson);
        assert_eq!(valid.record.subject.identity_key(), "MASKED:张三:432930*******8215");

        // A written kind that is not a kind is still an error.
        let mut row = penalty_row();
        row.insert(col::SUBJECT_KIND, "公司".into());
        let errors = validate_row(RecordKind::Penalty, &row, &ctx()).unwrap_err();
        assert!(errors
            .iter()
            .any(|e| e.column == col::SUBJECT_KIND && e.message.contains("“公司”")));
    }

    #[test]
    fn inferring_the_subject_kind() {
        let org = "91330000755918469E";
        assert_eq!(
            infer_subject_kind(Some(org), false, false),
            Some(SubjectKind::Organisation)
        );
        assert_eq!(
            infer_subject_kind(Some(org), true, false),
            Some(SubjectKind::Organisation)
        );
        assert_eq!(
            infer_subject_kind(Some(&uscc_of("11620200013921234")), false, false),
            Some(SubjectKind::GovernmentBody)
        );
        assert_eq!(
            infer_subject_kind(Some(&uscc_of("92620200MA7X1234P")), false, false),
            Some(SubjectKind::IndividualBusiness)
        );
        assert_eq!(
            infer_subject_kind(Some(&uscc_of("12620200013921234")), false, false),
            Some(SubjectKind::Organisation)
        );
        assert_eq!(
            infer_subject_kind(Some(&uscc_of("52620200MJ0000001")), false, false),
            Some(SubjectKind::Organisation)
        );
        // An invalid code or an unknown organisation type is not guessed from.
        assert_eq!(infer_subject_kind(Some("91330000755918469F"), true, false), None);
        assert_eq!(
            infer_subject_kind(Some(&uscc_of("99620200013921234")), false, false),
            None
        );
        assert_eq!(infer_subject_kind(None, true, false), Some(SubjectKind::NaturalPerson));
        assert_eq!(
            infer_subject_kind(Some("  "), true, false),
            Some(SubjectKind::NaturalPerson)
        );
        assert_eq!(infer_subject_kind(None, false, false), None);
        assert_eq!(infer_subject_kind(None, false, true), Some(SubjectKind::Organisation));
    }
}
