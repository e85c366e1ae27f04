//! A complaint or report (投诉举报) as the public submits it: the form's raw
//! text in, either a cleaned complaint or every problem (field, message) in
//! form order out. Nothing here knows about HTTP or the database.

use super::field_error::FieldError;
use super::script::fold_width;
use super::uscc::validate_uscc;

/// Who the complaint is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    Enterprise,
    Individual,
    Government,
}

impl TargetKind {
    pub const ALL: [TargetKind; 3] = [TargetKind::Enterprise, TargetKind::Individual, TargetKind::Government];

    pub fn code(self) -> &'static str {
        match self {
            TargetKind::Enterprise => "enterprise",
            TargetKind::Individual => "individual",
            TargetKind::Government => "government",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TargetKind::Enterprise => "企业",
            TargetKind::Individual => "个体工商户",
            TargetKind::Government => "政府部门",
        }
    }

    pub fn from_code(code: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The categories offered, in the order the form lists them.
pub const CATEGORIES: [&str; 8] = [
    "虚假宣传",
    "产品质量",
    "食品安全",
    "安全生产",
    "拖欠工资",
    "合同违约",
    "政务失信",
    "其他",
];

pub const TARGET_NAME_MAX: usize = 100;
pub const DESCRIPTION_MIN: usize = 10;
pub const DESCRIPTION_MAX: usize = 2000;
pub const CONTACT_NAME_MAX: usize = 50;
pub const EMAIL_MAX: usize = 254;

/// What the form sent, as typed (every field is kept to show the form again).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComplaintForm {
    pub target_kind: String,
    pub target_name: String,
    pub target_uscc: String,
    pub category: String,
    pub description: String,
    pub anonymous: bool,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
}

/// How to reach a complainant who is not anonymous (at least a phone or an e-mail).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A complaint that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Complaint {
    pub target_kind: TargetKind,
    pub target_name: String,
    /// Upper-cased and half-width when given.
    pub target_uscc: Option<String>,
    pub category: &'static str,
    pub description: String,
    /// None for an anonymous complaint: nothing of the contact fields is kept.
    pub contact: Option<Contact>,
}

fn err(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

fn clean(s: &str) -> String {
    s.trim().to_string()
}

/// Checks every field and returns the cleaned complaint, or all problems in form order.
pub fn validate_complaint(form: &ComplaintForm) -> Result<Complaint, Vec<FieldError>> {
    let mut errors = Vec::new();

    let target_kind = TargetKind::from_code(form.target_kind.trim());
    if target_kind.is_none() {
        errors.push(err("target_kind", "请选择被投诉对象的类型"));
    }

    let target_name = clean(&form.target_name);
    if target_name.is_empty() {
        errors.push(err("target_name", "请输入被投诉对象的名称"));
    } else if target_name.chars().count() > TARGET_NAME_MAX {
        errors.push(err(
            "target_name",
            format!("被投诉对象名称不能超过 {TARGET_NAME_MAX} 个字"),
        ));
    }

    let uscc = form.target_uscc.trim();
    let target_uscc = if uscc.is_empty() {
        None
    } else {
        match validate_uscc(uscc) {
            Ok(v) => Some(v.code),
            Err(e) => {
                errors.push(err("target_uscc", format!("{e}。如不清楚，可以不填")));
                None
            }
        }
    };

    let category = CATEGORIES.into_iter().find(|c| *c == form.category.trim());
    if category.is_none() {
        errors.push(err("category", "请选择问题类别"));
    }

    let description = clean(&form.description);
    let len = description.chars().count();
    if description.is_empty() {
        errors.push(err("description", "请描述您要投诉举报的问题"));
    } else if len < DESCRIPTION_MIN {
        errors.push(err(
            "description",
            format!("问题描述至少要有 {DESCRIPTION_MIN} 个字，请写明发生了什么"),
        ));
    } else if len > DESCRIPTION_MAX {
        errors.push(err(
            "description",
            format!("问题描述不能超过 {DESCRIPTION_MAX} 个字，现在有 {len} 个字"),
        ));
    }

    let contact = if form.anonymous {
        None
    } else {
        let name = clean(&form.contact_name);
        if name.chars().count() > CONTACT_NAME_MAX {
            errors.push(err("contact_name", format!("姓名不能超过 {CONTACT_NAME_MAX} 个字")));
        }
        let phone = clean(&fold_width(&form.phone));
        let email = clean(&fold_width(&form.email));
        if phone.is_empty() && email.is_empty() {
            errors.push(err(
                "phone",
                "请填写手机号码、固定电话或电子邮箱中的至少一项，或者勾选“匿名提交”",
            ));
        }
        if !phone.is_empty() && !is_phone(&phone) {
            errors.push(err(
                "phone",
                "电话号码格式不正确：手机号码为 11 位数字，如 13812345678；固定电话请加区号，如 0937-1234567",
            ));
        }
        if !email.is_empty() && !is_email(&email) {
            errors.push(err("email", "电子邮箱格式不正确，应类似 name@example.com"));
        }
        Some(Contact {
            name: (!name.is_empty()).then_some(name),
            phone: (!phone.is_empty()).then_some(phone),
            email: (!email.is_empty()).then_some(email),
        })
    };

    match (target_kind, category) {
        (Some(target_kind), Some(category)) if errors.is_empty() => Ok(Complaint {
            target_kind,
            target_name,
            target_uscc,
            category,
            description,
            contact,
        }),
        _ => Err(errors),
    }
}

/// Who a submission names as its target, as stored: what the assignment rule
/// needs to find the department a complaint accuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ComplaintTarget<'a> {
    /// The submission's kind code (`complaint`, `objection`, …).
    pub submission_kind: &'a str,
    /// [`TargetKind`] code (`government` for a 政务失信 complaint about a body).
    pub target_kind: &'a str,
    pub target_name: &'a str,
    pub target_uscc: Option<&'a str>,
    /// The issuing authority of the record it concerns, if any.
    pub record_authority_id: Option<i64>,
}

