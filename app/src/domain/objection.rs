//! An objection (异议申诉) to one published record: the form's raw text in,
//! the cleaned objection or every problem in form order out.

use super::applicant::{err, required_text, validate_applicant, Applicant, ApplicantForm};
use super::field_error::FieldError;

/// The grounds of DOMAIN.md, in the order the form lists them.
pub const GROUNDS: [&str; 6] = [
    "信息错误",
    "遗漏",
    "重复公示",
    "不应公示",
    "超期公示",
    "与认定机关决定不一致",
];

/// Working days within which an objection is accepted or refused (DOMAIN).
pub const ACCEPTANCE_WORKING_DAYS: u32 = 2;

/// Statuses under which the record shows "异议处理中".
pub const OPEN_STATUSES: [&str; 2] = ["accepted", "in_review"];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectionForm {
    pub applicant: ApplicantForm,
    pub ground: String,
    pub explanation: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Objection {
    pub applicant: Applicant,
    pub ground: &'static str,
    pub explanation: String,
}

/// `natural_person`: the record's subject is a natural person (no USCC required).
pub fn validate_objection(form: &ObjectionForm, natural_person: bool) -> Result<Objection, Vec<FieldError>> {
    let mut errors = Vec::new();
    let applicant = validate_applicant(&form.applicant, !natural_person, &mut errors);
    let ground = GROUNDS.into_iter().find(|g| *g == form.ground.trim());
    if ground.is_none() {
        errors.push(err("ground", "请选择异议理由"));
    }
    let explanation = required_text("explanation", &form.explanation, "异议说明", &mut errors);
    match ground {
        Some(ground) if errors.is_empty() => Ok(Objection {
            applicant,
            ground,
            explanation,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ObjectionForm {
        ObjectionForm {
            applicant: ApplicantForm {
                applicant_name: "嘉峪关市镜铁食品有限公司".into(),
                applicant_uscc: "913101151324074865".into(),
                contact_name: "王五".into(),
                phone: "13812345678".into(),
            },
            ground: "信息错误".into(),
            explanation: "罚款金额与处罚决定书不一致，决定书为 1 万元。".into(),
        }
    }

    fn fields(f: &ObjectionForm, natural: bool) -> Vec<&'static str> {
        validate_objection(f, natural)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_good_objection() {
        let o = validate_objection(&good(), false).unwrap();
        assert_eq!(o.ground, "信息错误");
        assert_eq!(o.applicant.uscc.as_deref(), Some("913101151324074865"));
    }

    #[test]
    fn empty_form_in_order() {
        assert_eq!(
            fields(&ObjectionForm::default(), false),
            [
                "applicant_name",
                "applicant_uscc",
                "contact_name",
                "phone",
                "ground",
                "explanation"
            ]
        );
        assert_eq!(
            fields(&ObjectionForm::default(), true),
            ["applicant_name", "contact_name", "phone", "ground", "explanation"]
        );
    }

    #[test]
    fn unknown_ground_and_short_explanation() {
        let mut f = good();
        f.ground = "看不惯".into();
        f.explanation = "不对".into();
        assert_eq!(fields(&f, false), ["ground", "explanation"]);
        for g in GROUNDS {
            f = good();
            f.ground = g.into();
            assert!(validate_objection(&f, false).is_ok());
        }
    }
}
