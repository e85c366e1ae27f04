//! A credit pledge (信用承诺) made by an enterprise or a government department
//! to an authority. Received now, published once the back-office confirms it.

use super::applicant::{contact_fields, err, required_line, required_text, uscc_field, APPLICANT_NAME_MAX};
use super::field_error::FieldError;

pub const MATTER_MAX: usize = 200;

/// Who makes the pledge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PledgerKind {
    Enterprise,
    Government,
}

impl PledgerKind {
    pub const ALL: [PledgerKind; 2] = [PledgerKind::Enterprise, PledgerKind::Government];

    pub fn code(self) -> &'static str {
        match self {
            PledgerKind::Enterprise => "enterprise",
            PledgerKind::Government => "government",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PledgerKind::Enterprise => "企业",
            PledgerKind::Government => "政府部门",
        }
    }

    pub fn from_code(code: &str) -> Option<PledgerKind> {
        PledgerKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The enterprise pledge types (信用承诺 of market subjects), in form order.
pub const ENTERPRISE_PLEDGE_TYPES: [&str; 5] = ["审批替代型", "容缺受理型", "行业自律型", "信用修复型", "主动型"];

/// The government pledge types the municipal plans use (政务诚信: 服务承诺制,
/// 限时办结制, 一次性告知制; 服务质量承诺、期限承诺和保障承诺), in form order.
pub const GOVERNMENT_PLEDGE_TYPES: [&str; 5] = ["服务承诺", "期限承诺", "保障承诺", "限时办结", "一次性告知"];

/// Every pledge type the portal knows: enterprise types, then government types.
pub const PLEDGE_TYPES: [&str; 10] = [
    "审批替代型",
    "容缺受理型",
    "行业自律型",
    "信用修复型",
    "主动型",
    "服务承诺",
    "期限承诺",
    "保障承诺",
    "限时办结",
    "一次性告知",
];

/// Types whose promise is a time limit: the form requires their due date.
pub const DUE_DATE_REQUIRED: [&str; 2] = ["期限承诺", "限时办结"];

/// The types the public form offers to a pledger of `kind`: a department
/// makes government pledges, an enterprise credit pledges.
pub fn pledge_types_for(kind: PledgerKind) -> &'static [&'static str] {
    match kind {
        PledgerKind::Enterprise => &ENTERPRISE_PLEDGE_TYPES,
        PledgerKind::Government => &GOVERNMENT_PLEDGE_TYPES,
    }
}