/// A department that might be asked to check the facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    pub id: i64,
    pub name: &'a str,
    pub uscc: &'a str,
}

/// Names compared without width, spaces or case differences.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        fold_width(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// The name without its leading region (嘉峪关市, 甘肃省嘉峪关市, 某某县 …):
/// a prefix ending in 省, 市, 州, 县 or 区 of at least two characters before the
/// rest, so 市场监督管理局 (whose 市 begins the name) keeps its 市.
fn without_region(name: &str) -> &str {
    let mut rest = name;
    loop {
        let cut = rest
            .char_indices()
            .find(|&(i, c)| i > 0 && matches!(c, '省' | '市' | '州' | '县' | '区'));
        match cut {
            Some((i, c)) if rest[..i].chars().count() >= 2 && rest[i + c.len_utf8()..].chars().count() >= 2 => {
                rest = &rest[i + c.len_utf8()..]
            }
            _ => return rest,
        }
    }
}

/// Whether `short` is a short form of the department `full`, as people write
/// them (市场监管局 for 嘉峪关市市场监督管理局, 住建局 for 住房和城乡建设局,
/// 发改委 for 发展和改革委员会): at least three characters, the same first
/// character once the region is left off, and every character in order.
fn short_form_of(short: &str, full: &str) -> bool {
    let (short, full) = (without_region(short), without_region(full));
    if short.chars().count() < 3 || short.chars().next() != full.chars().next() {
        return false;
    }
    let mut rest = full.chars();
    short.chars().all(|c| rest.any(|f| f == c))
}

/// The name a complaint gives for a government body names this department:
/// the same name, or a short form of it (`short_form_of`). Erring towards a
/// match only keeps a department from checking a complaint that may be about it.
fn names_department(named: &str, department: &str) -> bool {
    let norm = |s: &str| -> String {
        fold_width(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    };
    same_name(named, department) || short_form_of(&norm(named), &norm(department))
}

/// Whether the complaint accuses `department`: the department is the body it
/// names (same USCC, or for a complaint about a government body the same
/// name or a short form of it), or the authority of the record it concerns. Only complaints accuse;
/// an objection or a repair application is checked by the record's own
/// authority on purpose (the data provider verifies its data).
pub fn accuses(target: &ComplaintTarget<'_>, department: &Candidate<'_>) -> bool {
    if target.submission_kind != "complaint" {
        return false;
    }
    let by_code = target
        .target_uscc
        .is_some_and(|code| !code.trim().is_empty() && code.trim().eq_ignore_ascii_case(department.uscc.trim()));
    let by_name =
        target.target_kind == TargetKind::Government.code() && names_department(target.target_name, department.name);
    let by_record = target.record_authority_id == Some(department.id);
    by_code || by_name || by_record
}

/// The departments a submission may be assigned to for checking: every one
/// but the department it accuses — a complaint is never sent to the body it
/// complains about (DOMAIN.md "Rules made precise").
pub fn eligible_assignees<'a, 'd>(
    target: &ComplaintTarget<'a>,
    departments: &'d [Candidate<'d>],
) -> Vec<&'d Candidate<'d>> {
    departments.iter().filter(|d| !accuses(target, d)).collect()
}

