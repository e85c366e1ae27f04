//! A credit repair application (信用修复) for one penalty or government
//! integrity record: allowed only from the end of the minimum publicity period
//! (and, for an integrity record, once its remedies are done:
//! `integrity_remedy::integrity_repair`), and only with the repair pledge.

use chrono::NaiveDate;

use super::applicant::{err, required_text, validate_applicant, Applicant, ApplicantForm};
use super::dates::format_date;
use super::field_error::FieldError;

/// Working days within which an application is reviewed (DOMAIN).
pub const REVIEW_WORKING_DAYS: u32 = 10;

/// The repair pledge (信用修复承诺书) the applicant must agree to.
pub const REPAIR_PLEDGE_TEXT: &str = "本单位（本人）郑重承诺：已按照行政处罚决定或整改要求履行了相关义务，纠正了失信行为、消除了不良影响；所提交的信用修复申请材料真实、准确、完整；修复后将严格遵守法律法规，诚信经营。如有虚假或违反承诺，愿意承担相应法律责任，并同意将违反承诺的情况记入信用记录、依法公示。";

/// What an application to end a record's publicity early is for. Both kinds
/// take the same fields — applicant, what was corrected, proof, the pledge —
/// and are reviewed within 10 working days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RepairPurpose {
    /// 信用修复: a penalty after its minimum publicity period.
    #[default]
    CreditRepair,
    /// 移出申请: a black-list entry in the last working days of its term (seed 5).
    ListRemoval,
}

impl RepairPurpose {
    pub fn title(self) -> &'static str {
        match self {
            RepairPurpose::CreditRepair => "信用修复申请",
            RepairPurpose::ListRemoval => "移出黑名单申请",
        }
    }

    pub fn intro(self) -> &'static str {
        match self {
            RepairPurpose::CreditRepair => "行政处罚信息最短公示期满后，或政务失信记录责令的书面说明、限期整改完成且最短公示期满后，当事人已纠正失信行为的，可以申请信用修复。我们在 10 个工作日内完成审核，修复后该信息停止公示。",
            RepairPurpose::ListRemoval => "列入黑名单的主体，可以在管理期限届满前 30 个工作日内申请移出。我们在 10 个工作日内完成审核，准予移出的，该名单信息停止公示。",
        }
    }

    /// The last segment of the form's path, `/records/{id}/…`.
    pub fn path(self) -> &'static str {
        match self {
            RepairPurpose::CreditRepair => "repair",
            RepairPurpose::ListRemoval => "removal",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepairForm {
    pub applicant: ApplicantForm,
    pub description: String,
    pub pledge: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepairApplication {
    pub applicant: Applicant,
    pub description: String,
}

/// Whether repair may be applied for today; otherwise the sentence saying from when.
pub fn repair_refusal(today: NaiveDate, repair_from: NaiveDate) -> Option<String> {
    (today < repair_from).then(|| {
        format!(
            "本处罚信息的最短公示期尚未届满，自 {} 起方可申请信用修复。",
            format_date(repair_from)
        )
    })
}

pub fn validate_repair(form: &RepairForm, natural_person: bool) -> Result<RepairApplication, Vec<FieldError>> {
    let mut errors = Vec::new();
    let applicant = validate_applicant(&form.applicant, !natural_person, &mut errors);
    let description = required_text("description", &form.description, "整改情况说明", &mut errors);
    if !form.pledge {
        errors.push(err("pledge", "请阅读并勾选同意信用修复承诺书"));
    }
    if errors.is_empty() {
        Ok(RepairApplication { applicant, description })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn good() -> RepairForm {
        RepairForm {
            applicant: ApplicantForm {
                applicant_name: "张三".into(),
                applicant_uscc: String::new(),
                contact_name: "张三".into(),
                phone: "13812345678".into(),
            },
            description: "已缴清罚款并完成整改，整改报告已报送处罚机关。".into(),
            pledge: true,
        }
    }

    #[test]
    fn repair_opens_on_the_day_the_minimum_period_ends() {
        let from = d(2027, 1, 9);
        let msg = repair_refusal(d(2026, 11, 27), from).unwrap();
        assert!(msg.contains("2027-01-09"), "{msg}");
        assert_eq!(repair_refusal(from, from), None);
        assert_eq!(repair_refusal(d(2027, 2, 1), from), None);
    }

    #[test]
    fn the_pledge_is_required() {
        assert!(validate_repair(&good(), true).is_ok());
        let mut f = good();
        f.pledge = false;
        let e = validate_repair(&f, true).unwrap_err();
        assert_eq!(e[0].field, "pledge");
        // An organisation needs its USCC.
        let e = validate_repair(&good(), false).unwrap_err();
        assert_eq!(e[0].field, "applicant_uscc");
    }
}