/// Whether `pledge_type` is a government pledge type.
pub fn is_government_type(pledge_type: &str) -> bool {
    GOVERNMENT_PLEDGE_TYPES.contains(&pledge_type)
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PledgeForm {
    pub pledger_name: String,
    pub pledger_kind: String,
    pub pledger_uscc: String,
    pub pledge_type: String,
    pub matter: String,
    pub content: String,
    /// 承诺履行期限, as typed (YYYY-MM-DD or YYYY/MM/DD); may be empty.
    pub due_date: String,
    pub authority_id: String,
    pub contact_name: String,
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pledge {
    pub pledger_name: String,
    pub pledger_kind: PledgerKind,
    pub pledger_uscc: String,
    pub pledge_type: &'static str,
    pub matter: String,
    pub content: String,
    pub due_date: Option<chrono::NaiveDate>,
    pub authority_id: i64,
    pub contact_name: String,
    pub phone: String,
}

/// `authorities`: the ids of the departments the form offers; `today` bounds the due date.
pub fn validate_pledge(
    form: &PledgeForm,
    authorities: &[i64],
    today: chrono::NaiveDate,
) -> Result<Pledge, Vec<FieldError>> {
    let mut errors = Vec::new();
    let pledger_name = required_line(
        "pledger_name",
        &form.pledger_name,
        APPLICANT_NAME_MAX,
        "承诺主体名称",
        &mut errors,
    );
    let pledger_kind = PledgerKind::from_code(form.pledger_kind.trim());
    if pledger_kind.is_none() {
        errors.push(err("pledger_kind", "请选择承诺主体类型"));
    }
    let uscc = uscc_field("pledger_uscc", &form.pledger_uscc, true, &mut errors);
    let chosen = form.pledge_type.trim();
    let pledge_type = match pledger_kind {
        Some(kind) => {
            let offered = pledge_types_for(kind);
            let found = offered.iter().copied().find(|t| *t == chosen);
            if found.is_none() && PLEDGE_TYPES.contains(&chosen) {
                errors.push(err(
                    "pledge_type",
                    format!("{}可选的承诺类型：{}", kind.label(), offered.join("、")),
                ));
            } else if found.is_none() {
                errors.push(err("pledge_type", "请选择承诺类型"));
            }
            found
        }
        None => {
            let found = PLEDGE_TYPES.into_iter().find(|t| *t == chosen);
            if found.is_none() {
                errors.push(err("pledge_type", "请选择承诺类型"));
            }
            found
        }
    };
    let matter = required_line("matter", &form.matter, MATTER_MAX, "承诺事项", &mut errors);
    let content = required_text("content", &form.content, "承诺内容", &mut errors);
    let due_date = match form.due_date.trim() {
        "" => {
            if pledge_type.is_some_and(|t| DUE_DATE_REQUIRED.contains(&t)) {
                errors.push(err("due_date", "期限承诺和限时办结须填写承诺履行期限"));
            }
            None
        }
        raw => match super::dates::parse_national_date(raw) {
            Ok(d) if d < today => {
                errors.push(err("due_date", "承诺履行期限不能早于今天"));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(err("due_date", format!("承诺履行期限：{e}")));
                None
            }
        },
    };
    let authority = form
        .authority_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| authorities.contains(id));
    if authority.is_none() {
        errors.push(err("authority_id", "请选择承诺接收部门"));
    }
    let (contact_name, phone) = contact_fields(&form.contact_name, &form.phone, &mut errors);
    match (pledger_kind, uscc, pledge_type, authority) {
        (Some(pledger_kind), Some(pledger_uscc), Some(pledge_type), Some(authority_id)) if errors.is_empty() => {
            Ok(Pledge {
                pledger_name,
                pledger_kind,
                pledger_uscc,
                pledge_type,
                matter,
                content,
                due_date,
                authority_id,
                contact_name,
                phone,
            })
        }
        _ => Err(errors),
    }
}

/// A pledge the receiving department has confirmed, as the facts of the public
/// pledge record it becomes.
#[derive(Clone, Debug)]
pub struct ConfirmedPledge<'a> {
    /// The tracking number doubles as the pledge's document number (承诺书编号).
    pub tracking_number: &'a str,
    pub pledger_kind: PledgerKind,
    pub pledger_name: &'a str,
    pub pledger_uscc: &'a str,
    pub pledge_type: &'a str,
    pub matter: &'a str,
    pub content: &'a str,
    pub pledged_on: chrono::NaiveDate,
    pub due_date: Option<chrono::NaiveDate>,
    pub authority_name: &'a str,
    pub authority_uscc: &'a str,
}