/// Why assigning to `department` is refused, in words for the back-office.
pub fn assignment_refusal(target: &ComplaintTarget<'_>, department: &Candidate<'_>) -> Option<String> {
    accuses(target, department).then(|| {
        format!(
            "不能转{}核查：该投诉举报针对的正是{}，被投诉部门不得核查针对自身的投诉，请改转其他部门或由信用管理部门直接办理",
            department.name, department.name
        )
    })
}

/// An 11-digit mainland mobile number (1[3-9]…), or a landline with its area
/// code: 0 + 2–3 digits, an optional hyphen or space, then 7–8 digits.
pub fn is_phone(s: &str) -> bool {
    let digits_only = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let b = s.as_bytes();
    if s.len() == 11 && digits_only(s) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        return true;
    }
    let (area, number) = match s.split_once(['-', ' ']) {
        Some((a, n)) => (a, n),
        // Without a separator: area code (3–4 digits) + number (7–8 digits).
        None => return digits_only(s) && s.starts_with('0') && (10..=12).contains(&s.len()),
    };
    digits_only(area)
        && area.starts_with('0')
        && (3..=4).contains(&area.len())
        && digits_only(number)
        && (7..=8).contains(&number.len())
}

/// A plain address check: one `@`, a local part, a dotted domain, no spaces.
pub fn is_email(s: &str) -> bool {
    if s.len() > EMAIL_MAX || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ComplaintForm {
        ComplaintForm {
            target_kind: "enterprise".into(),
            target_name: " 嘉峪关市镜铁食品有限公司 ".into(),
            target_uscc: "91320322mablp2x24r".into(),
            category: "食品安全".into(),
            description: "出售过期食品，标签日期被涂改过。".into(),
            anonymous: false,
            contact_name: "李四".into(),
            phone: "13812345678".into(),
            email: String::new(),
        }
    }

    fn fields(form: &ComplaintForm) -> Vec<&'static str> {
        validate_complaint(form)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_good_form_is_cleaned() {
        let c = validate_complaint(&good()).unwrap();
        assert_eq!(c.target_kind, TargetKind::Enterprise);
        assert_eq!(c.target_name, "嘉峪关市镜铁食品有限公司");
        assert_eq!(c.target_uscc.as_deref(), Some("91320322MABLP2X24R"));
        assert_eq!(c.category, "食品安全");
        let contact = c.contact.unwrap();
        assert_eq!(contact.phone.as_deref(), Some("13812345678"));
        assert_eq!(contact.email, None);
    }

    #[test]
    fn an_empty_form_lists_every_required_field_in_form_order() {
        assert_eq!(
            fields(&ComplaintForm::default()),
            ["target_kind", "target_name", "category", "description", "phone"]
        );
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        let mut f = good();
        f.target_name = "字".repeat(100);
        f.description = "字".repeat(2000);
        assert!(validate_complaint(&f).is_ok());
        f.target_name = "字".repeat(101);
        f.description = "字".repeat(2001);
        assert_eq!(fields(&f), ["target_name", "description"]);
        f = good();
        f.description = "太短了".into();
        assert_eq!(fields(&f), ["description"]);
    }

    #[test]
    fn unknown_choices_are_refused() {
        let mut f = good();
        f.target_kind = "alien".into();
        f.category = "别的".into();
        assert_eq!(fields(&f), ["target_kind", "category"]);
    }

    #[test]
    fn the_uscc_is_optional_but_checked_when_given() {
        let mut f = good();
        f.target_uscc = "  ".into();
        assert_eq!(validate_complaint(&f).unwrap().target_uscc, None);
        f.target_uscc = "91320322MABLP2X24A".into();
        let e = validate_complaint(&f).unwrap_err();
        assert_eq!(e[0].field, "target_uscc");
        assert!(e[0].message.contains("校验位"), "{}", e[0].message);
    }

    #[test]
    fn phones_mobile_and_landline() {
        for ok in [
            "13812345678",
            "19912345678",
            "0937-1234567",
            "010-12345678",
            "0937 1234567",
            "09371234567",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in [
            "12812345678",
            "1381234567",
            "138123456789",
            "937-1234567",
            "0937-123456",
            "abc",
            "0937-12345678x",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
        let mut f = good();
        f.phone = "12345".into();
        assert_eq!(fields(&f), ["phone"]);
        f.phone = "１３８１２３４５６７８".into(); // full-width digits are folded
        assert!(validate_complaint(&f).is_ok());
    }

    #[test]
    fn emails() {
        assert!(is_email("li.si@example.com.cn"));
        for bad in [
            "li",
            "li@",
            "@example.com",
            "li@example",
            "li si@example.com",
            "li@@example.com",
            "li@.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn contact_needs_a_phone_or_an_email_unless_anonymous() {
        let mut f = good();
        f.phone.clear();
        assert_eq!(fields(&f), ["phone"]);
        f.email = "lisi@example.com".into();
        assert!(validate_complaint(&f).is_ok());
        f.email = "not-an-address".into();
        assert_eq!(fields(&f), ["email"]);
    }

    #[test]
    fn an_anonymous_complaint_keeps_no_contact_at_all() {
        let mut f = good();
        f.anonymous = true;
        f.phone = "bad".into();
        let c = validate_complaint(&f).unwrap();
        assert_eq!(c.contact, None);
    }
    fn government_complaint<'a>() -> ComplaintTarget<'a> {
        ComplaintTarget {
            submission_kind: "complaint",
            target_kind: "government",
            target_name: "嘉峪关市 市场监督管理局",
            target_uscc: None,
            record_authority_id: None,
        }
    }

    #[test]
    fn a_complaint_is_never_assigned_to_the_department_it_accuses() {
        let market = Candidate {
            id: 1,
            name: "嘉峪关市市场监督管理局",
            uscc: "11620200MB1234567X",
        };
        let emergency = Candidate {
            id: 2,
            name: "嘉峪关市应急管理局",
            uscc: "11620200MB7654321Y",
        };
        let all = [market, emergency];
        // By name (spaces and width ignored) for a complaint about a body.
        let by_name = government_complaint();
        assert!(accuses(&by_name, &market) && !accuses(&by_name, &emergency));
        assert_eq!(eligible_assignees(&by_name, &all), vec![&emergency]);
        let why = assignment_refusal(&by_name, &market).unwrap();
        assert!(
            why.contains("嘉峪关市市场监督管理局") && why.contains("不得核查"),
            "{why}"
        );
        assert_eq!(assignment_refusal(&by_name, &emergency), None);
        // By the short forms people write, with or without the city.
        for short in ["市场监管局", "嘉峪关市市场监管局", "市 场 监 管 局"] {
            let t = ComplaintTarget {
                target_name: short,
                ..government_complaint()
            };
            assert!(accuses(&t, &market) && !accuses(&t, &emergency), "{short}");
        }
        for (short, full) in [
            ("住建局", "嘉峪关市住房和城乡建设局"),
            ("发改委", "嘉峪关市发展和改革委员会"),
            ("应急局", "甘肃省嘉峪关市应急管理局"),
        ] {
            assert!(names_department(short, full), "{short}");
        }
        // Too short, or another body that shares characters, is not a match.
        for (short, full) in [
            ("局", "嘉峪关市应急管理局"),
            ("管理局", "嘉峪关市应急管理局"),
            ("应急局", "嘉峪关市市场监督管理局"),
        ] {
            assert!(!names_department(short, full), "{short} {full}");
        }
        // By USCC, whatever name was typed.
        let by_code = ComplaintTarget {
            target_name: "市场局",
            target_uscc: Some("11620200mb1234567x"),
            ..government_complaint()
        };
        assert!(accuses(&by_code, &market));
        // By the record it concerns.
        let by_record = ComplaintTarget {
            target_kind: "enterprise",
            target_name: "某公司",
            record_authority_id: Some(2),
            ..government_complaint()
        };
        assert_eq!(eligible_assignees(&by_record, &all), vec![&market]);
        // An enterprise of the same name as a department is not the department.
        let enterprise = ComplaintTarget {
            target_kind: "enterprise",
            ..government_complaint()
        };
        assert_eq!(eligible_assignees(&enterprise, &all).len(), 2);
        // An objection is checked by the record's own authority on purpose.
        let objection = ComplaintTarget {
            submission_kind: "objection",
            record_authority_id: Some(1),
            ..government_complaint()
        };
        assert_eq!(eligible_assignees(&objection, &all).len(), 2);
    }
}