/// The national pledge columns of a confirmed pledge, so it goes through the
/// same validation as an imported one (`record_validation::validate_row`).
pub fn confirmed_pledge_cells(p: &ConfirmedPledge) -> super::record_validation::RowCells {
    use super::kinds::SubjectKind;
    use super::national_columns as col;
    let subject_kind = match p.pledger_kind {
        PledgerKind::Enterprise => SubjectKind::Organisation,
        PledgerKind::Government => SubjectKind::GovernmentBody,
    };
    [
        (col::SUBJECT_NAME, p.pledger_name.to_string()),
        (col::SUBJECT_KIND, subject_kind.label().to_string()),
        (col::USCC, p.pledger_uscc.to_string()),
        (col::PLEDGE_DOC_NO, p.tracking_number.to_string()),
        (col::PLEDGE_TYPE, p.pledge_type.to_string()),
        (col::PLEDGE_MATTER, p.matter.to_string()),
        (col::PLEDGE_CONTENT, p.content.to_string()),
        (col::PLEDGE_DATE, super::dates::format_date(p.pledged_on)),
        (col::PLEDGE_AUTHORITY, p.authority_name.to_string()),
        (col::PLEDGE_AUTHORITY_USCC, p.authority_uscc.to_string()),
        (col::PLEDGE_STATUS, "履约中".to_string()),
        (col::SOURCE, p.authority_name.to_string()),
        (col::SOURCE_USCC, p.authority_uscc.to_string()),
    ]
    .into_iter()
    .chain(p.due_date.map(|d| (col::PLEDGE_DUE, super::dates::format_date(d))))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> PledgeForm {
        PledgeForm {
            pledger_name: "嘉峪关市雄关建设有限公司".into(),
            pledger_kind: "enterprise".into(),
            pledger_uscc: "91320322mablp2x24r".into(),
            pledge_type: "容缺受理型".into(),
            matter: "建筑工程施工许可容缺受理".into(),
            content: "承诺在 30 日内补齐施工图审查合格书，逾期未补愿撤销许可。".into(),
            due_date: String::new(),
            authority_id: "3".into(),
            contact_name: "王建国".into(),
            phone: "13812345678".into(),
        }
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn fields(f: &PledgeForm) -> Vec<&'static str> {
        validate_pledge(f, &[3, 4], today())
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_good_pledge() {
        let p = validate_pledge(&good(), &[3, 4], today()).unwrap();
        assert_eq!(p.pledger_uscc, "91320322MABLP2X24R");
        assert_eq!(p.authority_id, 3);
        assert_eq!(p.pledger_kind, PledgerKind::Enterprise);
    }

    #[test]
    fn empty_form_in_order() {
        assert_eq!(
            fields(&PledgeForm::default()),
            [
                "pledger_name",
                "pledger_kind",
                "pledger_uscc",
                "pledge_type",
                "matter",
                "content",
                "authority_id",
                "contact_name",
                "phone"
            ]
        );
    }

    #[test]
    fn unknown_authority_long_matter_bad_uscc() {
        let mut f = good();
        f.authority_id = "99".into();
        f.matter = "字".repeat(MATTER_MAX + 1);
        f.pledger_uscc = "91320322MABLP2X24A".into();
        assert_eq!(fields(&f), ["pledger_uscc", "matter", "authority_id"]);
        f = good();
        f.matter = "字".repeat(MATTER_MAX);
        assert!(validate_pledge(&f, &[3], today()).is_ok());
    }

    #[test]
    fn each_pledger_kind_has_its_types() {
        let mut f = good();
        f.pledge_type = "限时办结".into();
        let e = validate_pledge(&f, &[3], today()).unwrap_err();
        assert_eq!(e[0].field, "pledge_type");
        assert!(e[0].message.contains("企业可选的承诺类型"), "{e:?}");
        f.pledger_kind = "government".into();
        f.pledger_name = "嘉峪关市市场监督管理局".into();
        f.pledger_uscc = "11620200013900001M".into();
        // 限时办结 promises a time limit: its due date is required.
        assert_eq!(fields(&f), ["due_date"]);
        f.due_date = "2026-12-04".into();
        let p = validate_pledge(&f, &[3], today()).unwrap();
        assert_eq!(p.due_date, chrono::NaiveDate::from_ymd_opt(2026, 12, 4));
        assert_eq!(p.pledge_type, "限时办结");
        f.pledge_type = "容缺受理型".into();
        assert_eq!(fields(&f), ["pledge_type"]);
        for t in GOVERNMENT_PLEDGE_TYPES {
            assert!(is_government_type(t) && PLEDGE_TYPES.contains(&t));
        }
        assert_eq!(pledge_types_for(PledgerKind::Enterprise), &ENTERPRISE_PLEDGE_TYPES);
    }

    #[test]
    fn the_due_date_is_a_real_day_not_past() {
        let mut f = good();
        f.due_date = "2026-02-30".into();
        assert_eq!(fields(&f), ["due_date"]);
        f.due_date = "2026-11-26".into();
        assert_eq!(fields(&f), ["due_date"]);
        f.due_date = "2026/11/27".into();
        assert!(validate_pledge(&f, &[3], today()).is_ok());
    }

    #[test]
    fn a_confirmed_pledge_carries_its_due_date() {
        let cells = confirmed_pledge_cells(&ConfirmedPledge {
            tracking_number: "CN202611270001",
            pledger_kind: PledgerKind::Government,
            pledger_name: "嘉峪关市市场监督管理局",
            pledger_uscc: "11620200013900001M",
            pledge_type: "限时办结",
            matter: "食品经营许可",
            content: "5个工作日内办结",
            pledged_on: today(),
            due_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 4),
            authority_name: "嘉峪关市市场监督管理局",
            authority_uscc: "11620200013900001M",
        });
        assert_eq!(cells[super::super::national_columns::PLEDGE_DUE], "2026-12-04");
    }
}
